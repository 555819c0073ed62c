import { constants } from 'node:fs';
import { open, rm, stat } from 'node:fs/promises';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { type BackoffOptions, backoffDelay } from '../../../drivers/transport/backoff';
import { fail, ok, type Result } from '../../../kiosk-config/src/index';
import { kioskAuthHeaders } from '../hub/kiosk-auth-headers';
import type { Logger } from '../logging/logger';
import { contentBlobPath } from './content-endpoints';
import type { ContentStore, ExpectedBlob } from './content-store';

/**
 * Why a blob could not be fetched. Expected faults, returned as data:
 *
 * - `not_enrolled`: the kiosk has no hub credential yet;
 * - `unauthorized`: the hub refused the credential (401/403): retrying will not help;
 * - `not_found`: the hub has no such blob (404): the release names a file the hub never got;
 * - `content_mismatch`: the hub served bytes other than the release names (wrong hash or length),
 *   `maxMismatches` times in a row;
 * - `unreachable`: the link failed `maxFailuresWithoutProgress` times in a row with no byte gained;
 * - `aborted`: the caller gave up (its signal).
 */
export type DownloadFailureCode =
  | 'not_enrolled'
  | 'unauthorized'
  | 'not_found'
  | 'content_mismatch'
  | 'unreachable'
  | 'aborted';

/** What a finished download cost. */
export interface DownloadDone {
  /** Body bytes read from the network for this blob, over all attempts (0 when it was already stored). */
  bytesReceived: number;
  /** Requests made. */
  attempts: number;
}

/** Options of `BlobDownloader`. */
export interface BlobDownloaderOptions {
  /** The hub's base URL (`https://hub.example`). */
  hubUrl: string;
  /** The kiosk's id, sent as `X-Okno-Kiosk` with the credential (the hub's kiosk authentication). */
  kioskId: string;
  /** The kiosk's credential now (undefined before enrollment). */
  credential: () => string | undefined;
  store: ContentStore;
  /** The longest wait for the next byte (the answer's head included) before the request is aborted and retried (ms). */
  stallTimeoutMs?: number;
  /** Attempts in a row that gain no byte before the download gives up (a cut that gained bytes resets the count). */
  maxFailuresWithoutProgress?: number;
  /** Wrong bodies (hash or length) in a row before the download gives up. */
  maxMismatches?: number;
  /** The delays between attempts (grown with failures in a row without progress). */
  backoff?: BackoffOptions;
  random?: () => number;
  log?: Logger;
}

/** Per download: progress and cancellation. */
export interface DownloadOptions {
  /** Bytes of the blob held so far (the partial file's length), after every chunk written. */
  onProgress?: (bytesDone: number) => void;
  signal?: AbortSignal;
}

/** The defaults: a rural link may pause for seconds, not for half a minute. */
const DEFAULT_STALL_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_FAILURES_WITHOUT_PROGRESS = 8;
const DEFAULT_MAX_MISMATCHES = 2;

/** How one request ended. */
type AttemptEnd =
  /** The partial holds `length` bytes: verify it. */
  | { kind: 'complete' }
  /** The link failed (cut, stall, 5xx); `progressed`: bytes were gained before it did. */
  | { kind: 'retry'; progressed: boolean; reason: string }
  /** The hub sent more bytes than the blob has, or a range that does not fit: the partial is deleted. */
  | { kind: 'mismatch'; reason: string }
  | { kind: 'fatal'; code: 'unauthorized' | 'not_found' | 'aborted'; reason: string };

