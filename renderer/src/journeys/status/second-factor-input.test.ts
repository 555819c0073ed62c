import { describe, expect, it } from 'vitest';
import {
  filingDateFromDigits,
  formatDateDraft,
  formatPhoneDraft,
  isCompleteButInvalid,
  isoDateIn,
  pressSecondFactorKey,
  secondFactorFromDigits,
} from './second-factor-input';

const today = '2026-11-23';

function typeDigits(kind: 'filing_date' | 'phone_last4', text: string): string {
  return [...text].reduce((digits, char) => pressSecondFactorKey(kind, digits, { kind: 'char', char }), '');
}

describe('the date keypad', () => {
  it('takes eight digits and shows the dots itself', () => {
    expect(typeDigits('filing_date', '1512202699')).toBe('15122026');
    expect(formatDateDraft('')).toBe('ДД.ММ.ГГГГ');
    expect(formatDateDraft('151')).toBe('15.1М.ГГГГ');
    expect(formatDateDraft('15122026')).toBe('15.12.2026');
  });

  it('ignores anything but digits, erases and clears', () => {
    expect(pressSecondFactorKey('filing_date', '15', { kind: 'char', char: '.' })).toBe('15');
    expect(pressSecondFactorKey('filing_date', '15', { kind: 'char', char: 'А' })).toBe('15');
    expect(pressSecondFactorKey('filing_date', '151', { kind: 'backspace' })).toBe('15');
    expect(pressSecondFactorKey('filing_date', '151', { kind: 'clear' })).toBe('');
  });

  it('accepts only real days from 2000 up to today', () => {
    expect(filingDateFromDigits('02112026', today)).toBe('2026-11-02');
    expect(filingDateFromDigits('29022024', today)).toBe('2024-02-29');
    expect(filingDateFromDigits('23112026', today)).toBe('2026-11-23');
    expect(filingDateFromDigits('29022025', today)).toBeNull();
    expect(filingDateFromDigits('31042026', today)).toBeNull();
    expect(filingDateFromDigits('00012026', today)).toBeNull();
    expect(filingDateFromDigits('01132026', today)).toBeNull();
    expect(filingDateFromDigits('24112026', today)).toBeNull();
    expect(filingDateFromDigits('01011999', today)).toBeNull();
    expect(filingDateFromDigits('0211202', today)).toBeNull();
  });

  it('tells a complete but impossible date apart from an unfinished one', () => {
    expect(isCompleteButInvalid('filing_date', '31022026', today)).toBe(true);
    expect(isCompleteButInvalid('filing_date', '3102202', today)).toBe(false);
    expect(isCompleteButInvalid('filing_date', '02112026', today)).toBe(false);
  });
});

describe('the phone digits', () => {
  it('takes four digits', () => {
    expect(typeDigits('phone_last4', '123456')).toBe('1234');
    expect(formatPhoneDraft('12')).toBe('1 2 _ _');
    expect(secondFactorFromDigits('phone_last4', '1234', today)).toEqual({ kind: 'phone_last4', value: '1234' });
    expect(secondFactorFromDigits('phone_last4', '123', today)).toBeNull();
    expect(isCompleteButInvalid('phone_last4', '1234', today)).toBe(false);
  });
});

describe('secondFactorFromDigits', () => {
  it('makes the contract value of a filing date', () => {
    expect(secondFactorFromDigits('filing_date', '02112026', today)).toEqual({
      kind: 'filing_date',
      value: '2026-11-02',
    });
  });
});

describe('isoDateIn', () => {
  it('gives the office date, which differs from UTC near midnight', () => {
    const lateUtc = new Date('2026-11-23T22:30:00Z');
    expect(isoDateIn(lateUtc, 'Europe/Moscow')).toBe('2026-11-24');
    expect(isoDateIn(lateUtc, 'UTC')).toBe('2026-11-23');
    expect(isoDateIn(lateUtc, 'Not/A_Zone')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
