import { z } from 'zod';
import { backoffDelay } from '../../../drivers/transport/backoff';
import {
  type EndpointAnswer,
  type EndpointBody,
  type HubEndpoint,
  type HubEndpointName,
  hubEndpoints,
} from '../../../kiosk-config/src/hub/hub-endpoints';
import { type Failure, fail, HubError, type OutboxItem, ok, type Result } from '../../../kiosk-config/src/index';
import { describeIssues } from '../api/issues';
import type { Logger } from '../logging/logger';
import { parseJson } from '../parse-json';
import type { CircuitBreaker, CircuitPermit } from './circuit-breaker';
import type { HubAnswer } from './hub-contact';
import { kioskAuthHeaders } from './kiosk-auth-headers';
import { parseHubAnswer } from './newer-hub-answer';

/**
 * Why a hub call did not give an answer. Expected faults, returned as data, never thrown.
 *
 * - `not_configured`: no hub address (an embedded hub that did not start);
 * - `not_enrolled`: no credential yet (enrollment pending or refused);
 * - `circuit_open`: refused without trying, the link is known to be down;
 * - `connect_failed`: no connection was made, so the request was certainly not sent;
 * - `connection_lost`: the connection broke; the hub may or may not have acted on the request;
 * - `timeout`: no complete answer in time (same uncertainty as `connection_lost`);
 * - `rate_limited` (429), `unauthorized` (401/403), `rejected` (other 4xx), `server_error` (5xx);
 * - `malformed`: an answer that is not the contract's (a captive portal's HTML, a hub bug).
 */
export type HubFailureCode =
  | 'not_configured'
  | 'not_enrolled'
  | 'circuit_open'
  | 'connect_failed'
  | 'connection_lost'
  | 'timeout'
  | 'rate_limited'
  | 'unauthorized'
  | 'rejected'
  | 'server_error'
  | 'malformed';

/** What a failed hub call tells beyond its code and message. */
export interface HubFailureDetails {
  /** The HTTP status, when an answer came. */
  status?: number;
  /** With `rate_limited`: when the hub says to try again. */
  retryAfterSeconds?: number;
}

/** A failed hub call: a code for programs, a message for logs (never personal data). */
export type HubFailure = Failure<HubFailureCode, HubFailureDetails>;

/** A hub call's answer: the validated response, or why there is none (`error`). */
export type HubResult<T> = Result<T, HubFailureCode, HubFailureDetails>;

/** Failures that say the link (not the request) is bad: they count towards opening the breaker. */
const LINK_FAILURES: ReadonlySet<HubFailureCode> = new Set([
  'connect_failed',
  'connection_lost',
  'timeout',
  'server_error',
  'malformed',
]);

/**
 * When a call may be sent again after a failure.
 *
 * `safe`: the call is a read or idempotent (lookups; outbox posts, which carry item ids), so any
 * link failure may be retried. `unsent-only`: the call must not happen twice (enrollment spends
 * a one-time code), so only a failure that proves the request never left is retried.
 */
export type RetryPolicy = 'safe' | 'unsent-only';

/** How the kiosk makes calls of one endpoint (what and where are the endpoint table's). */
interface CallPolicy {
  retry: RetryPolicy;
  /** Attempts at most, the first included. */
  attempts: number;
  /** Total time budget of the call, retries and waits included (ms), from the client's request timeout. */
  budgetMs: (requestTimeoutMs: number) => number;
}

/** Options of the hub client. */
export interface HubClientOptions {
  /** The hub's base URL (`https://hub.example`), or undefined when there is none. */
  baseUrl: string | undefined;
  kioskId: string;
  /** The kiosk's credential now (it appears after enrollment). */
  credential: () => string | undefined;
  /**
   * The longest a visitor-facing call takes, retries included, and the timeout of each single
   * request (ms).
   */
  requestTimeoutMs: number;
  breaker: CircuitBreaker;
  log: Logger;
  /** First retry delay (ms); grows ×2 with full jitter. */
  retryInitialMs?: number;
  /** Largest answer body read (bytes); a bigger one is `malformed`. */
  maxResponseBytes?: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Told of every HTTP answer (its timing and `Date` header): last contact and the clock offset. */
  onAnswer?: (answer: HubAnswer) => void;
  /**
   * Told when the hub refused the kiosk's credential (401/403 to an authenticated call): revoked,
   * or the hub's database replaced. One place for every caller, so none can forget it.
   */
  onCredentialRefused?: () => void;
}

