import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PrinterProfile } from '../../kiosk-config/src/config/printer-profile';
import { SerialExecutor } from '../../kiosk-config/src/lib/serial-executor';
import { TypedEmitter } from '../../kiosk-config/src/lib/typed-emitter';
import { decodeCode128Data } from '../escpos/code128';
import { BARCODE, BUFFERS_CLEARED_RESPONSE, PRINTER_INFO, printerInfoAnswer } from '../escpos/escpos-commands';
import { EscPosPaperDecoder, type PaperAlign, type PaperEvent } from '../escpos/escpos-paper-decoder';
import { type RealtimeCommand, RealtimeCommandScanner } from '../escpos/escpos-realtime-scanner';
import {
  buildAsbBlock,
  buildStatusByte,
  buildTransmitStatusByte,
  type PrinterCondition,
} from '../escpos/escpos-status';
import type { ByteTransport } from '../transport/byte-transport';
import { createPtyPair } from './pty-pair';
import { type SimulatorOnPty, startOnPtyPair } from './simulator-on-pty';
import { type PausableTransport, SimulatorSerialPort } from './simulator-serial-port';

/** Something printed on a ticket, in order. */
export type PaperItem =
  | { type: 'text'; text: string; align: PaperAlign; width: number; height: number; bold: boolean }
  | { type: 'qr'; text: string; data: Uint8Array }
  /** `symbology` `CODE128` with the text its data encodes; other systems: their raw data as text. */
  | { type: 'barcode'; text: string; symbology: string }
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
  /** Off-line with no cause reported (`DLE EOT 1` bit 3 alone): it holds what it receives. */
  offline: boolean;
  paperOut: boolean;
  paperNearEnd: boolean;
  coverOpen: boolean;
  /** The auto-cutter jammed: the printer stops until it is cleared. */
  cutterError: boolean;
  /** An unrecoverable error (`DLE EOT 3` bit 5): the printer stops until switched off and on. */
  error: boolean;
  /** Answers nothing at all (a printer switched off, a wrong baud rate). */
  silent: boolean;
}

/**
 * A fault the simulator can be told to run into partway through what it is printing:
 * `stop_reading` plays a printer whose receive buffer filled up (see `pauseReading`).
 */
export type InjectedFault = 'paper_out' | 'cover_open' | 'cutter_error' | 'stop_reading';

/** When an injected fault strikes, counted from the moment it is armed. */
export interface FaultTrigger {
  fault: InjectedFault;
  /** After processing this many more bytes. */
  afterBytes?: number;
  /** After printing this many more text lines. */
  afterLines?: number;
}

/** Options of `EscPosPrinterSimulator`. */
export interface EscPosPrinterSimulatorOptions {
  /** The model being simulated: its code page number, columns, double-byte start. */
  profile: PrinterProfile;
  /** Writes each finished ticket to `<paperDir>/ticket-<seq>.txt` for a person to read. */
  paperDir?: string;
  /** Told about faults of the simulator itself (a paper file that could not be written). */
  onFault?: (error: Error) => void;
  /** Pulls the simulator's cable (`dropPortAfterJob`); `startSimulatedPrinter` wires the PTY pair's unplug. */
  dropPort?: () => Promise<void>;
}

const FAULT_STATE: Record<Exclude<InjectedFault, 'stop_reading'>, keyof PrinterSimulatorState> = {
  paper_out: 'paperOut',
  cover_open: 'coverOpen',
  cutter_error: 'cutterError',
};

/**
 * An ESC/POS receipt printer simulated on the far end of a byte transport (usually a PTY).
 *
 * It decodes the job bytes into "paper" and behaves as a real printer does where the driver
 * depends on it:
 * - real-time commands (`DLE EOT n`, `DLE DC4 8` clear buffers) are acted on as they arrive;
 * - `GS r 1` is answered in order, only once everything before it has been printed;
 * - `GS a n` turns on automatic status back: a 4-byte block now and at every change;
 * - in error (paper out, cover open, cutter jam) it stops processing and HOLDS what it receives,
 *   answering only real-time commands; once the error is cleared it prints what it holds, unless
 *   the host cleared the buffers meanwhile. Running out of paper spoils the ticket in progress
 *   (it leaves with the end of the roll);
 * - faults can be injected partway through a job (`injectFault`), and reading can be paused so
 *   the driver's writes back up (`pauseReading`).
 * It starts in double-byte mode when the profile says the firmware does, so a driver that
 * forgets `FS .` gets garbled Cyrillic, as it would on the real printer.
 */
