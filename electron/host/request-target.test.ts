import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRequestTarget } from './request-target';

describe('parseRequestTarget', () => {
  it('reads origin-form targets, keeping a leading // as a path', () => {
    expect(parseRequestTarget('/api?x=1')?.pathname).toBe('/api');
    expect(parseRequestTarget('/api?x=1')?.searchParams.get('x')).toBe('1');
    expect(parseRequestTarget('//[')?.pathname).toBe('//[');
    expect(parseRequestTarget('//evil.example/api')?.pathname).toBe('//evil.example/api');
  });

  it('refuses what is not an origin-form target', () => {
    for (const raw of [undefined, '', '*', 'http://127.0.0.1/', `/${'a'.repeat(3000)}`]) {
      expect(parseRequestTarget(raw)).toBeUndefined();
    }
  });

  it('never throws, whatever the target', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (tail) => {
        parseRequestTarget(tail);
        parseRequestTarget(`/${tail}`);
        parseRequestTarget(`//${tail}`);
      }),
      { numRuns: 500, seed: 11 },
    );
  });
});
