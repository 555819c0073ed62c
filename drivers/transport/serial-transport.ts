import { SerialPort } from 'serialport';
import type { ByteTransport } from './byte-transport';
import { TransportError } from './transport-error';

export { TransportError } from './transport-error';

/** Options of `SerialTransport`. */
export interface SerialTransportOptions {
  /** Device path; prefer `/dev/serial/by-id/…`, which survives a replug. */
  path: string;
  /** Default 115200; receipt printers are often 9600, 19200 or 115200. */
  baudRate?: number;
  /**
   * How often to check that an idle port is still there, in ms (default 1000; 0 turns it off).
   * See `checkAlive` for why reads alone do not always notice.
   */
  livenessCheckMs?: number;
}

/**
 * A `ByteTransport` over the real `serialport` package.
 *
 * The port object is created on each `open()` (with `autoOpen: false`), so a transport whose
 * device was unplugged can be opened again once the device is back. Closing by us reports
 * `onClose()` without an error; losing the port reports it with the error.
 */
export class SerialTransport implements ByteTransport {
  readonly address: string;
  private readonly baudRate: number;
  private readonly livenessCheckMs: number;
  private port: SerialPort | null = null;
  private livenessTimer: ReturnType<typeof setInterval> | null = null;
  private opening: Promise<void> | null = null;
  private readonly dataListeners = new Set<(chunk: Uint8Array) => void>();
  private readonly closeListeners = new Set<(error?: Error) => void>();
  /** The last error the port emitted, so a write that fails can say why. */
  private lastError: Error | null = null;

  constructor(options: SerialTransportOptions) {
    this.address = options.path;
    this.baudRate = options.baudRate ?? 115200;
    this.livenessCheckMs = options.livenessCheckMs ?? 1000;
  }

  get isOpen(): boolean {
    return this.port?.isOpen ?? false;
  }

  /** Opens the port; rejects with a `TransportError` naming the path when it cannot. */
  open(): Promise<void> {
    if (this.port?.isOpen) return Promise.resolve();
    // Two callers opening at once share one attempt instead of racing for the device.
    this.opening ??= this.openPort().finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  private async openPort(): Promise<void> {
    const port = new SerialPort({ path: this.address, baudRate: this.baudRate, autoOpen: false });
    // Without an 'error' listener a stray port error would crash the process.
    port.on('error', (error: Error) => {
      this.lastError = error;
    });
    await new Promise<void>((resolve, reject) => {
      port.open((error) => {
        if (error) reject(new TransportError(`cannot open ${this.address}: ${error.message}`, false, { cause: error }));
        else resolve();
      });
    });
    this.port = port;
    this.lastError = null;
    port.on('data', (chunk: Buffer) => {
      // Hand out plain Uint8Array views: drivers must not come to depend on Buffer.
      const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      for (const listener of this.dataListeners) listener(bytes);
    });
    if (this.livenessCheckMs > 0) {
      let checking = false;
      const timer = setInterval(() => {
        if (checking || !port.isOpen) return;
        checking = true;
        this.checkAlive(port).finally(() => {
          checking = false;
        });
      }, this.livenessCheckMs);
      // The check must never be what keeps the process alive.
      timer.unref();
      this.livenessTimer = timer;
    }
    port.on('close', (error?: Error | null) => {
      if (this.port === port) {
        this.port = null;
        if (this.livenessTimer) clearInterval(this.livenessTimer);
        this.livenessTimer = null;
      }
      const lost = error
        ? new TransportError(`${this.address} was lost: ${error.message}`, true, { cause: error })
        : undefined;
      for (const listener of this.closeListeners) listener(lost);
    });
  }

  /** Writes all bytes and waits until the OS has transmitted them (`tcdrain`). */
  async write(data: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) throw new TransportError(`${this.address} is not open`);
    await new Promise<void>((resolve, reject) => {
      const fail = (error: Error) =>
        reject(new TransportError(`write to ${this.address} failed: ${error.message}`, !port.isOpen, { cause: error }));
      port.write(Buffer.from(data), (error) => {
        if (error) fail(error);
      });
      port.drain((error) => {
        if (error) fail(error);
        else if (this.lastError && !port.isOpen) fail(this.lastError);
        else resolve();
      });
    });
  }

  /**
   * Closes the port as lost if the OS says its device is gone.
   *
   * When a device hangs up (unplugged, the PTY's other end gone) while serialport's read is in
   * flight, that read returns 0 bytes, and serialport retries it at once, forever: a busy loop that
   * never reports the loss. `tcdrain` (serialport's `drain`) costs nothing on a live port and fails
   * with EIO on a hung-up one, so it is the probe.
   */
  private checkAlive(port: SerialPort): Promise<void> {
    return new Promise((resolve) => {
      port.drain((error) => {
        if (error && port.isOpen && this.port === port) {
          port.close(() => resolve(), error);
        } else {
          resolve();
        }
      });
    });
  }

  /** Closes the port; closing a closed transport does nothing. */
  async close(): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) return;
    await new Promise<void>((resolve) => {
      port.close(() => resolve());
    });
    if (this.port === port) this.port = null;
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }
}

/** A serial port the OS knows about, for the technician's port picker. */
export interface SerialPortInfo {
  path: string;
  manufacturer?: string;
  serialNumber?: string;
  vendorId?: string;
  productId?: string;
}

/**
 * Lists serial ports, as a result: on Linux the list spawns `udevadm`, which may be missing on a
 * trimmed system, and that must not take the kiosk down.
 */
export async function listSerialPorts(): Promise<
  { ok: true; ports: SerialPortInfo[] } | { ok: false; error: { code: 'list_failed'; message: string } }
> {
  try {
    const ports = await SerialPort.list();
    return {
      ok: true,
      ports: ports.map((p) => {
        const info: SerialPortInfo = { path: p.path };
        if (p.manufacturer) info.manufacturer = p.manufacturer;
        if (p.serialNumber) info.serialNumber = p.serialNumber;
        if (p.vendorId) info.vendorId = p.vendorId;
        if (p.productId) info.productId = p.productId;
        return info;
      }),
    };
  } catch (error) {
    return {
      ok: false,
      error: { code: 'list_failed', message: error instanceof Error ? error.message : String(error) },
    };
  }
}
