import { pressDigitKey } from '../../ui/digit-keys';
import type { KeypadPress } from '../../ui/keypad-press';

/**
 * The booking code's input («У меня запись») as pure functions over the digits typed so far.
 *
 * A booking code is 8 digits, printed on the confirmation as two groups («1234 5678»); the
 * visitor types digits only, the gap is part of the display. Whether the digits make a real code
 * (its check digit) is the main side's call: it answers `invalid_code` without asking the hub.
 */

/** How many digits a booking code has. */
export const BOOKING_CODE_LENGTH = 8;

/** How many digits the display shows in its first group. */
export const BOOKING_CODE_GROUP = 4;

/** What a key press does to the typed digits: only digits, at most {@link BOOKING_CODE_LENGTH}. */
export function pressBookingKey(digits: string, press: KeypadPress): string {
  return pressDigitKey(digits, press, BOOKING_CODE_LENGTH);
}

/** Whether all the digits of a code are typed: «Проверить» is enabled exactly then. */
export function isBookingCodeComplete(digits: string): boolean {
  return digits.length === BOOKING_CODE_LENGTH && /^\d+$/u.test(digits);
}

/** The typed digits as the confirmation prints them: `1234 5678`, `1234 5`, `123`. */
export function formatBookingCode(digits: string): string {
  return digits.length > BOOKING_CODE_GROUP
    ? `${digits.slice(0, BOOKING_CODE_GROUP)} ${digits.slice(BOOKING_CODE_GROUP)}`
    : digits;
}
