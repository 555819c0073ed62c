import type { RateLimit } from './hub-config';

/** The answer of a rate limiter: allowed, or when to come back. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Options of `SlidingWindowLimiter`. */
export interface SlidingWindowLimiterOptions {
  /** The clock, in milliseconds (tests pass a fake one). */
  now?: () => number;
  /**
   * The most keys kept; beyond it the oldest-touched keys are forgotten. Bounds memory when
   * someone sprays distinct numbers; the per-kiosk limit keeps that slow in the first place.
   */
  maxKeys?: number;
}

/**
 * Sliding-window rate limiter: at most `limit` hits per key in any `windowSeconds`.
 *
 * An exact log of hit times per key rather than fixed buckets, so that a burst straddling a
 * bucket boundary cannot get twice the limit through. Memory is one number per hit within the
 * window, which the per-kiosk limits keep small. In memory, per hub process: several hub
 * processes behind one address need a shared store (see docs/operations/hub.md).
 */
export class SlidingWindowLimiter {
  readonly #windowMs: number;
  readonly #limit: number;
  readonly #now: () => number;
  readonly #maxKeys: number;
  /** Key → hit times, oldest first. Map order is least recently hit first (re-inserted on hit). */
  readonly #hits = new Map<string, number[]>();

  constructor(limit: RateLimit, options: SlidingWindowLimiterOptions = {}) {
    this.#limit = limit.limit;
    this.#windowMs = limit.windowSeconds * 1000;
    this.#now = options.now ?? Date.now;
    this.#maxKeys = options.maxKeys ?? 200_000;
  }

  /** Records a hit for `key` if the window has room; otherwise says how long to wait. */
  hit(key: string): RateDecision {
    const now = this.#now();
    const times = this.#live(key, now);
    const decision = this.#decide(times, now);
    if (!decision.allowed) return decision;
    times.push(now);
    this.#hits.delete(key);
    this.#hits.set(key, times);
    if (this.#hits.size > this.#maxKeys) {
      const oldestKey = this.#hits.keys().next().value;
      if (oldestKey !== undefined) this.#hits.delete(oldestKey);
    }
    return { allowed: true };
  }

  /** Whether `key` would be refused now, without recording a hit. */
  check(key: string): RateDecision {
    const now = this.#now();
    return this.#decide(this.#live(key, now), now);
  }

  /** Forgets keys whose hits have all left the window; call now and then to free memory. */
  sweep(): void {
    const now = this.#now();
    for (const [key, times] of this.#hits) {
      const last = times[times.length - 1];
      if (last === undefined || last <= now - this.#windowMs) this.#hits.delete(key);
    }
  }

  /** Keys currently tracked (for tests and metrics). */
  get size(): number {
    return this.#hits.size;
  }

  /** Whether one more hit fits beside `times` (the live hits), or when the oldest leaves the window. */
  #decide(times: readonly number[], now: number): RateDecision {
    if (times.length < this.#limit) return { allowed: true };
    const oldest = times[0] ?? now;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.#windowMs - now) / 1000)) };
  }

  /** The hits of `key` still inside the window, expired ones dropped in place. */
  #live(key: string, now: number): number[] {
    const times = this.#hits.get(key) ?? [];
    const cutoff = now - this.#windowMs;
    let expired = 0;
    while (expired < times.length && (times[expired] ?? now) <= cutoff) expired += 1;
    if (expired > 0) times.splice(0, expired);
    return times;
  }
}
