import type { ScanCharset } from '../../kiosk-config/src/config/kiosk-config';
import { TypedEmitter } from '../../kiosk-config/src/lib/typed-emitter';
import { HID_POS_PROFILES, type HidPosProfile } from '../hid/hid-pos-profiles';
import { HidPosAssembler, type HidPosAssemblyError } from '../hid/hid-pos-report';
import type { DeviceLink, LinkEvent } from '../transport/reconnecting-transport';
import { ReopenTimer } from '../transport/reopen-timer';
import type { ReportTransport } from '../transport/report-transport';
import type { BarcodeScanner, ScannedCode } from './barcode-scanner';
import { type CodeDecoding, codeDecoding, decodeCodeBytes } from './scan-framing';

/** Options of `HidPosScanner`. */
export interface HidPosScannerOptions {
  /** The model's report layout and vendor switches (default: the generic HID POS profile). */
  profile?: HidPosProfile;
  /** The charset the scanner sends text in (default UTF-8). */
  charset?: ScanCharset;
  /** A prefix the scanner is set to send before each code (ASCII), stripped. */
  prefix?: string;
  /** Longest code in bytes (default 4096). */
  maxCodeBytes?: number;
  /** After the device is lost, try to open it again this often, in ms (default 2000; 0: never). */
  reconnectMs?: number;
}

/** Something that went wrong with a HID POS scanner without a code to show for it. */
export type HidPosScannerFault =
  | Exclude<HidPosAssemblyError, { code: 'other_report' }>
  | { code: 'disconnected'; message: string }
  | { code: 'switch_refused'; reportId: number; message: string };

/**
 * A barcode/QR scanner in HID POS mode (usage page 0x8C), over any `ReportTransport`.
 *
 * After opening it sends the profile's vendor switches, then joins continued input reports into
 * codes (`HidPosAssembler`) and decodes each code's bytes with the charset as a whole, after
 * stripping the configured prefix. A lost device is reported through `onFault` and reopened
 * every `reconnectMs` until it is back. It is its own `DeviceLink`, so the device manager shows
 * it offline while it is away.
 */
export class HidPosScanner implements BarcodeScanner, DeviceLink {
  readonly address: string;
  private readonly profile: HidPosProfile;
  private readonly assembler: HidPosAssembler;
  private readonly decoding: CodeDecoding;
  private readonly scanListeners = new TypedEmitter<[code: ScannedCode]>();
  private readonly faultListeners = new TypedEmitter<[fault: HidPosScannerFault]>();
  private readonly linkListeners = new TypedEmitter<[event: LinkEvent]>();
  private attempts = 0;
  private readonly unsubscribe: Array<() => void>;
  private readonly reconnectMs: number;
  private readonly reopener: ReopenTimer;

  constructor(
    private readonly transport: ReportTransport,
    options: HidPosScannerOptions = {},
  ) {
    this.address = transport.address;
    this.profile = options.profile ?? HID_POS_PROFILES['hid-pos'];
    this.reconnectMs = options.reconnectMs ?? 2000;
    this.reopener = new ReopenTimer({
      intervalMs: this.reconnectMs,
      reopen: () => this.open(),
      isOpen: () => this.transport.isOpen,
      onFailure: (error) => this.retryFailed(error),
    });
    this.decoding = codeDecoding(options);
    this.assembler = new HidPosAssembler({
      layout: this.profile.layout,
      ...(options.maxCodeBytes === undefined ? {} : { maxBytes: options.maxCodeBytes }),
    });
    this.unsubscribe = [
      transport.onReport((report) => this.onReport(report)),
      transport.onClose((error) => {
        this.assembler.reset();
        if (!error) return;
        this.emitFault({ code: 'disconnected', message: error.message });
        this.emitLink({ type: 'lost', error });
        this.reopener.schedule();
      }),
    ];
  }

  /** Opens the transport and sends the vendor switches (rejects when the device cannot be opened). */
  async open(): Promise<void> {
    if (this.transport.isOpen) return;
    this.assembler.reset();
    await this.transport.open();
    this.attempts = 0;
    this.emitLink({ type: 'connected', path: this.transport.address });
    for (const report of this.profile.initFeatureReports) {
      try {
        await this.transport.sendFeatureReport(Uint8Array.from(report));
      } catch (error) {
        this.emitFault({
          code: 'switch_refused',
          reportId: report[0] ?? 0,
          message: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }

  /**
   * Opens now, or, when the scanner is not there yet, keeps trying every `reconnectMs` (reported
   * as `retry_failed` link events). Never rejects: a missing scanner is a state, not an error.
   */
  async start(): Promise<void> {
    await this.open().catch((error: unknown) => this.retryFailed(error));
  }

  get isOpen(): boolean {
    return this.transport.isOpen;
  }

  get connected(): boolean {
    return this.transport.isOpen;
  }

  onLinkEvent(listener: (event: LinkEvent) => void): () => void {
    return this.linkListeners.on(listener);
  }

  onScan(listener: (code: ScannedCode) => void): () => void {
    return this.scanListeners.on(listener);
  }

  /** Subscribes to dropped codes, refused switches and a lost device; returns the unsubscribe. */
  onFault(listener: (fault: HidPosScannerFault) => void): () => void {
    return this.faultListeners.on(listener);
  }

  /** Stops listening and reconnecting, and closes the transport. */
  async close(): Promise<void> {
    this.reopener.stop();
    for (const unsubscribe of this.unsubscribe) unsubscribe();
    await this.transport.close();
  }

  private onReport(report: Uint8Array): void {
    const result = this.assembler.push(report);
    if (result === null) return;
    if ('error' in result) {
      if (result.error.code !== 'other_report') this.emitFault(result.error);
      return;
    }
    const code = decodeCodeBytes(result.scan.bytes, this.decoding, result.scan.aim);
    if (!code) return;
    this.scanListeners.emit(code);
  }

  private retryFailed(error: unknown): void {
    this.attempts++;
    this.emitLink({
      type: 'retry_failed',
      error: error instanceof Error ? error : new Error(String(error)),
      attempt: this.attempts,
      retryInMs: this.reconnectMs,
    });
    this.reopener.schedule();
  }

  private emitLink(event: LinkEvent): void {
    this.linkListeners.emit(event);
  }

  private emitFault(fault: HidPosScannerFault): void {
    this.faultListeners.emit(fault);
  }
}
