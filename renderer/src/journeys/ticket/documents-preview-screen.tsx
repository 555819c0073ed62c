import type { ErrorCode, ServiceView } from '../../../../kiosk-config/src/index';
import { Screen } from '../../ui/screen';
import { documentsPreviewHint, documentsPreviewReason } from './ticket-texts';

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
  return (
    <Screen
      testId="screen-documents-preview"
      title={`Что взять с собой: «${service.name}»`}
      onBack={onBack}
      onHome={onHome}
    >
      <p className="screen-lead" data-testid="documents-preview-hint">
        {documentsPreviewReason(code)} <strong>{documentsPreviewHint}</strong>
      </p>
      <ol className="documents-preview" data-testid="documents-preview">
        {service.documents.map((document) => (
          <li key={document}>{document}</li>
        ))}
      </ol>
    </Screen>
  );
}
