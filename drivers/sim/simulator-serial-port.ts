import { SerialPort } from 'serialport';
import { TypedEmitter } from '../../kiosk-config/src/lib/typed-emitter';
import type { ByteTransport } from '../transport/byte-transport';
import { TransportError } from '../transport/transport-error';

/** A `ByteTransport` whose reading can be stopped, so the sender's writes back up. */
export interface PausableTransport extends ByteTransport {
  /** Stops reading: bytes stay in the OS buffers, and once those are full the writer blocks. */
  pauseReading(): void;
  /** Reads again, from where it stopped. */
  resumeReading(): void;
}

/** Options of `SimulatorSerialPort`. */
export interface SimulatorSerialPortOptions {
  path: string;
  baudRate?: number;
}

/**
 * The simulator's end of a PTY pair, over the real serialport package.
 *
 * Not `SerialTransport`: a device simulator needs what the kiosk's transport must not offer, to
 * stop reading (a printer whose receive buffer is full), and a small stream buffer (256 bytes)
 * so that a paused simulator backs the writer up after the OS buffers alone (~40 KB on a
 * socat pair), not after 64 KB more in Node's stream.
 */
export class SimulatorSerialPort implements PausableTransport {
  readonly address: string;
  private readonly baudRate: number;
  private port: SerialPort | null = null;
  private paused = false;
  private readonly dataListeners = new TypedEmitter<[chunk: Uint8Array]>();
  private readonly closeListeners = new TypedEmitter<[error?: Error]>();

  constructor(options: SimulatorSerialPortOptions) {
    this.address = options.path;
    this.baudRate = options.baudRate ?? 115200;
  }

  get isOpen(): boolean {
    return this.port?.isOpen ?? false;
  }

  async open(): Promise<void> {
    if (this.port?.isOpen) return;
    const port = new SerialPort({ path: this.address, baudRate: this.baudRate, autoOpen: false, highWaterMark: 256 });
    // Without an 'error' listener a stray port error would crash the process.
    port.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      port.open((error) => {
        if (error) reject(new TransportError(`cannot open ${this.address}: ${error.message}`, false, { cause: error }));
        else resolve();
      });
    });
    this.port = port;
    port.on('data', (chunk: Buffer) => {
      const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      this.dataListeners.emit(bytes);
    });
    if (this.paused) port.pause();
    port.on('close', (error?: Error | null) => {
      if (this.port === port) this.port = null;
      const lost = error ? new TransportError(`${this.address} was lost: ${error.message}`, true) : undefined;
      this.closeListeners.emit(lost);
    });
  }

  async write(data: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) throw new TransportError(`${this.address} is not open`);
    await new Promise<void>((resolve, reject) => {
      port.write(Buffer.from(data));
      port.drain((error) => (error ? reject(new TransportError(`write failed: ${error.message}`)) : resolve()));
    });
  }

  pauseReading(): void {
    this.paused = true;
    this.port?.pause();
  }

  resumeReading(): void {
    this.paused = false;
    this.port?.resume();
  }

  async close(): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) return;
    await new Promise<void>((resolve) => port.close(() => resolve()));
    if (this.port === port) this.port = null;
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.dataListeners.on(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    return this.closeListeners.on(listener);
  }
}
