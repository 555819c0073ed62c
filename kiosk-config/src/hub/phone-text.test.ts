import { describe, expect, it } from 'vitest';
import { formatPhone } from './phone-text';

describe('formatPhone', () => {
  it('groups the digits as a number is read, filled as they are typed', () => {
    expect(formatPhone('')).toBe('+7');
    expect(formatPhone('912')).toBe('+7 912');
    expect(formatPhone('9123456')).toBe('+7 912 345-6');
    expect(formatPhone('9123456789')).toBe('+7 912 345-67-89');
  });
});
