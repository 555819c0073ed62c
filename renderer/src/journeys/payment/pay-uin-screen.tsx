import { useT } from '../../i18n/use-t';
import { SearchIcon } from '../../ui/icons';
import { DigitPad } from '../../ui/keypad';
import type { KeypadPress } from '../../ui/keypad-press';
import { Screen } from '../../ui/screen';
import type { PayScreen } from './payment-journey';
import { uinCountLine, uinProblemMessage } from './payment-texts';
import { formatUin, isUinComplete } from './uin-input';

/** Props of the УИН keypad. */
export interface PayUinScreenProps {
  screen: PayScreen & { name: 'pay-uin' };
  onKey: (press: KeypadPress) => void;
  onSubmit: () => void;
  onBack: () => void;
  onHome: () => void;
}

/**
 * «У меня есть квитанция с УИН»: the 20 or 25 digits typed on a big digit pad, shown in groups
 * of five to compare with the bill, or the bill's QR code held to the scanner at any moment
 * (the journey listens while this screen shows).
 */
export function PayUinScreen({ screen, onKey, onSubmit, onBack, onHome }: PayUinScreenProps) {
  const t = useT();
  const { digits, problem } = screen;
  const complete = isUinComplete(digits);
  return (
    <Screen
      testId="screen-pay-uin"
      title={t('pay.uin.title')}
      onBack={onBack}
      onHome={onHome}
      className="screen-pay-uin"
    >
      <div className="factor-layout pay-uin-layout">
        {/* As on the booking screen: one column in portrait, the pad beside in landscape. */}
        <div className="factor-side">
          <p className="screen-lead factor-question">{t('pay.uinHint')}</p>
          <output
            className={`uin-display ${digits === '' ? 'uin-display-empty' : ''}`}
            data-testid="uin-display"
            data-placeholder={t('pay.uin.placeholder')}
            aria-label={t('pay.uin.typed')}
            aria-live="polite"
          >
            {formatUin(digits)}
          </output>
          {problem !== null && (
            <p className="field-problem" data-testid="uin-invalid" role="status">
              {uinProblemMessage(problem, t)}
            </p>
          )}
          {digits !== '' && !complete && <p className="quiet">{uinCountLine(digits.length, t)}</p>}
          <button
            type="button"
            className="button button-primary button-large factor-submit"
            data-testid="uin-submit"
            disabled={!complete}
            onClick={onSubmit}
          >
            <SearchIcon />
            <span>{t('pay.uin.find')}</span>
          </button>
        </div>
        <DigitPad onPress={onKey} className="factor-pad" />
      </div>
    </Screen>
  );
}
