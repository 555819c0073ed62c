import { describe, expect, it } from 'vitest';
import { amountWithUnits, formatAmount, formatAmountShort, groupThousands, NBSP } from './amount';

/** Writes an expected amount with `_` where the non-breaking space goes, to keep the tests readable. */
function nb(text: string): string {
  return text.replaceAll('_', NBSP);
}

describe('formatAmount', () => {
  it('shows roubles and kopecks, thousands grouped by a non-breaking space', () => {
    expect(formatAmount(200_000)).toBe(nb('2_000,00_₽'));
    expect(formatAmount(35_050)).toBe(nb('350,50_₽'));
    expect(formatAmount(1)).toBe(nb('0,01_₽'));
    expect(formatAmount(10)).toBe(nb('0,10_₽'));
    expect(formatAmount(99_999)).toBe(nb('999,99_₽'));
    expect(formatAmount(100_000)).toBe(nb('1_000,00_₽'));
    expect(formatAmount(123_456_789)).toBe(nb('1_234_567,89_₽'));
    expect(formatAmount(100_000_000)).toBe(nb('1_000_000,00_₽'));
  });

  it('never puts an ordinary space in an amount, so a line cannot break inside it', () => {
    for (const minor of [1, 100, 99_900, 150_000, 3_000_000, 100_000_000]) {
      expect(formatAmount(minor)).not.toMatch(/ /u);
      expect(formatAmountShort(minor)).not.toMatch(/ /u);
    }
  });

  it('refuses what is not a whole number of kopecks (a bug, not a visitor)', () => {
    expect(() => formatAmount(-100)).toThrow(RangeError);
    expect(() => formatAmount(10.5)).toThrow(RangeError);
    expect(() => formatAmount(Number.NaN)).toThrow(RangeError);
  });
});

describe('formatAmountShort', () => {
  it('drops «,00» from whole roubles and keeps kopecks when there are some', () => {
    expect(formatAmountShort(200_000)).toBe(nb('2_000_₽'));
    expect(formatAmountShort(35_000)).toBe(nb('350_₽'));
    expect(formatAmountShort(35_050)).toBe(nb('350,50_₽'));
  });
});

describe('groupThousands', () => {
  it('groups from the right', () => {
    expect(groupThousands(0)).toBe('0');
    expect(groupThousands(999)).toBe('999');
    expect(groupThousands(1000)).toBe(nb('1_000'));
    expect(groupThousands(12_345_678)).toBe(nb('12_345_678'));
  });
});

describe('amountWithUnits', () => {
  it('names the units, with the Russian plural of each', () => {
    expect(amountWithUnits(200_000)).toBe(nb('2_000 рублей 00 копеек'));
    expect(amountWithUnits(101)).toBe('1 рубль 01 копейка');
    expect(amountWithUnits(2_250)).toBe('22 рубля 50 копеек');
    expect(amountWithUnits(1_122)).toBe('11 рублей 22 копейки');
    expect(amountWithUnits(2_101)).toBe('21 рубль 01 копейка');
  });
});
