/** The breaker's state: `closed` lets calls through, `open` refuses them, `half_open` lets one probe through. */
export type CircuitState = 'closed' | 'open' | 'half_open';

/** Options of the circuit breaker. */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before one probe may go through (ms). */
  openMs: number;
  /** Called on every state change (for logs and, later, the technician's screen). */
  onStateChange?: (state: CircuitState) => void;
  now?: () => number;
}

/** The answer of `CircuitBreaker.acquire`. */
export type CircuitPermit =
  /** Go ahead; report the outcome with `succeeded`/`failed`. `probe` is the half-open trial. */
  | { allowed: true; probe: boolean }
  /** Refused without trying: the link is known to be down for about `retryInMs` more. */
  | { allowed: false; retryInMs: number };

/**
 * A circuit breaker for the hub link.
 *
 * After `failureThreshold` link failures in a row it opens: calls are refused at once, so a
 * visitor on a dead rural link gets «нет связи» in milliseconds, not after every timeout in
 * turn. After `openMs` it half-opens: one call (a lookup or an outbox post) probes the link;
 * success closes the circuit, failure opens it for another `openMs`. Calls arriving while the
 * probe is in flight are refused rather than piled onto a link that may be dead.
 */
export class CircuitBreaker {
  #state: CircuitState = 'closed';
  #failures = 0;
  #openedAt = 0;
  #probeInFlight = false;
  readonly #now: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.#now = options.now ?? Date.now;
  }

  /** The state now (an open circuit whose time is up reads as `half_open`). */
  get state(): CircuitState {
    if (this.#state === 'open' && this.#now() - this.#openedAt >= this.options.openMs) return 'half_open';
    return this.#state;
  }

  /** Asks to make a call. */
  acquire(): CircuitPermit {
    const state = this.state;
    if (state === 'closed') return { allowed: true, probe: false };
    if (state === 'half_open' && !this.#probeInFlight) {
      this.#set('half_open');
      this.#probeInFlight = true;
      return { allowed: true, probe: true };
    }
    const left = this.options.openMs - (this.#now() - this.#openedAt);
    // A refused call during the probe: the probe ends within one request timeout.
    return { allowed: false, retryInMs: Math.max(0, left) };
  }

  /** The call reached the hub and got a sensible answer (any 2xx or 4xx). */
  succeeded(permit: CircuitPermit): void {
    if (!permit.allowed) return;
    if (permit.probe) this.#probeInFlight = false;
    this.#failures = 0;
    this.#set('closed');
  }

  /**
   * The hub answered a probe made outside the breaker (`HubClient.probe`): the link is back, so
   * the circuit closes now rather than after its open time.
   */
  linkAnswered(): void {
    this.#failures = 0;
    this.#set('closed');
  }

  /** The link failed: no connection, timeout, 5xx or a malformed answer. */
  failed(permit: CircuitPermit): void {
    if (!permit.allowed) return;
    if (permit.probe) this.#probeInFlight = false;
    this.#failures += 1;
    // Only a success resets the count, so a failed probe (the count already at the threshold)
    // opens the circuit again at once.
    if (this.#failures >= this.options.failureThreshold) {
      this.#openedAt = this.#now();
      this.#set('open');
    }
  }

  #set(state: CircuitState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.options.onStateChange?.(state);
  }
}
