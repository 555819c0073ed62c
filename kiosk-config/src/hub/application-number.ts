import { z } from 'zod';
import { canonicalByFormat } from './application-number-formats';

/**
 * Application numbers as printed on МФЦ receipts, e.g. `КУВД-001/2021-3670443`,
 * `PKPVDMFC-2021-01-28-548444`, `2345678901`: Cyrillic or Latin capitals, digits and the
 * separators `-`, `/`, `_`, `.`. Normalised before any lookup so that a typed and a scanned
 * number compare equal.
 */
export const APPLICATION_NUMBER_PATTERN = /^[0-9A-ZА-ЯЁ][0-9A-ZА-ЯЁ\-/_.]{3,47}$/u;

/**
 * Upper-cases, trims and removes inner spaces, then, for a number of a known format, replaces
 * the look-alike characters the visitor typed by the ones the format prints (Cyrillic Р typed in
 * `PKPVDMFC-…`, the letter О typed for a zero; the rule is in `application-number-formats.ts`).
 * Idempotent; does not validate.
 */
export function normaliseApplicationNumber(raw: string): string {
  const typed = raw.normalize('NFC').replace(/\s+/gu, '').toUpperCase().normalize('NFC');
  return canonicalByFormat(typed) ?? typed;
}

/** A normalised, valid application number. */
export const ApplicationNumber = z
  .string()
  .max(64)
  .transform(normaliseApplicationNumber)
  .pipe(z.string().regex(APPLICATION_NUMBER_PATTERN, 'not an application number'));

/**
 * Masks an application number for logs and telemetry: the prefix before the first separator
 * and the last four characters survive, e.g. `КУВД-001/2021-3670443` → `КУВД-***-***0443`.
 * Numbers shorter than 8 characters keep only their last two characters.
 */
export function maskApplicationNumber(number: string): string {
  const value = normaliseApplicationNumber(number);
  if (value.length < 8) return `***${value.slice(-2)}`;
  const separator = value.search(/[-/_.]/);
  const prefix = separator > 0 && separator <= 12 ? value.slice(0, separator) : '';
  return prefix ? `${prefix}-***-***${value.slice(-4)}` : `***${value.slice(-4)}`;
}
