import type { PrinterProfile } from '../../kiosk-config/src/config/printer-profile';
import { ReceiptDocument } from '../../kiosk-config/src/receipt/receipt-document';
import { type StatusRequestKind, statusRequest } from '../escpos/escpos-commands';
import { encodeReceipt } from '../escpos/escpos-encoder';
import { isStatusByte, parseStatusByte } from '../escpos/escpos-status';
import type { ByteTransport } from '../transport/byte-transport';
import type { PrinterProblem, PrinterStatus, PrintResult, ReceiptPrinter } from './receipt-printer';

/** Options of `EscPosPrinter`. */
export interface EscPosPrinterOptions {
  /** How long to wait for each status byte (default 800 ms). */
  statusTimeoutMs?: number;
  /** How long a job may take to reach the OS (default 10 s): a port stuck on flow control. */
  writeTimeoutMs?: number;
  /** Cut type at `cut` lines (default partial: the ticket stays hanging, it does not fall). */
  cut?: 'partial' | 'full';
}

/** The order problems are listed in: the one the visitor must hear about first comes first. */
const PROBLEM_ORDER: readonly PrinterProblem[] = [
  'not_responding',
  'paper_out',
  'cover_open',
  'error',
  'offline',
  'paper_near_end',
];

/** After a status request timed out, input is ignored this long so a late answer is not misread. */
const RESYNC_QUIET_MS = 100;

interface StatusReading {
  status: PrinterStatus;
  /** Why the printer is not responding, for the log. */
  detail: string;
}

/**
 * An ESC/POS receipt printer over any `ByteTransport`.
 *
 * `status()` asks `DLE EOT 1`, `2` and `4` in turn, each with a timeout. `print()` validates
 * and encodes the document, refuses to send it to a printer that reports no paper, an open cover
 * or silence, sends it, and confirms with a final status query. Calls run one at a time, in the
 * order made. Device faults come back as results; nothing here throws for them. The transport is
 * opened on first use and again after it was lost, so an unplugged printer recovers on replug.
 */
export class EscPosPrinter implements ReceiptPrinter {
  readonly address: string;
  private readonly statusTimeoutMs: number;
  private readonly writeTimeoutMs: number;
  private readonly cut: 'partial' | 'full';
  /** The end of the queue of calls: each call waits for the one before. */
  private tail: Promise<unknown> = Promise.resolve();
  /** Receives incoming bytes while a status request waits for its answer. */
  private waiter: ((byte: number | null) => void) | null = null;
  private needsResync = false;
  private closed = false;
  private readonly unsubscribe: Array<() => void>;

  constructor(
    private readonly transport: ByteTransport,
    private readonly profile: PrinterProfile,
    options: EscPosPrinterOptions = {},
  ) {
    this.address = transport.address;
    this.statusTimeoutMs = options.statusTimeoutMs ?? 800;
    this.writeTimeoutMs = options.writeTimeoutMs ?? 10_000;
    this.cut = options.cut ?? 'partial';
    this.unsubscribe = [
      transport.onData((chunk) => {
        for (const byte of chunk) this.waiter?.(byte);
      }),
      // A lost port answers nothing: stop waiting at once instead of at the timeout.
      transport.onClose(() => this.waiter?.(null)),
    ];
  }

  /** Queries the real-time status; never throws. */
  status(): Promise<PrinterStatus> {
    return this.exclusive(async () => (await this.readStatus()).status);
  }

  /** Checks the printer can print, sends the document, confirms; never throws for device faults. */
  print(document: ReceiptDocument): Promise<PrintResult> {
    return this.exclusive(async () => {
      try {
        return await this.printNow(document);
      } catch (error) {
        return { ok: false, reason: 'error', detail: `print failed: ${messageOf(error)}` };
      }
    });
  }

  /** Waits for the call in progress, then closes the transport; later calls answer not_responding. */
  close(): Promise<void> {
    return this.exclusive(async () => {
      this.closed = true;
      for (const unsubscribe of this.unsubscribe) unsubscribe();
      await this.transport.close().catch(() => undefined);
    });
  }

  private async printNow(document: ReceiptDocument): Promise<PrintResult> {
    const parsed = ReceiptDocument.safeParse(document);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(document)'}: ${i.message}`);
      return { ok: false, reason: 'error', detail: `invalid receipt document: ${issues.join('; ')}` };
    }
    // Encode first: a document the printer cannot print costs no device traffic.
    const encoded = encodeReceipt(parsed.data, this.profile, { cut: this.cut });
    if (!encoded.ok) {
      const detail =
        encoded.error.code === 'unencodable_text'
          ? `the ${this.profile.codePage.encoding} code page cannot print: ${encoded.error.characters.map(describeChar).join(', ')}`
          : `QR data of ${encoded.error.bytes} bytes exceeds ${encoded.error.maxBytes}`;
      return { ok: false, reason: 'error', detail };
    }

