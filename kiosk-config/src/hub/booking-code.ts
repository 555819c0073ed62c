/**
 * Booking codes (предварительная запись): 8 digits, the last a Luhn check digit, so a mistyped
 * digit or two swapped neighbours are caught on the kiosk before anything is sent to the hub.
 *
 * The booking's QR encodes `OKNO-BOOKING:<code>`; a visitor may also type the code, with or
 * without spaces or dashes, as printed on the confirmation.
 */
export const BOOKING_QR_PREFIX = 'OKNO-BOOKING:';

/** The Luhn check digit for a string of digits. */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** A booking code from 7 random digits. */
export function bookingCodeFromBody(body: string): string {
  if (!/^\d{7}$/.test(body)) throw new Error('a booking code body is 7 digits');
  return `${body}${luhnCheckDigit(body)}`;
}

/** Whether 8 digits carry a correct check digit. */
export function isValidBookingCode(code: string): boolean {
  return /^\d{8}$/.test(code) && luhnCheckDigit(code.slice(0, 7)) === Number(code[7]);
}

/**
 * Extracts a booking code from what was typed or scanned: the QR's text, or digits with spaces
 * or dashes. Undefined when it is not a valid code (wrong length, bad check digit, other text).
 */
export function parseBookingCode(input: string): string | undefined {
  const trimmed = input.trim();
  const body = trimmed.toUpperCase().startsWith(BOOKING_QR_PREFIX) ? trimmed.slice(BOOKING_QR_PREFIX.length) : trimmed;
  const digits = body.replace(/[\s-]/g, '');
  return isValidBookingCode(digits) ? digits : undefined;
}