export class EscPosPrinterSimulator {
  /** `DLE EOT` requests answered (or ignored while silent). */
  statusRequests = 0;
  /** `GS r` requests answered (or ignored while silent). */
  transmitStatusRequests = 0;
  /** `GS I` requests received (answered when the profile gives the model's identity). */
  printerInfoRequests = 0;
  /** `DLE DC4 8` buffer clears done. */
  buffersCleared = 0;
  /** Bytes received from the host. */
  bytesReceived = 0;
  /** When the last byte arrived (`performance.timeOrigin + performance.now()`, ms): benchmarks time a job's end by it. */
  lastByteAt = 0;
  /** Answers `GS r` (default true); false plays a firmware that never confirms a job. */
  supportsTransmitStatus = true;
  /**
   * Instead of answering the next `GS r` (the end of a job, printed whole), the port is lost:
   * a cable pulled, a USB adapter reset, just after the last byte. Needs the `dropPort` option.
   */
  dropPortAfterJob = false;
  private readonly decoder: EscPosPaperDecoder;
  private readonly realtime = new RealtimeCommandScanner();
  private readonly profile: PrinterProfile;
  private readonly paperDir: string | undefined;
  private readonly onFault: ((error: Error) => void) | undefined;
  private readonly dropPort: (() => Promise<void>) | undefined;
  private state: PrinterSimulatorState = {
    offline: false,
    paperOut: false,
    paperNearEnd: false,
    coverOpen: false,
    cutterError: false,
    error: false,
    silent: false,
  };
  private readonly finished: PaperTicket[] = [];
  private readonly spoiledTickets: PaperTicket[] = [];
  private current: PaperTicket = emptyTicket();
  /** Received while stopped by an error, oldest first; printed once the error clears. */
  private held: Uint8Array[] = [];
  private armed: { fault: InjectedFault; bytesLeft: number; linesLeft: number } | null = null;
  /** The `GS a n` items enabled, and the last block sent (so only changes are sent). */
  private asbMask = 0;
  private lastAsb = '';
  private readonly ticketsCut = new TypedEmitter<[ticket: PaperTicket]>();
  /** How many finished tickets `waitForTicket` has handed out. */
  private taken = 0;
  private nextSeq = 1;
  /** Paper files are written one after another; `close()` waits for the last. */
  private readonly fileWrites = new SerialExecutor();
  private unsubscribe: Array<() => void> = [];

