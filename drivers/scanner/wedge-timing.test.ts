import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WedgeKey } from './wedge-decoder';
import { WedgeBurstDetector, type WedgeOutcome } from './wedge-timing';

const char = (c: string): WedgeKey => ({ kind: 'char', char: c });
const END: WedgeKey = { kind: 'end' };
const SHIFT: WedgeKey = { kind: 'modifier' };

/** Types `text` from `start`, one key every `gapMs`; returns every outcome, then the burst's tick. */
function type(detector: WedgeBurstDetector, text: string, start: number, gapMs: number): WedgeOutcome[] {
  const outcomes: WedgeOutcome[] = [];
  [...text].forEach((c, i) => {
    outcomes.push(...detector.push(c === '\n' ? END : char(c), start + i * gapMs));
  });
  return outcomes;
}

describe('WedgeBurstDetector', () => {
  it("takes a scanner's burst ended by Enter as a scan", () => {
    const detector = new WedgeBurstDetector();
    expect(type(detector, '4607001234562\n', 0, 4)).toEqual([{ kind: 'scan', text: '4607001234562', ended: 'suffix' }]);
    expect(detector.deadline).toBeNull();
  });

  it('ends a burst without a suffix by its gap, at the deadline and not before', () => {
    const detector = new WedgeBurstDetector();
    expect(type(detector, 'ABCDEF', 100, 8)).toEqual([]);
    const last = 100 + 5 * 8;
    expect(detector.deadline).toBe(last + 31);
    expect(detector.tick(last + 30)).toEqual([]);
    expect(detector.tick(last + 31)).toEqual([{ kind: 'scan', text: 'ABCDEF', ended: 'gap' }]);
  });

  it("ignores a person's typing: keys too far apart", () => {
    const detector = new WedgeBurstDetector();
    const outcomes = [...type(detector, '12345\n', 0, 150), ...detector.tick(10_000)];
    expect(outcomes.every((o) => o.kind === 'ignored')).toBe(true);
    expect(outcomes).toHaveLength(5);
  });

  it('ignores a burst shorter than the minimum, and one with a key no scanner sends', () => {
    const detector = new WedgeBurstDetector({ minLength: 4 });
    expect(type(detector, 'abc\n', 0, 5)).toEqual([{ kind: 'ignored', keys: 3, reason: 'too_short' }]);
    detector.push(char('a'), 100);
    detector.push({ kind: 'other' }, 105);
    expect(type(detector, 'bcdef\n', 110, 5)).toEqual([{ kind: 'ignored', keys: 7, reason: 'other_key' }]);
  });

  it('splits two scans separated by a gap, and does not count Shift between characters', () => {
    const detector = new WedgeBurstDetector();
    const outcomes = [...type(detector, 'ABCD', 0, 5)];
    outcomes.push(...detector.push(SHIFT, 200));
    outcomes.push(...type(detector, 'EFGH', 300, 5), ...detector.tick(1000));
    expect(outcomes).toEqual([
      { kind: 'scan', text: 'ABCD', ended: 'gap' },
      { kind: 'scan', text: 'EFGH', ended: 'gap' },
    ]);
  });

  it('drops a burst over the maximum length', () => {
    const detector = new WedgeBurstDetector({ maxLength: 8 });
    expect(type(detector, '0123456789\n', 0, 2)).toEqual([{ kind: 'ignored', keys: 10, reason: 'too_long' }]);
  });

  it('never throws, and every scan is a fast burst of at least the minimum length', () => {
    const key = fc.oneof(
      fc.constantFrom<WedgeKey>(END, SHIFT, { kind: 'other' }),
      fc.string({ minLength: 1, maxLength: 1 }).map(char),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(key, fc.nat(80)), { maxLength: 60 }),
        fc.integer({ min: 1, max: 8 }),
        (events, minLength) => {
          const detector = new WedgeBurstDetector({ minLength });
          let now = 0;
          const outcomes: WedgeOutcome[] = [];
          for (const [k, gap] of events) {
            now += gap;
            outcomes.push(...detector.push(k, now));
          }
          outcomes.push(...detector.tick(now + 1000));
          expect(detector.deadline).toBeNull();
          for (const o of outcomes) if (o.kind === 'scan') expect(o.text.length).toBeGreaterThanOrEqual(minLength);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('finds every scan typed by a scanner between slow key presses of a person', () => {
    const code = fc.string({ unit: fc.constantFrom(...'ABC0123456789-/'), minLength: 4, maxLength: 30 });
    fc.assert(
      fc.property(fc.array(fc.tuple(code, fc.boolean()), { minLength: 1, maxLength: 6 }), (scans) => {
        const detector = new WedgeBurstDetector();
        const outcomes: WedgeOutcome[] = [];
        let now = 0;
        for (const [text, withSuffix] of scans) {
          outcomes.push(...detector.push(char('x'), now)); // a person's key
          now += 500;
          outcomes.push(...type(detector, withSuffix ? `${text}\n` : text, now, 6));
          now += 1000;
        }
        outcomes.push(...detector.tick(now));
        expect(outcomes.filter((o) => o.kind === 'scan').map((o) => o.kind === 'scan' && o.text)).toEqual(
          scans.map(([text]) => text),
        );
      }),
      { numRuns: 300 },
    );
  });
});
