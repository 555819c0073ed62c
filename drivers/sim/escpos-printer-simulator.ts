import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PrinterProfile } from '../../kiosk-config/src/config/printer-profile';
import { EscPosPaperDecoder, type PaperAlign, type PaperEvent } from '../escpos/escpos-paper-decoder';
import { buildStatusByte } from '../escpos/escpos-status';
import type { ByteTransport } from '../transport/byte-transport';
import { SerialTransport } from '../transport/serial-transport';
import { createPtyPair } from './pty-pair';

/** Something printed on a ticket, in order. */
export type PaperItem =
  | { type: 'text'; text: string; align: PaperAlign; width: number; height: number; bold: boolean }
  | { type: 'qr'; text: string; data: Uint8Array }
  | { type: 'barcode'; text: string }
  | { type: 'image'; widthBytes: number; height: number }
  | { type: 'feed'; lines: number };

/** One piece of paper: finished by a cut, or still in the printer. */
export interface PaperTicket {
  /** Printed text lines in order; fed blank lines are empty strings. */
  lines: string[];
  /** QR payloads in order (UTF-8). */
  qr: string[];
  /** The ticket was cut off (false only for the unfinished one). */
  cut: boolean;
  /** Everything printed, in order, with print modes. */
  items: PaperItem[];
}

/** The simulated printer's condition; each fault is reported by `DLE EOT` like a real printer. */
export interface PrinterSimulatorState {
  paperOut: boolean;
  paperNearEnd: boolean;
  coverOpen: boolean;
  /** Answers no status requests at all (a printer switched off, a wrong baud rate). */
  silent: boolean;
}

/** Options of `EscPosPrinterSimulator`. */
export interface EscPosPrinterSimulatorOptions {
  /** The model being simulated: its code page number, columns, double-byte start. */
  profile: PrinterProfile;
  /** Writes each finished ticket to `<paperDir>/ticket-<seq>.txt` for a person to read. */
  paperDir?: string;
  /** Told about faults of the simulator itself (a paper file that could not be written). */
  onFault?: (error: Error) => void;
}

/**
 * An ESC/POS receipt printer simulated on the far end of a byte transport (usually a PTY).
 *
 * It decodes the job bytes into "paper" and answers `DLE EOT 1/2/3/4` from its state. As a real
 * printer in error, it drops job bytes while the paper is out or the cover is open, though it
 * still answers status requests. It starts in double-byte mode when the profile says the firmware
 * does, so a driver that forgets `FS .` gets garbled Cyrillic, as it would on the real printer.
 */
export class EscPosPrinterSimulator {
  /** Printed items (lines, QR codes, cuts) thrown away while in error. */
  droppedEvents = 0;
  /** Status requests answered (or ignored while silent). */
  statusRequests = 0;
  private readonly decoder: EscPosPaperDecoder;
  private readonly profile: PrinterProfile;
  private readonly paperDir: string | undefined;
  private readonly onFault: ((error: Error) => void) | undefined;
  private state: PrinterSimulatorState = { paperOut: false, paperNearEnd: false, coverOpen: false, silent: false };
  private readonly finished: PaperTicket[] = [];
  private current: PaperTicket = emptyTicket();
  private readonly ticketListeners = new Set<(ticket: PaperTicket) => void>();
  /** How many finished tickets `waitForTicket` has handed out. */
  private taken = 0;
  private nextSeq = 1;
  /** Paper files are written one after another; `close()` waits for the last. */
  private fileQueue: Promise<void> = Promise.resolve();
  private unsubscribe: Array<() => void> = [];

  constructor(
    private readonly transport: ByteTransport,
    options: EscPosPrinterSimulatorOptions,
  ) {
    this.profile = options.profile;
    this.paperDir = options.paperDir;
    this.onFault = options.onFault;
    this.decoder = new EscPosPaperDecoder({
      codePages: { [options.profile.codePage.escT]: options.profile.codePage.encoding },
      columns: options.profile.columns,
      startsInDoubleByteMode: options.profile.leaveDoubleByteMode,
    });
  }

  /** Starts a simulator on a fresh PTY pair: the same as the function `startSimulatedPrinter`. */
  static startSimulatedPrinter(options: StartSimulatedPrinterOptions): Promise<SimulatedPrinter> {
    return startSimulatedPrinter(options);
  }

