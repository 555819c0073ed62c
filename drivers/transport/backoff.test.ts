import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('doubles from 0.5 s up to the 30 s cap without jitter', () => {
    const delays = Array.from({ length: 10 }, (_, attempt) => backoffDelay(attempt, { jitter: 0 }));
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000, 30_000]);
  });

  it('takes up to the jitter share off each delay, never more', () => {
    expect(backoffDelay(1, { jitter: 0.3 }, () => 0)).toBe(1000);
    expect(backoffDelay(1, { jitter: 0.3 }, () => 0.999_999)).toBe(700);
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelay(3, {});
      expect(delay).toBeGreaterThanOrEqual(2800);
      expect(delay).toBeLessThanOrEqual(4000);
    }
  });

  it('stays at the cap after very many attempts instead of overflowing', () => {
    expect(backoffDelay(10_000, { jitter: 0 })).toBe(30_000);
    expect(backoffDelay(-1, { jitter: 0 })).toBe(500);
  });
});
