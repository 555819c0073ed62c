import { russian, type Translate } from '../../i18n/languages';

/**
 * Money on the screen. Amounts cross the contract as kopecks (integers); the visitor reads
 * roubles, grouped by thousands with a non-breaking space (U+00A0) as Russians write them, so a
 * line never breaks inside an amount: «2 000,00 ₽».
 *
 * Written by hand rather than with `Intl.NumberFormat('ru-RU')`: ICU versions disagree on the
 * group separator (U+00A0 or the narrow U+202F), and the amount a visitor pays must look the same
 * on every kiosk and in every test.
 */

/** The non-breaking space between thousands and before the rouble sign. */
export const NBSP = '\u00A0';

/** Checks a kopeck amount: a bug (not the visitor) passes anything else. */
function checkedMinor(amountMinor: number): number {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0) {
    throw new RangeError(`an amount is a non-negative whole number of kopecks, not ${amountMinor}`);
  }
  return amountMinor;
}

/** Whole roubles with thousands grouped: `2 000`, `150`, `1 234 567` (U+00A0 between groups). */
export function groupThousands(roubles: number): string {
  return String(roubles).replace(/\B(?=(\d{3})+$)/gu, NBSP);
}

/** The kopecks of an amount as two digits: `05`, `50`. */
function kopecksOf(amountMinor: number): string {
  return String(amountMinor % 100).padStart(2, '0');
}

/**
 * The full amount, kopecks always shown, as the confirm screen and the receipt say it:
 * `200000` → «2 000,00 ₽», `35050` → «350,50 ₽».
 */
export function formatAmount(amountMinor: number): string {
  const minor = checkedMinor(amountMinor);
  return `${groupThousands(Math.trunc(minor / 100))},${kopecksOf(minor)}${NBSP}₽`;
}

/** The amount on a fee's card: whole roubles without «,00» (`2 000 ₽`), kopecks only when there are some. */
export function formatAmountShort(amountMinor: number): string {
  const minor = checkedMinor(amountMinor);
  return minor % 100 === 0 ? `${groupThousands(minor / 100)}${NBSP}₽` : formatAmount(minor);
}

/**
 * The amount with its units in words, under the large figure, for those unsure of the ₽ sign or
 * the comma: «2 000 рублей 00 копеек», «1 рубль 01 копейка», «22 рубля 50 копеек».
 */
export function amountWithUnits(amountMinor: number, t: Translate = russian): string {
  const minor = checkedMinor(amountMinor);
  const roubles = Math.trunc(minor / 100);
  return t('pay.amountWords', {
    roubles: groupThousands(roubles),
    roublesCount: roubles,
    kopecks: kopecksOf(minor),
    kopecksCount: minor % 100,
  });
}
