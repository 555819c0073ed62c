import type { MrzCorrection, MrzParseError, ParsedDocument } from './parsed-document';

/**
 * A document read and accepted: personal data for the visitor's session only (see
 * `VisitorSessionOnly`). `corrections` lists OCR fixes the check digits confirmed; a screen may
 * ask the visitor to confirm a corrected document number.
 */
export interface DocumentRead {
  document: ParsedDocument;
  corrections: MrzCorrection[];
}

/**
 * Something that went wrong with a document or the reader. Codes and field names only: faults
 * may be logged and counted, and they carry no personal data.
 */
export type DocumentReaderFault =
  /** A whole zone arrived but was rejected (truncated, a check digit failed, …). */
  | { code: 'mrz_rejected'; error: MrzParseError }
  /** The reader started a document and went quiet before ending it. */
  | { code: 'document_timeout'; timeoutMs: number }
  /** More bytes than any document holds arrived without a terminator. */
  | { code: 'document_too_long'; maxBytes: number }
  /** The port went away (unplugged); the driver keeps trying to reopen it. */
  | { code: 'disconnected'; message: string };

/** A passport/ID reader that delivers documents as the visitor places them. */
export interface DocumentReader {
  /** Where the reader is attached, for status and logs. */
  readonly address: string;
  readonly isOpen: boolean;
  /** Starts receiving; rejects when the port cannot be opened. */
  open(): Promise<void>;
  close(): Promise<void>;
  /** Subscribes to accepted documents; returns the unsubscribe function. */
  onDocument(listener: (read: DocumentRead) => void): () => void;
  /** Subscribes to faults; returns the unsubscribe function. */
  onFault(listener: (fault: DocumentReaderFault) => void): () => void;
}