/** Error codes of Node's sockets that prove no connection was made (the request was not sent). */
const UNSENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** The shortest attempt worth starting: below it a retry would only time out (ms). */
const MIN_ATTEMPT_MS = 250;

/**
 * The longest a visitor waits for the hub to issue a ticket, retries included (ms): past it the
 * kiosk issues from its offline block instead, so a dead link costs the visitor seconds, not more.
 */
export const TICKET_CALL_BUDGET_MS = 3500;

/**
 * A call a visitor stands waiting for (a ticket, a check-in, a УИН): safe to repeat, so every link
 * failure is retried, within the short budget of `TICKET_CALL_BUDGET_MS`.
 */
const VISITOR_WAITING: CallPolicy = {
  retry: 'safe',
  attempts: 3,
  budgetMs: (requestTimeoutMs) => Math.min(requestTimeoutMs, TICKET_CALL_BUDGET_MS),
};

/**
 * The endpoints of `hubEndpoints` the kiosk calls, and how it retries each (see the methods below
 * for why each is safe to repeat or not).
 */
const CALL_POLICIES = {
  statusLookup: { retry: 'safe', attempts: 3, budgetMs: (requestTimeoutMs) => requestTimeoutMs },
  postOutbox: { retry: 'safe', attempts: 2, budgetMs: (requestTimeoutMs) => requestTimeoutMs * 2 },
  kioskSetup: { retry: 'safe', attempts: 2, budgetMs: (requestTimeoutMs) => requestTimeoutMs * 2 },
  issueTicket: VISITOR_WAITING,
  checkIn: VISITOR_WAITING,
  resolveCharge: VISITOR_WAITING,
  enroll: { retry: 'unsent-only', attempts: 2, budgetMs: (requestTimeoutMs) => requestTimeoutMs },
  // Not retried: the next heartbeat is a minute away, and a late one would skew the clock offset.
  heartbeat: { retry: 'safe', attempts: 1, budgetMs: (requestTimeoutMs) => requestTimeoutMs },
  // Remote commands: a read, and an upload the hub stores once per command (a replay is `stored: false`).
  kioskCommands: { retry: 'safe', attempts: 2, budgetMs: (requestTimeoutMs) => requestTimeoutMs * 2 },
  commandAttachment: { retry: 'safe', attempts: 3, budgetMs: (requestTimeoutMs) => requestTimeoutMs * 6 },
  // Idempotent by its bundle id: a lost answer is simply sent again.
  technicianBundle: { retry: 'safe', attempts: 3, budgetMs: (requestTimeoutMs) => requestTimeoutMs * 6 },
  // Rating: a read, and a rating the hub takes once per ticket (a replay answers `already_rated`).
  kioskRatingOffer: VISITOR_WAITING,
  kioskRating: VISITOR_WAITING,
  // «Позвать сотрудника»: idempotent by request id, and a visitor stands waiting for the answer.
  helpRequest: VISITOR_WAITING,
  helpCallback: VISITOR_WAITING,
} satisfies Partial<Record<HubEndpointName, CallPolicy>>;

/** An endpoint the kiosk calls. */
export type KioskCallName = keyof typeof CALL_POLICIES;

/** A GET has no body: its "request" is nothing. */
const NoBody = z.undefined();

/** The longest a link probe waits for the hub (ms): it is asked again a second later. */
const PROBE_TIMEOUT_MS = 1000;

/**
 * The kiosk's HTTP client for the hub's `/v1` API, typed from the endpoint table
 * (`kiosk-config/src/hub/hub-endpoints.ts`): a call names its endpoint, whose method, path,
 * authentication and schemas come from the table; how it is retried is the client's
 * (`CALL_POLICIES`).
 *
 * Every call has a time budget, goes through the circuit breaker, is retried with exponential
 * backoff and full jitter only where that is safe, and has its answer validated: whatever comes
 * back (HTML, truncated JSON, a field of the wrong type) becomes a `HubFailure`, never a throw.
 * Request bodies (which hold application numbers and booking codes) are never logged.
 */
export class HubClient {
  readonly #random: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #now: () => number;
  readonly #inFlight = new Set<AbortController>();

