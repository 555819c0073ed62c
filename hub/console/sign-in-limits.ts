import type { ConsoleStore } from './console-store';

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

/** The lock-out's end after `failures` failures at `now`, or undefined while they are free. */
export function lockedUntilAfter(failures: number, now: number, policy: SignInLimitPolicy): string | undefined {
  const lockMs = lockMsAfter(failures, policy);
  return lockMs > 0 ? new Date(now + lockMs).toISOString() : undefined;
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
  async waitSeconds(login: string, address: string): Promise<number> {
    const now = this.#now();
    const limits = await Promise.all(
      [userLimitKey(login), addressLimitKey(address)].map((key) => this.#store.findLimit(key)),
    );
    const until = limits.map((limit) => limit?.lockedUntil).map((at) => (at === undefined ? 0 : Date.parse(at) - now));
    return Math.max(0, Math.ceil(Math.max(...until) / 1000));
  }

  /**
   * Counts the failure against the user and the address: the count in one atomic step of the
   * store (several hub instances add up), then the lock-out it earned, which only ever grows.
   */
  async recordFailure(login: string, address: string): Promise<void> {
    const now = this.#now();
    for (const [key, policy] of [
      [userLimitKey(login), USER_LIMIT_POLICY],
      [addressLimitKey(address), ADDRESS_LIMIT_POLICY],
    ] as const) {
      const at = new Date(now).toISOString();
      const failures = await this.#store.countFailure(key, at, new Date(now - policy.forgetAfterMs).toISOString());
      const until = lockedUntilAfter(failures, now, policy);
      if (until !== undefined) await this.#store.lockUntil(key, until);
    }
  }

  async recordSuccess(login: string): Promise<void> {
    await this.#store.clearLimit(userLimitKey(login));
  }
}
