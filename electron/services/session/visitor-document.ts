import type { DocumentRead } from '../../../drivers/document/document-reader';
import type { MrzFormat } from '../../../drivers/document/parsed-document';
import type { EventPayload } from '../../../kiosk-config/src/index';
import { SessionKey } from './visitor-session';

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
