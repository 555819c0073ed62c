import { describe, expect, it } from 'vitest';
import { safeIntegerOf } from './postgres-integers';

describe('reading PostgreSQL bigints', () => {
  it('reads whole numbers up to 2^53 − 1 either way, and refuses what a number would round', () => {
    expect(safeIntegerOf('0')).toBe(0);
    expect(safeIntegerOf('3000000000')).toBe(3_000_000_000);
    expect(safeIntegerOf('-9007199254740991')).toBe(-9_007_199_254_740_991);
    expect(() => safeIntegerOf('9007199254740993')).toThrow(/beyond JavaScript's safe integers: 9007199254740993/);
    expect(() => safeIntegerOf('1.5')).toThrow(RangeError);
    expect(() => safeIntegerOf('')).toThrow(RangeError);
  });
});
