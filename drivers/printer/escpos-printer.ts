import type { PrinterProfile } from '../../kiosk-config/src/config/printer-profile';
import { fail, ok } from '../../kiosk-config/src/contract/result';
import { SerialExecutor } from '../../kiosk-config/src/lib/serial-executor';
import { TypedEmitter } from '../../kiosk-config/src/lib/typed-emitter';
import { ReceiptDocument } from '../../kiosk-config/src/receipt/receipt-document';
import {
  ASB,
  automaticStatusBack,
  clearBuffersRequest,
  PRINTER_INFO,
  printerInfoRequest,
  type StatusRequestKind,
  statusRequest,
  transmitStatusRequest,
} from '../escpos/escpos-commands';
import { type EncodeReceiptError, encodeReceipt } from '../escpos/escpos-encoder';
import { EscPosInboundReader } from '../escpos/escpos-inbound';
import {
  type AsbStatus,
  type ErrorCause,
  errorCausesOf,
  parseErrorCause,
  parseStatusByte,
  parseTransmitStatus,
} from '../escpos/escpos-status';
import type { ByteTransport } from '../transport/byte-transport';
import {
  cannotPrintBecause,
  type PrinterIdentity,
  type PrinterProblem,
  type PrinterStatus,
  type PrintFailure,
  type PrintProgress,
  type PrintResult,
  type ReceiptPrinter,
} from './receipt-printer';

/** Options of `EscPosPrinter`. */
export interface EscPosPrinterOptions {
  /** How long to wait for each status byte (default 800 ms). */
  statusTimeoutMs?: number;
  /** How long a job may take to reach the OS (default 10 s): a port stuck on flow control. */
  writeTimeoutMs?: number;
  /**
   * How long the printer may take, once the job is sent, to print it and answer the `GS r 1` at
   * its end (default 10 s). A printer that stops with a fault is noticed sooner, by polling.
   */
  confirmTimeoutMs?: number;
  /** While waiting for that answer, how often to ask `DLE EOT` whether the printer stopped (default 250 ms). */
  confirmPollMs?: number;
  /**
   * For a printer that cannot confirm jobs (profile `confirmsJobs: false`): how long to watch its
   * status (every `confirmPollMs`) once the job is sent before calling it sent (default 2 s,
   * about the time a ticket takes to print), so paper running out mid-ticket is still caught.
   */
  sentSettleMs?: number;
  /**
   * Polls the status between jobs this often, feeding `onStatusChange` (default 0: off; the
   * device manager polls through `status()`, which feeds it too).
   */
  pollIntervalMs?: number;
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

/** After a request timed out or a job was cut short, input is ignored this long so a late answer is not misread. */
const RESYNC_QUIET_MS = 100;

/** The ASB items the driver asks for: online/offline, errors, paper roll. */
const ASB_ITEMS = ASB.online | ASB.error | ASB.paperRoll;

interface StatusReading {
  status: PrinterStatus;
  /** Why the printer is not responding, for the log. */
  detail: string;
}

/** A listener of `onStatusChange`. */
export type PrinterStatusListener = (status: PrinterStatus) => void;

/**
 * An ESC/POS receipt printer over any `ByteTransport`, with confirmed printing.
 *
 * `status()` asks `DLE EOT 1`, `2` (and `3` when 2 reports an error) and `4`, each with a
 * timeout. `print()` validates and encodes the document, refuses to send it to a printer that
 * reports no paper, an open cover or silence, then sends it followed by `GS r 1`, which the
 * printer answers only once it has printed everything before it: only that answer makes the
 * result `{ ok: true }`. While waiting it polls `DLE EOT` (and listens to automatic status back
 * where the profile enables it); a printer that stops partway has its buffers cleared
 * (`DLE DC4 8`), so the rest never prints by itself, and the result says how far the job got
 * (`progress`), for its owner to decide on a reprint. Calls run one at a time, in the order
 * made. Device faults come back as results; nothing here throws for them. The transport is
 * opened on first use and again after it was lost, so an unplugged printer recovers on replug.
 * Every status read, automatic status block and confirmation feeds `onStatusChange`.
 */
export class EscPosPrinter implements ReceiptPrinter {
  readonly address: string;
  private readonly statusTimeoutMs: number;
  private readonly writeTimeoutMs: number;
  private readonly confirmTimeoutMs: number;
  private readonly confirmPollMs: number;
  private readonly sentSettleMs: number;
  private readonly cut: 'partial' | 'full';
  private readonly reader: EscPosInboundReader;
  /** Calls one at a time: a print is never interleaved with another print or a query. */
  private readonly calls = new SerialExecutor();
  /** Receives `DLE EOT` answers while a status request waits (null: the port was lost). */
  private statusWaiter: ((byte: number | null) => void) | null = null;
  /** Receives a `GS I` text answer while `identify` waits for one (null: the port was lost). */
  private infoWaiter: ((text: string | null) => void) | null = null;
  /** Receives the `GS r` answer while a job waits for its confirmation. */
  private confirmWaiter: ((byte: number | null) => void) | null = null;
  /** Told of automatic status back blocks while a job waits (a fault stops the wait early). */
  private asbWaiter: ((status: PrinterStatus) => void) | null = null;
  private needsResync = false;
  private closed = false;
  private lastStatus: PrinterStatus | null = null;
  // A listener's bug must not break printing; the listener's owner logs its own errors.
  private readonly statusChanges = new TypedEmitter<Parameters<PrinterStatusListener>>({
    onListenerError: () => undefined,
  });
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private readonly unsubscribe: Array<() => void>;

