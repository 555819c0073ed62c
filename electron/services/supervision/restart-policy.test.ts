import { describe, expect, it } from 'vitest';
import { RestartPolicy } from './restart-policy';

const MINUTE = 60_000;
const policyOf = (options: ConstructorParameters<typeof RestartPolicy>[0] = {}) =>
  new RestartPolicy({
    maxFailures: 5,
    windowMs: 10 * MINUTE,
    baseDelayMs: 1_000,
    maxDelayMs: 30_000,
    slowRetryMs: MINUTE,
    recoverAfterMs: 10 * MINUTE,
    ...options,
  });

describe('RestartPolicy', () => {
  it('restarts the first failure at once, then backs off doubling from the base', () => {
    const policy = policyOf();
    expect([0, 1, 2, 3].map((i) => policy.recordFailure(i * 1_000).delayMs)).toEqual([0, 1_000, 2_000, 4_000]);
  });

  it('caps the delay', () => {
    const policy = policyOf({ maxFailures: 10, maxDelayMs: 5_000 });
    expect([0, 1, 2, 3, 4, 5].map((i) => policy.recordFailure(i).delayMs)).toEqual([
      0, 1_000, 2_000, 4_000, 5_000, 5_000,
    ]);
  });

  it('puts the kiosk out of service at the fifth failure within ten minutes, then retries slowly', () => {
    const policy = policyOf();
    for (let i = 0; i < 4; i += 1) expect(policy.recordFailure(i * MINUTE).outOfService).toBe(false);
    expect(policy.recordFailure(9 * MINUTE)).toEqual({
      delayMs: MINUTE,
      failuresInWindow: 5,
      outOfService: true,
      wentOutOfService: true,
    });
    expect(policy.outOfService).toBe(true);
    // Told once; the next failures wait the slow retry, however spaced.
    expect(policy.recordFailure(10 * MINUTE)).toMatchObject({
      delayMs: MINUTE,
      outOfService: true,
      wentOutOfService: false,
    });
    expect(policy.recordFailure(60 * MINUTE)).toMatchObject({
      delayMs: MINUTE,
      outOfService: true,
      wentOutOfService: false,
    });
  });

  it('forgets failures older than the window: spaced crashes never add up to out of service', () => {
    const policy = policyOf({ maxFailures: 3 });
    policy.recordFailure(0);
    policy.recordFailure(5 * MINUTE);
    expect(policy.failuresAt(10 * MINUTE - 1)).toBe(2);
    expect(policy.failuresAt(10 * MINUTE)).toBe(1);
    expect(policy.recordFailure(11 * MINUTE)).toMatchObject({
      failuresInWindow: 2,
      outOfService: false,
      delayMs: 1_000,
    });
    expect(policy.recordFailure(30 * MINUTE)).toMatchObject({ failuresInWindow: 1, outOfService: false, delayMs: 0 });
  });

  it('is back in service once the page stayed up for recoverAfterMs after the last failure, with a clean record', () => {
    const policy = policyOf({ maxFailures: 2 });
    policy.recordFailure(0);
    policy.recordFailure(MINUTE);
    expect(policy.recordHealthy(MINUTE + 30_000)).toBe(false);
    expect(policy.recordHealthy(11 * MINUTE - 1)).toBe(false);
    expect(policy.recordHealthy(11 * MINUTE)).toBe(true);
    expect(policy.outOfService).toBe(false);
    expect(policy.recordHealthy(12 * MINUTE)).toBe(false);
    expect(policy.recordFailure(12 * MINUTE)).toMatchObject({ failuresInWindow: 1, delayMs: 0, outOfService: false });
  });

  it('never says back in service while it was in service', () => {
    const policy = policyOf();
    policy.recordFailure(0);
    expect(policy.recordHealthy(60 * MINUTE)).toBe(false);
  });

  it('refuses a policy that could never work', () => {
    expect(() => new RestartPolicy({ maxFailures: 0 })).toThrow(RangeError);
    expect(() => new RestartPolicy({ windowMs: 0 })).toThrow(RangeError);
    expect(() => new RestartPolicy({ baseDelayMs: 10_000, maxDelayMs: 1_000 })).toThrow(RangeError);
    expect(() => new RestartPolicy({ recoverAfterMs: 0 })).toThrow(RangeError);
  });
});
