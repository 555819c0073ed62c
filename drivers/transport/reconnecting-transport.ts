import { TypedEmitter } from '../../kiosk-config/src/lib/typed-emitter';
import { type BackoffOptions, backoffDelay } from './backoff';
import type { ByteTransport } from './byte-transport';
import type { PathPresence } from './device-path-watcher';
import { TransportError } from './transport-error';

/** What happened to a device's connection; the device manager turns these into statuses. */
export type LinkEvent =
  /** Connected (again); `path` is the port opened, e.g. the `/dev/ttyUSB1` a USB id resolved to. */
  | { type: 'connected'; path: string }
  /** The connection was lost (unplugged, a failed write, the liveness probe); retrying follows. */
  | { type: 'lost'; error: Error }
  /**
   * An attempt to connect failed; the next one is in `retryInMs`, or, when null, as soon as the
   * device's path appears again (it is not there).
   */
  | { type: 'retry_failed'; error: Error; attempt: number; retryInMs: number | null };

/** The connection under a device, as the device manager watches it. */
export interface DeviceLink {
  /** The device as configured (a path, or `usb:0403:6001…`), for statuses and logs. */
  readonly address: string;
  readonly connected: boolean;
  /** Subscribes to connection changes; returns the unsubscribe function. Listeners must not throw. */
  onLinkEvent(listener: (event: LinkEvent) => void): () => void;
}

/** Options of `ReconnectingTransport`. */
export interface ReconnectingTransportOptions {
  /** The device as configured, for statuses and logs. */
  address: string;
  /**
   * Opens a fresh transport to the device, finding its port anew each time (see
   * `createSerialLink`); rejects when the device is not there.
   */
  connect: () => Promise<ByteTransport>;
  /** Delays between attempts (default 0.5 s doubling to 30 s, with jitter). */
  backoff?: BackoffOptions;
  /**
   * A connection that lasted this long starts the next outage at the first delay again (default
   * 10 s); one lost sooner keeps the delay where it was, so a flapping device is retried ever more
   * slowly instead of every half second forever.
   */
  stableAfterMs?: number;
  /** For tests: the jitter's randomness, as `Math.random`. */
  random?: () => number;
  /**
   * Watches the device's path (a `DevicePathWatcher`), started on the first `open()` and closed by
   * `close()`. With it the link does not retry while the path is absent, and connects the moment
   * it appears, however long the device was gone; the backoff is left for a path that exists but
   * cannot be opened. Without it (TCP, USB ids) the link retries blindly with backoff.
   */
  presence?: (onChange: (present: boolean) => void) => PathPresence;
  /**
   * After the path appears, this many failed attempts are retried after `quickRetryMs` before the
   * backoff takes over (default 3): udev may create the link before the device can be opened.
   */
  quickRetries?: number;
  /** See `quickRetries` (default 250 ms). */
  quickRetryMs?: number;
}

type State = 'idle' | 'connecting' | 'connected' | 'waiting';

/**
 * A `ByteTransport` that keeps its device connected: opened once, it reconnects after every loss
 * until `close()`: at once when its path reappears (with `presence`), else with exponential
 * backoff and jitter.
 *
 * Each attempt calls `connect()` for a fresh inner transport, so a USB device that came back at
 * another path is found again, and nothing of the old port (its listeners, its file descriptor)
 * stays behind. Drivers see one transport throughout: their data and close listeners stay put. A
 * loss is also reported to them through `onClose(error)`, so a request waiting for an answer
 * stops waiting at once.
 *
 * While it waits to retry, `open()` and `write()` fail at once (`not_open`) rather than trying
 * out of turn: the printer's status poll and a visitor's tap must not turn the backoff into a
 * busy retry loop, and the visitor gets "printer unavailable" without delay.
 */