/**
 * Fetches blobs from the hub into the content store over a link that drops, stalls and comes back:
 * bytes go to `partial/<sha256>.part` and a later request asks only for the rest
 * (`Range: bytes=N-` with `If-Range: "<sha256>"`; a 200 instead of a 206 means the hub could not
 * resume, so the partial starts over). A whole partial enters the store only if its length and
 * sha256 are right (`ContentStore.adoptBlob`); a wrong one is deleted, so a bad partial is never
 * verified again and again. Every request has a stall deadline; failures are retried with backoff.
 *
 * This check is the blob's whole trust: blobs are not TUF targets of their own. The `length` and
 * `sha256` asked for come from a release manifest that `TufReleaseSource` verified (a signed
 * target), so a blob that passes is the one the publisher signed.
 */
export class BlobDownloader {
  readonly #stallTimeoutMs: number;
  readonly #maxFailuresWithoutProgress: number;
  readonly #maxMismatches: number;
  readonly #random: () => number;
  /**
   * One kept-alive connection for all blobs: a release of many small files must not pay a TLS
   * handshake per file over a slow link. A request that fails destroys its socket, so a broken
   * connection is never reused.
   */
  readonly #agent: HttpAgent;

  constructor(private readonly options: BlobDownloaderOptions) {
    this.#stallTimeoutMs = options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;
    this.#maxFailuresWithoutProgress = options.maxFailuresWithoutProgress ?? DEFAULT_MAX_FAILURES_WITHOUT_PROGRESS;
    this.#maxMismatches = options.maxMismatches ?? DEFAULT_MAX_MISMATCHES;
    this.#random = options.random ?? Math.random;
    const agentOptions = { keepAlive: true, maxSockets: 1 };
    this.#agent =
      new URL(options.hubUrl).protocol === 'https:' ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
  }

