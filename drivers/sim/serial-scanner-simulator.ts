import type { ScanSuffix } from '../../kiosk-config/src/config/kiosk-config';
import type { ByteTransport } from '../transport/byte-transport';
import { SerialTransport } from '../transport/serial-transport';
import { createPtyPair } from './pty-pair';
import { type SimulatorOnPty, startOnPtyPair } from './simulator-on-pty';

/** The bytes each suffix setting sends after a code. */
export const SUFFIX_BYTES: Readonly<Record<ScanSuffix, Uint8Array>> = {
  CR: Uint8Array.of(0x0d),
  LF: Uint8Array.of(0x0a),
  CRLF: Uint8Array.of(0x0d, 0x0a),
  TAB: Uint8Array.of(0x09),
};

/** Options of one simulated scan. */
export interface ScanOptions {
  /** Overrides the simulator's suffix for this scan. */
  suffix?: ScanSuffix;
  /** An AIM identifier sent before the code, e.g. `]Q1` for QR. */
  symbology?: string;
}

/**
 * A serial barcode scanner simulated on the far end of a byte transport (usually a PTY): each
 * `scan()` sends the code as UTF-8 followed by the suffix, as a scanner in serial mode does.
 */
export class SerialScannerSimulator {
  constructor(
    private readonly transport: ByteTransport,
    private readonly options: { suffix: ScanSuffix },
  ) {}

  /** Starts a simulator on a fresh PTY pair: the same as the function `startSimulatedScanner`. */
  static startSimulatedScanner(options: { suffix: ScanSuffix }): Promise<SimulatedScanner> {
    return startSimulatedScanner(options);
  }

  /** Opens the transport. */
  async start(): Promise<void> {
    await this.transport.open();
  }

  /** "Scans" a code: writes its bytes and the suffix in one write. */
  async scan(text: string, options: ScanOptions = {}): Promise<void> {
    const code = new TextEncoder().encode(`${options.symbology ?? ''}${text}`);
    const suffix = SUFFIX_BYTES[options.suffix ?? this.options.suffix];
    const frame = new Uint8Array(code.length + suffix.length);
    frame.set(code);
    frame.set(suffix, code.length);
    await this.transport.write(frame);
  }

  /** Sends raw bytes, for tests of noise and broken frames. */
  async sendRaw(bytes: Uint8Array): Promise<void> {
    await this.transport.write(bytes);
  }

  /** Follows a replug (`PtyPair.replug()`): opens the transport again on the new port. */
  async reattach(): Promise<void> {
    await this.transport.close().catch(() => undefined);
    await this.transport.open();
  }

  async close(): Promise<void> {
    await this.transport.close();
  }
}

/** A simulated scanner on a PTY pair: the path the scanner driver opens, the simulator, its cable. */
export type SimulatedScanner = SimulatorOnPty<SerialScannerSimulator>;

/**
 * Starts a simulated serial scanner: a socat PTY pair, the simulator on one end through the real
 * serialport package. Point a `SerialScanner` over a `SerialTransport` at `devicePath`.
 */
export async function startSimulatedScanner(options: { suffix: ScanSuffix }): Promise<SimulatedScanner> {
  const pair = await createPtyPair();
  const simulator = new SerialScannerSimulator(new SerialTransport({ path: pair.simulatorPath }), options);
  return startOnPtyPair(pair, simulator, 'scanner');
}
