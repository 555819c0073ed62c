import { APPLICATION_NUMBER_PATTERN, normaliseApplicationNumber } from '../../../../kiosk-config/src/index';
import type { KeypadPress } from '../../ui/keypad-press';
import { EVERY_LETTER } from '../../ui/letter-layouts';

/**
 * The on-screen keypad for application numbers, as pure data and functions: which keys exist,
 * what a key press does to the typed text, when the text is a number worth looking up, and how
 * a scanned receipt code becomes a number.
 */

/** The digits pad, in the order of a telephone keypad (1 2 3 / 4 5 6 / 7 8 9 / - 0 /). */
export const DIGIT_PAD_KEYS: readonly string[] = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '-', '0', '/'];

/** Which letters pad is shown beside the digits; `digits` shows the digits pad alone, larger. */
export type KeypadMode = 'cyrillic' | 'latin' | 'digits';

/** The longest number the pattern accepts; the keypad types no further. */
export const MAX_NUMBER_LENGTH = 48;

/**
 * Every character the number keypad can type: the region's extra letters too (Ә, Ө…), which
 * appear typed like any other, though no number holds them, so «Найти» then stays disabled.
 */
const TYPEABLE = new Set([...DIGIT_PAD_KEYS, ...EVERY_LETTER]);

/**
 * What a key press does to the typed text: a character is appended (up to {@link MAX_NUMBER_LENGTH}),
 * «Стереть» removes the last one, «Очистить» everything. Characters the keypad has no key for are
 * ignored, so the text can only ever hold what the visitor could have typed.
 */
export function pressNumberKey(draft: string, press: KeypadPress): string {
  switch (press.kind) {
    case 'backspace':
      return [...draft].slice(0, -1).join('');
    case 'clear':
      return '';
    case 'char':
      if (!TYPEABLE.has(press.char) || [...draft].length >= MAX_NUMBER_LENGTH) return draft;
      return draft + press.char;
  }
}

/** Whether the typed text is an application number: «Найти» is enabled exactly then. */
export function canSearchNumber(draft: string): boolean {
  return APPLICATION_NUMBER_PATTERN.test(normaliseApplicationNumber(draft));
}

/**
 * The application number in a scanned receipt code, or `null` when the code holds none.
 *
 * A receipt's barcode holds the number itself; a QR code may hold it alone or as a parameter of
 * a link (`https://…/status?number=КУВД-001%2F2021-3670443`). Only a parameter with a digit in
 * it counts, and no other structured code (a payment QR `ST00012|Name=…`) is searched inside.
 */
export function numberFromScan(text: string): string | null {
  const whole = normaliseApplicationNumber(text);
  if (APPLICATION_NUMBER_PATTERN.test(whole)) return whole;
  if (!/^https?:\/\//iu.test(text.trim())) return null;
  let link: URL;
  try {
    link = new URL(text.trim());
  } catch {
    return null;
  }
  for (const value of link.searchParams.values()) {
    const candidate = normaliseApplicationNumber(value);
    if (/\d/u.test(candidate) && APPLICATION_NUMBER_PATTERN.test(candidate)) return candidate;
  }
  return null;
}

/** The size class of the typed number's display, so that long numbers still fit on one or two lines. */
export function numberDisplaySize(draft: string): 'large' | 'medium' | 'small' {
  const length = [...draft].length;
  if (length <= 20) return 'large';
  if (length <= 28) return 'medium';
  return 'small';
}
