import { useT } from '../../i18n/use-t';
import { CardIcon } from '../../ui/icons';
import { Screen } from '../../ui/screen';
import { formatAmount } from './amount';
import type { CardStep, Payable } from './payment-journey';
import { canCancelPayment } from './payment-journey';
import { stageTexts } from './payment-texts';

/** Props of the card screen. */
export interface PayCardScreenProps {
  payable: Payable;
  step: CardStep;
  onCancel: () => void;
}

/**
 * The payment under way, mirroring the terminal: present the card, enter the PIN, wait for the
 * bank, take the card, take the receipt. «Отмена» while the terminal still takes an abort (it is
 * reached, waits for the card or the PIN); once pressed, «Отменяем оплату…» at once, until the end. No «На главную» and no «Назад»: the visitor must not walk away
 * from a payment in progress, and the main side holds the session meanwhile (`VisitorSession.hold`).
 */
export function PayCardScreen({ payable, step, onCancel }: PayCardScreenProps) {
  // Until `payments.start` answers, the terminal is being reached: shown as its first stage.
  const t = useT();
  const stage = step.phase === 'running' ? step.stage : 'connecting';
  const texts = stageTexts(stage, t);
  const terminalText = step.phase === 'running' ? step.text : null;
  const cancel = step.phase === 'running' ? step.cancel : 'none';
  const beforeCard = stage === 'connecting' || stage === 'present_card';
  return (
    <Screen testId="screen-pay-card" title={t('pay.card.title')} onHome={undefined} variant="centered">
      <div className="notice pay-card">
        <p className="pay-card-amount" data-testid="pay-card-amount">
          {t('pay.toPayAmount', { amount: formatAmount(payable.amountMinor) })}
        </p>
        <span className={`pay-card-icon pay-card-icon-${stage}`} aria-hidden="true">
          <CardIcon />
        </span>
        <p className="pay-stage" data-testid="pay-stage" data-stage={stage} aria-live="assertive">
          {texts.lead}
        </p>
        <p className="pay-stage-hint">{texts.hint}</p>
        {terminalText !== null && (
          <p className="quiet" data-testid="pay-terminal-text" data-i18n-data>
            {terminalText}
          </p>
        )}
        {canCancelPayment(step) && (
          <button
            type="button"
            className="button button-secondary button-large"
            data-testid="pay-card-cancel"
            onClick={onCancel}
          >
            {t('common.cancel')}
          </button>
        )}
        {cancel === 'asked' && (
          <p className="quiet" data-testid="pay-cancelling" role="status">
            {t('pay.cancelling')}
          </p>
        )}
        {cancel === 'refused' && (beforeCard || stage === 'enter_pin') && (
          <p className="field-problem" data-testid="pay-cancel-refused" role="status">
            {t('pay.cancelOnTerminal')}
          </p>
        )}
        <p className="pay-stay">{t('pay.stayHere')}</p>
      </div>
    </Screen>
  );
}
