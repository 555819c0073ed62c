import type { PaymentEnd } from '../../../../kiosk-config/src/index';
import { useT } from '../../i18n/use-t';
import { DoneIcon } from '../../ui/icons';
import { PrintedInRussianNote } from '../../ui/printed-in-russian-note';
import { Screen } from '../../ui/screen';
import { formatAmount } from './amount';
import { type PayResult, paymentReference } from './payment-journey';
import { declineReasonLine, type PayRemedy, paidAtLine, payResultTexts, ticketLinkLine } from './payment-texts';

/** Props of the payment's end screen. */
export interface PayResultScreenProps {
  result: PayResult;
  /** The office's time zone, for the time of an on-screen receipt. */
  timeZone: string | undefined;
  /** The main button: pay again (after a decline or a timeout), or end the visit. */
  onRemedy: (remedy: PayRemedy) => void;
  onHome: () => void;
}

/**
 * How the payment ended, in one calm sentence that says whether money was taken, and one button.
 * An approval whose receipt did not print shows the receipt's details large on the screen, to
 * photograph or show the staff; an end nobody can tell shows the payment's reference for them.
 */
export function PayResultScreen({ result, timeZone, onRemedy, onHome }: PayResultScreenProps) {
  const t = useT();
  const texts = payResultTexts(result, t);
  const outcome = result.kind === 'not_started' ? 'not_started' : result.end.outcome;
  const end = result.kind === 'ended' ? result.end : null;
  return (
    <Screen testId="screen-pay-result" title={texts.title} onHome={onHome} variant="centered">
      <div className="pay-result-layout">
        {/* Portrait: one column, the button last (under the receipt). Landscape: the sentence and
            the button on the left, the receipt beside them, so nothing falls below the fold. */}
        <div className="pay-result-main">
          <div className={`notice pay-result pay-result-${texts.tone}`}>
            {end?.outcome === 'approved' && (
              <p className="pay-paid">
                <DoneIcon />
                <span className="pay-paid-amount" data-testid="pay-paid-amount" data-speak-private>
                  {formatAmount(end.receipt.amountMinor)}
                </span>
              </p>
            )}
            <p className="notice-lead pay-result-lead" data-testid={`pay-result-${outcome}`} data-speak="answer">
              {texts.lead}
            </p>
            {end?.outcome === 'approved' && end.receipt.printed && (
              <PrintedInRussianNote
                printedLanguage={end.receipt.printedLanguage}
                message={t('pay.receiptPrintedInRussian')}
                testId="pay-printed-in-russian"
              />
            )}
            {end?.outcome === 'approved' && end.ticketNumber !== undefined && (
              <p className="pay-ticket" data-testid="pay-ticket">
                {ticketLinkLine(end.ticketNumber, t)}
              </p>
            )}
            {end?.outcome === 'declined' && end.message !== undefined && (
              <p className="quiet" data-testid="pay-decline-reason">
                {declineReasonLine(end.message, t)}
              </p>
            )}
            {result.kind === 'ended' && end?.outcome === 'failed' && end.needsAttention && (
              <p className="pay-reference-line">
                {t('pay.operation')}:{' '}
                <strong className="pay-reference" data-testid="pay-reference" data-i18n-data>
                  {paymentReference(result.paymentId)}
                </strong>
              </p>
            )}
            {texts.next !== null && <p>{texts.next}</p>}
          </div>
          <button
            type="button"
            className="button button-primary button-large pay-result-action"
            data-testid={texts.remedy === 'again' ? 'pay-again' : 'pay-done'}
            onClick={() => onRemedy(texts.remedy)}
          >
            {texts.action}
          </button>
        </div>
        {end?.outcome === 'approved' && !end.receipt.printed && (
          <OnScreenReceipt receipt={end.receipt} timeZone={timeZone} />
        )}
      </div>
    </Screen>
  );
}

type Receipt = Extract<PaymentEnd, { outcome: 'approved' }>['receipt'];

/** The receipt's details, large, when the printer could not print it. */
function OnScreenReceipt({ receipt, timeZone }: { receipt: Receipt; timeZone: string | undefined }) {
  const t = useT();
  return (
    <dl className="pay-details pay-receipt" data-testid="pay-receipt-onscreen">
      <div>
        <dt>{t('pay.operation')}</dt>
        <dd className="pay-reference" data-testid="pay-reference" data-i18n-data>
          {receipt.reference}
        </dd>
      </div>
      <div>
        <dt>{t('pay.sum')}</dt>
        <dd>{formatAmount(receipt.amountMinor)}</dd>
      </div>
      <div>
        <dt>{t('pay.purpose')}</dt>
        <dd data-i18n-data>{receipt.purpose}</dd>
      </div>
      <div>
        <dt>{t('pay.dateTime')}</dt>
        <dd>{paidAtLine(receipt.paidAt, timeZone)}</dd>
      </div>
      <div>
        <dt>{t('pay.card')}</dt>
        <dd data-i18n-data>{receipt.maskedPan}</dd>
      </div>
      <div>
        <dt>{t('pay.authCode')}</dt>
        <dd data-i18n-data>{receipt.authCode}</dd>
      </div>
      <div>
        <dt>{t('pay.rrn')}</dt>
        <dd data-i18n-data>{receipt.rrn}</dd>
      </div>
    </dl>
  );
}
