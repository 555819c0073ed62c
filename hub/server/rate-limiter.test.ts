import { describe, expect, it } from 'vitest';
import { SlidingWindowLimiter } from './rate-limiter';

describe('SlidingWindowLimiter', () => {
  it('allows `limit` hits in any window and says when the oldest leaves it', () => {
    let now = 1_000_000;
    const limiter = new SlidingWindowLimiter({ limit: 3, windowSeconds: 60 }, { now: () => now });
    expect(limiter.hit('k').allowed).toBe(true);
    now += 20_000;
    expect(limiter.hit('k').allowed).toBe(true);
    expect(limiter.hit('k').allowed).toBe(true);
    expect(limiter.hit('k')).toEqual({ allowed: false, retryAfterSeconds: 40 });
    // A refused hit is not recorded: the first hit leaves the window after 60 s, as promised.
    now += 40_000;
    expect(limiter.hit('k').allowed).toBe(true);
    expect(limiter.hit('k').allowed).toBe(false);
  });

  it('slides: a burst across what would be a fixed-bucket boundary gets no double allowance', () => {
    let now = 59_000;
    const limiter = new SlidingWindowLimiter({ limit: 2, windowSeconds: 60 }, { now: () => now });
    expect(limiter.hit('k').allowed).toBe(true);
    expect(limiter.hit('k').allowed).toBe(true);
    now = 61_000;
    expect(limiter.hit('k').allowed).toBe(false);
  });

  it('keeps keys apart, checks without recording, and forgets idle keys on sweep', () => {
    let now = 0;
    const limiter = new SlidingWindowLimiter({ limit: 1, windowSeconds: 10 }, { now: () => now });
    expect(limiter.hit('a').allowed).toBe(true);
    expect(limiter.check('b').allowed).toBe(true);
    expect(limiter.hit('b').allowed).toBe(true);
    expect(limiter.check('a')).toEqual({ allowed: false, retryAfterSeconds: 10 });
    expect(limiter.size).toBe(2);
    now = 10_000;
    limiter.sweep();
    expect(limiter.size).toBe(0);
  });

  it('bounds memory by forgetting the least recently hit keys', () => {
    const limiter = new SlidingWindowLimiter({ limit: 5, windowSeconds: 3600 }, { now: () => 0, maxKeys: 3 });
    for (const key of ['a', 'b', 'c', 'a', 'd']) limiter.hit(key);
    expect(limiter.size).toBe(3);
    // `b` was the least recently hit and went first; `a` was refreshed.
    expect(limiter.check('a')).toEqual({ allowed: true });
  });
});