  constructor(
    private readonly transport: ByteTransport,
    private readonly profile: PrinterProfile,
    options: EscPosPrinterOptions = {},
  ) {
    this.address = transport.address;
    this.statusTimeoutMs = options.statusTimeoutMs ?? 800;
    this.writeTimeoutMs = options.writeTimeoutMs ?? 10_000;
    this.confirmTimeoutMs = options.confirmTimeoutMs ?? 10_000;
    this.confirmPollMs = options.confirmPollMs ?? 250;
    this.sentSettleMs = options.sentSettleMs ?? 2000;
    this.cut = options.cut ?? 'partial';
    this.reader = new EscPosInboundReader({ asb: profile.automaticStatusBack });
    this.unsubscribe = [
      transport.onData((chunk) => {
        for (const event of this.reader.push(chunk)) {
          if (event.type === 'realtime_status') this.statusWaiter?.(event.byte);
          else if (event.type === 'transmit_status') this.confirmWaiter?.(event.byte);
          else if (event.type === 'asb') this.onAsb(event.status);
          else if (event.type === 'printer_info') this.infoWaiter?.(event.text);
          // Header blocks (buffer cleared), XON/XOFF and noise carry nothing the driver needs.
        }
      }),
      // A lost port answers nothing: stop waiting at once instead of at the timeout.
      transport.onClose(() => {
        this.reader.reset();
        this.statusWaiter?.(null);
        this.confirmWaiter?.(null);
        this.infoWaiter?.(null);
      }),
    ];
    if ((options.pollIntervalMs ?? 0) > 0) this.startPolling(options.pollIntervalMs ?? 0);
  }

  /** The last status the printer reported (or null before the first). */
  get currentStatus(): PrinterStatus | null {
    return this.lastStatus;
  }

  /**
   * Subscribes to changes of the printer's status (paper, cover, errors, responding), from
   * status reads, polls, automatic status back and print confirmations. Returns the unsubscribe.
   */
  onStatusChange(listener: PrinterStatusListener): () => void {
    return this.statusChanges.on(listener);
  }

  /** Polls the status every `intervalMs` while no job or query is running. */
  startPolling(intervalMs: number): void {
    this.stopPolling();
    const timer = setInterval(() => {
      // Between jobs only: a poll never delays a visitor's ticket.
      if (this.calls.pending > 0 || this.closed) return;
      void this.status();
    }, intervalMs);
    // Polling must never be what keeps the process alive.
    timer.unref();
    this.pollTimer = timer;
  }

  /** Stops `startPolling`. */
  stopPolling(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
  }

  /** Queries the real-time status; never throws. */
  status(): Promise<PrinterStatus> {
    return this.calls.run(async () => (await this.readStatus()).status);
  }

  /** Checks, sends, and confirms the document (see the class comment); never throws for device faults. */
  print(document: ReceiptDocument): Promise<PrintResult> {
    return this.calls.run(async () => {
      try {
        return await this.printNow(document);
      } catch (error) {
        return failed('error', `print failed: ${messageOf(error)}`, 'unconfirmed');
      }
    });
  }

  /**
   * Asks the maker, model and firmware version (`GS I` 66, 67, 65), each within the status
   * timeout; what the printer does not answer is left out. Between jobs, like every call.
   */
  identify(): Promise<PrinterIdentity> {
    return this.calls.run(async () => {
      const identity: PrinterIdentity = {};
      if (this.closed) return identity;
      if (!this.transport.isOpen) {
        try {
          await this.transport.open();
        } catch {
          return identity;
        }
      }
      for (const kind of ['maker', 'model', 'firmware'] as const) {
        // A late answer to the item before must not be taken for this one.
        if (this.needsResync) {
          await delay(RESYNC_QUIET_MS);
          this.needsResync = false;
        }
        const text = await this.requestInfo(PRINTER_INFO[kind]);
        if (text !== null && text.trim() !== '') identity[kind] = text.trim();
      }
      return identity;
    });
  }