  constructor(
    private readonly transport: ByteTransport | PausableTransport,
    options: EscPosPrinterSimulatorOptions,
  ) {
    this.profile = options.profile;
    this.paperDir = options.paperDir;
    this.onFault = options.onFault;
    this.dropPort = options.dropPort;
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

  /**
   * Changes the condition (open the cover, run out of paper, load paper…); unspecified fields
   * stay. Clearing the last error makes the printer go on with what it holds.
   */
  setState(change: Partial<PrinterSimulatorState>): void {
    const before = this.state;
    this.state = { ...before, ...change };
    if (!before.paperOut && this.state.paperOut) this.spoilCurrentTicket();
    this.sendAsbIfChanged();
    this.drainHeld();
  }

  /** Arms a fault to strike partway through what comes next (one at a time). */
  injectFault(trigger: FaultTrigger): void {
    this.armed = {
      fault: trigger.fault,
      bytesLeft: trigger.afterBytes ?? Number.POSITIVE_INFINITY,
      linesLeft: trigger.afterLines ?? Number.POSITIVE_INFINITY,
    };
  }

  /**
   * Stops reading from the line, as a printer with a full receive buffer: the OS buffers fill
   * and the host's writes block. With XON/XOFF flow control the printer also sends XOFF.
   */
  pauseReading(): void {
    this.pausable().pauseReading();
    if (this.profile.flowControl === 'xonxoff') this.send(Uint8Array.of(0x13));
  }

  /** Reads again after `pauseReading` (and sends XON with XON/XOFF flow control). */
  resumeReading(): void {
    this.pausable().resumeReading();
    if (this.profile.flowControl === 'xonxoff') this.send(Uint8Array.of(0x11));
  }

  /** Bytes received while stopped by an error and not yet printed. */
  get heldBytes(): number {
    return this.held.reduce((sum, chunk) => sum + chunk.length, 0);
  }

  /** Finished (cut) tickets, oldest first. */
  get tickets(): readonly PaperTicket[] {
    return this.finished;
  }

  /** Tickets cut short because the paper ran out partway (they left with the end of the roll). */
  get spoiled(): readonly PaperTicket[] {
    return this.spoiledTickets;
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
    return this.ticketsCut.on(listener);
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

  /**
   * Follows a replug (`PtyPair.replug()`): opens the transport again on the new port. The state
   * (paper, faults, the ticket being printed) stays: unplugging a cable does not reset a printer.
   */
  async reattach(): Promise<void> {
    await this.transport.close().catch(() => undefined);
    await this.transport.open();
  }

  /** Stops listening, closes the transport and waits for paper files being written. */
  async close(): Promise<void> {
    for (const unsubscribe of this.unsubscribe) unsubscribe();
    this.unsubscribe = [];
    await this.transport.close().catch(() => undefined);
    await this.fileWrites.idle();
  }

  private get stopped(): boolean {
    const { offline, paperOut, coverOpen, cutterError, error } = this.state;
    return offline || paperOut || coverOpen || cutterError || error;
  }

  private pausable(): PausableTransport {
    const transport = this.transport;
    if (!('pauseReading' in transport)) throw new Error("this simulator's transport cannot pause reading");
    return transport;
  }

  private receive(chunk: Uint8Array): void {
    this.bytesReceived += chunk.length;
    this.lastByteAt = performance.timeOrigin + performance.now();
    // Real-time commands act on arrival; the bytes between them are printed or held in order.
    let start = 0;
    for (const hit of this.realtime.push(chunk)) {
      this.feed(chunk.subarray(start, hit.end));
      start = hit.end;
      this.realtimeCommand(hit.command);
    }
    this.feed(chunk.subarray(start));
  }

  private realtimeCommand(command: RealtimeCommand): void {
    if (command.type === 'status_request') {
      this.statusRequests++;
      if (!this.state.silent) this.send(Uint8Array.of(buildStatusByte(command.n, this.condition())));
      return;
    }
    // Clear buffers: what waits to be printed is gone, as is the unfinished line.
    this.buffersCleared++;
    this.held = [];
    this.decoder.clearBuffers();
    if (!this.state.silent) this.send(Uint8Array.from(BUFFERS_CLEARED_RESPONSE));
  }

  private feed(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    if (this.stopped || this.held.length > 0) {
      this.held.push(bytes.slice());
      return;
    }
    const rest = this.process(bytes);
    if (rest) this.held.push(rest);
  }

  /** Prints what it holds, for as long as no error stops it. */
  private drainHeld(): void {
    while (!this.stopped && this.held.length > 0) {
      const next = this.held.shift() ?? new Uint8Array(0);
      const rest = this.process(next);
      if (rest) this.held.unshift(rest);
    }
  }

  /** Decodes and prints bytes; returns those left unprocessed when an error stopped it. */
  private process(bytes: Uint8Array): Uint8Array | null {
    if (!this.armed) {
      for (const event of this.decoder.push(bytes)) this.handle(event);
      return null;
    }
    // A fault is armed: go byte by byte, so it strikes exactly where it was told to.
    for (let i = 0; i < bytes.length; i++) {
      for (const event of this.decoder.push(bytes.subarray(i, i + 1))) this.handle(event);
      const armed = this.armed;
      if (armed) {
        armed.bytesLeft--;
        if (armed.bytesLeft <= 0 || armed.linesLeft <= 0) {
          this.armed = null;
          // A full buffer stops the reading, not the printing of what is already in.
          if (armed.fault === 'stop_reading') this.pauseReading();
          else this.setStateQuietly(FAULT_STATE[armed.fault]);
        }
      }
      if (this.stopped) return i + 1 < bytes.length ? bytes.slice(i + 1) : null;
    }
    return null;
  }

  /** Sets an injected fault from inside `process` (no draining: the caller holds the rest). */
  private setStateQuietly(field: keyof PrinterSimulatorState): void {
    if (field === 'paperOut' && !this.state.paperOut) this.spoilCurrentTicket();
    this.state = { ...this.state, [field]: true };
    this.sendAsbIfChanged();
  }

  private handle(event: PaperEvent): void {
    const ticket = this.current;
    switch (event.type) {
      case 'transmit_status_request':
        this.transmitStatusRequest(event.n);
        break;
      case 'asb_setting':
        this.asbMask = event.n & 0x0f;
        this.lastAsb = '';
        this.sendAsbIfChanged();
        break;
      case 'text': {
        const { type: _type, ...line } = event;
        ticket.lines.push(line.text);
        ticket.items.push({ type: 'text', ...line });
        if (this.armed) this.armed.linesLeft--;
        break;
      }
      case 'qr':
        ticket.qr.push(event.text);
        ticket.items.push({ type: 'qr', text: event.text, data: event.data });
        break;
      case 'barcode':
        ticket.items.push(barcodeItem(event.m, event.data));
        break;
      case 'printer_info_request':
        this.printerInfoRequest(event.n);
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
        this.ticketsCut.emit(ticket);
        break;
      default:
        // Status requests and buffer clears were handled on arrival; the rest changes no paper.
        break;
    }
  }

  /** `GS I n`: maker, model and firmware as the profile says the model answers; silent without them. */
  private printerInfoRequest(n: number): void {
    this.printerInfoRequests++;
    const identity = this.profile.identity;
    if (this.state.silent || !identity) return;
    const text =
      n === PRINTER_INFO.maker
        ? identity.maker
        : n === PRINTER_INFO.model
          ? identity.model
          : n === PRINTER_INFO.firmware
            ? identity.firmware
            : undefined;
    if (text !== undefined) this.send(printerInfoAnswer(text));
  }

  /** `GS r n`: 1/49 paper sensor, 2/50 drawer (always low here). */
  private transmitStatusRequest(n: number): void {
    this.transmitStatusRequests++;
    if (this.dropPortAfterJob && this.dropPort) {
      this.dropPortAfterJob = false;
      this.dropPort().catch((error: unknown) => this.fault(error));
      return;
    }
    if (this.state.silent || !this.supportsTransmitStatus) return;
    if (n === 1 || n === 49) this.send(Uint8Array.of(buildTransmitStatusByte(this.condition())));
    else if (n === 2 || n === 50) this.send(Uint8Array.of(0));
  }

  private condition(): PrinterCondition {
    return {
      offline: this.state.offline,
      paperOut: this.state.paperOut,
      paperNearEnd: this.state.paperNearEnd,
      coverOpen: this.state.coverOpen,
      cutterError: this.state.cutterError,
      error: this.state.error,
    };
  }

  private sendAsbIfChanged(): void {
    if (this.asbMask === 0 || this.state.silent) return;
    const block = buildAsbBlock(this.condition());
    const key = block.join(',');
    if (key === this.lastAsb) return;
    this.lastAsb = key;
    this.send(block);
  }

  private spoilCurrentTicket(): void {
    if (this.current.items.length === 0) return;
    this.spoiledTickets.push(this.current);
    this.current = emptyTicket();
  }

  private send(bytes: Uint8Array): void {
    this.transport.write(bytes).catch((error: unknown) => this.fault(error));
  }

  private saveTicket(ticket: PaperTicket): void {
    const dir = this.paperDir;
    if (!dir) return;
    const seq = this.nextSeq++;
    const name = `ticket-${String(seq).padStart(4, '0')}.txt`;
    const text = renderTicket(ticket, this.profile.columns);
    // Each write catches its own error (a fault), so the promise is left to settle alone.
    void this.fileWrites.run(async () => {
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

/** A barcode as printed: a valid CODE128 by the text it encodes, anything else by its raw data. */
function barcodeItem(m: number, data: Uint8Array): PaperItem {
  if (m === BARCODE.code128) {
    const decoded = decodeCode128Data(data);
    return decoded.ok
      ? { type: 'barcode', symbology: 'CODE128', text: decoded.text }
      : { type: 'barcode', symbology: 'CODE128 (invalid)', text: new TextDecoder().decode(data) };
  }
  return { type: 'barcode', symbology: `GS k ${m}`, text: new TextDecoder().decode(data) };
}

function emptyTicket(): PaperTicket {
  return { lines: [], qr: [], cut: false, items: [] };
}

/** A simulated printer on a PTY pair: the path the printer driver opens, the simulator, its cable. */
export type SimulatedPrinter = SimulatorOnPty<EscPosPrinterSimulator>;

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
  const transport = new SimulatorSerialPort({
    path: pair.simulatorPath,
    ...(options.baudRate === undefined ? {} : { baudRate: options.baudRate }),
  });
  const simulator = new EscPosPrinterSimulator(transport, {
    profile: options.profile,
    ...(options.paperDir === undefined ? {} : { paperDir: options.paperDir }),
    ...(options.onFault === undefined ? {} : { onFault: options.onFault }),
    dropPort: () => pair.unplug(),
  });
  return startOnPtyPair(pair, simulator, 'printer');
}
