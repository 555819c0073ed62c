import type { LanguageCode } from '../i18n/languages';

/**
 * The letters of the on-screen keys, as pure data: in alphabet order (familiar to people who do
 * not type) or as on a phone (ЙЦУКЕН, and QWERTY for Latin letters), plus the extra letters of
 * the region's language while the visitor has chosen it. Which letters a field accepts is the
 * field's business (`number-input.ts`); this module only lays them out.
 */

/** How letters are laid out: А Б В …, or as on a phone (`VisitorPreferences['letters']`). */
export type LetterLayout = 'alphabetical' | 'jcuken';

/** Which letters a pad shows. */
export type LetterScript = 'cyrillic' | 'latin';

/** Rows of keys, top to bottom; an alphabetical pad is one row the grid wraps. */
export type KeyRows = readonly (readonly string[])[];

/** All 33 letters of the Russian alphabet, in alphabet order. */
export const CYRILLIC_ALPHABET: readonly string[] = [...'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ'];

/** The Latin capitals A–Z. */
export const LATIN_ALPHABET: readonly string[] = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];

/**
 * ЙЦУКЕН as on a phone: three rows of at most 11 keys, so each key stays a full touch target
 * across a portrait screen. A phone hides Ъ and Ё behind a long press, which a kiosk cannot ask
 * of a visitor: they end the third row.
 */
export const JCUKEN_ROWS: KeyRows = [[...'ЙЦУКЕНГШЩЗХ'], [...'ФЫВАПРОЛДЖЭ'], [...'ЯЧСМИТЬБЮЪЁ']];

/** QWERTY as on a phone. */
export const QWERTY_ROWS: KeyRows = [[...'QWERTYUIOP'], [...'ASDFGHJKL'], [...'ZXCVBNM']];

/**
 * The letters a regional language adds to the Russian alphabet, shown as one more row while the
 * visitor has chosen that language (Tatar, the one regional language with a complete catalog). Capitals only: the keys type capitals, as receipts print them.
 */
export const REGIONAL_LETTERS: Readonly<Partial<Record<LanguageCode, readonly string[]>>> = {
  tt: [...'ӘӨҮҖҢҺ'],
};

/** The rows of a letter pad for the visitor's layout and language. */
export function letterRows(script: LetterScript, layout: LetterLayout, language: LanguageCode): KeyRows {
  if (script === 'latin') return layout === 'jcuken' ? QWERTY_ROWS : [LATIN_ALPHABET];
  const base = layout === 'jcuken' ? JCUKEN_ROWS : [CYRILLIC_ALPHABET];
  const extra = REGIONAL_LETTERS[language];
  return extra === undefined ? base : [...base, extra];
}

/** Every letter any pad can show, whatever the layout and language. */
export const EVERY_LETTER: ReadonlySet<string> = new Set([
  ...CYRILLIC_ALPHABET,
  ...LATIN_ALPHABET,
  ...Object.values(REGIONAL_LETTERS).flatMap((letters) => letters ?? []),
]);
