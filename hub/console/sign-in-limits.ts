import type { ConsoleStore, SignInLimitRecord } from './console-store';

/**
 * Sign-in limits: per user and per address, a growing lock-out kept in the database so a restart
 * of the hub forgives nothing. A few free failures, then each further failure locks for twice as
 * long as the one before, up to a ceiling; a quiet day forgets the count. A success clears the
 * user's count (not the address's: one known password must not reset guessing at others).
 */
export interface SignInLimitPolicy {
  /** Failures allowed before the first lock-out. */
  freeFailures: number;
  /** The first lock-out; each further failure doubles it. */
  firstLockMs: number;
  maxLockMs: number;
  /** Counts of keys with no failure for this long start afresh. */
  forgetAfterMs: number;
}

export const USER_LIMIT_POLICY: SignInLimitPolicy = {
  freeFailures: 5,
  firstLockMs: 60_000,
  maxLockMs: 3_600_000,
  forgetAfterMs: 24 * 3_600_000,
};

/** An office's staff may share one address (NAT): more room than per user. */
export const ADDRESS_LIMIT_POLICY: SignInLimitPolicy = {
  freeFailures: 20,
  firstLockMs: 60_000,
  maxLockMs: 3_600_000,
  forgetAfterMs: 24 * 3_600_000,
};

/** The lock-out after `failures` failures (0 while free). */
export function lockMsAfter(failures: number, policy: SignInLimitPolicy): number {
  const over = failures - policy.freeFailures;
  if (over < 0) return 0;
  return Math.min(policy.maxLockMs, policy.firstLockMs * 2 ** Math.min(over, 30));
}

/** The record after one more failure at `now`. */
export function afterFailure(
  previous: SignInLimitRecord | undefined,
  key: string,
  now: number,
  policy: SignInLimitPolicy,
): SignInLimitRecord {
  const stale = previous !== undefined && now - Date.parse(previous.lastFailureAt) >= policy.forgetAfterMs;
  const failures = (stale || previous === undefined ? 0 : previous.failures) + 1;
  const lockMs = lockMsAfter(failures, policy);
  return {
    key,
    failures,
    lastFailureAt: new Date(now).toISOString(),
    ...(lockMs > 0 ? { lockedUntil: new Date(now + lockMs).toISOString() } : {}),
  };
}

/** The stored keys of a user and of an address. */
export const userLimitKey = (login: string) => `user:${login.toLowerCase()}`;
export const addressLimitKey = (address: string) => `ip:${address}`;

/** Checks and records sign-in attempts against the store. */
export class SignInLimits {
  readonly #store: ConsoleStore;
  readonly #now: () => number;

  constructor(store: ConsoleStore, now: () => number) {
    this.#store = store;
    this.#now = now;
  }

  /** Seconds until a sign-in of this user from this address may be tried, or 0 now. */
  waitSeconds(login: string, address: string): number {
    const now = this.#now();
    const until = [userLimitKey(login), addressLimitKey(address)]
      .map((key) => this.#store.findLimit(key)?.lockedUntil)
      .map((at) => (at === undefined ? 0 : Date.parse(at) - now));
    return Math.max(0, Math.ceil(Math.max(...until) / 1000));
  }

  recordFailure(login: string, address: string): void {
    const now = this.#now();
    for (const [key, policy] of [
      [userLimitKey(login), USER_LIMIT_POLICY],
      [addressLimitKey(address), ADDRESS_LIMIT_POLICY],
    ] as const) {
      this.#store.saveLimit(afterFailure(this.#store.findLimit(key), key, now, policy));
    }
  }

  recordSuccess(login: string): void {
    this.#store.clearLimit(userLimitKey(login));
  }
}
