import { SerialPort } from 'serialport';
import { SerialExecutor } from '../../kiosk-config/src/lib/serial-executor';
import { TypedEmitter } from '../../kiosk-config/src/lib/typed-emitter';
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
  /**
   * Flow control (default `none`): `rtscts` is hardware (the device holds CTS low while its
   * buffer is full), `xonxoff` is software (it sends XOFF 0x13 / XON 0x11; the OS consumes them).
   * Set it to what the device is configured for: a mismatch loses bytes or stalls writes.
   */
  flowControl?: FlowControl;
  /** Writes are sent in chunks of at most this many bytes, each drained (default 1024). */
  writeChunkBytes?: number;
  /**
   * How long one chunk may take to be written and drained before the write fails with
   * `write_timeout`, in ms (default 5000: 1024 bytes take about 1.1 s at 9600 baud).
   */
  drainTimeoutMs?: number;
}

/** How the device paces our output: none, RTS/CTS lines, or XON/XOFF bytes. */
export type FlowControl = 'none' | 'rtscts' | 'xonxoff';

/** serialport's open options for each flow control setting. */
const FLOW_CONTROL_OPTIONS: Readonly<Record<FlowControl, { rtscts: boolean; xon: boolean; xoff: boolean }>> = {
  none: { rtscts: false, xon: false, xoff: false },
  rtscts: { rtscts: true, xon: false, xoff: false },
  xonxoff: { rtscts: false, xon: true, xoff: true },
};

/**
 * A `ByteTransport` over the real `serialport` package.
 *
 * The port object is created on each `open()` (with `autoOpen: false`), so a transport whose
 * device was unplugged can be opened again once the device is back. Closing by us reports
 * `onClose()` without an error; losing the port reports it with the error. The loss is noticed
 * from serialport's close, from a failed write, or from the liveness probe (`checkAlive`).
 *
 * Writes go one at a time, in chunks, each drained (`tcdrain`) within `drainTimeoutMs`. A drain
 * that flow control holds back cannot be cancelled: it occupies one of libuv's four pool threads
 * until the device lets go. So a port never has more than one drain pending: a write after a
 * timed-out one first waits for it, and fails at once with `write_timeout` if it is still stuck,
 * instead of stacking more blocked threads (which would stall every file write of the kiosk).
 */
export class SerialTransport implements ByteTransport {
  readonly address: string;
  private readonly baudRate: number;
  private readonly livenessCheckMs: number;
  private readonly flowControl: FlowControl;
  private readonly writeChunkBytes: number;
  private readonly drainTimeoutMs: number;
  private port: SerialPort | null = null;
  /** The chunk being written and drained, until it settles (also after its write timed out). */
  private pendingOutput: Promise<void> | null = null;
  /** Writes one at a time: each waits for the one before. */
  private readonly writes = new SerialExecutor();
  /** Ports closed by `close()`: their close is not a loss. */
  private readonly closedByUs = new WeakSet<SerialPort>();
  private livenessTimer: ReturnType<typeof setInterval> | null = null;
  private opening: Promise<void> | null = null;
  private readonly dataListeners = new TypedEmitter<[chunk: Uint8Array]>();
  private readonly closeListeners = new TypedEmitter<[error?: Error]>();
  /** The last error the port emitted, so a write that fails can say why. */
  private lastError: Error | null = null;

  constructor(options: SerialTransportOptions) {
    this.address = options.path;
    this.baudRate = options.baudRate ?? 115200;
    this.livenessCheckMs = options.livenessCheckMs ?? 1000;
    this.flowControl = options.flowControl ?? 'none';
    this.writeChunkBytes = Math.max(1, options.writeChunkBytes ?? 1024);
    this.drainTimeoutMs = options.drainTimeoutMs ?? 5000;
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
    const port = new SerialPort({
      path: this.address,
      baudRate: this.baudRate,
      autoOpen: false,
      ...FLOW_CONTROL_OPTIONS[this.flowControl],
    });
    // Without an 'error' listener a stray port error would crash the process.
    port.on('error', (error: Error) => {
      this.lastError = error;
    });
    await new Promise<void>((resolve, reject) => {
      port.open((error) => {
        if (error) {
          reject(
            new TransportError(`cannot open ${this.address}: ${error.message}`, false, {
              cause: error,
              code: 'open_failed',
            }),
          );
        } else resolve();
      });
    });
    this.port = port;
    this.lastError = null;
    port.on('data', (chunk: Buffer) => {
      // Hand out plain Uint8Array views: drivers must not come to depend on Buffer.
      const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      this.dataListeners.emit(bytes);
    });
    if (this.livenessCheckMs > 0) {
      let checking = false;
      const timer = setInterval(() => {
        // A pending write drains the port anyway and fails the same way: no second drain.
        if (checking || !port.isOpen || this.pendingOutput) return;
        checking = true;
        this.checkAlive(port).finally(() => {
          checking = false;
        });
      }, this.livenessCheckMs);
      // The check must never be what keeps the process alive.
      timer.unref();
      this.livenessTimer = timer;
    }
    let reported = false;
    port.on('close', (error?: Error | null) => {
      // A failed write makes Node's stream machinery emit 'close' (without an error) before
      // serialport's own close (with one): report the first, once.
      if (reported) return;
      reported = true;
      if (this.port === port) {
        this.port = null;
        if (this.livenessTimer) clearInterval(this.livenessTimer);
        this.livenessTimer = null;
      }
      // Any close we did not ask for is a loss, with or without an error to show for it.
      const cause = error ?? (this.closedByUs.has(port) ? null : (this.lastError ?? new Error('closed unexpectedly')));
      const lost = cause
        ? new TransportError(`${this.address} was lost: ${cause.message}`, true, { cause })
        : undefined;
      this.closeListeners.emit(lost);
    });
  }

