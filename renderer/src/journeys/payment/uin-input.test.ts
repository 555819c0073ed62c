import { describe, expect, it } from 'vitest';
import { formatUin, isUinComplete, pressUinKey, uinDigits } from './uin-input';

const typed = (digits: string) => [...digits].reduce((text, char) => pressUinKey(text, { kind: 'char', char }), '');

describe('the УИН input', () => {
  it('types digits only, up to 25', () => {
    expect(typed('12a3-4 5')).toBe('12345');
    expect(typed('1'.repeat(30))).toBe('1'.repeat(25));
    expect(pressUinKey('123', { kind: 'backspace' })).toBe('12');
    expect(pressUinKey('123', { kind: 'clear' })).toBe('');
  });

  it('is complete at 20 or 25 digits only', () => {
    expect(isUinComplete('1'.repeat(19))).toBe(false);
    expect(isUinComplete('1'.repeat(20))).toBe(true);
    expect(isUinComplete('1'.repeat(22))).toBe(false);
    expect(isUinComplete('1'.repeat(25))).toBe(true);
    expect(isUinComplete('')).toBe(false);
  });

  it('shows the digits in groups of five, to compare with the bill', () => {
    expect(formatUin('')).toBe('');
    expect(formatUin('1234')).toBe('1234');
    expect(formatUin('1234567')).toBe('12345 67');
    expect(formatUin('18810177012345678901')).toBe('18810 17701 23456 78901');
    expect(formatUin('1'.repeat(25)).split(' ')).toHaveLength(5);
  });

  it('takes the spaces and dashes a bill prints out of a УИН', () => {
    expect(uinDigits('18810 17701-23456 78901')).toBe('18810177012345678901');
  });
});
