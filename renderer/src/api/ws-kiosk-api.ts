import {
  type CallInput,
  type CallName,
  type CallOutput,
  type EventName,
  isEventName,
  type KioskApi,
  type Result,
  WireFromHost,
} from '../../../kiosk-config/src/index';
import { TypedEmitter } from '../../../kiosk-config/src/lib/typed-emitter';
import { INVALID_EVENT, parseCallResult, parseEventPayload, rethrowLater, timeoutResult } from './validate';

/**
 * A handler property typed so that both the browser's `WebSocket` and the `ws` package's class
 * fit: methods are checked bivariantly, so a handler of a richer event type is accepted.
 */
type SocketHandler<E> = { bivarianceHack(event: E): void }['bivarianceHack'];

/** The part of a WebSocket the client uses: the browser's `WebSocket` and `ws`'s both fit. */
export interface KioskSocket {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: SocketHandler<unknown> | null;
  onmessage: SocketHandler<{ data: unknown }> | null;
  onclose: SocketHandler<unknown> | null;
  onerror: SocketHandler<unknown> | null;
}

/** A WebSocket class: the browser's global by default, `ws`'s in Node tests. */
export type KioskSocketConstructor = new (url: string) => KioskSocket;

/** Tuning of the WebSocket client; the defaults suit the kiosk. */
export interface WebSocketKioskApiOptions {
  /** The WebSocket class; defaults to the browser's global `WebSocket`. */
  WebSocket?: KioskSocketConstructor;
  /** Every call gets an answer within this time or a `timeout` result. Default 15 s. */
  callTimeoutMs?: number;
  /** How long a call made while the socket is down waits for it to come back. Default 5 s. */
  connectWaitMs?: number;
  /** First delay before reconnecting after a drop; doubled on each failure. Default 250 ms. */
  reconnectMinDelayMs?: number;
  /** Longest delay between reconnection attempts. Default 5 s. */
  reconnectMaxDelayMs?: number;
}

/** The KioskApi over a WebSocket, plus `close` for whoever owns it (tests, page unload). */
export interface WebSocketKioskApi extends KioskApi {
  /** Stops reconnecting, closes the socket and ends every outstanding call with `timeout`. */
  close(): void;
}

/**
 * The KioskApi over the browser host's WebSocket (wire format: `kiosk-config/src/contract/wire.ts`).
 *
 * - Connects at once and reconnects with exponential backoff whenever the socket drops.
 * - A call made while the socket is down waits up to `connectWaitMs` for it, then fails with `timeout`.
 * - Calls in flight when the socket drops fail at once with `timeout` (their answers are lost).
 * - Every call ends within `callTimeoutMs`; a late answer is ignored.
 * - Answers are checked against the call's Result schema (invalid → `internal` fault); events
 *   against their payload schema (invalid or unknown → dropped).
 *
 * The host knows the page by its HttpOnly session cookie, which the browser sends with the
 * socket's handshake: no secret is in the address or within reach of the page's scripts.
 *
 * @param url the host's endpoint, e.g. `ws://127.0.0.1:8080/api`
 */