  /**
   * Writes all bytes in chunks and waits until the OS has transmitted them (`tcdrain`).
   *
   * Rejects with a `TransportError`: `not_open`, `write_failed` (and the port is probed at once,
   * so an unplugged device is reported lost without waiting for the next probe), or
   * `write_timeout`. After a timeout, bytes already handed to the OS may still go out later.
   */
  write(data: Uint8Array): Promise<void> {
    return this.writes.run(() => this.writeNow(data));
  }

  private async writeNow(data: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) throw new TransportError(`${this.address} is not open`);
    if (this.pendingOutput) {
      await this.withinDrainTimeout(this.pendingOutput, 'earlier output is still held back');
    }
    for (let offset = 0; offset < data.length; offset += this.writeChunkBytes) {
      const chunk = data.subarray(offset, Math.min(data.length, offset + this.writeChunkBytes));
      if (!port.isOpen || this.port !== port) {
        throw new TransportError(`${this.address} was lost during a write`, true);
      }
      const output = this.writeChunk(port, chunk);
      this.pendingOutput = output;
      // Settled later than a timeout: clear it then, and never leave the rejection unhandled.
      output
        .catch(() => undefined)
        .finally(() => {
          if (this.pendingOutput === output) this.pendingOutput = null;
        });
      await this.withinDrainTimeout(output, `${chunk.length} bytes did not drain`);
    }
  }

  /** Writes one chunk and drains it; a failure probes the port, which closes it if it is gone. */
  private writeChunk(port: SerialPort, chunk: Uint8Array): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let failed = false;
      const fail = (error: Error) => {
        if (failed) return;
        failed = true;
        const lost = !port.isOpen;
        reject(
          new TransportError(`write to ${this.address} failed: ${error.message}`, lost, {
            cause: error,
            code: lost ? 'lost' : 'write_failed',
          }),
        );
        if (!lost) void this.checkAlive(port);
      };
      // A copy: the caller may reuse its array once a timed-out write has returned.
      port.write(Buffer.from(chunk), (error) => {
        if (error) fail(error);
      });
      port.drain((error) => {
        if (error) fail(error);
        else if (this.lastError && !port.isOpen) fail(this.lastError);
        else resolve();
      });
    });
  }

  private async withinDrainTimeout(output: Promise<void>, what: string): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const hint = this.flowControl === 'none' ? '' : ` (${this.flowControl} flow control holding?)`;
        const message = `write to ${this.address} timed out: ${what} within ${this.drainTimeoutMs} ms${hint}`;
        reject(new TransportError(message, false, { code: 'write_timeout' }));
      }, this.drainTimeoutMs);
    });
    try {
      await Promise.race([output, timeout]);
    } finally {
      clearTimeout(timer);
    }
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
    this.closedByUs.add(port);
    await new Promise<void>((resolve) => {
      port.close(() => resolve());
    });
    if (this.port === port) this.port = null;
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.dataListeners.on(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    return this.closeListeners.on(listener);
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

/** What `listSerialPorts` found, or why it could not look. */
export type ListSerialPortsResult =
  | { ok: true; ports: SerialPortInfo[] }
  | { ok: false; error: { code: 'list_failed'; message: string } };

/** Something that lists serial ports as `listSerialPorts` does; tests inject their own. */
export type SerialPortLister = () => Promise<ListSerialPortsResult>;

/**
 * Lists serial ports, as a result: on Linux the list spawns `udevadm`, which may be missing on a
 * trimmed system, and that must not take the kiosk down.
 */
export async function listSerialPorts(): Promise<ListSerialPortsResult> {
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
