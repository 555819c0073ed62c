import type { ServiceView } from '../../../../kiosk-config/src/index';
import { useT } from '../../i18n/use-t';
import { DoneIcon, PrinterIcon } from '../../ui/icons';
import { Screen } from '../../ui/screen';
import type { A4Print } from './ticket-journey';

/** Props of the confirm screen. */
export interface ConfirmScreenProps {
  service: ServiceView;
  /** Whether the office has an A4 printer for the documents list (`catalogue.a4Printer`). */
  a4Printer: boolean;
  a4: A4Print;
  onConfirm: () => void;
  onPrintDocuments: () => void;
  onBack: () => void;
  onHome: () => void;
}

/**
 * Asks once before printing, with the full list of what to bring. «Назад» sits beside «Да, взять
 * талон» as the other answer to the question, so the navigation bar here carries only «На
 * главную». Where the office has an A4 printer, the list can also be printed on a sheet, a
 * quieter button under the answer.
 */
export function ConfirmScreen({
  service,
  a4Printer,
  a4,
  onConfirm,
  onPrintDocuments,
  onBack,
  onHome,
}: ConfirmScreenProps) {
  const t = useT();
  return (
    <Screen
      testId="screen-confirm"
      title={t('ticket.confirm.title', { service: service.name })}
      onHome={onHome}
      variant="centered"
    >
      <div className="confirm-layout">
        {service.documents.length > 0 && (
          <div className="documents">
            <p className="documents-label">{t('ticket.documents')}</p>
            <ul className="documents-list" data-testid="confirm-documents">
              {service.documents.map((document) => (
                <li key={document} data-i18n-data>
                  {document}
                </li>
              ))}
            </ul>
          </div>
        )}
        {/* Beside the list in landscape, so a long list never pushes the answer below the fold. */}
        <div className="confirm-actions">
          <div className="answer-buttons">
            <button
              type="button"
              className="button button-primary button-large"
              data-testid="ticket-confirm"
              onClick={onConfirm}
            >
              {t('ticket.confirm.yes')}
            </button>
            <button
              type="button"
              className="button button-secondary button-large"
              data-testid="nav-back"
              onClick={onBack}
            >
              {t('common.back')}
            </button>
          </div>
          {a4Printer && service.documents.length > 0 && <A4Controls a4={a4} onPrint={onPrintDocuments} />}
        </div>
      </div>
    </Screen>
  );
}

function A4Controls({ a4, onPrint }: { a4: A4Print; onPrint: () => void }) {
  const t = useT();
  if (a4 === 'printed') {
    return (
      <p className="slip-done a4-print-done" data-testid="a4-print-done" role="status">
        <DoneIcon />
        <span>{t('ticket.a4Printed')}</span>
      </p>
    );
  }
  // After a failure the list was shown on the screen instead; printing again would fail the same way.
  if (a4 === 'failed') return null;
  return (
    <button
      type="button"
      className="button button-secondary a4-print"
      data-testid="a4-print-button"
      disabled={a4 === 'printing'}
      onClick={onPrint}
    >
      <PrinterIcon />
      <span>{t(a4 === 'printing' ? 'ticket.confirm.a4Sending' : 'ticket.confirm.a4')}</span>
    </button>
  );
}
