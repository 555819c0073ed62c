import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rangeApplies, rangeResponseHead, resolveByteRange } from './byte-range';

describe('resolveByteRange', () => {
  const size = 1000;
  it.each([
    ['bytes=0-99', { kind: 'partial', start: 0, end: 99 }],
    ['bytes=100-', { kind: 'partial', start: 100, end: 999 }],
    ['bytes=0-', { kind: 'partial', start: 0, end: 999 }],
    ['bytes=-100', { kind: 'partial', start: 900, end: 999 }],
    ['bytes=-5000', { kind: 'partial', start: 0, end: 999 }],
    ['bytes=990-5000', { kind: 'partial', start: 990, end: 999 }],
    ['bytes=999-999', { kind: 'partial', start: 999, end: 999 }],
    ['BYTES = 5 - 9', { kind: 'partial', start: 5, end: 9 }],
    ['bytes=1000-', { kind: 'unsatisfiable' }],
    ['bytes=1000-2000', { kind: 'unsatisfiable' }],
    ['bytes=-0', { kind: 'unsatisfiable' }],
    // Ignored (the whole file): invalid, another unit, several ranges, nothing.
    ['bytes=9-5', { kind: 'whole' }],
    ['bytes=-', { kind: 'whole' }],
    ['bytes=0-1,5-9', { kind: 'whole' }],
    ['items=0-9', { kind: 'whole' }],
    ['bytes=1e3-', { kind: 'whole' }],
    ['bytes=9999999999999999-', { kind: 'whole' }],
    ['', { kind: 'whole' }],
  ])('%s of 1000 bytes', (header, expected) => {
    expect(resolveByteRange(header, size)).toEqual(expected);
  });

  it('answers the whole file without a header, and nothing of an empty file', () => {
    expect(resolveByteRange(undefined, size)).toEqual({ kind: 'whole' });
    expect(resolveByteRange(null, size)).toEqual({ kind: 'whole' });
    expect(resolveByteRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(resolveByteRange('bytes=-1', 0)).toEqual({ kind: 'unsatisfiable' });
  });

  it('never throws, and a partial answer always lies inside the file (fuzz)', () => {
    const header = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
      // Near misses of valid headers: a valid one with characters inserted.
      fc
        .tuple(
          fc.nat({ max: 2000 }),
          fc.option(fc.nat({ max: 2000 })),
          fc.string({ maxLength: 3 }),
          fc.nat({ max: 20 }),
        )
        .map(([a, b, noise, at]) => {
          const valid = `bytes=${a}-${b ?? ''}`;
          return valid.slice(0, at) + noise + valid.slice(at);
        }),
    );
    fc.assert(
      fc.property(header, fc.nat({ max: 5000 }), (text, fileSize) => {
        const answer = resolveByteRange(text, fileSize);
        if (answer.kind === 'partial') {
          expect(answer.start).toBeGreaterThanOrEqual(0);
          expect(answer.end).toBeGreaterThanOrEqual(answer.start);
          expect(answer.end).toBeLessThan(fileSize);
        }
        if (answer.kind === 'unsatisfiable') expect(/^\s*bytes/i.test(text)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('agrees with the RFC 9110 model for every well-formed single range (property)', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 3000 }),
        fc.option(fc.nat({ max: 3000 }), { nil: undefined }),
        fc.boolean(),
        fc.nat({ max: 3000 }),
        (a, b, suffix, fileSize) => {
          const header = suffix ? `bytes=-${a}` : `bytes=${a}-${b ?? ''}`;
          const answer = resolveByteRange(header, fileSize);
          if (suffix) {
            if (a === 0 || fileSize === 0) expect(answer).toEqual({ kind: 'unsatisfiable' });
            else expect(answer).toEqual({ kind: 'partial', start: Math.max(0, fileSize - a), end: fileSize - 1 });
          } else if (b !== undefined && b < a) expect(answer).toEqual({ kind: 'whole' });
          else if (a >= fileSize) expect(answer).toEqual({ kind: 'unsatisfiable' });
          else expect(answer).toEqual({ kind: 'partial', start: a, end: Math.min(b ?? fileSize - 1, fileSize - 1) });
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('rangeApplies and rangeResponseHead', () => {
  it('applies a range only without If-Range or with this file’s ETag', () => {
    expect(rangeApplies(undefined, '"ab"')).toBe(true);
    expect(rangeApplies(' "ab" ', '"ab"')).toBe(true);
    expect(rangeApplies('"cd"', '"ab"')).toBe(false);
    expect(rangeApplies('Wed, 21 Oct 2015 07:28:00 GMT', '"ab"')).toBe(false);
  });

  it('says 206 with Content-Range, 416 with the size, 200 with the whole span', () => {
    expect(rangeResponseHead({ kind: 'partial', start: 10, end: 19 }, 100)).toEqual({
      status: 206,
      headers: { 'Content-Range': 'bytes 10-19/100', 'Content-Length': '10' },
      span: { start: 10, end: 19 },
    });
    expect(rangeResponseHead({ kind: 'unsatisfiable' }, 100)).toEqual({
      status: 416,
      headers: { 'Content-Range': 'bytes */100', 'Content-Length': '0' },
    });
    expect(rangeResponseHead({ kind: 'whole' }, 100).span).toEqual({ start: 0, end: 99 });
    expect(rangeResponseHead({ kind: 'whole' }, 0).span).toBeUndefined();
  });
});