  /** Fetches `blob` into the store unless it is there already. */
  async download(
    blob: ExpectedBlob,
    options: DownloadOptions = {},
  ): Promise<Result<DownloadDone, DownloadFailureCode>> {
    const { store } = this.options;
    if (await store.hasBlob(blob.sha256)) return ok({ bytesReceived: 0, attempts: 0 });
    const counter = { bytesReceived: 0 };
    let attempts = 0;
    let failuresWithoutProgress = 0;
    let mismatches = 0;
    for (;;) {
      if (options.signal?.aborted) return fail('aborted', 'the download was cancelled');
      const credential = this.options.credential();
      if (credential === undefined) return fail('not_enrolled', 'the kiosk has no hub credential yet');
      attempts += 1;
      const end = await this.#attempt(blob, credential, counter, options);
      if (end.kind === 'complete') {
        const adopted = await store.adoptBlob(store.partialPath(blob.sha256), blob);
        if (adopted.ok) return ok({ bytesReceived: counter.bytesReceived, attempts });
        mismatches += 1;
        this.options.log?.warn(
          { sha256: blob.sha256, reason: adopted.error.message },
          'content blob refused, fetched again',
        );
        if (mismatches >= this.#maxMismatches) return fail('content_mismatch', adopted.error.message);
        continue;
      }
      if (end.kind === 'fatal') return fail(end.code, end.reason);
      if (end.kind === 'mismatch') {
        await rm(store.partialPath(blob.sha256), { force: true });
        mismatches += 1;
        this.options.log?.warn({ sha256: blob.sha256, reason: end.reason }, 'content partial deleted');
        if (mismatches >= this.#maxMismatches) return fail('content_mismatch', end.reason);
        continue;
      }
      failuresWithoutProgress = end.progressed ? 0 : failuresWithoutProgress + 1;
      if (failuresWithoutProgress >= this.#maxFailuresWithoutProgress) return fail('unreachable', end.reason);
      this.options.log?.debug({ sha256: blob.sha256, reason: end.reason }, 'content download interrupted, resuming');
      const delay = backoffDelay(failuresWithoutProgress, this.options.backoff, this.#random);
      if (!(await sleep(delay, options.signal))) return fail('aborted', 'the download was cancelled');
    }
  }

  /** Closes the kept-alive connection (at shutdown). */
  close(): void {
    this.#agent.destroy();
  }

  /** One request: asks for what the partial lacks and appends what comes. */
  async #attempt(
    blob: ExpectedBlob,
    credential: string,
    counter: { bytesReceived: number },
    options: DownloadOptions,
  ): Promise<AttemptEnd> {
    const partial = this.options.store.partialPath(blob.sha256);
    let held = await stat(partial).then(
      (info) => info.size,
      () => 0,
    );
    // Longer than the blob: it cannot be a prefix of it.
    if (held > blob.length) {
      await rm(partial, { force: true });
      held = 0;
    }
    if (held === blob.length) return { kind: 'complete' };

    const headers = kioskAuthHeaders(this.options.kioskId, credential);
    if (held > 0) {
      headers.range = `bytes=${held}-`;
      headers['if-range'] = `"${blob.sha256}"`;
    }
    const url = new URL(contentBlobPath(blob.sha256), this.options.hubUrl);
    // Opened before the request: between the answer's head and the first listener on its body
    // there must be no wait, or a body cut short in that gap would end unseen (and its bytes be lost).
    const file = await open(partial, constants.O_RDWR | constants.O_CREAT, 0o600);
    const exchange = startExchange(url, headers, this.#agent, this.#stallTimeoutMs, options.signal);
    let gained = 0;
    try {
      const response = await exchange.response;
      const start = startOfBody(response.statusCode ?? 0, response.headers['content-range'], held, blob.length);
      if (start.kind !== 'body') return start.end;
      let position = start.offset;
      // A 200 restarts the blob: whatever the partial held goes, before the first byte is written.
      let truncate = start.offset === 0 && held > 0;
      const ended = await receiveBody(response, exchange.armStallTimer, async (chunk) => {
        counter.bytesReceived += chunk.length;
        if (position + chunk.length > blob.length) return false;
        if (truncate) {
          await file.truncate(0);
          truncate = false;
        }
        await file.write(chunk, 0, chunk.length, position);
        position += chunk.length;
        gained += chunk.length;
        options.onProgress?.(position);
        return true;
      });
      if (ended === 'overflow')
        return { kind: 'mismatch', reason: `the hub sent more than the blob's ${blob.length} bytes` };
      if (position === blob.length) {
        await file.sync();
        return { kind: 'complete' };
      }
      const reason = exchange.stalled()
        ? `no byte for ${this.#stallTimeoutMs} ms`
        : (ended.error ?? `the answer ended at byte ${position}`);
      return { kind: 'retry', progressed: gained > 0, reason };
    } catch (error) {
      if (options.signal?.aborted) return { kind: 'fatal', code: 'aborted', reason: 'the download was cancelled' };
      return {
        kind: 'retry',
        progressed: gained > 0,
        reason: exchange.stalled() ? `no byte for ${this.#stallTimeoutMs} ms` : `the link failed: ${describe(error)}`,
      };
    } finally {
      exchange.close();
      await file.close();
    }
  }
}

/** One HTTP request under a stall deadline: its answer's head, and how to keep the deadline or end it. */
interface Exchange {
  response: Promise<IncomingMessage>;
  /** Pushes the deadline `stallTimeoutMs` into the future (a byte came). */
  armStallTimer(): void;
  /** Whether the deadline ended the request. */
  stalled(): boolean;
  /** Ends the request and its timer; the connection is kept only after a whole body. */
  close(): void;
}

function startExchange(
  url: URL,
  headers: Record<string, string>,
  agent: HttpAgent,
  stallTimeoutMs: number,
  signal: AbortSignal | undefined,
): Exchange {
  const get = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const request = get(url, { headers, agent });
  let stalled = false;
  let timer: NodeJS.Timeout | undefined;
  const armStallTimer = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = true;
      request.destroy(new Error(`no byte for ${stallTimeoutMs} ms`));
    }, stallTimeoutMs);
  };
  const onAbort = () => request.destroy(new Error('cancelled'));
  signal?.addEventListener('abort', onAbort, { once: true });
  armStallTimer();
  let answered: IncomingMessage | undefined;
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    request.once('response', (message) => {
      answered = message;
      resolve(message);
    });
    // Kept for the request's life: an error after the head (a stall's destroy) must not go unhandled.
    request.on('error', reject);
  });
  request.end();
  return {
    response,
    armStallTimer,
    stalled: () => stalled,
    close: () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      // A whole answer leaves the connection clean for the next blob (one not read yet, an empty
      // 404's, is drained so the socket goes back to the agent); anything else may not.
      if (answered?.complete === true) answered.resume();
      else request.destroy();
    },
  };
}

