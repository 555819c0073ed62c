import { connect, type Socket } from 'node:net';
import { TypedEmitter } from '../../kiosk-config/src/lib/typed-emitter';
import type { BackoffOptions } from './backoff';
import type { ByteTransport } from './byte-transport';
import { ReconnectingTransport } from './reconnecting-transport';
import { TransportError } from './transport-error';

/** Options of `TcpTransport`. */
export interface TcpTransportOptions {
  host: string;
  port: number;
  /** How long a connection attempt may take, in ms (default 5000). */
  connectTimeoutMs?: number;
  /**
   * TCP keep-alive probes after this much idle time, in ms (default 10 000; 0 turns them off), so
   * a device that vanished without closing the connection (power cut) is eventually noticed.
   */
  keepAliveMs?: number;
}

/**
 * A `ByteTransport` over a TCP connection (node:net), for devices on the LAN: a payment terminal
 * speaking ZVT over TCP/IP, for one.
 *
 * A fresh socket is made on each `open()`, so a transport whose peer went away can be opened
 * again. Closing by us reports `onClose()` without an error; the peer closing or resetting the
 * connection reports it with one (`lost`).
 */
export class TcpTransport implements ByteTransport {
  readonly address: string;
  private socket: Socket | null = null;
  private opening: Promise<void> | null = null;
  private readonly closedByUs = new WeakSet<Socket>();
  private readonly dataListeners = new TypedEmitter<[chunk: Uint8Array]>();
  private readonly closeListeners = new TypedEmitter<[error?: Error]>();

  constructor(private readonly options: TcpTransportOptions) {
    this.address = `tcp://${options.host}:${options.port}`;
  }

  get isOpen(): boolean {
    return this.socket !== null && !this.socket.destroyed;
  }

  open(): Promise<void> {
    if (this.isOpen) return Promise.resolve();
    this.opening ??= this.connect().finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  private connect(): Promise<void> {
    const timeoutMs = this.options.connectTimeoutMs ?? 5000;
    return new Promise<void>((resolve, reject) => {
      const socket = connect({ host: this.options.host, port: this.options.port });
      const timer = setTimeout(() => fail(new Error(`no connection within ${timeoutMs} ms`)), timeoutMs);
      const fail = (error: Error) => {
        clearTimeout(timer);
        socket.destroy();
        reject(
          new TransportError(`cannot connect to ${this.address}: ${error.message}`, false, {
            cause: error,
            code: 'open_failed',
          }),
        );
      };
      socket.once('error', fail);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.off('error', fail);
        socket.setNoDelay(true);
        const keepAliveMs = this.options.keepAliveMs ?? 10_000;
        if (keepAliveMs > 0) socket.setKeepAlive(true, keepAliveMs);
        this.attach(socket);
        resolve();
      });
    });
  }

  private attach(socket: Socket): void {
    this.socket = socket;
    let lastError: Error | null = null;
    socket.on('data', (chunk: Buffer) => {
      const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      this.dataListeners.emit(bytes);
    });
    // Without an 'error' listener a reset connection would crash the process.
    socket.on('error', (error) => {
      lastError = error;
    });
    socket.once('close', () => {
      if (this.socket === socket) this.socket = null;
      const lost = this.closedByUs.has(socket)
        ? undefined
        : new TransportError(`${this.address} was lost: ${lastError?.message ?? 'closed by the peer'}`, true, {
            ...(lastError ? { cause: lastError } : {}),
          });
      this.closeListeners.emit(lost);
    });
  }

  async write(data: Uint8Array): Promise<void> {
    const socket = this.socket;
    if (!socket || socket.destroyed) throw new TransportError(`${this.address} is not open`);
    await new Promise<void>((resolve, reject) => {
      socket.write(data, (error) => {
        if (error) {
          reject(
            new TransportError(`write to ${this.address} failed: ${error.message}`, true, {
              cause: error,
              code: 'write_failed',
            }),
          );
        } else resolve();
      });
    });
  }

  async close(): Promise<void> {
    await this.opening?.catch(() => undefined);
    const socket = this.socket;
    if (!socket) return;
    this.closedByUs.add(socket);
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.end();
      // A peer that does not finish its side within a second is cut off.
      setTimeout(() => socket.destroy(), 1000).unref();
    });
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.dataListeners.on(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    return this.closeListeners.on(listener);
  }
}

/** Options of `createTcpLink`. */
export interface TcpLinkOptions extends TcpTransportOptions {
  /** Delays between attempts (default 0.5 s doubling to 30 s, with jitter). */
  backoff?: BackoffOptions;
  stableAfterMs?: number;
  random?: () => number;
}

/**
 * A TCP device that stays connected: a `ReconnectingTransport` whose every attempt opens a fresh
 * `TcpTransport`, the LAN counterpart of `createSerialLink`.
 */
export function createTcpLink(options: TcpLinkOptions): ReconnectingTransport {
  const { backoff, stableAfterMs, random, ...tcp } = options;
  return new ReconnectingTransport({
    address: `tcp://${options.host}:${options.port}`,
    connect: async () => {
      const transport = new TcpTransport(tcp);
      await transport.open();
      return transport;
    },
    ...(backoff === undefined ? {} : { backoff }),
    ...(stableAfterMs === undefined ? {} : { stableAfterMs }),
    ...(random === undefined ? {} : { random }),
  });
}