    const before = await this.readStatus();
    const refusal = failureOf(before, 'before printing');
    if (refusal) return refusal;

    const written = await this.writeWithTimeout(encoded.bytes);
    if (written !== null) return { ok: false, reason: 'not_responding', detail: `sending the job failed: ${written}` };

    // Status requests are answered in real time, after the job's bytes: this sees what the job did.
    const after = await this.readStatus();
    const fault = failureOf(after, 'after the job was sent; the receipt may be incomplete');
    return fault ?? { ok: true };
  }

  /** Asks DLE EOT 1, 2 and 4. No answer to 1 means not responding; 2 and 4 add causes. */
  private async readStatus(): Promise<StatusReading> {
    if (this.closed) return notResponding('the printer driver was closed');
    if (!this.transport.isOpen) {
      try {
        await this.transport.open();
      } catch (error) {
        return notResponding(`cannot open ${this.address}: ${messageOf(error)}`);
      }
    }
    if (this.needsResync) {
      await delay(RESYNC_QUIET_MS);
      this.needsResync = false;
    }
    const problems = new Set<PrinterProblem>();
    for (const kind of [1, 2, 4] as const) {
      const byte = await this.requestStatusByte(kind);
      if (byte === null) {
        // Without an answer to the first request the printer is silent; a model that does not
        // implement 2 or 4 still answers 1 and is reported by what it did say.
        if (kind === 1) return notResponding(`no answer to DLE EOT 1 within ${this.statusTimeoutMs} ms`);
        continue;
      }
      const parsed = parseStatusByte(kind, byte);
      if (parsed.ok) for (const problem of parsed.problems) problems.add(problem);
    }
    // A specific cause explains "offline"; an empty roll makes "near end" redundant.
    if (problems.has('paper_out') || problems.has('cover_open') || problems.has('error')) problems.delete('offline');
    if (problems.has('paper_out')) problems.delete('paper_near_end');
    const sorted = PROBLEM_ORDER.filter((p) => problems.has(p));
    return { status: { responding: true, problems: sorted }, detail: '' };
  }

  /** Sends `DLE EOT n` and resolves with the first status byte back, or null on timeout/loss. */
  private requestStatusByte(kind: StatusRequestKind): Promise<number | null> {
    return new Promise((resolve) => {
      const finish = (byte: number | null) => {
        clearTimeout(timer);
        this.waiter = null;
        if (byte === null) this.needsResync = true;
        resolve(byte);
      };
      const timer = setTimeout(() => finish(null), this.statusTimeoutMs);
      // Listen before writing: a fast device may answer before the write resolves.
      this.waiter = (byte) => {
        // Bytes that are not status bytes (noise, XON/XOFF) are skipped, not misread.
        if (byte === null || isStatusByte(byte)) finish(byte);
      };
      this.transport.write(statusRequest(kind)).catch(() => finish(null));
    });
  }

  /** Writes the job; resolves null when done, or the reason it failed. */
  private async writeWithTimeout(bytes: Uint8Array): Promise<string | null> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve(`timed out after ${this.writeTimeoutMs} ms`), this.writeTimeoutMs);
    });
    const write = this.transport.write(bytes).then(
      () => null,
      (error: unknown) => messageOf(error),
    );
    try {
      return await Promise.race([write, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Runs calls one at a time: a print is never interleaved with another print or a query. */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task, task);
    this.tail = run.catch(() => undefined);
    return run;
  }
}

function notResponding(detail: string): StatusReading {
  return { status: { responding: false, problems: ['not_responding'] }, detail };
}

/** The print failure a status means, or null when the printer can print. */
function failureOf(reading: StatusReading, when: string): PrintResult | null {
  const { status } = reading;
  if (!status.responding) return { ok: false, reason: 'not_responding', detail: `${reading.detail} (${when})` };
  const problems = status.problems;
  if (problems.includes('paper_out')) return { ok: false, reason: 'paper_out', detail: `paper out ${when}` };
  if (problems.includes('cover_open')) return { ok: false, reason: 'cover_open', detail: `cover open ${when}` };
  if (problems.includes('error') || problems.includes('offline')) {
    return { ok: false, reason: 'error', detail: `printer reports ${problems.join(', ')} ${when}` };
  }
  return null;
}

function describeChar(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  // Control characters are named by code only: printed raw they would garble the log line.
  return code < 0x20 || (code >= 0x7f && code < 0xa0) ? hex : `"${char}" ${hex}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
