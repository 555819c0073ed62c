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
 * window, which the per-kiosk limits keep small. In memory, per hub process: the limits several
 * hub instances must share go through `KeyedLimiter` (docs/operations/hub.md).
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

  /** Takes back the newest hit of `key`: a request this limit counted and another limit then refused. */
  refund(rawKey: string): void {
    this.#hits.get(this.#keyOf(rawKey))?.pop();
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

  /** Takes back the newest hit of `key` in every window (another limit refused the request). */
  refund(key: string): void {
    for (const limiter of this.#limiters) limiter.refund(key);
  }

  /** Forgets keys whose hits have all left their windows. */
  sweep(): void {
    for (const limiter of this.#limiters) limiter.sweep();
  }

  /** The keys as kept in memory (tests and audits: with `keyOf`, never the callers' values). */
  trackedKeys(): string[] {
    return [...new Set(this.#limiters.flatMap((limiter) => limiter.trackedKeys()))];
  }
}

/**
 * A rate limit whose key can reach several hub instances (an application number, a client
 * address, an office): shared through PostgreSQL when the hub runs on it, in this process's memory
 * on SQLite (one process). A refused hit counts nothing.
 */
export interface KeyedLimiter {
  /** Records a hit for `key` if every window has room; otherwise the longest wait among the full ones. */
  hit(key: string): Promise<RateDecision>;
  /** Frees what windows that have passed hold (memory, or the shared table's rows); housekeeping. */
  sweep(): Promise<void>;
}

/** How a hub limit is made: its windows, whether its keys are personal data, the clock. */
export interface KeyedLimitOptions {
  /** Application numbers, client addresses: kept only as keyed hashes, never as values. */
  personal: boolean;
  now: () => number;
}

/**
 * Makes the hub's limits whose keys can reach several instances; `name` tells one limit's keys
 * from another's where they are shared (e.g. `lookup-per-number`). The store chooses: memory on
 * SQLite (`memoryLimiters`), PostgreSQL on PostgreSQL (`hub-stores.ts`).
 */
export type KeyedLimiterFactory = (
  name: string,
  limits: readonly RateLimit[],
  options: KeyedLimitOptions,
) => KeyedLimiter;

/** A `MultiWindowLimiter` behind the asynchronous `KeyedLimiter`: this process's memory only. */
export class InMemoryLimiter implements KeyedLimiter {
  readonly #windows: MultiWindowLimiter;

  constructor(limits: readonly RateLimit[], options: KeyedLimitOptions) {
    this.#windows = new MultiWindowLimiter(limits, {
      now: options.now,
      // A keyed hash under a per-process secret: memory (a dump, a heap snapshot) holds no value.
      ...(options.personal ? { keyOf: keyedHash() } : {}),
    });
  }

  async hit(key: string): Promise<RateDecision> {
    return this.#windows.hit(key);
  }

  async sweep(): Promise<void> {
    this.#windows.sweep();
  }

  /** The keys as kept in memory (tests and audits: hashes for personal keys). */
  trackedKeys(): string[] {
    return this.#windows.trackedKeys();
  }
}

/** The limits of a hub on SQLite (one process): every one in memory. */
export const memoryLimiters: KeyedLimiterFactory = (_name, limits, options) => new InMemoryLimiter(limits, options);

/**
 * Counts a request against a kiosk's limits (this instance's memory: the balancer sends a kiosk's
 * requests to one instance) and its office's (shared: an office's kiosks reach several); a
 * refused request counts in neither. `scope` names which one refused (the log and the message).
 *
 * The kiosk's hit is taken first and given back when the office refuses, rather than checked
 * first and taken after: the office's hit is awaited (a database round trip), and another
 * request of the same kiosk could take the kiosk's last room meanwhile.
 */
export async function hitKioskAndOffice(
  perKiosk: MultiWindowLimiter,
  perOffice: KeyedLimiter,
  kiosk: { id: string; officeId: string },
): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number; scope: 'kiosk' | 'office' }> {
  const byKiosk = perKiosk.hit(kiosk.id);
  if (!byKiosk.allowed) return { ...byKiosk, scope: 'kiosk' };
  const byOffice = await perOffice.hit(kiosk.officeId);
  if (!byOffice.allowed) {
    perKiosk.refund(kiosk.id);
    return { ...byOffice, scope: 'office' };
  }
  return { allowed: true };
}
