import { z } from 'zod';

/**
 * The УИН (уникальный идентификатор начисления): the number of a charge in ГИС ГМП, the state's
 * register of fees and fines (Приказ Минфина России от 12.11.2013 № 107н, field 22 «Код» of a
 * payment order). 20 or 25 digits; the last is a check digit.
 *
 * The check digit is computed the way the Treasury's format control does it, the same "modulus
 * 11" rule as the ОКПО classifier's control number:
 *
 * 1. the digits before the check digit get weights 1, 2, …, 10 from the left, then 1, 2, …
 *    again (the set of weights repeats);
 * 2. the check digit is the sum of digit × weight modulo 11;
 * 3. if that remainder is 10, the sum is computed again with the weights shifted by two:
 *    3, 4, …, 10, 1, 2, 3, … (still the natural series 1…10, repeating);
 * 4. if the remainder is 10 again, the check digit is 0.
 *
 * Note on step 3: the text of the rule says «вторую последовательность весов, сдвинутую на два
 * разряда влево (3, 4, 5, …)». Some implementations read that as 3…12; the Treasury's series is
 * the natural series 1…10 started at 3 (weights 11 and 12 never occur), which is what this does.
 * The two readings differ only for numbers longer than 8 digits whose first pass gives 10.
 *
 * Only digits: the 25-digit and 20-digit forms used for fees and fines today are all digits (an
 * old 20-character form could start with letters of the participant's code; kiosks do not take
 * those). An all-zero number is refused: «0» in field 22 means «no УИН».
 */

/** The lengths a УИН may have. */
export const UIN_LENGTHS = [20, 25] as const;

/** Removes spaces and dashes a visitor or a printed form may put between digit groups. */
export function normaliseUin(raw: string): string {
  return raw.normalize('NFKC').replace(/[\s-]+/g, '');
}

/** The weighted sum of `digits` with the repeating series 1…10 started at `firstWeight`. */
function weightedRemainder(digits: string, firstWeight: number): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    const weight = ((firstWeight - 1 + i) % 10) + 1;
    sum += (digits.charCodeAt(i) - 48) * weight;
  }
  return sum % 11;
}

/**
 * The check digit for the digits before it (19 or 24 of them, though any number of digits is
 * computed). Throws on anything but digits: callers validate first.
 */
export function uinCheckDigit(body: string): number {
  if (!/^\d+$/.test(body)) throw new Error('a УИН body is digits only');
  const first = weightedRemainder(body, 1);
  if (first < 10) return first;
  const second = weightedRemainder(body, 3);
  return second < 10 ? second : 0;
}

/** Appends the check digit to a 19- or 24-digit body: builds a valid УИН (demo data, tests). */
export function withUinCheckDigit(body: string): string {
  return `${body}${uinCheckDigit(body)}`;
}

/** Why a string is not a УИН. */
export type UinProblem = 'not_digits' | 'wrong_length' | 'all_zeros' | 'check_digit';

/** Checks a normalised УИН; `undefined` when it is valid. */
export function uinProblem(uin: string): UinProblem | undefined {
  if (!/^\d+$/.test(uin)) return 'not_digits';
  if (!(UIN_LENGTHS as readonly number[]).includes(uin.length)) return 'wrong_length';
  if (/^0+$/.test(uin)) return 'all_zeros';
  const body = uin.slice(0, -1);
  return uinCheckDigit(body) === Number(uin.at(-1)) ? undefined : 'check_digit';
}

/** Tells whether a string (after normalising) is a valid УИН. */
export function isValidUin(raw: string): boolean {
  return uinProblem(normaliseUin(raw)) === undefined;
}

const UIN_MESSAGES: Readonly<Record<UinProblem, string>> = {
  not_digits: 'a УИН is digits only',
  wrong_length: 'a УИН has 20 or 25 digits',
  all_zeros: 'a УИН of zeros means no УИН',
  check_digit: 'the УИН check digit does not match',
};

/**
 * A valid УИН as stored and sent between programs: already normalised (digits only). No
 * transform, so it also serialises answers (a schema with a transform cannot encode).
 */
export const ValidUin = z.string().superRefine((uin, ctx) => {
  const problem = uinProblem(uin);
  if (problem) ctx.addIssue({ code: 'custom', message: UIN_MESSAGES[problem] });
});

/** A valid УИН as a person typed or a form printed it: normalised (spaces and dashes removed), then checked. */
export const Uin = z.string().max(40).transform(normaliseUin).pipe(ValidUin);
