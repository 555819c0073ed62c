import { ReceiptPicture, SearchIcon } from '../../ui/icons';
import { BackspaceKey, ClearKey, KeyGrid, ToggleButton } from '../../ui/keypad';
import type { KeypadPress } from '../../ui/keypad-press';
import { LetterLayoutSwitch, LetterPad } from '../../ui/letter-pad';
import { Screen } from '../../ui/screen';
import { canSearchNumber, DIGIT_PAD_KEYS, type KeypadMode, numberDisplaySize } from './number-input';
import type { StatusEntryState } from './status-journey';
import { receiptHint, scanRejectedMessage } from './status-texts';

/** Props of the number entry screen. */
export interface StatusEntryScreenProps {
  screen: StatusEntryState;
  onKey: (press: KeypadPress) => void;
  onMode: (mode: KeypadMode) => void;
  onSearch: () => void;
  onHome: () => void;
}

const modes: { mode: KeypadMode; label: string }[] = [
  { mode: 'cyrillic', label: 'Русские буквы' },
  { mode: 'latin', label: 'Латинские буквы' },
  { mode: 'digits', label: 'Только цифры' },
];

/**
 * «Узнать статус заявления»: the number typed on the big keypad (digits always shown, the
 * letters pad switchable) or scanned from the receipt at any moment (the journey listens).
 */
export function StatusEntryScreen({ screen, onKey, onMode, onSearch, onHome }: StatusEntryScreenProps) {
  const { draft, mode } = screen;
  const searchable = canSearchNumber(draft);
  return (
    <Screen testId="screen-status" title="Узнать статус заявления" onHome={onHome} className="screen-status-entry">
      <div className={`status-entry status-entry-${mode}`}>
        {/* Two groups: in portrait their children interleave (display: contents); in landscape
            they are the two columns, the number on the left and the keys on the right. */}
        <div className="entry-side">
          <div className="receipt-hint">
            <ReceiptPicture />
            <p>{receiptHint}</p>
          </div>

          <output
            className={`number-display number-display-${numberDisplaySize(draft)} ${draft === '' ? 'number-display-empty' : ''}`}
            data-testid="status-number-display"
            data-placeholder="Наберите номер"
            aria-label="Набранный номер"
            aria-live="polite"
          >
            {draft !== '' && <span className="number-text">{draft}</span>}
          </output>

          {screen.scanRejected && (
            <p className="field-problem entry-notice" data-testid="status-scan-rejected" role="status">
              {scanRejectedMessage}
            </p>
          )}

          <div className="entry-search">
            <button
              type="button"
              className="button button-primary button-large"
              data-testid="status-search"
              disabled={!searchable}
              onClick={onSearch}
            >
              <SearchIcon />
              <span>Найти</span>
            </button>
            {!searchable && draft !== '' && <p className="quiet">Наберите номер полностью, как на расписке.</p>}
          </div>
        </div>

        <div className="entry-keys">
          <fieldset className="keypad-modes" aria-label="Какие клавиши показать">
            {modes.map((item) => (
              <ToggleButton
                key={item.mode}
                testId={`keypad-mode-${item.mode}`}
                pressed={mode === item.mode}
                onPress={() => onMode(item.mode)}
              >
                {item.label}
              </ToggleButton>
            ))}
          </fieldset>

          <div className="keypad">
            <div className="keypad-left">
              <KeyGrid keys={DIGIT_PAD_KEYS} onPress={onKey} className="digit-pad" label="Цифры" />
              <div className="edit-keys">
                <BackspaceKey onPress={onKey} />
                <ClearKey onPress={onKey} />
              </div>
            </div>
            {mode !== 'digits' && (
              <div className="letter-keys">
                <LetterPad script={mode} onPress={onKey} />
                <LetterLayoutSwitch script={mode} />
              </div>
            )}
          </div>
        </div>
      </div>
    </Screen>
  );
}
