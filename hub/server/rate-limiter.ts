import { createHmac, randomBytes } from 'node:crypto';
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
  /**
   * Turns a caller's key into the key kept in memory. For keys that are personal data (an
   * application number) pass `keyedHash()`: the limiter then never holds the value itself.
   */
  keyOf?: (key: string) => string;
}

/**
 * A keyed hash for limiter keys: HMAC-SHA256 under a random key made once per call, i.e. per
 * limiter and per process. The same input maps to the same key for the process's life, so the
 * limit still counts per value; a memory dump or a heap snapshot shows no value, and without the
 * key (never stored, never logged) a hash cannot be matched against a list of candidate numbers.
 */
export function keyedHash(): (key: string) => string {
  const secret = randomBytes(32);
  return (key) => createHmac('sha256', secret).update(key, 'utf8').digest('base64url');
}

/**
 * The same keyed hash under a secret every hub instance shares (the PostgreSQL store keeps it), so
 * that a limit shared between instances counts one value under one key on all of them.
 */
export function sharedKeyedHash(secret: Buffer): (key: string) => string {
  if (secret.length < 32) throw new Error('a shared rate-limit key has at least 32 bytes');
  return (key) => createHmac('sha256', secret).update(key, 'utf8').digest('base64url');
}

/**
 * Whether one more hit fits a window of `limit` beside `live` (the key's hits inside the window,
 * oldest first), or how long until the oldest leaves it: one rule for the limiter in memory and
 * the one shared through PostgreSQL.
 */
export function windowDecision(live: readonly number[], limit: number, windowMs: number, now: number): RateDecision {
  if (live.length < limit) return { allowed: true };
  const oldest = live[0] ?? now;
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - now) / 1000)) };
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
  readonly #keyOf: (key: string) => string;
  /** Key → hit times, oldest first. Map order is least recently hit first (re-inserted on hit). */
  readonly #hits = new Map<string, number[]>();

  constructor(limit: RateLimit, options: SlidingWindowLimiterOptions = {}) {
    this.#limit = limit.limit;
    this.#windowMs = limit.windowSeconds * 1000;
    this.#now = options.now ?? Date.now;
    this.#maxKeys = options.maxKeys ?? 200_000;
    this.#keyOf = options.keyOf ?? ((key) => key);
  }

  /** Records a hit for `key` if the window has room; otherwise says how long to wait. */
  hit(rawKey: string): RateDecision {
    const key = this.#keyOf(rawKey);
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
  check(rawKey: string): RateDecision {
    const now = this.#now();
    return this.#decide(this.#live(this.#keyOf(rawKey), now), now);
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

  /** The keys as kept in memory (tests and audits: with `keyOf`, never the callers' values). */
  trackedKeys(): string[] {
    return [...this.#hits.keys()];
  }

  /** Whether one more hit fits beside `times` (the live hits), or when the oldest leaves the window. */
  #decide(times: readonly number[], now: number): RateDecision {
    return windowDecision(times, this.#limit, this.#windowMs, now);
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

/**
 * Several sliding windows over the same keys (e.g. 20 a minute and 600 a day): a hit is
 * recorded in all of them only when every one has room, so a refused request uses up nothing.
 */
export class MultiWindowLimiter {
  readonly #limiters: SlidingWindowLimiter[];

  constructor(limits: readonly RateLimit[], options: SlidingWindowLimiterOptions = {}) {
    this.#limiters = limits.map((limit) => new SlidingWindowLimiter(limit, options));
  }

  /** Records a hit for `key` if every window has room; otherwise the longest wait among the full ones. */
  hit(key: string): RateDecision {
    const refused = this.check(key);
    if (!refused.allowed) return refused;
    for (const limiter of this.#limiters) limiter.hit(key);
    return { allowed: true };
  }

  /** Whether `key` would be refused now, without recording a hit. */
  check(key: string): RateDecision {
    let wait = 0;
    for (const limiter of this.#limiters) {
      const decision = limiter.check(key);
      if (!decision.allowed) wait = Math.max(wait, decision.retryAfterSeconds);
    }
    return wait > 0 ? { allowed: false, retryAfterSeconds: wait } : { allowed: true };
  }

  /** Forgets keys whose hits have all left their windows. */
  sweep(): void {
    for (const limiter of this.#limiters) limiter.sweep();
  }
}

/**
 * Checks a request against a kiosk's limits and its office's together; a refused request
 * counts in neither. `scope` names which one refused (for the log and the message).
 */
export function hitKioskAndOffice(
  perKiosk: MultiWindowLimiter,
  perOffice: MultiWindowLimiter,
  kiosk: { id: string; officeId: string },
): { allowed: true } | { allowed: false; retryAfterSeconds: number; scope: 'kiosk' | 'office' } {
  const byKiosk = perKiosk.check(kiosk.id);
  if (!byKiosk.allowed) return { ...byKiosk, scope: 'kiosk' };
  const byOffice = perOffice.check(kiosk.officeId);
  if (!byOffice.allowed) return { ...byOffice, scope: 'office' };
  perKiosk.hit(kiosk.id);
  perOffice.hit(kiosk.officeId);
  return { allowed: true };
}
