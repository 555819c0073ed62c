import { useT } from '../../i18n/use-t';
import { ChoiceButton } from '../../ui/choice-button';
import { CardIcon, ListIcon } from '../../ui/icons';
import { Screen } from '../../ui/screen';
import { WaitingNotice } from '../../ui/waiting-screen';
import type { FeesLoad } from './payment-journey';
import { payChoice } from './payment-texts';

/** Props of the payment's first screen. */
export interface PayChoiceScreenProps {
  fees: FeesLoad;
  onList: () => void;
  onUin: () => void;
  /** Asks `payments.fees` again after it failed. */
  onRetry: () => void;
  onHome: () => void;
}

/**
 * «Оплатить госпошлину»: a fee from the list, or a bill by its УИН. While the card terminal cannot
 * take a payment it says so calmly, and where else to pay, instead of offering what would fail.
 */
export function PayChoiceScreen({ fees, onList, onUin, onRetry, onHome }: PayChoiceScreenProps) {
  const t = useT();
  return (
    <Screen testId="screen-pay" title={t('pay.choice.title')} onHome={onHome} variant="centered">
      <PayChoiceBody fees={fees} onList={onList} onUin={onUin} onRetry={onRetry} />
    </Screen>
  );
}

function PayChoiceBody({ fees, onList, onUin, onRetry }: Omit<PayChoiceScreenProps, 'onHome'>) {
  const t = useT();
  if (fees.status === 'loading') {
    return <WaitingNotice lead={t('pay.checkingTerminal')} />;
  }
  if (fees.status === 'failed' || !fees.terminalReady) {
    return (
      <div className="notice">
        <p className="notice-lead" data-testid="pay-terminal-unavailable" role="status">
          {t('pay.terminalUnavailable')}
        </p>
        {/* No answer at all may be a passing hiccup; a terminal that said «not ready» is not asked again here. */}
        {fees.status === 'failed' && (
          <button
            type="button"
            className="button button-secondary button-large"
            data-testid="pay-fees-retry"
            onClick={onRetry}
          >
            {t('common.retry')}
          </button>
        )}
      </div>
    );
  }
  return (
    <div className="pay-choice">
      <p className="screen-lead">{t('pay.cardOnly')}</p>
      <div className="pay-choice-actions">
        {fees.fees.length > 0 && (
          <ChoiceButton
            testId="pay-choose-list"
            icon={<ListIcon />}
            label={payChoice(t).list.label}
            hint={payChoice(t).list.hint}
            onPress={onList}
          />
        )}
        <ChoiceButton
          testId="pay-choose-uin"
          icon={<CardIcon />}
          label={payChoice(t).uin.label}
          hint={payChoice(t).uin.hint}
          onPress={onUin}
        />
      </div>
    </div>
  );
}
