import type { ErrorCode, ServiceView } from '../../../../kiosk-config/src/index';
import { useT } from '../../i18n/use-t';
import { Screen } from '../../ui/screen';
import { documentsPreviewReason } from './ticket-texts';

/** Props of the documents preview. */
export interface DocumentsPreviewScreenProps {
  service: ServiceView;
  /** Why the sheet did not print (`office_printer_unavailable`, or another fault). */
  code: ErrorCode;
  onBack: () => void;
  onHome: () => void;
}

/**
 * The A4 sheet could not be printed: the same list, large on the screen, to photograph or copy.
 * «Назад» returns to the question «Взять талон…?».
 */
export function DocumentsPreviewScreen({ service, code, onBack, onHome }: DocumentsPreviewScreenProps) {
  const t = useT();
  return (
    <Screen
      testId="screen-documents-preview"
      title={t('ticket.documentsOf', { service: service.name })}
      onBack={onBack}
      onHome={onHome}
    >
      <p className="screen-lead" data-testid="documents-preview-hint">
        {documentsPreviewReason(code, t)} <strong>{t('ticket.previewHint')}</strong>
      </p>
      <ol className="documents-preview" data-testid="documents-preview">
        {service.documents.map((document) => (
          <li key={document} data-i18n-data>
            {document}
          </li>
        ))}
      </ol>
    </Screen>
  );
}