  /** Opens the transport and starts listening; numbers paper files after those already there. */
  async start(): Promise<void> {
    if (this.paperDir) {
      await mkdir(this.paperDir, { recursive: true });
      const existing = (await readdir(this.paperDir))
        .map((name) => /^ticket-(\d+)\.txt$/.exec(name)?.[1])
        .filter((seq): seq is string => seq !== undefined)
        .map(Number);
      this.nextSeq = Math.max(0, ...existing) + 1;
    }
    this.unsubscribe = [this.transport.onData((chunk) => this.receive(chunk))];
    await this.transport.open();
  }

  /** The printer's condition now. */
  getState(): Readonly<PrinterSimulatorState> {
    return { ...this.state };
  }

  /** Changes the condition (open the cover, run out of paper…); unspecified fields stay. */
  setState(change: Partial<PrinterSimulatorState>): void {
    this.state = { ...this.state, ...change };
  }

  /** Finished (cut) tickets, oldest first. */
  get tickets(): readonly PaperTicket[] {
    return this.finished;
  }

  /** The ticket being printed, not yet cut. */
  get currentTicket(): PaperTicket {
    return this.current;
  }

  /** All the paper: finished tickets and the one still in the printer. */
  get paper(): { tickets: readonly PaperTicket[]; current: PaperTicket } {
    return { tickets: this.finished, current: this.current };
  }

  /** Subscribes to tickets as they are cut; returns the unsubscribe function. */
  onTicket(listener: (ticket: PaperTicket) => void): () => void {
    this.ticketListeners.add(listener);
    return () => this.ticketListeners.delete(listener);
  }

  /**
   * Resolves with the oldest finished ticket not yet handed out by this method, waiting for one
   * if needed, so a test can print first and wait afterwards without a race. Rejects on timeout.
   */
  waitForTicket(timeoutMs = 5000): Promise<PaperTicket> {
    const ready = this.finished[this.taken];
    if (ready) {
      this.taken++;
      return Promise.resolve(ready);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new Error(`no ticket was cut within ${timeoutMs} ms`));
      }, timeoutMs);
      const unsubscribe = this.onTicket(() => {
        const ticket = this.finished[this.taken];
        if (!ticket) return;
        this.taken++;
        clearTimeout(timer);
        unsubscribe();
        resolve(ticket);
      });
    });
  }

  /** Stops listening, closes the transport and waits for paper files being written. */
  async close(): Promise<void> {
    for (const unsubscribe of this.unsubscribe) unsubscribe();
    this.unsubscribe = [];
    await this.transport.close().catch(() => undefined);
    await this.fileQueue;
  }

  private receive(chunk: Uint8Array): void {
    for (const event of this.decoder.push(chunk)) this.handle(event);
  }

  private handle(event: PaperEvent): void {
    if (event.type === 'status_request') {
      this.statusRequests++;
      if (this.state.silent) return;
      const byte = buildStatusByte(event.n, {
        paperOut: this.state.paperOut,
        paperNearEnd: this.state.paperNearEnd,
        coverOpen: this.state.coverOpen,
      });
      this.transport.write(Uint8Array.of(byte)).catch((error: unknown) => this.fault(error));
      return;
    }
    const printing = event.type !== 'init' && event.type !== 'code_page' && event.type !== 'unknown';
    if (printing && (this.state.paperOut || this.state.coverOpen)) {
      // A printer in error prints nothing of what it is sent.
      this.droppedEvents++;
      return;
    }
    const ticket = this.current;
    switch (event.type) {
      case 'text': {
        const { type: _type, ...line } = event;
        ticket.lines.push(line.text);
        ticket.items.push({ type: 'text', ...line });
        break;
      }
      case 'qr':
        ticket.qr.push(event.text);
        ticket.items.push({ type: 'qr', text: event.text, data: event.data });
        break;
      case 'barcode':
        ticket.items.push({ type: 'barcode', text: new TextDecoder().decode(event.data) });
        break;
      case 'image':
        ticket.items.push({ type: 'image', widthBytes: event.widthBytes, height: event.height });
        break;
      case 'feed':
        for (let i = 0; i < event.lines; i++) ticket.lines.push('');
        ticket.items.push({ type: 'feed', lines: event.lines });
        break;
      case 'cut':
        ticket.cut = true;
        this.finished.push(ticket);
        this.current = emptyTicket();
        this.saveTicket(ticket);
        for (const listener of this.ticketListeners) listener(ticket);
        break;
      default:
        break;
    }
  }

  private saveTicket(ticket: PaperTicket): void {
    const dir = this.paperDir;
    if (!dir) return;
    const seq = this.nextSeq++;
    const name = `ticket-${String(seq).padStart(4, '0')}.txt`;
    const text = renderTicket(ticket, this.profile.columns);
    this.fileQueue = this.fileQueue.then(async () => {
      const temp = path.join(dir, `.${name}.tmp`);
      try {
        // Written aside and renamed, so whoever watches the folder never reads half a ticket.
        await writeFile(temp, text, 'utf8');
        await rename(temp, path.join(dir, name));
      } catch (error) {
        this.fault(error);
      }
    });
  }

  private fault(error: unknown): void {
    this.onFault?.(error instanceof Error ? error : new Error(String(error)));
  }
}

