import type { SecondFactorKind } from '../../../../kiosk-config/src/index';
import { useT } from '../../i18n/use-t';
import { DigitPad, ToggleButton } from '../../ui/keypad';
import type { KeypadPress } from '../../ui/keypad-press';
import { Screen } from '../../ui/screen';
import { formatDateDraft, formatPhoneDraft, isCompleteButInvalid, SECOND_FACTOR_DIGITS } from './second-factor-input';
import type { StatusScreen } from './status-journey';
import { secondFactorLabel, secondFactorQuestion } from './status-texts';

/** Props of the second-factor screen. */
export interface SecondFactorScreenProps {
  screen: Extract<StatusScreen, { name: 'second-factor' }>;
  /** Today in the office, `YYYY-MM-DD`: a filing date cannot be later. */
  today: string;
  /** Whether the typed value makes a second factor that can be sent. */
  ready: boolean;
  onKind: (kind: SecondFactorKind) => void;
  onKey: (press: KeypadPress) => void;
  onSubmit: () => void;
  onBack: () => void;
  onHome: () => void;
}

/**
 * The hub asks for a second factor: the date of filing on a big date keypad (DD.MM.YYYY, the
 * dots are already there) or the last four digits of the phone, whichever the region accepts.
 */
export function SecondFactorScreen(props: SecondFactorScreenProps) {
  const t = useT();
  const { screen, today, ready, onKey } = props;
  const { kind, digits } = screen;
  const invalid = isCompleteButInvalid(kind, digits, today);
  return (
    <Screen
      testId="screen-second-factor"
      title={t('status.factor.title')}
      onBack={props.onBack}
      onHome={props.onHome}
      className="screen-second-factor"
    >
      <div className="factor-layout">
        {/* In portrait the side's children and the pad stack in one column (display: contents,
            `order` puts «Проверить» under the pad); in landscape the pad stands beside them. */}
        <div className="factor-side">
          {screen.accepted.length > 1 && (
            <fieldset className="keypad-modes" aria-label={t('status.factor.choose')}>
              {screen.accepted.map((option) => (
                <ToggleButton
                  key={option}
                  testId={`second-factor-kind-${option}`}
                  pressed={kind === option}
                  onPress={() => props.onKind(option)}
                >
                  {secondFactorLabel(option, t)}
                </ToggleButton>
              ))}
            </fieldset>
          )}
          <p className="screen-lead factor-question">{secondFactorQuestion(kind, t)}</p>
          <output
            className={`factor-display ${digits.length === SECOND_FACTOR_DIGITS[kind] ? 'factor-display-full' : ''}`}
            data-testid="second-factor-display"
            data-i18n-data
            aria-live="polite"
          >
            {kind === 'filing_date' ? formatDateDraft(digits, t('status.factor.dateMask')) : formatPhoneDraft(digits)}
          </output>
          <p className="field-problem" data-testid="second-factor-invalid" hidden={!invalid} role="status">
            {t('status.factor.invalidDate')}
          </p>
          <button
            type="button"
            className="button button-primary button-large factor-submit"
            data-testid="second-factor-submit"
            disabled={!ready}
            onClick={props.onSubmit}
          >
            {t('status.factor.check')}
          </button>
        </div>
        <DigitPad onPress={onKey} className="factor-pad" />
      </div>
    </Screen>
  );
}
