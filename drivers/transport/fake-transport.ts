import { TypedEmitter } from '../../kiosk-config/src/lib/typed-emitter';
import type { ByteTransport } from './byte-transport';
import { TransportError } from './transport-error';

/** Options of `FakeTransport`. */
export interface FakeTransportOptions {
  address?: string;
  /** Delivers emitted data in chunks of at most this many bytes, to flush out framing bugs. */
  maxReadSize?: number;
  /**
   * Called with each write (after it resolved): the scripted device. It answers by calling
   * `transport.emitData(…)`.
   */
  responder?: (written: Uint8Array, transport: FakeTransport) => void;
  /** Start open (default false). */
  open?: boolean;
}

/**
 * What the in-memory transports share (`FakeTransport`, `FakeReportTransport`): opening, which
 * can be made to fail, closing, and losing the connection on demand.
 */
export abstract class FakeConnection {
  readonly address: string;
  /** How many times `open()` succeeded. */
  openCount = 0;
  /** When set, `open()` rejects with it. */
  openError: Error | null = null;
  protected opened: boolean;
  private readonly closeListeners = new TypedEmitter<[error?: Error]>();

  constructor(address: string, open: boolean) {
    this.address = address;
    this.opened = open;
  }

  get isOpen(): boolean {
    return this.opened;
  }

  async open(): Promise<void> {
    if (this.openError) throw this.openError;
    if (!this.opened) this.openCount++;
    this.opened = true;
  }

  async close(): Promise<void> {
    if (!this.opened) return;
    this.opened = false;
    this.closeListeners.emit();
  }

  /** Loses the connection as an unplugged device would: closes and reports the error. */
  disconnect(error: Error = new TransportError(`${this.address} was lost`, true)): void {
    if (!this.opened) return;
    this.opened = false;
    this.closeListeners.emit(error);
  }

  onClose(listener: (error?: Error) => void): () => void {
    return this.closeListeners.on(listener);
  }
}

/**
 * An in-memory `ByteTransport` for unit tests, after `@serialport/binding-mock`.
 *
 * It records every write, delivers bytes from the "device" with `emitData` (split by
 * `maxReadSize`), can answer writes through a scripted `responder`, and can fail opens and
 * writes or lose the connection on demand.
 */
export class FakeTransport extends FakeConnection implements ByteTransport {
  /** Every write, in order. */
  readonly writes: Uint8Array[] = [];
  /** When set, `write()` rejects with it. */
  writeError: Error | null = null;
  responder: ((written: Uint8Array, transport: FakeTransport) => void) | undefined;
  private readonly maxReadSize: number;
  private readonly dataListeners = new TypedEmitter<[chunk: Uint8Array]>();

  constructor(options: FakeTransportOptions = {}) {
    super(options.address ?? 'fake://device', options.open ?? false);
    this.maxReadSize = Math.max(1, options.maxReadSize ?? Number.POSITIVE_INFINITY);
    this.responder = options.responder;
  }

  async write(data: Uint8Array): Promise<void> {
    if (!this.opened) throw new TransportError(`${this.address} is not open`);
    if (this.writeError) throw this.writeError;
    const copy = data.slice();
    this.writes.push(copy);
    const responder = this.responder;
    // Answer after the write resolved, as a device answers after the bytes reached it.
    if (responder) queueMicrotask(() => responder(copy, this));
  }

  /** Everything written so far, as one byte array. */
  writtenBytes(): Uint8Array {
    const total = this.writes.reduce((sum, w) => sum + w.length, 0);
    const all = new Uint8Array(total);
    let offset = 0;
    for (const w of this.writes) {
      all.set(w, offset);
      offset += w.length;
    }
    return all;
  }

  /** Bytes from the device: delivered synchronously to listeners, in `maxReadSize` chunks. */
  emitData(data: Uint8Array | readonly number[]): void {
    if (!this.opened) return;
    const bytes = Uint8Array.from(data);
    for (let offset = 0; offset < bytes.length; offset += this.maxReadSize) {
      const chunk = bytes.slice(offset, Math.min(bytes.length, offset + this.maxReadSize));
      this.dataListeners.emit(chunk);
    }
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.dataListeners.on(listener);
  }
}