export class ReconnectingTransport implements ByteTransport, DeviceLink {
  readonly address: string;
  #state: State = 'idle';
  #inner: ByteTransport | null = null;
  #unsubscribeInner: Array<() => void> = [];
  #attempt: Promise<void> | null = null;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** When the scheduled attempt runs (epoch ms); null while waiting for the path to appear. */
  #retryAt: number | null = 0;
  /** Failed attempts since the last stable connection: the backoff's exponent. */
  #failures = 0;
  /** Failed attempts since the last connection, for `retry_failed` events. */
  #failedAttempts = 0;
  /** Quick retries left since the path last appeared. */
  #quickRetriesLeft = 0;
  #presence: PathPresence | null = null;
  #connectedAt = 0;
  readonly #dataListeners = new TypedEmitter<[chunk: Uint8Array]>();
  readonly #closeListeners = new TypedEmitter<[error?: Error]>();
  readonly #linkListeners = new TypedEmitter<[event: LinkEvent]>();

  constructor(private readonly options: ReconnectingTransportOptions) {
    this.address = options.address;
  }

  get isOpen(): boolean {
    return this.#state === 'connected' && (this.#inner?.isOpen ?? false);
  }

  get connected(): boolean {
    return this.isOpen;
  }

  /** Listeners subscribed to this transport (data, close, link events): for leak tests. */
  get listenerCount(): number {
    return this.#dataListeners.size + this.#closeListeners.size + this.#linkListeners.size;
  }

  /**
   * Connects now, or rejects with why not; either way the transport then keeps trying until
   * `close()`. While a retry is scheduled it rejects at once with `not_open`.
   */
  open(): Promise<void> {
    switch (this.#state) {
      case 'connected':
        return Promise.resolve();
      case 'connecting':
        return this.#attempt ?? Promise.resolve();
      case 'waiting': {
        const next =
          this.#retryAt === null
            ? 'waiting for it to appear'
            : `next attempt in ${Math.max(0, this.#retryAt - Date.now())} ms`;
        return Promise.reject(
          new TransportError(`${this.address} is disconnected; ${next}`, true, { code: 'not_open' }),
        );
      }
      case 'idle':
        this.#presence ??= this.options.presence?.((present) => this.#presenceChanged(present)) ?? null;
        return this.#tryConnect();
    }
  }

