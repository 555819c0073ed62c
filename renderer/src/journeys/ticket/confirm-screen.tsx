import type { ServiceView } from '../../../../kiosk-config/src/index';
import { DoneIcon, PrinterIcon } from '../../ui/icons';
import { Screen } from '../../ui/screen';
import type { A4Print } from './ticket-journey';
import { a4PrintedLine } from './ticket-texts';

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
  return (
    <Screen
      testId="screen-confirm"
      title={`Взять талон на услугу «${service.name}»?`}
      onHome={onHome}
      variant="centered"
    >
      <div className="confirm-layout">
        {service.documents.length > 0 && (
          <div className="documents">
            <p className="documents-label">Что взять с собой:</p>
            <ul className="documents-list" data-testid="confirm-documents">
              {service.documents.map((document) => (
                <li key={document}>{document}</li>
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
              Да, взять талон
            </button>
            <button
              type="button"
              className="button button-secondary button-large"
              data-testid="nav-back"
              onClick={onBack}
            >
              Назад
            </button>
          </div>
          {a4Printer && service.documents.length > 0 && <A4Controls a4={a4} onPrint={onPrintDocuments} />}
        </div>
      </div>
    </Screen>
  );
}

function A4Controls({ a4, onPrint }: { a4: A4Print; onPrint: () => void }) {
  if (a4 === 'printed') {
    return (
      <p className="slip-done a4-print-done" data-testid="a4-print-done" role="status">
        <DoneIcon />
        <span>{a4PrintedLine}</span>
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
      <span>{a4 === 'printing' ? 'Отправляем на печать…' : 'Распечатать список документов на листе А4'}</span>
    </button>
  );
}
