// at: renderer/src/journeys/status/probe.ts
// rule: renderer-imports-only-portable
// The document reader's serial driver (formerly in drivers/document) is main-side.
import { SerialDocumentReader } from '../../../../drivers/scanner/serial-document-reader';