  constructor(private readonly options: HubClientOptions) {
    this.#random = options.random ?? Math.random;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.#now = options.now ?? Date.now;
  }

  /** The hub's base URL, if any. */
  get baseUrl(): string | undefined {
    return this.options.baseUrl;
  }

  /**
   * Calls endpoint `name` of the table with `body` (nothing for a GET), under its call policy:
   * its answer validated, or why there is none.
   */
  call<N extends KioskCallName>(name: N, body: EndpointBody<N>): Promise<HubResult<EndpointAnswer<N>>> {
    const endpoint: HubEndpoint = hubEndpoints[name];
    const response = endpoint.responses?.[200];
    // A table entry the kiosk calls without a JSON answer is a bug, not a fault of the link.
    if (response === undefined) throw new Error(`hub endpoint ${name} has no JSON answer`);
    return this.#call(endpoint, CALL_POLICIES[name], response, body) as Promise<HubResult<EndpointAnswer<N>>>;
  }

  /** POST /v1/status/lookup: read-only, retried on link failures within the visitor's budget. */
  lookupStatus(request: EndpointBody<'statusLookup'>): Promise<HubResult<EndpointAnswer<'statusLookup'>>> {
    return this.call('statusLookup', request);
  }

  /** POST /v1/outbox: idempotent (the hub keeps item ids), so a lost answer is simply re-sent. */
  postOutbox(items: OutboxItem[]): Promise<HubResult<EndpointAnswer<'postOutbox'>>> {
    return this.call('postOutbox', { items });
  }

  /**
   * GET /v1/kiosk/setup: the office, its catalogue and hours, the kiosk's offline block. A read,
   * retried on link failures; nobody waits on it (the kiosk keeps a cached copy).
   */
  kioskSetup(): Promise<HubResult<EndpointAnswer<'kioskSetup'>>> {
    return this.call('kioskSetup', undefined);
  }

  /**
   * POST /v1/tickets: a walk-in ticket. Idempotent by `ticketId` (a retried request gets the same
   * ticket back), so every link failure is retried, within a short budget: a visitor is waiting,
   * and past it the kiosk issues offline.
   */
  issueTicket(request: EndpointBody<'issueTicket'>): Promise<HubResult<EndpointAnswer<'issueTicket'>>> {
    return this.call('issueTicket', request);
  }

  /**
   * POST /v1/bookings/check-in: a booking code for a priority ticket. Idempotent by `ticketId`
   * like `issueTicket`, with the same short budget.
   */
  checkIn(request: EndpointBody<'checkIn'>): Promise<HubResult<EndpointAnswer<'checkIn'>>> {
    return this.call('checkIn', request);
  }

  /**
   * POST /v1/charges/resolve: the charge behind a УИН, before the visitor confirms the amount. A
   * read, so every link failure is retried, within the same short budget as a ticket: a visitor
   * is waiting, and past it the screen says «нет связи».
   */
  resolveCharge(request: EndpointBody<'resolveCharge'>): Promise<HubResult<EndpointAnswer<'resolveCharge'>>> {
    return this.call('resolveCharge', request);
  }

  /**
   * POST /v1/kiosks/enroll with a technician's one-time code, or a fleet token and the kiosk's
   * request secret (the answer may be `pending`). Not retried blindly: a code may be spent by a
   * request whose answer was lost, so only a request that provably never left (connection
   * refused) is tried again.
   */
  enroll(enrollmentCode: string, requestSecret?: string): Promise<HubResult<EndpointAnswer<'enroll'>>> {
    const { kioskId } = this.options;
    return this.call('enroll', { kioskId, enrollmentCode, ...(requestSecret === undefined ? {} : { requestSecret }) });
  }

