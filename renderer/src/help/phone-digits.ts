import { pressDigitKey } from '../ui/digit-keys';
import type { KeypadPress } from '../ui/keypad-press';

/** A phone number is ten digits after +7 (`CallbackPhone` of the contract). */
export const PHONE_DIGITS = 10;

/**
 * What a key press does to the phone digits typed so far: digits only, ten at most, and the
 * first one 3–9 (a Russian mobile or area code; a leading 8 or 7 of the trunk prefix is
 * already shown as +7, so it is not typed again).
 */
export function pressPhoneKey(digits: string, press: KeypadPress): string {
  const next = pressDigitKey(digits, press, PHONE_DIGITS);
  return /^[0-2]/u.test(next) ? digits : next;
}

/** Whether the digits make a whole number. */
export function isWholePhone(digits: string): boolean {
  return digits.length === PHONE_DIGITS;
}
