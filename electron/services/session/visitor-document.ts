import type { DocumentRead, DocumentReaderFault } from '../../../drivers/document/document-reader';
import type { MrzFormat } from '../../../drivers/document/parsed-document';
import type { EventPayload } from '../../../kiosk-config/src/index';
import type { Logger } from '../logging/logger';
import { SessionKey, type VisitorSession } from './visitor-session';

/**
 * The last document read by the passport/ID reader, for this visitor's session only (152-ФЗ):
 * wiped at the reset with the rest of the session's memory, never logged, written or sent to the UI.
 */
export const VISITOR_DOCUMENT = new SessionKey<DocumentRead>('document');

/** The layout of a document as the `document.presented` event names it. */
export function documentKind(format: MrzFormat): EventPayload<'document.presented'>['kind'] {
  switch (format) {
    case 'TD1':
      return 'td1';
    case 'TD2':
      return 'td2';
    case 'TD3':
      return 'td3';
    case 'RU_INTERNAL_PASSPORT':
      return 'ru_internal';
  }
}

/** What `visitorDocuments` needs. */
export interface VisitorDocumentsDeps {
  session: Pick<VisitorSession, 'keep'>;
  emit: (payload: EventPayload<'document.presented'>) => void;
  log: Logger;
}

/**
 * Where the passport/ID reader's output goes (the device manager's `onDocument` and
 * `onDocumentFault`). A read document is personal data (152-ФЗ): it is kept in the session's
 * memory only (wiped at the reset), never logged; the UI is told only its layout and that it was
 * read. Faults carry codes and field names only; the code is all that is logged.
 */
export function visitorDocuments(deps: VisitorDocumentsDeps): {
  onDocument: (read: DocumentRead) => void;
  onDocumentFault: (fault: DocumentReaderFault) => void;
} {
  return {
    onDocument: (read) => {
      deps.session.keep(VISITOR_DOCUMENT, read);
      deps.emit({ kind: documentKind(read.document.format), ok: true });
    },
    onDocumentFault: (fault) => deps.log.warn({ fault: fault.code }, 'document reader fault'),
  };
}
