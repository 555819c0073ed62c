import { backoffDelay } from '../../../drivers/transport/backoff';
import { fail, ok, type Result } from '../../../kiosk-config/src/index';
import type { Logger } from '../logging/logger';
import { CircuitBreaker, type CircuitState } from './circuit-breaker';
import type { CredentialStore, KioskCredential } from './credential-store';
import type { EnrollmentRequestStore } from './enrollment-request-store';
import { HubClient, type HubFailure } from './hub-client';
import type { HubAnswer, HubContact } from './hub-contact';

/**
 * The answer to a technician's enrollment: the office the hub put the kiosk in, or why not
 * (`refused`: the code is unknown, spent or expired; ask for a new one).
 */
export type EnrollOutcome = Result<{ officeId: string }, 'refused' | 'rate_limited' | 'hub_unreachable'>;

/** The shortest interval between two re-enrollments after the hub refused the credential (ms). */
const REFUSAL_REENROLL_MS = 60_000;

/** Options of the hub link. */
export interface HubLinkOptions {
  kioskId: string;
  /** The hub's base URL; undefined when there is none (an embedded hub that did not start). */
  baseUrl: string | undefined;
  /**
   * A fleet provisioning token: with it the kiosk files an enrollment request when it has no
   * credential, and collects the credential once an admin approved the request.
   */
  provisioningToken?: string;
  /** Where the request's secret is kept (0600, atomic); required with a token. */
  requestStore?: EnrollmentRequestStore;
  /** How often a pending request is asked about again (ms); 2 minutes by default. */
  pendingPollMs?: number;
  requestTimeoutMs: number;
  circuitFailureThreshold: number;
  circuitOpenMs: number;
  store: CredentialStore;
  log: Logger;
  /** Called when the breaker changes state (the outbox retries at once when it closes). */
  onCircuitChange?: (state: CircuitState) => void;
  /** Called after a successful enrollment (the outbox can deliver now). */
  onEnrolled?: () => void;
  /** Longest wait between self-enrollment attempts (ms). */
  maxEnrollDelayMs?: number;
  /** Told of every HTTP answer of the hub (last contact, clock offset). */
  contact?: HubContact;
}

/**
 * The kiosk's identity at the hub and the client that uses it.
 *
 * Holds the credential (decrypted in memory only; on disk it is encrypted, see
 * `CredentialStore`), enrolls the kiosk with the configured provisioning token when it has none
 * (at start, and again if the hub stops accepting it), and offers `enrollWithCode` for the
 * technician's one-time code.
 *
 * Self-enrollment with a provisioning token files a request named by a secret the kiosk makes
 * and stores first (`EnrollmentRequestStore`); the hub answers `pending` until an admin approves
 * it, and the kiosk asks again every `pendingPollMs`, then collects its credential. Link failures
 * are retried with backoff; re-sending after a lost answer asks about the same request. A
 * technician's one-time code is tried once per request and never re-sent.
 */
export class HubLink {
  readonly client: HubClient;
  readonly breaker: CircuitBreaker;
  #credential: KioskCredential | undefined;
  #enrolling: Promise<boolean> | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #attempts = 0;
  #closed = false;
  #lastRefusal = Number.NEGATIVE_INFINITY;
  /** The hub refused the provisioning token (rotated, or this kiosk revoked): not tried again until restart. */
  #tokenRefused = false;

  private constructor(private readonly options: HubLinkOptions) {
    this.breaker = new CircuitBreaker({
      failureThreshold: options.circuitFailureThreshold,
      openMs: options.circuitOpenMs,
      onStateChange: (state) => {
        const log = state === 'open' ? options.log.warn.bind(options.log) : options.log.info.bind(options.log);
        log({ circuit: state }, state === 'open' ? 'hub link down: answering offline' : 'hub link state changed');
        options.onCircuitChange?.(state);
      },
    });
    this.client = new HubClient({
      baseUrl: options.baseUrl,
      kioskId: options.kioskId,
      credential: () => this.credential(),
      requestTimeoutMs: options.requestTimeoutMs,
      breaker: this.breaker,
      log: options.log,
      ...(options.contact ? { onAnswer: (answer: HubAnswer) => options.contact?.answered(answer) } : {}),
      onCredentialRefused: () => void this.credentialRefused(),
    });
  }

