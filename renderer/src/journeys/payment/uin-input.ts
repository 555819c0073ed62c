import { pressDigitKey } from '../../ui/digit-keys';
import type { KeypadPress } from '../../ui/keypad-press';

/**
 * The УИН's input («У меня есть квитанция с УИН») as pure functions over the digits typed so far.
 *
 * A УИН (the charge's number on a bill) is 20 or 25 digits. The visitor types digits only; the
 * display groups them by five so a long number can be compared with the bill group by group.
 * Whether the digits make a real УИН (its check digit) is the main side's call: it answers
 * `invalid_uin` without asking the hub.
 */

/** The lengths a УИН may have (`kiosk-config/src/hub/uin.ts`). */
export const UIN_LENGTHS: readonly number[] = [20, 25];

/** The most digits the keypad types. */
export const UIN_MAX_LENGTH = 25;

/** How many digits the display puts in one group. */
export const UIN_GROUP = 5;

/** What a key press does to the typed digits: only digits, at most {@link UIN_MAX_LENGTH}. */
export function pressUinKey(digits: string, press: KeypadPress): string {
  return pressDigitKey(digits, press, UIN_MAX_LENGTH);
}

/** Whether the digits are as many as a УИН has: «Найти квитанцию» is enabled exactly then. */
export function isUinComplete(digits: string): boolean {
  return /^\d+$/u.test(digits) && UIN_LENGTHS.includes(digits.length);
}

/** The digits in groups of five, for reading against the bill: `18810 17701 …`, `12345 67`. */
export function formatUin(digits: string): string {
  return (digits.match(new RegExp(`\\d{1,${UIN_GROUP}}`, 'gu')) ?? []).join(' ');
}

/** A УИН as the contract's subject wants it: digits only (a bill may print spaces or dashes). */
export function uinDigits(uin: string): string {
  return uin.replace(/[\s-]+/gu, '');
}
