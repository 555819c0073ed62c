import { TypedEmitter } from '../../kiosk-config/src/lib/typed-emitter';
import { DEFAULT_DOCUMENT_FRAMING, DocumentFramer, type DocumentFraming } from '../document/document-framing';
import type { DocumentRead, DocumentReader, DocumentReaderFault } from '../document/document-reader';
import { parseMrz } from '../document/mrz-parser';
import type { ByteTransport } from '../transport/byte-transport';
import { ReopenTimer } from '../transport/reopen-timer';

/** Options of `SerialDocumentReader`. */
export interface SerialDocumentReaderOptions {
  /** How the reader ends lines and documents (default: CR lines, a blank line ends a document). */
  framing?: DocumentFraming;
  /**
   * A document begun and then silent for this long, in ms, is dropped as `document_timeout`
   * (default 2000). A reader sends a whole zone in one burst: about 100 ms at 9600 baud.
   */
  documentTimeoutMs?: number;
  /** Longest document in bytes (default 512). */
  maxDocumentBytes?: number;
  /** After the port is lost, try to open it again this often, in ms (default 2000; 0: never). */
  reconnectMs?: number;
  /** "Today" for the century of two-digit years (default: the clock). */
  today?: () => Date;
}

/**
 * A passport/ID card reader on a serial port (or USB virtual COM), over any `ByteTransport`: the
 * reader OCRs the zone and sends its lines as text; this driver frames them (`DocumentFramer`),
 * parses them (`parseMrz`) and delivers accepted documents to `onDocument`, everything else to
 * `onFault`.
 *
 * It logs nothing: documents are personal data, and faults carry only codes and field names.
 * A lost port is reported and reopened every `reconnectMs`; a reopened port starts afresh.
 */
export class SerialDocumentReader implements DocumentReader {
  readonly address: string;
  private readonly framer: DocumentFramer;
  private readonly documentTimeoutMs: number;
  private readonly today: () => Date;
  private readonly documentListeners = new TypedEmitter<[read: DocumentRead]>();
  private readonly faultListeners = new TypedEmitter<[fault: DocumentReaderFault]>();
  private readonly unsubscribe: Array<() => void>;
  private documentTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly reopener: ReopenTimer;

  constructor(
    private readonly transport: ByteTransport,
    options: SerialDocumentReaderOptions = {},
  ) {
    this.address = transport.address;
    this.documentTimeoutMs = options.documentTimeoutMs ?? 2000;
    this.reopener = new ReopenTimer({
      intervalMs: options.reconnectMs ?? 2000,
      reopen: () => this.open(),
      isOpen: () => this.transport.isOpen,
    });
    this.today = options.today ?? (() => new Date());
    this.framer = new DocumentFramer({
      framing: options.framing ?? DEFAULT_DOCUMENT_FRAMING,
      ...(options.maxDocumentBytes === undefined ? {} : { maxDocumentBytes: options.maxDocumentBytes }),
      onError: (error) => this.emitFault(error),
    });
    this.unsubscribe = [
      transport.onData((chunk) => this.receive(chunk)),
      transport.onClose((error) => {
        this.forgetPartialDocument();
        if (!error) return;
        this.emitFault({ code: 'disconnected', message: error.message });
        this.reopener.schedule();
      }),
    ];
  }

  /** Opens the transport (rejects when the port cannot be opened). */
  async open(): Promise<void> {
    if (this.transport.isOpen) return;
    this.forgetPartialDocument();
    await this.transport.open();
  }

  get isOpen(): boolean {
    return this.transport.isOpen;
  }

  onDocument(listener: (read: DocumentRead) => void): () => void {
    return this.documentListeners.on(listener);
  }

  onFault(listener: (fault: DocumentReaderFault) => void): () => void {
    return this.faultListeners.on(listener);
  }

  /** Stops listening, timing and reconnecting, and closes the transport. */
  async close(): Promise<void> {
    this.reopener.stop();
    this.forgetPartialDocument();
    for (const unsubscribe of this.unsubscribe) unsubscribe();
    await this.transport.close();
  }

  private receive(chunk: Uint8Array): void {
    for (const lines of this.framer.push(chunk)) {
      const result = parseMrz(lines, { today: this.today() });
      if (result.ok) {
        const read: DocumentRead = { document: result.document, corrections: result.corrections };
        this.documentListeners.emit(read);
      } else {
        this.emitFault({ code: 'mrz_rejected', error: result.error });
      }
    }
    this.armDocumentTimer();
  }

  /** Restarts the silence timer while a document is half-way; clears it otherwise. */
  private armDocumentTimer(): void {
    if (this.documentTimer) clearTimeout(this.documentTimer);
    this.documentTimer = null;
    if (!this.framer.hasPartialDocument || this.documentTimeoutMs <= 0) return;
    const timer = setTimeout(() => {
      this.documentTimer = null;
      this.framer.reset();
      this.emitFault({ code: 'document_timeout', timeoutMs: this.documentTimeoutMs });
    }, this.documentTimeoutMs);
    // A pending timeout must not keep the process alive on its own.
    timer.unref?.();
    this.documentTimer = timer;
  }

  private forgetPartialDocument(): void {
    if (this.documentTimer) clearTimeout(this.documentTimer);
    this.documentTimer = null;
    this.framer.reset();
  }

  private emitFault(fault: DocumentReaderFault): void {
    this.faultListeners.emit(fault);
  }
}