  /** Sends `GS I n` and resolves with its text answer, or null on timeout or loss. */
  private requestInfo(n: number): Promise<string | null> {
    return new Promise((resolve) => {
      const finish = (text: string | null) => {
        clearTimeout(timer);
        this.infoWaiter = null;
        if (text === null) this.needsResync = true;
        resolve(text);
      };
      const timer = setTimeout(() => finish(null), this.statusTimeoutMs);
      this.infoWaiter = finish;
      this.transport.write(printerInfoRequest(n)).catch(() => finish(null));
    });
  }

  /** Waits for the call in progress, then closes the transport; later calls answer not_responding. */
  close(): Promise<void> {
    this.stopPolling();
    return this.calls.run(async () => {
      this.closed = true;
      for (const unsubscribe of this.unsubscribe) unsubscribe();
      await this.transport.close().catch(() => undefined);
    });
  }

  private async printNow(document: ReceiptDocument): Promise<PrintResult> {
    const parsed = ReceiptDocument.safeParse(document);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(document)'}: ${i.message}`);
      return failed('error', `invalid receipt document: ${issues.join('; ')}`, 'not_sent');
    }
    // Encode first: a document the printer cannot print costs no device traffic.
    const encoded = encodeReceipt(parsed.data, this.profile, { cut: this.cut });
    if (!encoded.ok) {
      return failed('error', describeEncodeError(encoded.error, this.profile.codePage.encoding), 'not_sent');
    }

    const before = await this.readStatus();
    const refusal = failureOf(before, 'before printing', 'not_sent');
    if (refusal) return refusal;

    // The job, then (re-)enable ASB (a power-cycled printer forgot it), then the confirmation
    // request: the printer answers `GS r 1` only once it has printed everything before it.
    // A printer that never answers it is not asked: its job is judged by the status alone.
    const asb = this.profile.automaticStatusBack ? automaticStatusBack(ASB_ITEMS) : new Uint8Array(0);
    const confirms = this.profile.confirmsJobs;
    const confirm = confirms ? transmitStatusRequest() : new Uint8Array(0);
    const job = new Uint8Array(encoded.bytes.length + asb.length + confirm.length);
    job.set(encoded.bytes);
    job.set(asb, encoded.bytes.length);
    job.set(confirm, encoded.bytes.length + asb.length);

    const confirmation = this.awaitConfirmation();
    const writeError = await this.writeWithTimeout(job);
    if (writeError !== null) {
      confirmation.cancel();
      // Some of it may be on its way still: the printer may print it later, whole or in part,
      // and answer its GS r late: that answer must not confirm the next job.
      this.needsResync = true;
      return failed('not_responding', `sending the job failed: ${writeError}`, 'unconfirmed');
    }
    if (!confirms) {
      confirmation.cancel();
      return this.watchSentJob();
    }
    return this.waitForPrinted(confirmation);
  }

  /**
   * A job sent to a printer that cannot confirm it: polls `DLE EOT` for `sentSettleMs`. A fault
   * meanwhile is handled as one during a confirmed job (buffers cleared, `interrupted`); silence
   * leaves it `unconfirmed`; otherwise it is called sent (`judgedBy: 'status_poll'`).
   */
  private async watchSentJob(): Promise<PrintResult> {
    const deadline = Date.now() + this.sentSettleMs;
    for (;;) {
      await delay(Math.max(0, Math.min(this.confirmPollMs, deadline - Date.now())));
      const reading = await this.readStatus();
      if (!reading.status.responding) {
        return failed('not_responding', `${reading.detail} (after the job was sent)`, 'unconfirmed');
      }
      const stopped = failureOf(reading, 'after the job was sent; the rest of it was cancelled', 'interrupted');
      if (stopped) {
        await this.clearBuffers();
        return stopped;
      }
      if (Date.now() >= deadline) return ok({ judgedBy: 'status_poll' });
    }
  }