  /**
   * GET /readyz, outside the breaker and unauthenticated: whether the hub answers at all. While
   * the link is down the outbox asks this about once a second, so the link's return is noticed
   * at once (a dead link costs a refused connection or a 1 s timeout; the hub, a trivial request).
   */
  async probe(): Promise<boolean> {
    const { baseUrl } = this.options;
    if (baseUrl === undefined) return false;
    const { path, responses } = hubEndpoints.readyz;
    const url = new URL(path, baseUrl).toString();
    const timeoutMs = Math.min(this.options.requestTimeoutMs, PROBE_TIMEOUT_MS);
    const result = await this.#attempt(
      url,
      'GET',
      { accept: 'application/json' },
      undefined,
      responses[200],
      timeoutMs,
    );
    return result.ok;
  }

  /** Aborts calls in flight (shutdown); they end as `connection_lost`. */
  abortAll(): void {
    for (const controller of this.#inFlight) controller.abort();
  }

  async #call<Res extends z.ZodType>(
    endpoint: HubEndpoint,
    policy: CallPolicy,
    response: Res,
    input: unknown,
  ): Promise<HubResult<z.output<Res>>> {
    const { baseUrl } = this.options;
    if (baseUrl === undefined) return failure('not_configured', 'no hub address is configured');
    const authenticated = endpoint.auth === 'kiosk';
    const credential = authenticated ? this.options.credential() : undefined;
    if (authenticated && credential === undefined) {
      return failure('not_enrolled', 'the kiosk has no hub credential yet');
    }
    // Our own request is checked too: the hub would refuse it (a typo in a technician's code, or a
    // bug), so it is refused here without using the link.
    const body = (endpoint.body ?? NoBody).safeParse(input);
    if (!body.success) return failure('rejected', `request outside the contract: ${describeIssues(body.error)}`);
    const url = new URL(endpoint.path, baseUrl).toString();
    const { method } = endpoint;
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...kioskAuthHeaders(this.options.kioskId, credential),
    };
    if (method === 'POST') headers['content-type'] = 'application/json';
    const payload = method === 'POST' ? JSON.stringify(body.data) : undefined;

    const deadline = this.#now() + policy.budgetMs(this.options.requestTimeoutMs);
    let last: HubResult<z.output<Res>> = failure('timeout', 'no attempt was made');
    for (let attempt = 0; attempt < policy.attempts; attempt += 1) {
      const permit = this.options.breaker.acquire();
      if (!permit.allowed) {
        // A retry refused because the failures so far opened the circuit: report the real failure.
        if (attempt > 0) break;
        return failure('circuit_open', `the hub link is down; next try in ${Math.ceil(permit.retryInMs / 1000)} s`);
      }
      const timeoutMs = Math.min(this.options.requestTimeoutMs, deadline - this.#now());
      last = await this.#attempt(url, method, headers, payload, response, timeoutMs);
      this.#report(permit, last);
      if (last.ok || !retryable(last.error.code, policy.retry)) break;
      if (attempt + 1 >= policy.attempts) break;
      const delay = backoffDelay(
        attempt,
        { initialMs: this.options.retryInitialMs ?? 200, maxMs: 2000, jitter: 1 },
        this.#random,
      );
      // No time left for a useful retry: answer now rather than overrun the visitor's budget.
      if (deadline - this.#now() - delay < MIN_ATTEMPT_MS) break;
      this.options.log.debug(
        { path: endpoint.path, failure: last.error.code, attempt: attempt + 1, delayMs: delay },
        'hub call failed; retrying',
      );
      await this.#sleep(delay);
    }
    if (!last.ok && authenticated && last.error.code === 'unauthorized') this.options.onCredentialRefused?.();
    if (!last.ok) {
      this.options.log.debug(
        { path: endpoint.path, failure: last.error.code, status: last.error.status },
        'hub call failed',
      );
    }
    return last;
  }

  /** One HTTP exchange, classified. */
  async #attempt<Res extends z.ZodType>(
    url: string,
    method: 'GET' | 'POST',
    headers: Record<string, string>,
    payload: string | undefined,
    schema: Res,
    timeoutMs: number,
  ): Promise<HubResult<z.output<Res>>> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    this.#inFlight.add(controller);
    try {
      let response: Response;
      const sentAt = Date.now();
      try {
        response = await fetch(url, {
          method,
          headers,
          ...(payload !== undefined ? { body: payload } : {}),
          signal: controller.signal,
        });
      } catch (error) {
        if (timedOut) return failure('timeout', `no answer within ${timeoutMs} ms`);
        const code = socketErrorCode(error);
        return UNSENT_CODES.has(code)
          ? failure('connect_failed', `cannot connect to the hub (${code})`)
          : failure('connection_lost', `the connection to the hub failed (${code})`);
      }
      // Wall-clock times (not the injectable `now`): they measure the kiosk's real clock against the hub's.
      this.options.onAnswer?.({
        sentAt,
        receivedAt: Date.now(),
        date: response.headers.get('date'),
        status: response.status,
      });
      let text: string;
      try {
        text = await readLimited(response, this.options.maxResponseBytes ?? 256 * 1024);
      } catch (error) {
        if (timedOut) return failure('timeout', `the answer did not complete within ${timeoutMs} ms`);
        if (error instanceof TooLargeError) return failure('malformed', error.message, response.status);
        return failure('connection_lost', `the answer was cut off (${socketErrorCode(error)})`, response.status);
      }
      return classify(response, text, schema, (dropped) =>
        this.options.log.warn(
          { url: new URL(url).pathname, fields: dropped },
          'the hub answered with fields this kiosk does not know (a newer hub?); they are ignored',
        ),
      );
    } finally {
      clearTimeout(timer);
      this.#inFlight.delete(controller);
    }
  }

  #report(permit: CircuitPermit, result: HubResult<unknown>): void {
    const { breaker } = this.options;
    if (result.ok) breaker.succeeded(permit);
    else if (LINK_FAILURES.has(result.error.code)) breaker.failed(permit);
    // A 4xx is an answer: the link works even if the hub said no.
    else breaker.succeeded(permit);
  }
}

