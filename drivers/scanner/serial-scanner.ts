import type { ScanCharset, ScanFraming, ScanSuffix } from '../../kiosk-config/src/config/kiosk-config';
import { TypedEmitter } from '../../kiosk-config/src/lib/typed-emitter';
import type { ByteTransport } from '../transport/byte-transport';
import { ReopenTimer } from '../transport/reopen-timer';
import type { BarcodeScanner, ScannedCode } from './barcode-scanner';
import { type ScanFrameError, ScanFramer } from './scan-framing';

/** Options of `SerialScanner`. */
export interface SerialScannerOptions {
  /** What the scanner sends after each code (its "suffix" setting; default `CR`). */
  suffix?: ScanSuffix;
  /** By suffix (the default) or by a gap with no byte, for a scanner that sends no suffix. */
  framing?: ScanFraming;
  /** A prefix the scanner is set to send before each code (ASCII), stripped. */
  prefix?: string;
  /** The charset the scanner sends text in (default UTF-8). */
  charset?: ScanCharset;
  /** Milliseconds for silence framing (default `performance.now`); tests inject a fake. */
  clock?: () => number;
  /** Longest code in bytes (default 4096). */
  maxFrameBytes?: number;
  /**
   * After the port is lost, try to open it again this often, in ms (default 2000; 0: never). A
   * USB scanner unplugged and plugged back in then works again without anyone touching the kiosk.
   */
  reconnectMs?: number;
}

/** Something that went wrong with the scanner without a code to show for it. */
export type ScannerFault = ScanFrameError | { code: 'disconnected'; message: string };

/**
 * A barcode/QR scanner in serial (or USB virtual COM) mode, over any `ByteTransport`.
 *
 * Framing is `ScanFramer`'s job; this class wires it to the transport and the listeners. Call
 * `open()` to start receiving. A lost port is reported through `onFault` and reopened every
 * `reconnectMs` until it is back; a reopened port starts with an empty frame.
 */
export class SerialScanner implements BarcodeScanner {
  readonly address: string;
  private readonly framer: ScanFramer;
  private readonly scanListeners = new TypedEmitter<[code: ScannedCode]>();
  private readonly faultListeners = new TypedEmitter<[fault: ScannerFault]>();
  private readonly unsubscribe: Array<() => void>;
  private readonly reopener: ReopenTimer;
  private silenceTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly clock: () => number;
  private closed = false;

  constructor(
    private readonly transport: ByteTransport,
    options: SerialScannerOptions,
  ) {
    this.address = transport.address;
    this.reopener = new ReopenTimer({
      intervalMs: options.reconnectMs ?? 2000,
      reopen: () => this.open(),
      isOpen: () => this.transport.isOpen,
    });
    this.clock = options.clock ?? (() => performance.now());
    this.framer = new ScanFramer({
      suffix: options.suffix ?? 'CR',
      ...(options.framing?.kind === 'silence' ? { silenceMs: options.framing.silenceMs } : {}),
      ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
      ...(options.charset === undefined ? {} : { charset: options.charset }),
      clock: this.clock,
      ...(options.maxFrameBytes === undefined ? {} : { maxFrameBytes: options.maxFrameBytes }),
      onError: (error) => this.emitFault(error),
    });
    this.unsubscribe = [
      transport.onData((chunk) => {
        this.deliver(this.framer.push(chunk));
        this.armSilenceTimer();
      }),
      transport.onClose((error) => {
        this.clearSilenceTimer();
        this.framer.reset();
        if (!error) return;
        this.emitFault({ code: 'disconnected', message: error.message });
        this.reopener.schedule();
      }),
    ];
  }

  /** Opens the transport (rejects when the port cannot be opened). */
  async open(): Promise<void> {
    if (this.transport.isOpen) return;
    this.framer.reset();
    await this.transport.open();
  }

  get isOpen(): boolean {
    return this.transport.isOpen;
  }

  onScan(listener: (code: ScannedCode) => void): () => void {
    return this.scanListeners.on(listener);
  }

  /** Subscribes to dropped frames and a lost port; returns the unsubscribe function. */
  onFault(listener: (fault: ScannerFault) => void): () => void {
    return this.faultListeners.on(listener);
  }

  /** Stops listening and reconnecting, and closes the transport. */
  async close(): Promise<void> {
    this.closed = true;
    this.clearSilenceTimer();
    this.reopener.stop();
    for (const unsubscribe of this.unsubscribe) unsubscribe();
    await this.transport.close();
  }

  private deliver(codes: ScannedCode[]): void {
    for (const code of codes) {
      this.scanListeners.emit(code);
    }
  }

  /** Silence framing: wakes up when the pending code's gap has passed, to deliver it. */
  private armSilenceTimer(): void {
    this.clearSilenceTimer();
    const deadline = this.framer.silenceDeadline;
    if (deadline === null || this.closed) return;
    const timer = setTimeout(
      () => {
        this.silenceTimer = null;
        this.deliver(this.framer.flushIfSilent());
        // A timer can fire a hair early by the clock: try again until the gap has passed.
        this.armSilenceTimer();
      },
      Math.max(0, Math.ceil(deadline - this.clock())),
    );
    timer.unref?.();
    this.silenceTimer = timer;
  }

  private clearSilenceTimer(): void {
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    this.silenceTimer = null;
  }

  private emitFault(fault: ScannerFault): void {
    this.faultListeners.emit(fault);
  }
}
