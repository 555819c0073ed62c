/** What ends each MRZ line the reader sends. */
export type MrzLineTerminator = 'CR' | 'CRLF' | 'LF';

/**
 * What ends a document: an empty line, or ETX (0x03, often after an STX 0x02 that starts it).
 * ETX ends a document in either setting.
 */
export type DocumentTerminator = 'blank-line' | 'ETX';

/** How a serial document reader frames what it read: set to match the reader's configuration. */
export interface DocumentFraming {
  lineTerminator: MrzLineTerminator;
  documentTerminator: DocumentTerminator;
}

/** The common setting of serial passport readers: lines end in CR, an empty line ends the document. */
export const DEFAULT_DOCUMENT_FRAMING: Readonly<DocumentFraming> = {
  lineTerminator: 'CR',
  documentTerminator: 'blank-line',
};

/** Why bytes were dropped. */
export type DocumentFrameError = { code: 'document_too_long'; maxBytes: number };

/** Options of `DocumentFramer`. */
export interface DocumentFramerOptions {
  framing: DocumentFraming;
  /** Longest document in bytes (default 512); a longer one is dropped up to its terminator. */
  maxDocumentBytes?: number;
  /** Told about each dropped document. */
  onError?: (error: DocumentFrameError) => void;
}

/** Several times the largest zone (3×30 or 2×44 characters): bounds memory against a noisy line. */
export const MAX_DOCUMENT_BYTES = 512;

/** A character that stands in for a byte no MRZ can hold, so the columns after it stay put. */
export const UNREADABLE_CHAR = '\uFFFD';

const STX = 0x02;
const ETX = 0x03;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Splits a document reader's byte stream into documents, each a list of MRZ lines. Pure: bytes
 * in, documents out, no I/O, no timers (the driver times out a document that stops halfway).
 *
 * With `CR` lines an LF is ignored (a reader sending CRLF still works); with `LF` or `CRLF` a CR
 * is. STX drops a partial document: a new one starts. Bytes outside printable ASCII become
 * `UNREADABLE_CHAR` rather than vanish, so a garbled character keeps its column for the parser.
 */
export class DocumentFramer {
  private readonly lineEnd: number;
  private readonly ignored: number;
  private readonly blankLineEnds: boolean;
  private readonly maxDocumentBytes: number;
  private readonly onError: ((error: DocumentFrameError) => void) | undefined;
  private lines: string[] = [];
  private line = '';
  /** Bytes of the current line, dropped ones included: a blank line is one with none. */
  private lineBytes = 0;
  private bytes = 0;
  /** Over the limit: drop bytes until the document ends. */
  private discarding = false;

  constructor(options: DocumentFramerOptions) {
    const { lineTerminator, documentTerminator } = options.framing;
    this.lineEnd = lineTerminator === 'CR' ? CR : LF;
    this.ignored = lineTerminator === 'CR' ? LF : CR;
    this.blankLineEnds = documentTerminator === 'blank-line';
    this.maxDocumentBytes = Math.max(1, options.maxDocumentBytes ?? MAX_DOCUMENT_BYTES);
    this.onError = options.onError;
  }

  /** Whether part of a document has arrived and its end has not. */
  get hasPartialDocument(): boolean {
    return this.discarding || this.lines.length > 0 || this.lineBytes > 0;
  }

  /** Takes the next chunk; returns the documents it completed. */
  push(chunk: Uint8Array): string[][] {
    const documents: string[][] = [];
    for (const byte of chunk) {
      if (byte === this.ignored) continue;
      if (byte === STX) {
        this.reset();
        continue;
      }
      if (byte === ETX) {
        this.endLine();
        this.endDocument(documents);
        continue;
      }
      if (byte === this.lineEnd) {
        const blank = this.lineBytes === 0;
        this.endLine();
        if (blank && this.blankLineEnds) this.endDocument(documents);
        continue;
      }
      this.lineBytes++;
      if (this.discarding) continue;
      if (++this.bytes > this.maxDocumentBytes) {
        this.discarding = true;
        this.lines = [];
        this.line = '';
        this.onError?.({ code: 'document_too_long', maxBytes: this.maxDocumentBytes });
        continue;
      }
      this.line += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : UNREADABLE_CHAR;
    }
    return documents;
  }

  /** Forgets a partial document (after a timeout, or when the port was reopened). */
  reset(): void {
    this.lines = [];
    this.line = '';
    this.lineBytes = 0;
    this.bytes = 0;
    this.discarding = false;
  }

  private endLine(): void {
    if (this.line.length > 0 && !this.discarding) this.lines.push(this.line);
    this.line = '';
    this.lineBytes = 0;
  }

  private endDocument(documents: string[][]): void {
    if (this.lines.length > 0 && !this.discarding) documents.push(this.lines);
    this.reset();
  }
}
