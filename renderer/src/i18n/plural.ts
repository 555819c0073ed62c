/**
 * Plural forms by language, from our own tables: `Intl.PluralRules` has no rules for Tatar or
 * Bashkir (it falls back to English's «1 item / 2 items», which neither language says), and a
 * kiosk's ICU may differ from a developer's. A message gives one form per category of its
 * language, in the order below, separated by `|`: `{count:минута|минуты|минут}`.
 */

/** The CLDR plural categories our languages use. */
export type PluralCategory = 'one' | 'few' | 'many' | 'other';

/** A language with a plural table here (a catalog needs one; Bashkir waits for its catalog). */
export type PluralLanguage = 'ru' | 'en' | 'tt' | 'ba';

/**
 * The categories a message gives forms for, in order. Tatar and Bashkir put the noun after a
 * numeral in the singular («3 кеше», «5 минут»): one form serves every count.
 */
export const PLURAL_CATEGORIES: Readonly<Record<PluralLanguage, readonly PluralCategory[]>> = {
  ru: ['one', 'few', 'many'],
  en: ['one', 'other'],
  tt: ['other'],
  ba: ['other'],
};

/** The category of a whole count in `language` (fractions are not counted on the screens). */
export function pluralCategory(language: PluralLanguage, count: number): PluralCategory {
  const n = Math.abs(Math.trunc(count));
  switch (language) {
    case 'ru': {
      const lastTwo = n % 100;
      const last = n % 10;
      if (lastTwo >= 11 && lastTwo <= 14) return 'many';
      if (last === 1) return 'one';
      if (last >= 2 && last <= 4) return 'few';
      return 'many';
    }
    case 'en':
      return n === 1 ? 'one' : 'other';
    case 'tt':
    case 'ba':
      return 'other';
  }
}

/**
 * The form for `count` among `forms` (one per category of the language, in `PLURAL_CATEGORIES`
 * order); a message with too few forms gives its last one rather than nothing.
 */
export function pickPlural(language: PluralLanguage, count: number, forms: readonly string[]): string {
  const index = PLURAL_CATEGORIES[language].indexOf(pluralCategory(language, count));
  return forms[Math.min(index, forms.length - 1)] ?? '';
}
