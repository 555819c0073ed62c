import { describe, expect, it } from 'vitest';
import { formatBookingCode, isBookingCodeComplete, pressBookingKey } from './booking-code-input';

function typeDigits(text: string, from = ''): string {
  return [...text].reduce((digits, char) => pressBookingKey(digits, { kind: 'char', char }), from);
}

describe('the booking code keypad', () => {
  it('takes eight digits and no more', () => {
    expect(typeDigits('1234567890')).toBe('12345678');
    expect(isBookingCodeComplete('12345678')).toBe(true);
    expect(isBookingCodeComplete('1234567')).toBe(false);
  });

  it('ignores anything but digits, erases and clears', () => {
    expect(typeDigits('12-А 3')).toBe('123');
    expect(pressBookingKey('123', { kind: 'backspace' })).toBe('12');
    expect(pressBookingKey('', { kind: 'backspace' })).toBe('');
    expect(pressBookingKey('123', { kind: 'clear' })).toBe('');
  });

  it('shows the code in two groups, as the confirmation prints it', () => {
    expect(formatBookingCode('')).toBe('');
    expect(formatBookingCode('1234')).toBe('1234');
    expect(formatBookingCode('12345')).toBe('1234 5');
    expect(formatBookingCode('12345678')).toBe('1234 5678');
  });
});
