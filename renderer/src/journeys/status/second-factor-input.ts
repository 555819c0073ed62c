import type { SecondFactor, SecondFactorKind } from '../../../../kiosk-config/src/index';
import { pressDigitKey } from '../../ui/digit-keys';
import type { KeypadPress } from '../../ui/keypad-press';
import { zonedFormat } from '../../ui/zoned-format';

/**
 * The second factor's input (date of filing DD.MM.YYYY, or the last 4 digits of the phone) as
 * pure functions over the digits typed so far. The visitor types digits only: the dots of the
 * date are part of the display, never typed.
 */

/** How many digits each kind takes: DDMMYYYY, or four phone digits. */
export const SECOND_FACTOR_DIGITS: Record<SecondFactorKind, number> = { filing_date: 8, phone_last4: 4 };

/** What a key press does to the digits typed for a second factor of this kind. */
export function pressSecondFactorKey(kind: SecondFactorKind, digits: string, press: KeypadPress): string {
  return pressDigitKey(digits, press, SECOND_FACTOR_DIGITS[kind]);
}

/**
 * The typed date as it is shown: digits in place, the rest of the pattern as letters the visitor
 * knows from forms, e.g. `15.1М.ГГГГ` after three digits.
 */
export function formatDateDraft(digits: string, mask = 'ДДММГГГГ'): string {
  const filled = [...mask].map((placeholder, index) => digits[index] ?? placeholder).join('');
  return `${filled.slice(0, 2)}.${filled.slice(2, 4)}.${filled.slice(4)}`;
}

/** The typed phone digits as shown: four places, the empty ones as «_». */
export function formatPhoneDraft(digits: string): string {
  return [...'____'].map((placeholder, index) => digits[index] ?? placeholder).join(' ');
}

/** The earliest filing date the kiosk accepts; older receipts are long settled. */
const EARLIEST_YEAR = 2000;

/**
 * The typed date as an ISO date (`2026-12-15`), or `null` while it is incomplete or is not a real
 * day between 2000 and today (31.02, 00.13, a date in the future).
 *
 * @param today the office's current date as `YYYY-MM-DD`
 */
export function filingDateFromDigits(digits: string, today: string): string | null {
  const match = /^(\d{2})(\d{2})(\d{4})$/u.exec(digits);
  if (match === null) return null;
  const [, dd = '', mm = '', yyyy = ''] = match;
  const day = Number(dd);
  const month = Number(mm);
  const year = Number(yyyy);
  if (year < EARLIEST_YEAR || month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  const iso = `${yyyy}-${mm}-${dd}`;
  return iso > today ? null : iso;
}

/** The second factor the typed digits make, or `null` while they do not make a valid one yet. */
export function secondFactorFromDigits(kind: SecondFactorKind, digits: string, today: string): SecondFactor | null {
  if (kind === 'phone_last4') return /^\d{4}$/u.test(digits) ? { kind, value: digits } : null;
  const value = filingDateFromDigits(digits, today);
  return value === null ? null : { kind, value };
}

/** Whether all digits are typed but they make no valid value (a date that does not exist). */
export function isCompleteButInvalid(kind: SecondFactorKind, digits: string, today: string): boolean {
  return digits.length === SECOND_FACTOR_DIGITS[kind] && secondFactorFromDigits(kind, digits, today) === null;
}

/** Today's date as `YYYY-MM-DD` in a time zone (the office's); the machine's zone if it is unknown. */
export function isoDateIn(now: Date, timeZone: string | undefined): string {
  return zonedFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }, timeZone).format(now);
}
