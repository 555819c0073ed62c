import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BOOKING_QR_PREFIX, bookingCodeFromBody, isValidBookingCode, parseBookingCode } from './booking-code';

describe('booking codes', () => {
  it('appends the Luhn check digit', () => {
    expect(isValidBookingCode(bookingCodeFromBody('1234567'))).toBe(true);
    expect(bookingCodeFromBody('1234567')).toBe('12345674');
  });

  it('reads a code typed with spaces or dashes, or scanned from the QR', () => {
    expect(parseBookingCode(' 1234 5674 ')).toBe('12345674');
    expect(parseBookingCode('1234-5674')).toBe('12345674');
    expect(parseBookingCode(`${BOOKING_QR_PREFIX}12345674`)).toBe('12345674');
  });

  it('refuses a wrong check digit, a wrong length and other text', () => {
    expect(parseBookingCode('12345675')).toBeUndefined();
    expect(parseBookingCode('1234567')).toBeUndefined();
    expect(parseBookingCode('КУВД-001-2026')).toBeUndefined();
  });

  it('catches every single-digit typo and every swap of unequal neighbours', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{7}$/), fc.nat(7), fc.integer({ min: 1, max: 9 }), (body, position, delta) => {
        const code = bookingCodeFromBody(body);
        const typo = code.slice(0, position) + ((Number(code[position]) + delta) % 10) + code.slice(position + 1);
        expect(isValidBookingCode(typo)).toBe(false);
        const i = position % 7;
        if (code[i] !== code[i + 1] && !(`${code[i]}${code[i + 1]}` === '09' || `${code[i]}${code[i + 1]}` === '90')) {
          const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
          expect(isValidBookingCode(swapped)).toBe(false);
        }
      }),
    );
  });
});
