import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClockOffsetEstimator, offsetBounds, parseHttpDate } from './clock-offset';

/** An answer as a hub whose clock is `offsetMs` ahead would send it, written `serverDelayMs` into the round trip. */
function answer(sentAt: number, roundTripMs: number, serverDelayMs: number, offsetMs: number) {
  const hubNow = sentAt + serverDelayMs + offsetMs;
  return {
    sentAt,
    receivedAt: sentAt + roundTripMs,
    date: new Date(Math.floor(hubNow / 1000) * 1000).toUTCString(),
  };
}

describe('parseHttpDate', () => {
  it('reads IMF-fixdate, and refuses the obsolete forms and impossible dates', () => {
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')).toBe(Date.UTC(1994, 10, 6, 8, 49, 37));
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT')).toBeUndefined();
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994')).toBeUndefined();
    expect(parseHttpDate('Mon, 31 Feb 2026 10:00:00 GMT')).toBeUndefined();
    expect(parseHttpDate('Mon, 07 Dec 2026 24:00:00 GMT')).toBeUndefined();
    expect(parseHttpDate('')).toBeUndefined();
  });

  it('reads back every date Date#toUTCString writes, and never throws on any text', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), (ms) => {
        const whole = Math.floor(ms / 1000) * 1000;
        expect(parseHttpDate(new Date(whole).toUTCString())).toBe(whole);
      }),
    );
    fc.assert(
      fc.property(fc.string(), (text) => {
        const parsed = parseHttpDate(text);
        expect(parsed === undefined || Number.isFinite(parsed)).toBe(true);
      }),
    );
  });
});

describe('the offset from Date headers', () => {
  it('one answer bounds the true offset within the round trip plus a second', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 }),
        fc.integer({ min: 0, max: 3000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: -86_400_000, max: 86_400_000 }),
        (sentAt, roundTrip, phase, offset) => {
          const bounds = offsetBounds(answer(sentAt, roundTrip, Math.floor(roundTrip * phase), offset));
          expect(bounds).toBeDefined();
          if (!bounds) return;
          expect(bounds.low).toBeLessThanOrEqual(offset);
          expect(bounds.high).toBeGreaterThanOrEqual(offset);
          expect(bounds.high - bounds.low).toBeLessThanOrEqual(roundTrip + 1000);
        },
      ),
    );
  });

  it('answers at different phases of the second narrow it, always around the truth', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -600_000, max: 600_000 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 999 })), {
          minLength: 1,
          maxLength: 30,
        }),
        (offset, steps) => {
          const estimator = new ClockOffsetEstimator();
          let at = 1_800_000_000_000;
          for (const [roundTrip, extra] of steps) {
            at += 2000 + extra;
            estimator.observe(answer(at, roundTrip, Math.floor(roundTrip / 2), offset));
          }
          const estimate = estimator.estimate;
          expect(estimate).toBeDefined();
          if (!estimate) return;
          expect(Math.abs(estimate.offsetMs - offset)).toBeLessThanOrEqual(estimate.uncertaintyMs + 1);
          expect(estimate.uncertaintyMs).toBeLessThanOrEqual(530);
        },
      ),
    );
  });

  it('ten answers at scattered phases get well under a second; a stepped clock starts over', () => {
    const estimator = new ClockOffsetEstimator();
    let at = 1_800_000_000_000;
    for (let i = 0; i < 10; i += 1) {
      at += 1000 + 137 * i;
      estimator.observe(answer(at, 20, 10, -42_300));
    }
    const narrowed = estimator.estimate;
    expect(narrowed?.samples).toBe(10);
    expect(narrowed?.uncertaintyMs).toBeLessThan(150);
    expect(Math.abs((narrowed?.offsetMs ?? 0) + 42_300)).toBeLessThanOrEqual(narrowed?.uncertaintyMs ?? 0);

    // The kiosk's clock was set 42 s forward: the next answer disagrees with all before it.
    estimator.observe(answer(at + 5000, 20, 10, 0));
    expect(estimator.estimate?.samples).toBe(1);
    expect(Math.abs(estimator.estimate?.offsetMs ?? 99)).toBeLessThanOrEqual(estimator.estimate?.uncertaintyMs ?? 0);
  });

  it('ignores answers without a usable Date or with an absurd round trip', () => {
    const estimator = new ClockOffsetEstimator();
    estimator.observe({ sentAt: 0, receivedAt: 10, date: null });
    estimator.observe({ sentAt: 0, receivedAt: 10, date: 'yesterday' });
    estimator.observe({ ...answer(1_800_000_000_000, 20, 0, 0), receivedAt: 1_800_000_060_000 });
    estimator.observe({ ...answer(1_800_000_000_000, 20, 0, 0), receivedAt: 1_799_999_999_000 });
    expect(estimator.estimate).toBeUndefined();
  });
});
