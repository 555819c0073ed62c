import { describe, expect, it } from 'vitest';
import {
  hitKioskAndOffice,
  InMemoryLimiter,
  keyedHash,
  MultiWindowLimiter,
  SlidingWindowLimiter,
} from './rate-limiter';

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

describe('MultiWindowLimiter and hitKioskAndOffice', () => {
  it('needs room in every window; a refused hit counts in none', () => {
    let now = 0;
    const limits = [
      { limit: 2, windowSeconds: 60 },
      { limit: 3, windowSeconds: 3600 },
    ];
    const limiter = new MultiWindowLimiter(limits, { now: () => now });
    expect(limiter.hit('k').allowed).toBe(true);
    expect(limiter.hit('k').allowed).toBe(true);
    expect(limiter.hit('k')).toEqual({ allowed: false, retryAfterSeconds: 60 });
    now += 60_000;
    expect(limiter.hit('k').allowed).toBe(true);
    // The hour is full now (3), though the minute has room: the wait is the hour's.
    expect(limiter.hit('k')).toEqual({ allowed: false, retryAfterSeconds: 3540 });
  });

  it('refuses by kiosk before office, and counts neither when one refuses', async () => {
    const perKiosk = new MultiWindowLimiter([{ limit: 2, windowSeconds: 60 }]);
    const perOffice = new InMemoryLimiter([{ limit: 3, windowSeconds: 60 }], { personal: false, now: Date.now });
    const a = { id: 'a', officeId: 'o' };
    const b = { id: 'b', officeId: 'o' };
    expect((await hitKioskAndOffice(perKiosk, perOffice, a)).allowed).toBe(true);
    expect((await hitKioskAndOffice(perKiosk, perOffice, a)).allowed).toBe(true);
    expect(await hitKioskAndOffice(perKiosk, perOffice, a)).toMatchObject({ allowed: false, scope: 'kiosk' });
    expect((await hitKioskAndOffice(perKiosk, perOffice, b)).allowed).toBe(true);
    expect(await hitKioskAndOffice(perKiosk, perOffice, b)).toMatchObject({ allowed: false, scope: 'office' });
    // b's refused hit did not count against b.
    expect(perKiosk.check('b').allowed).toBe(true);
  });

  it('lets no more than the kiosk limit through while the office answers slowly (a shared limit)', async () => {
    const perKiosk = new MultiWindowLimiter([{ limit: 2, windowSeconds: 60 }]);
    const perOffice = new InMemoryLimiter([{ limit: 100, windowSeconds: 60 }], { personal: false, now: Date.now });
    const slowOffice = {
      hit: async (key: string) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return perOffice.hit(key);
      },
      sweep: () => perOffice.sweep(),
    };
    const kiosk = { id: 'a', officeId: 'o' };
    const decisions = await Promise.all(
      Array.from({ length: 5 }, () => hitKioskAndOffice(perKiosk, slowOffice, kiosk)),
    );
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(2);
    // The kiosk's refused requests spent none of the office's room.
    expect(perOffice.trackedKeys()).toEqual(['o']);
    for (let i = 0; i < 98; i += 1) expect((await perOffice.hit('o')).allowed).toBe(true);
    expect((await perOffice.hit('o')).allowed).toBe(false);
  });
});

describe('keyedHash as a limiter key', () => {
  it('counts per value without keeping the value', () => {
    const limiter = new SlidingWindowLimiter({ limit: 1, windowSeconds: 60 }, { keyOf: keyedHash() });
    expect(limiter.hit('КУВД-001/2021-3670443').allowed).toBe(true);
    expect(limiter.hit('КУВД-001/2021-3670443').allowed).toBe(false);
    expect(limiter.hit('2345678901').allowed).toBe(true);
    const keys = limiter.trackedKeys();
    expect(keys).toHaveLength(2);
    for (const key of keys) {
      expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(key).not.toContain('3670443');
      expect(key).not.toContain('2345678901');
    }
  });
});