/** The most bytes held in memory while the disk catches up; past it the socket is paused. */
const MAX_QUEUED_BYTES = 1024 * 1024;

/**
 * Hands every chunk of `response` to `write`, in order, until the body ends or breaks. Chunks are
 * taken as they arrive (not pulled), so when the link drops every byte that came is written:
 * nothing buffered is discarded with the broken stream. `write` returning false stops the body
 * (`overflow`).
 */
function receiveBody(
  response: IncomingMessage,
  onByte: () => void,
  write: (chunk: Buffer) => Promise<boolean>,
): Promise<'overflow' | { error?: string }> {
  return new Promise((resolve, reject) => {
    let writing: Promise<boolean> = Promise.resolve(true);
    let queued = 0;
    let overflow = false;
    response.on('data', (chunk: Buffer) => {
      onByte();
      queued += chunk.length;
      if (queued > MAX_QUEUED_BYTES) response.pause();
      writing = writing.then(async (going) => {
        if (!going) return false;
        const kept = await write(chunk);
        queued -= chunk.length;
        if (queued <= MAX_QUEUED_BYTES && response.isPaused()) response.resume();
        if (!kept) {
          overflow = true;
          response.destroy();
        }
        return kept;
      });
    });
    let settled = false;
    const finish = (error?: string) => {
      if (settled) return;
      settled = true;
      writing.then(() => resolve(overflow ? 'overflow' : error === undefined ? {} : { error }), reject);
    };
    if (response.destroyed) finish(response.complete ? undefined : 'the answer was cut short');
    response.once('end', () => finish());
    response.once('error', (error) => finish(`the link failed: ${describe(error)}`));
    response.once('close', () => finish(response.complete ? undefined : 'the answer was cut short'));
  });
}

/** Where an answer's body goes in the partial, or how the attempt ends without one. */
function startOfBody(
  status: number,
  contentRange: string | undefined,
  held: number,
  length: number,
): { kind: 'body'; offset: number } | { kind: 'end'; end: AttemptEnd } {
  const end = (attemptEnd: AttemptEnd) => ({ kind: 'end' as const, end: attemptEnd });
  switch (status) {
    case 200:
      // The hub could not (or would not) resume: the whole blob comes, from byte 0.
      return { kind: 'body', offset: 0 };
    case 206: {
      const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(contentRange ?? '');
      const total = range?.[3];
      if (range === null || Number(range[1]) !== held || (total !== '*' && Number(total) !== length)) {
        return end({ kind: 'mismatch', reason: `a range answer that does not continue byte ${held} of ${length}` });
      }
      return { kind: 'body', offset: held };
    }
    case 416:
      return end({ kind: 'mismatch', reason: `the hub says byte ${held} is past the blob's end` });
    case 401:
    case 403:
      return end({
        kind: 'fatal',
        code: 'unauthorized',
        reason: `the hub refused the credential (${status})`,
      });
    case 404:
      return end({ kind: 'fatal', code: 'not_found', reason: 'the hub has no such blob' });
    default:
      return end({ kind: 'retry', progressed: false, reason: `the hub answered ${status}` });
  }
}

/** Waits `ms`; false when `signal` aborted the wait. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: unknown } }).cause;
    return typeof cause?.code === 'string' ? `${error.message} (${cause.code})` : error.message;
  }
  return String(error);
}