export function createWebSocketKioskApi(url: string, options: WebSocketKioskApiOptions = {}): WebSocketKioskApi {
  const SocketClass: KioskSocketConstructor = options.WebSocket ?? globalThis.WebSocket;
  const callTimeoutMs = options.callTimeoutMs ?? 15_000;
  const connectWaitMs = Math.min(options.connectWaitMs ?? 5_000, callTimeoutMs);
  const minDelayMs = options.reconnectMinDelayMs ?? 250;
  const maxDelayMs = Math.max(options.reconnectMaxDelayMs ?? 5_000, minDelayMs);

  type Settle = (result: Result<unknown>) => void;
  /** Calls sent on the current socket, awaiting their answer, by wire id. */
  const inFlight = new Map<number, { name: CallName; settle: Settle }>();
  /** Calls made while the socket was down: each sends itself once it opens. */
  const waiting = new Set<() => void>();
  /** Each event's listeners; one that throws is reported on its own task and the rest still run. */
  const listeners = new Map<EventName, TypedEmitter<[payload: unknown]>>();
  const listenersOf = (name: EventName): TypedEmitter<[payload: unknown]> => {
    let emitter = listeners.get(name);
    if (emitter === undefined) {
      emitter = new TypedEmitter<[payload: unknown]>({ onListenerError: rethrowLater });
      listeners.set(name, emitter);
    }
    return emitter;
  };

  let socket: KioskSocket | null = null;
  let isOpen = false;
  let closedForGood = false;
  let nextId = 1;
  let reconnectDelayMs = minDelayMs;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  function connect(): void {
    if (closedForGood) return;
    let current: KioskSocket;
    try {
      current = new SocketClass(url);
    } catch {
      scheduleReconnect();
      return;
    }
    socket = current;
    current.onopen = () => {
      if (socket !== current) return;
      isOpen = true;
      reconnectDelayMs = minDelayMs;
      for (const send of [...waiting]) send();
    };
    current.onmessage = (event) => {
      if (socket === current) receive(event.data);
    };
    // An error is always followed by a close, where recovery happens; the handler must exist so
    // that `ws` in Node does not treat the error as unhandled.
    current.onerror = () => {};
    current.onclose = () => {
      if (socket !== current) return;
      socket = null;
      isOpen = false;
      for (const { settle } of [...inFlight.values()]) settle(timeoutResult('connection to the host lost'));
      scheduleReconnect();
    };
  }

  function scheduleReconnect(): void {
    if (closedForGood || reconnectTimer !== undefined) return;
    const delay = reconnectDelayMs;
    reconnectDelayMs = Math.min(reconnectDelayMs * 2, maxDelayMs);
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      connect();
    }, delay);
  }

  function receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return;
    }
    const message = WireFromHost.safeParse(json);
    if (!message.success) return;
    if (message.data.type === 'result') {
      const call = inFlight.get(message.data.id);
      call?.settle(parseCallResult(call.name, message.data.result));
      return;
    }
    const { name } = message.data;
    if (!isEventName(name)) return;
    const payload = parseEventPayload(name, message.data.payload);
    if (payload === INVALID_EVENT) return;
    listeners.get(name)?.emit(payload);
  }

  const api: WebSocketKioskApi = {
    call<K extends CallName>(name: K, input: CallInput<K>): Promise<Result<CallOutput<K>>> {
      return new Promise((resolve) => {
        const id = nextId++;
        let settled = false;
        let waitTimer: ReturnType<typeof setTimeout> | undefined;
        const settle: Settle = (result) => {
          if (settled) return;
          settled = true;
          clearTimeout(callTimer);
          clearTimeout(waitTimer);
          inFlight.delete(id);
          waiting.delete(send);
          // Answers were parsed with this call's own schema (see `receive`); timeouts carry no value.
          resolve(result as Result<CallOutput<K>>);
        };
        const callTimer = setTimeout(
          () => settle(timeoutResult(`no answer to ${name} within ${callTimeoutMs} ms`)),
          callTimeoutMs,
        );
        function send(): void {
          waiting.delete(send);
          clearTimeout(waitTimer);
          if (settled) return;
          if (closedForGood || socket === null || !isOpen) {
            settle(timeoutResult('not connected to the host'));
            return;
          }
          inFlight.set(id, { name, settle });
          try {
            socket.send(JSON.stringify({ type: 'call', id, name, input }));
          } catch {
            settle(timeoutResult('connection to the host lost'));
          }
        }
        if (isOpen) {
          send();
        } else if (closedForGood) {
          settle(timeoutResult('client closed'));
        } else {
          waiting.add(send);
          waitTimer = setTimeout(() => settle(timeoutResult('not connected to the host')), connectWaitMs);
        }
      });
    },
    on(name, listener) {
      // One wrapper per subscription, so subscribing the same function twice unsubscribes separately.
      const entry = (payload: unknown) => (listener as (payload: unknown) => void)(payload);
      return listenersOf(name).on(entry);
    },
    close() {
      closedForGood = true;
      clearTimeout(reconnectTimer);
      reconnectTimer = undefined;
      const current = socket;
      socket = null;
      isOpen = false;
      current?.close();
      for (const { settle } of [...inFlight.values()]) settle(timeoutResult('client closed'));
      for (const send of [...waiting]) send();
    },
  };

  connect();
  return api;
}