function retryable(code: HubFailureCode, policy: RetryPolicy): boolean {
  if (policy === 'unsent-only') return code === 'connect_failed';
  // A malformed answer would come back the same (a captive portal); 4xx are the hub's decisions.
  return code === 'connect_failed' || code === 'connection_lost' || code === 'timeout' || code === 'server_error';
}

/** Turns a complete HTTP answer into a result, validating it against the contract. */
function classify<Res extends z.ZodType>(
  response: Response,
  text: string,
  schema: Res,
  onDropped: (fields: string[]) => void,
): HubResult<z.output<Res>> {
  const status = response.status;
  if (status >= 200 && status < 300) {
    const json = parseJson(text);
    if (json === undefined) return failure('malformed', `the hub's answer (${status}) is not JSON`, status);
    const parsed = parseHubAnswer(schema, json);
    if (!parsed.success) {
      return failure('malformed', `the hub's answer is outside the contract: ${describeIssues(parsed.error)}`, status);
    }
    if (parsed.dropped.length > 0) onDropped(parsed.dropped);
    return ok(parsed.data);
  }
  // Error answers should be HubError JSON; a proxy's HTML page is classified by status alone.
  const error = HubError.safeParse(parseJson(text));
  const message = error.success ? error.data.message.slice(0, 200) : `HTTP ${status}`;
  if (status === 429) {
    const retryAfter = error.success ? error.data.retryAfterSeconds : retryAfterHeader(response);
    return fail('rate_limited', message, {
      status,
      ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}),
    });
  }
  if (status === 401 || status === 403) return failure('unauthorized', message, status);
  if (status >= 500) return failure('server_error', message, status);
  if (status >= 400) return failure('rejected', message, status);
  // 1xx/3xx: fetch follows redirects, so anything else here is not the contract.
  return failure('malformed', `unexpected HTTP ${status}`, status);
}

function failure(code: HubFailureCode, message: string, status?: number): { ok: false; error: HubFailure } {
  return fail(code, message, status === undefined ? {} : { status });
}

function retryAfterHeader(response: Response): number | undefined {
  const value = Number(response.headers.get('retry-after'));
  return Number.isInteger(value) && value >= 0 ? value : undefined;
}

class TooLargeError extends Error {}

/** Reads a body as UTF-8, refusing more than `limit` bytes (a runaway answer must not fill memory). */
async function readLimited(response: Response, limit: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new TooLargeError(`the hub's answer is larger than ${limit} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The socket error code behind a fetch failure (`ECONNREFUSED`…), or a short description. */
function socketErrorCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    const code = (current as NodeJS.ErrnoException).code;
    if (typeof code === 'string') return code;
    // Happy eyeballs (IPv6 and IPv4 tried in turn) fails with an AggregateError of both.
    if (current instanceof AggregateError) {
      const inner = current.errors.find((e: unknown) => e instanceof Error && 'code' in e);
      if (inner) return socketErrorCode(inner);
    }
    current = (current as Error & { cause?: unknown }).cause;
  }
  return error instanceof Error ? error.name : 'unknown';
}