  async write(data: Uint8Array): Promise<void> {
    const inner = this.#inner;
    if (this.#state !== 'connected' || !inner) throw new TransportError(`${this.address} is not connected`);
    // A write that fails because the device went away also closes the inner port (serialport's
    // close, or SerialTransport's probe after the failed write): #lost() follows from there.
    await inner.write(data);
  }

  /** Stops reconnecting and closes the port; reports `onClose()` without an error if it was open. */
  async close(): Promise<void> {
    const wasConnected = this.#state === 'connected';
    this.#state = 'idle';
    this.#clearRetry();
    this.#presence?.close();
    this.#presence = null;
    // An attempt in flight sees the idle state when it finishes and closes what it opened.
    await this.#attempt?.catch(() => undefined);
    const inner = this.#detach();
    await inner?.close().catch(() => undefined);
    if (wasConnected) this.#closeListeners.emit();
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.#dataListeners.on(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    return this.#closeListeners.on(listener);
  }

  onLinkEvent(listener: (event: LinkEvent) => void): () => void {
    return this.#linkListeners.on(listener);
  }

  #tryConnect(): Promise<void> {
    this.#state = 'connecting';
    const attempt = this.#connectOnce().finally(() => {
      if (this.#attempt === attempt) this.#attempt = null;
    });
    this.#attempt = attempt;
    return attempt;
  }

  async #connectOnce(): Promise<void> {
    let inner: ByteTransport;
    try {
      inner = await this.options.connect();
    } catch (error) {
      const reason = asError(error);
      if (this.#state === 'connecting') this.#scheduleRetry(reason);
      throw reason;
    }
    if (this.#state !== 'connecting') {
      // Closed while connecting: let go of the port we just got.
      await inner.close().catch(() => undefined);
      throw new TransportError(`${this.address} was closed while connecting`);
    }
    this.#inner = inner;
    this.#unsubscribeInner = [
      inner.onData((chunk) => {
        this.#dataListeners.emit(chunk);
      }),
      inner.onClose((error) => {
        if (this.#inner === inner) this.#lost(error ?? new TransportError(`${this.address} closed unexpectedly`, true));
      }),
    ];
    this.#state = 'connected';
    this.#connectedAt = Date.now();
    this.#failedAttempts = 0;
    this.#quickRetriesLeft = 0;
    this.#emit({ type: 'connected', path: inner.address });
    // Lost before we listened: its close event has passed, so report the loss ourselves.
    if (!inner.isOpen) this.#lost(new TransportError(`${this.address} was lost right after opening`, true));
  }

  #lost(error: Error): void {
    if (this.#state !== 'connected') return;
    // Usually closed already (that is how the loss was noticed); closing again costs nothing.
    this.#detach()
      ?.close()
      .catch(() => undefined);
    if (Date.now() - this.#connectedAt >= (this.options.stableAfterMs ?? 10_000)) this.#failures = 0;
    this.#state = 'waiting';
    this.#closeListeners.emit(error);
    this.#emit({ type: 'lost', error });
    if (this.#deviceAbsent()) this.#awaitAppearance();
    else this.#schedule(backoffDelay(this.#failures, this.options.backoff, this.options.random));
  }

  #scheduleRetry(error: Error): void {
    const attempt = ++this.#failedAttempts;
    this.#state = 'waiting';
    let retryInMs: number | null = null;
    if (this.#deviceAbsent()) {
      this.#awaitAppearance();
    } else if (this.#quickRetriesLeft > 0) {
      this.#quickRetriesLeft--;
      retryInMs = this.options.quickRetryMs ?? 250;
      this.#schedule(retryInMs);
    } else {
      retryInMs = backoffDelay(++this.#failures, this.options.backoff, this.options.random);
      this.#schedule(retryInMs);
    }
    this.#emit({ type: 'retry_failed', error, attempt, retryInMs });
  }

  /** Whether the watched path is known to be gone (then retrying is pointless until it is back). */
  #deviceAbsent(): boolean {
    return this.#presence !== null && !this.#presence.present;
  }

  /** Waits with no timer: the path's appearance starts the next attempt. */
  #awaitAppearance(): void {
    this.#clearRetry();
    this.#retryAt = null;
  }

  #presenceChanged(present: boolean): void {
    if (this.#state === 'idle' || this.#state === 'connected') return;
    if (!present) {
      // Gone while waiting to retry: wait for it to come back instead.
      if (this.#state === 'waiting') this.#awaitAppearance();
      return;
    }
    // Back: however long it was gone, start afresh; an attempt in flight that fails retries quickly.
    this.#failures = 0;
    this.#quickRetriesLeft = this.options.quickRetries ?? 3;
    if (this.#state === 'waiting') {
      this.#clearRetry();
      this.#tryConnect().catch(() => undefined);
    }
  }

  #schedule(ms: number): void {
    this.#clearRetry();
    this.#retryAt = Date.now() + ms;
    const timer = setTimeout(() => {
      this.#retryTimer = null;
      if (this.#state === 'waiting') this.#tryConnect().catch(() => undefined);
    }, ms);
    // Retrying must never be what keeps the process alive.
    timer.unref?.();
    this.#retryTimer = timer;
  }

  #clearRetry(): void {
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }

  /** Unsubscribes from the inner transport and forgets it; returns it for closing. */
  #detach(): ByteTransport | null {
    for (const unsubscribe of this.#unsubscribeInner) unsubscribe();
    this.#unsubscribeInner = [];
    const inner = this.#inner;
    this.#inner = null;
    return inner;
  }

  #emit(event: LinkEvent): void {
    this.#linkListeners.emit(event);
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
