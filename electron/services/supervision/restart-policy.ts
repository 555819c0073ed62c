/** How a host reacts to its page failing (a crash, a kill, a freeze): shared by both hosts. */
export interface RestartPolicyOptions {
  /** This many failures within `windowMs` put the kiosk out of service. */
  maxFailures: number;
  windowMs: number;
  /** Delay before the second restart in a window (the first is at once); doubled for each further failure. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Out of service, the page is still brought back, this long after each failure: a transient fault heals. */
  slowRetryMs: number;
  /** Out of service, a page that has run this long without a failure puts the kiosk back in service. */
  recoverAfterMs: number;
}

/** What to do after a failure. */
export interface RecoveryDecision {
  /** Wait this long, then bring the page back. */
  delayMs: number;
  failuresInWindow: number;
  /** The kiosk is out of service (its page keeps failing). */
  outOfService: boolean;
  /** This failure is the one that put it out of service: the technician is alerted now. */
  wentOutOfService: boolean;
}

/**
 * Defaults: the first restart at once (the page is back within 2 s), then 1 s, 2 s, 4 s; the
 * fifth failure within ten minutes puts the kiosk out of service, after which the page is tried
 * again every minute and ten quiet minutes put it back in service.
 */
export const DEFAULT_RESTART_POLICY: RestartPolicyOptions = {
  maxFailures: 5,
  windowMs: 10 * 60_000,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  slowRetryMs: 60_000,
  recoverAfterMs: 10 * 60_000,
};

/**
 * Decides how to recover from page failures: restart with a growing delay, and when failures come
 * too often, out of service (a restart loop serves no visitor; the technician must know) with
 * slow retries that bring the kiosk back by itself once the page stays up.
 *
 * Pure: the caller passes the time, so the policy is unit-tested without timers. Used by the
 * browser host (`electron/host/browser-supervisor.ts`) and the Electron shell (`watchdog.ts`).
 */
export class RestartPolicy {
  readonly options: RestartPolicyOptions;
  #failures: number[] = [];
  #outOfService = false;

  constructor(options: Partial<RestartPolicyOptions> = {}) {
    this.options = { ...DEFAULT_RESTART_POLICY, ...options };
    const { maxFailures, windowMs, baseDelayMs, maxDelayMs, slowRetryMs, recoverAfterMs } = this.options;
    if (
      !(maxFailures >= 1 && windowMs > 0 && baseDelayMs >= 0 && maxDelayMs >= baseDelayMs) ||
      !(slowRetryMs >= 0 && recoverAfterMs > 0)
    ) {
      throw new RangeError('invalid restart policy');
    }
  }

  /** Whether the page failed too often: the kiosk is out of service until it stays up. */
  get outOfService(): boolean {
    return this.#outOfService;
  }

  /** Records one failure at `now` (ms) and says what to do about it. */
  recordFailure(now: number): RecoveryDecision {
    const { maxFailures, windowMs, baseDelayMs, maxDelayMs, slowRetryMs } = this.options;
    this.#failures = this.#failures.filter((at) => now - at < windowMs);
    this.#failures.push(now);
    const failuresInWindow = this.#failures.length;
    if (this.#outOfService || failuresInWindow >= maxFailures) {
      const wentOutOfService = !this.#outOfService;
      this.#outOfService = true;
      return { delayMs: slowRetryMs, failuresInWindow, outOfService: true, wentOutOfService };
    }
    const delayMs = failuresInWindow === 1 ? 0 : Math.min(maxDelayMs, baseDelayMs * 2 ** (failuresInWindow - 2));
    return { delayMs, failuresInWindow, outOfService: false, wentOutOfService: false };
  }

  /**
   * The page is up and answering at `now`. True when this puts the kiosk back in service: it was
   * out of service and the last failure is `recoverAfterMs` behind (the record starts clean).
   */
  recordHealthy(now: number): boolean {
    if (!this.#outOfService) return false;
    const last = this.#failures.at(-1) ?? Number.NEGATIVE_INFINITY;
    if (now - last < this.options.recoverAfterMs) return false;
    this.#outOfService = false;
    this.#failures = [];
    return true;
  }

  /** Failures recorded within the window ending at `now`. */
  failuresAt(now: number): number {
    return this.#failures.filter((at) => now - at < this.options.windowMs).length;
  }
}
