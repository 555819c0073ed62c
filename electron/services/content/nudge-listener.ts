import { type ClientRequest, request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { StringDecoder } from 'node:string_decoder';
import { z } from 'zod';
import { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from '../../../drivers/transport/backoff';
import type { Logger } from '../logging/logger';
import { type ServerSentEvent, SseParser } from './sse-parser';

/** The hub's path of the kiosk's event stream (`GET /v1/events`). */
export const EVENTS_URL_PATH = '/v1/events';

/** Options of `NudgeListener`. */
export interface NudgeListenerOptions {
  /** The hub's base URL (`https://hub.example`). */
  hubUrl: string;
  /** The kiosk's authentication headers now (undefined before enrollment: it waits and asks again). */
  headers: () => Record<string, string> | undefined;
  /** A release newer than the kiosk may have is out: poll now. Only a hint; must not throw. */
  onNudge?: (version: number) => void;
  /** The delays between connection attempts (grown with failures in a row). */
  backoff?: BackoffOptions;
  /**
   * No byte for this long (ms) and the stream is taken as dead, until the hub says its keep-alive
   * interval (`event: keepalive`); then 2.5 of those intervals. Default 150 s (the hub's 60 s).
   */
  idleTimeoutMs?: number;
  random?: () => number;
  log?: Logger;
}

const DEFAULT_IDLE_TIMEOUT_MS = 150_000;
/** Keep-alives missed in a row (and a half, for a slow link) before the stream is taken as dead. */
const MISSED_KEEP_ALIVES = 2.5;

/** The hub's first event on a stream: how often it writes its keep-alive. */
const KeepAliveAnnouncement = z.object({ seconds: z.number().positive().max(3600) });

/**
 * Keeps the kiosk's server-sent events stream open (`GET /v1/events`) and calls `onNudge` on
 * each `content` event, and the listeners of `on(name)` on each event of another name (the
 * remote commands' `command`). It only makes the kiosk poll sooner: the updater and the command
 * poller poll on their own timers anyway, so a lost nudge costs a delay, never content or a
 * command. Any failure (refused, cut, a stream gone silent, garbage) ends the connection and a
 * new one follows after a backoff. One stream per kiosk carries every kind of hint.
 */
export class NudgeListener {
  readonly #options: NudgeListenerOptions;
  readonly #backoff: BackoffOptions;
  readonly #idleTimeoutMs: number;
  #running = false;
  #failures = 0;
  #request: ClientRequest | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #connected = false;
  /** No byte for this long and the current stream is dead (the hub's keep-alive × 2.5 once told). */
  #streamIdleMs: number;
  readonly #listeners = new Map<string, Set<(data: string) => void>>();
  readonly #connectionListeners = new Set<(connected: boolean) => void>();

  constructor(options: NudgeListenerOptions) {
    this.#options = options;
    this.#backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.#idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    this.#streamIdleMs = this.#idleTimeoutMs;
  }

  /**
   * Calls `listener` with true each time a stream opens and false when it closes (fleet health
   * heartbeats rarely while the stream says the kiosk is alive). Returns the unsubscribe.
   */
  onConnection(listener: (connected: boolean) => void): () => void {
    this.#connectionListeners.add(listener);
    return () => this.#connectionListeners.delete(listener);
  }

  /** True while a stream is open. */
  get connected(): boolean {
    return this.#connected;
  }

  /**
   * Calls `listener` with the data of each event named `name` (`content` too when the listener
   * was made without `onNudge`: a stream shared by its owner); returns the unsubscribe.
   */
  on(name: string, listener: (data: string) => void): () => void {
    const listeners = this.#listeners.get(name) ?? new Set();
    listeners.add(listener);
    this.#listeners.set(name, listeners);
    return () => listeners.delete(listener);
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#connect();
  }

  stop(): void {
    this.#running = false;
    clearTimeout(this.#retryTimer);
    this.#request?.destroy();
    this.#request = undefined;
    this.#connected = false;
  }

  #connect(): void {
    if (!this.#running) return;
    const headers = this.#options.headers();
    if (headers === undefined) {
      // Not enrolled yet: nothing to connect with; look again at the longest delay.
      this.#retryLater(this.#backoff.maxMs ?? DEFAULT_BACKOFF.maxMs);
      return;
    }
    const url = new URL(EVENTS_URL_PATH, this.#options.hubUrl);
    const get = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = get(url, { headers: { ...headers, accept: 'text/event-stream' } });
    this.#request = request;
    this.#streamIdleMs = this.#idleTimeoutMs;
    let idleTimer: NodeJS.Timeout | undefined;
    const armIdleTimer = () => {
      clearTimeout(idleTimer);
      const idleMs = this.#streamIdleMs;
      idleTimer = setTimeout(() => request.destroy(new Error(`no byte for ${idleMs} ms`)), idleMs);
    };
    let ended = false;
    const end = (reason: string) => {
      if (ended) return;
      ended = true;
      clearTimeout(idleTimer);
      const wasConnected = this.#connected;
      this.#connected = false;
      if (this.#request === request) this.#request = undefined;
      if (wasConnected) this.#tellConnection(false);
      request.destroy();
      if (!this.#running) return;
      const delay = backoffDelay(this.#failures, this.#backoff, this.#options.random);
      this.#failures += 1;
      this.#options.log?.debug({ reason, delayMs: delay }, 'hub event stream closed; reconnecting');
      this.#retryLater(delay);
    };
    armIdleTimer();
    request.on('error', (error) => end(error.message));
    request.on('close', () => end('closed'));
    request.on('response', (response) => {
      const problem = refusal(response);
      if (problem !== undefined) {
        response.resume();
        end(problem);
        return;
      }
      this.#connected = true;
      this.#failures = 0;
      this.#listen(response, armIdleTimer);
      this.#tellConnection(true);
      response.on('end', () => end('the hub ended the stream'));
      response.on('error', (error) => end(error.message));
    });
    request.end();
  }

  #listen(response: IncomingMessage, armIdleTimer: () => void): void {
    const decoder = new StringDecoder('utf8');
    const parser = new SseParser((event) => this.#onEvent(event));
    response.on('data', (chunk: Buffer) => {
      armIdleTimer();
      parser.push(decoder.write(chunk));
    });
  }

  #onEvent(event: ServerSentEvent): void {
    if (event.event === 'keepalive') {
      this.#onKeepAliveAnnounced(event.data);
      return;
    }
    if (event.event !== 'content' || this.#options.onNudge === undefined) {
      for (const listener of this.#listeners.get(event.event) ?? []) {
        try {
          listener(event.data);
        } catch (error) {
          this.#options.log?.error({ err: error, event: event.event }, 'an event handler failed');
        }
      }
      return;
    }
    const version = nudgeVersion(event.data);
    if (version === undefined) {
      this.#options.log?.warn({ bytes: event.data.length }, 'content event without a version ignored');
      return;
    }
    try {
      this.#options.onNudge?.(version);
    } catch (error) {
      this.#options.log?.error({ err: error }, 'the content nudge handler failed');
    }
  }

  #onKeepAliveAnnounced(data: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      parsed = undefined;
    }
    const announced = KeepAliveAnnouncement.safeParse(parsed);
    if (!announced.success) {
      this.#options.log?.warn({ bytes: data.length }, 'keep-alive announcement ignored');
      return;
    }
    // Counted from the next byte: the timer is armed again as each chunk arrives.
    this.#streamIdleMs = Math.round(announced.data.seconds * 1000 * MISSED_KEEP_ALIVES);
  }

  #tellConnection(connected: boolean): void {
    for (const listener of this.#connectionListeners) {
      try {
        listener(connected);
      } catch (error) {
        this.#options.log?.error({ err: error }, 'a connection listener failed');
      }
    }
  }

  #retryLater(delayMs: number): void {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => this.#connect(), delayMs);
    this.#retryTimer.unref();
  }
}

/** Why an answer is not an event stream, or undefined when it is one. */
function refusal(response: IncomingMessage): string | undefined {
  const status = response.statusCode ?? 0;
  if (status !== 200) return `the hub answered ${status}`;
  const type = response.headers['content-type'] ?? '';
  if (!type.startsWith('text/event-stream')) return `not an event stream (${type.slice(0, 40)})`;
  return undefined;
}

/** The version of a `content` event's data (`{"version":N}`), or undefined when it is not one. */
export function nudgeVersion(data: string): number | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || !('version' in parsed)) return undefined;
  const { version } = parsed;
  return typeof version === 'number' && Number.isSafeInteger(version) && version > 0 ? version : undefined;
}
