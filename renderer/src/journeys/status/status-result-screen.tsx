import { type ApplicationStatus, formatRuDate } from '../../../../kiosk-config/src/index';
import { useT } from '../../i18n/use-t';
import { DoneIcon, PrinterIcon } from '../../ui/icons';
import { PrintedInRussianNote } from '../../ui/printed-in-russian-note';
import { Screen } from '../../ui/screen';
import type { FoundApplication, SlipPrint } from './status-journey';
import { isSlipWorthRetrying, slipPrintErrorMessage, statusSentences } from './status-texts';

/** Props of the answer screen. */
export interface StatusResultScreenProps {
  found: FoundApplication;
  slip: SlipPrint;
  /** The office this kiosk stands in: an application of another office names its office. */
  hereOfficeId: string | undefined;
  /** Whether the receipt printer reports a fault now: then «Распечатать» is not offered. */
  printerFaulty: boolean;
  onPrint: () => void;
  onNewSearch: () => void;
  onHome: () => void;
}

/** How the answer is coloured: good news, news that needs the visitor, or just information. */
function toneOf(status: ApplicationStatus): 'good' | 'attention' | 'info' {
  switch (status) {
    case 'ready_for_pickup':
      return 'good';
    case 'awaiting_applicant':
    case 'refused':
    case 'returned_to_agency':
    case 'cancelled':
      return 'attention';
    default:
      return 'info';
  }
}

/**
 * The answer in plain Russian: what it means, what to do next, and the few facts that help
 * (masked number, service, dates, where). «Распечатать» puts the same on a slip.
 */
export function StatusResultScreen(props: StatusResultScreenProps) {
  const t = useT();
  const { found, slip } = props;
  const { application } = found;
  const sentences = statusSentences(application, props.hereOfficeId, t);
  const elsewhere = props.hereOfficeId !== undefined && application.office.id !== props.hereOfficeId;
  return (
    <Screen testId="screen-status-result" title={t('status.result.title')} onHome={props.onHome}>
      <div className="status-result">
        <section className={`status-answer status-tone-${toneOf(application.status)}`} aria-live="polite">
          <p className="status-headline" data-testid="status-headline" data-speak-private>
            {sentences.headline}
          </p>
          <p className="status-next-step" data-testid="status-next-step" data-speak-private>
            {sentences.nextStep}
          </p>
        </section>

        <div className="status-result-side">
          <dl className="status-details">
            <div>
              <dt>{t('status.result.application')}</dt>
              <dd data-testid="status-masked-number" data-i18n-data>
                {found.maskedNumber}
              </dd>
            </div>
            <div>
              <dt>{t('status.result.service')}</dt>
              <dd data-i18n-data>{application.serviceName}</dd>
            </div>
            <div>
              <dt>{t('status.result.filed')}</dt>
              <dd>{formatRuDate(application.filedOn)}</dd>
            </div>
            {elsewhere && (
              <div>
                <dt>{t('status.result.where')}</dt>
                <dd data-i18n-data>
                  {application.office.name}
                  {application.office.address ? `, ${application.office.address}` : ''}
                </dd>
              </div>
            )}
          </dl>

          <div className="status-actions">
            <SlipControls slip={slip} printerFaulty={props.printerFaulty} onPrint={props.onPrint} />
            <button
              type="button"
              className="button button-secondary button-large"
              data-testid="status-new-search"
              onClick={props.onNewSearch}
            >
              {t('status.result.another')}
            </button>
          </div>
        </div>
      </div>
    </Screen>
  );
}

function SlipControls({
  slip,
  printerFaulty,
  onPrint,
}: {
  slip: SlipPrint;
  printerFaulty: boolean;
  onPrint: () => void;
}) {
  const t = useT();
  if (slip.state === 'printed') {
    return (
      <>
        <p className="slip-done" data-testid="status-print-done" role="status">
          <DoneIcon />
          <span>{t('status.slip.printed')}</span>
        </p>
        <PrintedInRussianNote
          printedLanguage={slip.printedLanguage}
          message={t('status.slip.printedInRussian')}
          testId="status-printed-in-russian"
        />
      </>
    );
  }
  const failed = slip.state === 'failed' ? slip.code : null;
  const offerPrint = !printerFaulty && (failed === null || isSlipWorthRetrying(failed));
  return (
    <>
      {failed !== null && (
        <p className="field-problem" data-testid="status-print-error" role="status">
          {slipPrintErrorMessage(failed, t)}
        </p>
      )}
      {printerFaulty && failed === null && (
        <p className="field-problem" data-testid="status-print-unavailable">
          {t('status.slip.printerDown')}
        </p>
      )}
      {offerPrint && (
        <button
          type="button"
          className="button button-primary button-large"
          data-testid="status-print"
          disabled={slip.state === 'printing'}
          onClick={onPrint}
        >
          <PrinterIcon />
          <span>{t(slip.state === 'printing' ? 'status.slip.printing' : 'status.slip.print')}</span>
        </button>
      )}
    </>
  );
}
