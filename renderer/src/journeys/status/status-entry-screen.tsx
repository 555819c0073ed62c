import type { MessageKey } from '../../i18n/catalog';
import { useT } from '../../i18n/use-t';
import { ReceiptPicture, SearchIcon } from '../../ui/icons';
import { BackspaceKey, ClearKey, KeyGrid, ToggleButton } from '../../ui/keypad';
import type { KeypadPress } from '../../ui/keypad-press';
import { LetterLayoutSwitch, LetterPad } from '../../ui/letter-pad';
import { Screen } from '../../ui/screen';
import { canSearchNumber, DIGIT_PAD_KEYS, type KeypadMode, numberDisplaySize } from './number-input';
import type { StatusEntryState } from './status-journey';

/** Props of the number entry screen. */
export interface StatusEntryScreenProps {
  screen: StatusEntryState;
  onKey: (press: KeypadPress) => void;
  onMode: (mode: KeypadMode) => void;
  onSearch: () => void;
  onHome: () => void;
}

const modes: { mode: KeypadMode; label: MessageKey }[] = [
  { mode: 'cyrillic', label: 'typing.cyrillic' },
  { mode: 'latin', label: 'typing.latin' },
  { mode: 'digits', label: 'status.entry.digitsOnly' },
];

/**
 * «Узнать статус заявления»: the number typed on the big keypad (digits always shown, the
 * letters pad switchable) or scanned from the receipt at any moment (the journey listens).
 * «Найти» is the screen's pinned answer: in view however far the keys reach below.
 */
export function StatusEntryScreen({ screen, onKey, onMode, onSearch, onHome }: StatusEntryScreenProps) {
  const t = useT();
  const { draft, mode } = screen;
  const searchable = canSearchNumber(draft);
  const search = (
    <button
      type="button"
      className="button button-primary button-large entry-search"
      data-testid="status-search"
      disabled={!searchable}
      onClick={onSearch}
    >
      <SearchIcon />
      <span>{t('status.entry.find')}</span>
    </button>
  );
  return (
    <Screen
      testId="screen-status"
      title={t('status.entry.title')}
      onHome={onHome}
      className="screen-status-entry"
      actions={search}
    >
      <div className={`status-entry status-entry-${mode}`}>
        {/* Two groups: in portrait their children interleave (display: contents); in landscape
            they are the two columns, the number on the left and the keys on the right. */}
        <div className="entry-side">
          <div className="receipt-hint">
            <ReceiptPicture />
            <p>{t('status.receiptHint')}</p>
          </div>

          <output
            className={`number-display number-display-${numberDisplaySize(draft)} ${draft === '' ? 'number-display-empty' : ''}`}
            data-testid="status-number-display"
            data-placeholder={t('status.entry.placeholder')}
            aria-label={t('status.entry.typed')}
            aria-live="polite"
          >
            {draft !== '' && <span className="number-text">{draft}</span>}
          </output>

          {/* Under the number it is about, in the body: in the pinned row it would take the keys' height. */}
          {!searchable && draft !== '' && <p className="quiet entry-incomplete">{t('status.entry.incomplete')}</p>}

          {screen.scanRejected && (
            <p className="field-problem entry-notice" data-testid="status-scan-rejected" role="status">
              {t('status.scanRejected')}
            </p>
          )}
        </div>

        <div className="entry-keys">
          <fieldset className="keypad-modes" aria-label={t('status.entry.modes')}>
            {modes.map((item) => (
              <ToggleButton
                key={item.mode}
                testId={`keypad-mode-${item.mode}`}
                pressed={mode === item.mode}
                onPress={() => onMode(item.mode)}
              >
                {t(item.label)}
              </ToggleButton>
            ))}
          </fieldset>

          <div className="keypad">
            <div className="keypad-left">
              <KeyGrid keys={DIGIT_PAD_KEYS} onPress={onKey} className="digit-pad" label={t('common.digits')} />
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