  /**
   * Loads the stored credential; without one, and with a provisioning token, tries to enroll
   * once now (bounded by the request timeout) and keeps trying in the background.
   */
  static async start(options: HubLinkOptions): Promise<HubLink> {
    const link = new HubLink(options);
    const stored = await options.store.load(options.kioskId);
    if (stored.state === 'present') {
      link.#credential = stored.credential;
      options.log.info({ officeId: stored.credential.officeId, hub: options.baseUrl }, 'hub credential loaded');
    } else {
      if (stored.state === 'unreadable') options.log.warn({ reason: stored.reason }, 'stored hub credential unusable');
      if (options.baseUrl === undefined) options.log.warn({}, 'no hub address: status lookups will answer offline');
      else if (options.provisioningToken === undefined) {
        options.log.warn({}, 'kiosk not enrolled at the hub: a technician must enroll it with a one-time code');
      } else await link.selfEnroll();
    }
    return link;
  }

  /**
   * Asks whether the hub answers (`GET /readyz`, outside the breaker); if it does, the circuit
   * closes at once, which wakes the outbox and fetches the setup again (`onCircuitChange`).
   */
  async probe(): Promise<boolean> {
    if (this.#closed || !(await this.client.probe())) return false;
    this.breaker.linkAnswered();
    return true;
  }

  /** The hub's base URL, if the kiosk has one (the content channel fetches from it directly). */
  get baseUrl(): string | undefined {
    return this.options.baseUrl;
  }

  /** The kiosk's credential now (undefined before enrollment or after a refusal): for the content channel's own requests. */
  credential(): string | undefined {
    return this.#credential?.credential;
  }

  /** Whether the kiosk holds a credential. */
  get enrolled(): boolean {
    return this.#credential !== undefined;
  }

  /** The office the hub enrolled this kiosk in, and when (undefined before enrollment). */
  get enrollment(): { officeId: string; enrolledAt: string } | undefined {
    const credential = this.#credential;
    return credential && { officeId: credential.officeId, enrolledAt: credential.enrolledAt };
  }

  /**
   * Enrolls with the configured provisioning token (at most one attempt at a time). On a link
   * failure, schedules another attempt with backoff; on a refusal, stops and says so in the log.
   */
  selfEnroll(): Promise<boolean> {
    const token = this.options.provisioningToken;
    if (token === undefined || this.#closed || this.#tokenRefused) return Promise.resolve(false);
    this.#enrolling ??= this.#requestWithToken(token).finally(() => {
      this.#enrolling = undefined;
    });
    return this.#enrolling;
  }

