import { describe, expect, it } from 'vitest';
import { isWholePhone, pressPhoneKey } from './phone-digits';

describe('phone digits on the help dialog', () => {
  const type = (keys: string) => [...keys].reduce((digits, char) => pressPhoneKey(digits, { kind: 'char', char }), '');

  it('takes ten digits, the first one 3–9', () => {
    expect(type('09123456789')).toBe('9123456789');
    expect(type('0123')).toBe('3');
    expect(type('91234567890000')).toBe('9123456789');
    expect(isWholePhone('912345678')).toBe(false);
    expect(isWholePhone('9123456789')).toBe(true);
  });

  it('erases and clears', () => {
    expect(pressPhoneKey('912', { kind: 'backspace' })).toBe('91');
    expect(pressPhoneKey('912', { kind: 'clear' })).toBe('');
  });
});