/**
 * Renders a ticket as plain text as it would look on paper: aligned within the columns, QR codes
 * shown by their payload, the cut as a dashed line with scissors.
 */
export function renderTicket(ticket: PaperTicket, columns: number): string {
  const out: string[] = [];
  for (const item of ticket.items) {
    switch (item.type) {
      case 'text': {
        // Wide characters take more room: spread them so the line keeps its printed width.
        const text = item.width > 1 ? Array.from(item.text).join(' '.repeat(item.width - 1)) : item.text;
        out.push(align(text, item.align, columns));
        break;
      }
      case 'qr':
        out.push(align(`[QR: ${item.text}]`, 'center', columns));
        break;
      case 'barcode':
        out.push(align(`[barcode: ${item.text}]`, 'center', columns));
        break;
      case 'image':
        out.push(align(`[image ${item.widthBytes * 8}×${item.height}]`, 'center', columns));
        break;
      case 'feed':
        for (let i = 0; i < item.lines; i++) out.push('');
        break;
    }
  }
  if (ticket.cut) out.push(`✂${'-'.repeat(Math.max(0, columns - 1))}`);
  return `${out.join('\n')}\n`;
}

function align(text: string, how: PaperAlign, columns: number): string {
  const room = columns - Array.from(text).length;
  if (room <= 0 || how === 'left') return text;
  if (how === 'right') return ' '.repeat(room) + text;
  return ' '.repeat(Math.floor(room / 2)) + text;
}

function emptyTicket(): PaperTicket {
  return { lines: [], qr: [], cut: false, items: [] };
}

/** A simulated printer on a fresh PTY pair: the driver opens `devicePath`. */
export interface SimulatedPrinter {
  /** The path the kiosk's printer driver opens, as if it were `/dev/ttyUSB0`. */
  devicePath: string;
  simulator: EscPosPrinterSimulator;
  /** Closes the simulator and stops socat. Close the driver's side first. */
  close(): Promise<void>;
}

/** Options of `startSimulatedPrinter`. */
export interface StartSimulatedPrinterOptions {
  profile: PrinterProfile;
  paperDir?: string;
  onFault?: (error: Error) => void;
  baudRate?: number;
}

/**
 * Starts a simulated ESC/POS printer: a socat PTY pair, the simulator on one end through the
 * real serialport package. Point an `EscPosPrinter` over a `SerialTransport` at `devicePath`.
 */
export async function startSimulatedPrinter(options: StartSimulatedPrinterOptions): Promise<SimulatedPrinter> {
  const pair = await createPtyPair();
  const transport = new SerialTransport({
    path: pair.simulatorPath,
    ...(options.baudRate === undefined ? {} : { baudRate: options.baudRate }),
  });
  const simulator = new EscPosPrinterSimulator(transport, {
    profile: options.profile,
    ...(options.paperDir === undefined ? {} : { paperDir: options.paperDir }),
    ...(options.onFault === undefined ? {} : { onFault: options.onFault }),
  });
  try {
    await simulator.start();
  } catch (error) {
    await simulator.close();
    await pair.close();
    throw error;
  }
  let closing: Promise<void> | null = null;
  return {
    devicePath: pair.devicePath,
    simulator,
    close() {
      closing ??= simulator.close().finally(() => pair.close());
      return closing;
    },
  };
}
