import { useT } from '../../i18n/use-t';
import { CardIcon } from '../../ui/icons';
import { Screen } from '../../ui/screen';
import { amountWithUnits, formatAmount } from './amount';
import type { Payable } from './payment-journey';
import { formatUin } from './uin-input';

/** Props of the payment's confirmation. */
export interface PayConfirmScreenProps {
  payable: Payable;
  onConfirm: () => void;
  /** «Отмена»: back to where the fee was chosen (the list, or the УИН keypad). */
  onCancel: () => void;
  onHome: () => void;
}

/**
 * Asks once before the terminal is woken: the amount very large and unambiguous (with kopecks,
 * and again in words), what it pays for, to whom, and the УИН when there is one. «Отмена» sits
 * beside «Оплатить картой» as the other answer to the question, both pinned in view.
 */
export function PayConfirmScreen({ payable, onConfirm, onCancel, onHome }: PayConfirmScreenProps) {
  const t = useT();
  const { subject } = payable;
  const answers = (
    <div className="answer-buttons">
      <button
        type="button"
        className="button button-primary button-large"
        data-testid="pay-confirm"
        onClick={onConfirm}
      >
        <CardIcon />
        <span>{t('pay.byCard')}</span>
      </button>
      <button
        type="button"
        className="button button-secondary button-large"
        data-testid="pay-cancel"
        onClick={onCancel}
      >
        {t('common.cancel')}
      </button>
    </div>
  );
  return (
    <Screen
      testId="screen-pay-confirm"
      title={t('pay.confirm.title')}
      onHome={onHome}
      variant="centered"
      actions={answers}
    >
      <div className="pay-confirm-layout">
        {/* Portrait: amount, then details, in one column. Landscape: the amount on the left, the
            details beside it. The answers are the screen's pinned actions, never below the fold. */}
        <div className="pay-confirm-main">
          <div className="pay-amount-block">
            <p className="pay-amount-label">{t('pay.toPay')}</p>
            <p className="pay-amount" data-testid="pay-amount">
              {formatAmount(payable.amountMinor)}
            </p>
            <p className="pay-amount-words" data-speak-private>
              {amountWithUnits(payable.amountMinor, t)}
            </p>
          </div>
          <p className="quiet pay-reassurance">{t('pay.reassurance')}</p>
        </div>
        <dl className="pay-details">
          {payable.name !== null && (
            <div>
              <dt>{t('pay.payment')}</dt>
              <dd data-testid="pay-fee-name" data-i18n-data>
                {payable.name}
              </dd>
            </div>
          )}
          <div>
            <dt>{t('pay.purpose')}</dt>
            <dd data-testid="pay-purpose" data-i18n-data>
              {payable.purpose}
            </dd>
          </div>
          <div>
            <dt>{t('pay.recipient')}</dt>
            <dd data-testid="pay-recipient" data-i18n-data>
              {payable.recipient}
            </dd>
          </div>
          {subject.kind === 'uin' && (
            <div>
              <dt>{t('pay.uin')}</dt>
              <dd className="pay-uin" data-testid="pay-uin">
                {formatUin(subject.uin)}
              </dd>
            </div>
          )}
        </dl>
      </div>
    </Screen>
  );
}