  /**
   * Waits for the `GS r 1` answer, polling `DLE EOT` meanwhile. On a fault or a timeout the
   * printer's buffers are cleared, so nothing of this job prints after the owner was told.
   */
  private async waitForPrinted(confirmation: PendingConfirmation): Promise<PrintResult> {
    try {
      const deadline = Date.now() + this.confirmTimeoutMs;
      for (;;) {
        const wait = Math.max(0, Math.min(this.confirmPollMs, deadline - Date.now()));
        const answer = await confirmation.next(wait);
        if (answer.kind === 'confirmed') return this.confirmed(answer.byte);
        if (answer.kind === 'lost') {
          return failed('not_responding', 'the port was lost before the printer confirmed the job', 'unconfirmed');
        }
        const reading = answer.kind === 'asb' ? { status: answer.status, detail: '' } : await this.readStatus();
        // The job may have finished just as the fault struck: its confirmation wins.
        const late = confirmation.takeConfirmation();
        if (late !== null) return this.confirmed(late);
        if (!reading.status.responding) {
          return failed('not_responding', `${reading.detail} (while printing)`, 'unconfirmed');
        }
        const stopped = failureOf(reading, 'while printing; the rest of the job was cancelled', 'interrupted');
        if (stopped) {
          await this.clearBuffers();
          return stopped;
        }
        if (Date.now() >= deadline) {
          await this.clearBuffers();
          return failed(
            'not_responding',
            `the printer did not confirm the job (GS r) within ${this.confirmTimeoutMs} ms; the rest of it was cancelled`,
            'unconfirmed',
          );
        }
      }
    } finally {
      confirmation.cancel();
    }
  }

  /** The job printed: the `GS r 1` answer also tells whether the roll is near its end. */
  private confirmed(byte: number): PrintResult {
    const parsed = parseTransmitStatus(byte);
    const problems: PrinterProblem[] = parsed.ok ? parsed.problems.filter((p) => p === 'paper_near_end') : [];
    this.publish({ responding: true, problems });
    return ok({ judgedBy: 'printer' });
  }

  /** Listens for the confirmation (and ASB faults) before the job is written, so no answer is missed. */
  private awaitConfirmation(): PendingConfirmation {
    type Answer = Awaited<ReturnType<PendingConfirmation['next']>>;
    const queue: Answer[] = [];
    let wake: (() => void) | null = null;
    const push = (answer: Answer) => {
      queue.push(answer);
      wake?.();
    };
    this.confirmWaiter = (byte) => push(byte === null ? { kind: 'lost' } : { kind: 'confirmed', byte });
    this.asbWaiter = (status) => {
      if (status.problems.some((p) => p !== 'paper_near_end')) push({ kind: 'asb', status });
    };
    return {
      takeConfirmation: () => {
        const index = queue.findIndex((answer) => answer.kind === 'confirmed');
        const [answer] = index < 0 ? [] : queue.splice(index, 1);
        return answer?.kind === 'confirmed' ? answer.byte : null;
      },
      next: async (ms) => {
        if (queue.length === 0) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, ms);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wake = null;
        }
        return queue.shift() ?? { kind: 'poll' };
      },
      cancel: () => {
        this.confirmWaiter = null;
        this.asbWaiter = null;
      },
    };
  }

  /** `DLE DC4 8`: the printer drops what it has not printed yet; late answers are then ignored. */
  private async clearBuffers(): Promise<void> {
    await this.transport.write(clearBuffersRequest()).catch(() => undefined);
    this.needsResync = true;
  }

  /** Asks DLE EOT 1, 2 (3 when 2 reports an error) and 4. No answer to 1 means not responding. */
  private async readStatus(): Promise<StatusReading> {
    const reading = await this.readStatusNow();
    this.publish(reading.status);
    return reading;
  }

  private async readStatusNow(): Promise<StatusReading> {
    if (this.closed) return notResponding('the printer driver was closed');
    if (!this.transport.isOpen) {
      try {
        await this.transport.open();
      } catch (error) {
        return notResponding(`cannot open ${this.address}: ${messageOf(error)}`);
      }
      // A printer forgets GS a when power-cycled; a reopened port often means just that.
      if (this.profile.automaticStatusBack) {
        await this.transport.write(automaticStatusBack(ASB_ITEMS)).catch(() => undefined);
      }
    }
    if (this.needsResync) {
      await delay(RESYNC_QUIET_MS);
      this.needsResync = false;
    }
    const problems = new Set<PrinterProblem>();
    const errorCauses: ErrorCause[] = [];
    for (const kind of [1, 2, 3, 4] as const) {
      if (kind === 3 && !problems.has('error')) continue;
      const byte = await this.requestStatusByte(kind);
      if (byte === null) {
        // Without an answer to the first request the printer is silent; a model that does not
        // implement 2, 3 or 4 still answers 1 and is reported by what it did say.
        if (kind === 1) return notResponding(`no answer to DLE EOT 1 within ${this.statusTimeoutMs} ms`);
        continue;
      }
      if (kind === 3) {
        const parsed = parseErrorCause(byte);
        if (parsed.ok) errorCauses.push(...errorCausesOf(parsed.flags));
        continue;
      }
      const parsed = parseStatusByte(kind, byte);
      if (parsed.ok) for (const problem of parsed.problems) problems.add(problem);
    }
    const status: PrinterStatus = { responding: true, problems: normalize(problems) };
    if (errorCauses.length > 0) status.errorCauses = errorCauses;
    return { status, detail: '' };
  }

  /** Sends `DLE EOT n` and resolves with the first status byte back, or null on timeout/loss. */
  private requestStatusByte(kind: StatusRequestKind): Promise<number | null> {
    return new Promise((resolve) => {
      const finish = (byte: number | null) => {
        clearTimeout(timer);
        this.statusWaiter = null;
        if (byte === null) this.needsResync = true;
        resolve(byte);
      };
      const timer = setTimeout(() => finish(null), this.statusTimeoutMs);
      // Listen before writing: a fast device may answer before the write resolves.
      this.statusWaiter = finish;
      this.transport.write(statusRequest(kind)).catch(() => finish(null));
    });
  }

  private onAsb(asb: AsbStatus): void {
    const status: PrinterStatus = { responding: true, problems: normalize(new Set(asb.problems)) };
    if (asb.errorCauses.length > 0) status.errorCauses = asb.errorCauses;
    this.publish(status);
    this.asbWaiter?.(status);
  }

  /** Records a status and tells the listeners when it differs from the last one. */
  private publish(status: PrinterStatus): void {
    const previous = this.lastStatus;
    this.lastStatus = status;
    if (previous && sameStatus(previous, status)) return;
    this.statusChanges.emit(status);
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
}