  /** One ask of the hub about this kiosk's request (filed by the first ask). */
  async #requestWithToken(token: string): Promise<boolean> {
    const store = this.options.requestStore;
    if (store === undefined) throw new Error('a provisioning token needs a requestStore');
    let request = await store.loadOrCreate(this.options.kioskId);
    const result = await this.#enroll(token, 'provisioning token', request.secret);
    if (result.ok === true) {
      await store.clear();
      return true;
    }
    if (result.ok === 'pending') {
      if (request.requestId !== result.requestId) {
        this.options.log.warn(
          { requestId: result.requestId, officeId: result.officeId },
          'enrollment request filed at the hub: an admin must approve it (approve-kiosk)',
        );
        request = await store.rememberRequestId(request, result.requestId);
      }
      this.#attempts = 0;
      this.#scheduleSelfEnroll(this.options.pendingPollMs ?? 120_000);
      return false;
    }
    if (isRetryableEnrollFailure(result.error)) this.#scheduleSelfEnroll();
    else if (result.error.code === 'unauthorized' || result.error.code === 'rejected') {
      this.#tokenRefused = true;
      // A refused request is dead (rejected, or the id is enrolled): the next start files a new one.
      await store.clear();
      this.options.log.error(
        {},
        'the hub refused the enrollment request (rejected, kiosk id enrolled, or token rotated): a technician must enroll this kiosk',
      );
    }
    return false;
  }

  /**
   * Enrolls with a technician's one-time code (for the technician's screen). Tried once: a
   * code may already be spent by a request whose answer was lost, so the technician decides.
   */
  async enrollWithCode(code: string): Promise<EnrollOutcome> {
    const result = await this.#enroll(code, 'one-time code');
    if (result.ok === true) return ok({ officeId: result.officeId });
    if (result.ok === 'pending') return fail('refused', 'the hub holds the code for an admin (pending)');
    const { error: failure } = result;
    if (failure.code === 'unauthorized' || failure.code === 'rejected') {
      return fail('refused', `the hub refused the code (${failure.code})`);
    }
    if (failure.code === 'rate_limited') return fail('rate_limited', 'too many enrollment attempts: try later');
    return fail('hub_unreachable', `the hub did not answer (${failure.code})`);
  }

  /**
   * The hub refused the credential (revoked, or the hub's database was replaced): forget it and,
   * with a provisioning token, enroll again.
   */
  async credentialRefused(): Promise<void> {
    if (this.#credential === undefined || this.#enrolling !== undefined) return;
    // Every call in flight may report the same refusal: act once a minute at most.
    if (Date.now() - this.#lastRefusal < REFUSAL_REENROLL_MS) return;
    this.#lastRefusal = Date.now();
    this.options.log.warn({}, 'the hub refused the kiosk credential');
    if (this.options.provisioningToken !== undefined) await this.selfEnroll();
  }

  /** Stops background enrollment and aborts calls in flight. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    this.client.abortAll();
  }

  async #enroll(
    code: string,
    what: string,
    requestSecret?: string,
  ): Promise<
    | { ok: true; officeId: string }
    | { ok: 'pending'; officeId: string; requestId: string }
    | { ok: false; error: HubFailure }
  > {
    const result = await this.client.enroll(code, requestSecret);
    if (!result.ok) {
      this.options.log.warn(
        { failure: result.error.code, status: result.error.status, with: what },
        'enrollment failed',
      );
      return result;
    }
    if (result.value.kioskId !== this.options.kioskId) {
      this.options.log.error({ with: what }, 'enrollment answered for another kiosk id: ignored');
      return fail('malformed', 'enrollment for another kiosk id');
    }
    if (result.value.status === 'pending') {
      if (requestSecret === undefined) {
        return fail('malformed', 'a one-time code answered pending');
      }
      return { ok: 'pending', officeId: result.value.officeId, requestId: result.value.requestId };
    }
    const credential: KioskCredential = {
      kioskId: result.value.kioskId,
      credential: result.value.credential,
      officeId: result.value.officeId,
      enrolledAt: new Date().toISOString(),
    };
    // Stored before use: a kiosk that crashes now must not enroll again with a spent code.
    await this.options.store.save(credential);
    this.#credential = credential;
    this.#attempts = 0;
    this.options.log.info({ officeId: credential.officeId, with: what }, 'kiosk enrolled at the hub');
    this.options.onEnrolled?.();
    return { ok: true, officeId: credential.officeId };
  }

  /** Asks again after `delayMs`, or after a backoff delay growing with the failed attempts. */
  #scheduleSelfEnroll(delayMs?: number): void {
    if (this.#closed || this.#retryTimer !== undefined) return;
    const delay =
      delayMs ??
      Math.max(
        1000,
        backoffDelay(this.#attempts, { initialMs: 2000, maxMs: this.options.maxEnrollDelayMs ?? 300_000, jitter: 1 }),
      );
    this.#attempts += 1;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      void this.selfEnroll();
    }, delay);
    this.#retryTimer.unref();
  }
}

function isRetryableEnrollFailure(failure: HubFailure): boolean {
  return failure.code !== 'unauthorized' && failure.code !== 'rejected' && failure.code !== 'not_configured';
}