/** A job's confirmation being awaited: the next answer within `ms`, or 'poll' when none came. */
interface PendingConfirmation {
  next(
    ms: number,
  ): Promise<
    { kind: 'confirmed'; byte: number } | { kind: 'lost' } | { kind: 'asb'; status: PrinterStatus } | { kind: 'poll' }
  >;
  /** Takes a confirmation that arrived meanwhile, if any. */
  takeConfirmation(): number | null;
  cancel(): void;
}

/** A specific cause explains "offline"; an empty roll makes "near end" redundant; fixed order. */
function normalize(problems: Set<PrinterProblem>): PrinterProblem[] {
  if (problems.has('paper_out') || problems.has('cover_open') || problems.has('error')) problems.delete('offline');
  if (problems.has('paper_out')) problems.delete('paper_near_end');
  return PROBLEM_ORDER.filter((p) => problems.has(p));
}

function sameStatus(a: PrinterStatus, b: PrinterStatus): boolean {
  return (
    a.responding === b.responding &&
    a.problems.join() === b.problems.join() &&
    (a.errorCauses ?? []).join() === (b.errorCauses ?? []).join()
  );
}

function notResponding(detail: string): StatusReading {
  return { status: { responding: false, problems: ['not_responding'] }, detail };
}

function failed(code: PrintFailure, message: string, progress: PrintProgress): PrintResult {
  return fail(code, message, { progress });
}

/** The print failure a status means, or null when the printer can print (`cannotPrintBecause`). */
function failureOf(reading: StatusReading, when: string, progress: PrintProgress): PrintResult | null {
  const { status } = reading;
  const reason = cannotPrintBecause(status);
  switch (reason) {
    case null:
      return null;
    case 'not_responding':
      return failed(reason, `${reading.detail} (${when})`, progress);
    case 'paper_out':
      return failed(reason, `paper out ${when}`, progress);
    case 'cover_open':
      return failed(reason, `cover open ${when}`, progress);
    case 'error': {
      const causes = status.errorCauses ? ` (${status.errorCauses.join(', ')})` : '';
      return failed(reason, `printer reports ${status.problems.join(', ')}${causes} ${when}`, progress);
    }
  }
}

/** Why a document could not be encoded, for the log. */
function describeEncodeError(error: EncodeReceiptError, encoding: string): string {
  switch (error.code) {
    case 'unencodable_text':
      return `the ${encoding} code page cannot print: ${error.characters.map(describeChar).join(', ')}`;
    case 'qr_too_long':
      return `QR data of ${error.bytes} bytes exceeds ${error.maxBytes}`;
    case 'barcode_unencodable':
      return `a CODE128 barcode cannot hold: ${error.characters.map(describeChar).join(', ')}`;
    case 'barcode_too_long':
      return 'the barcode data is empty or too long for one CODE128 symbol';
  }
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
