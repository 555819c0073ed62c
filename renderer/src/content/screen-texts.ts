import { RU } from '../i18n/catalogs/ru/index';
import { russian, type Translate } from '../i18n/languages';

/**
 * The screen texts a content release may replace, by key, with their built-in Russian (the
 * catalog's, `i18n/catalogs/ru/home.ts`; other languages have theirs in their catalogs).
 *
 * A release's `texts.json` (`{ ru: { 'home.title': '…' }, en: { … }, tt: { … } }`) overrides these
 * by language and key; the catalog's message in the visitor's language stays the fallback for
 * every key the release leaves out or leaves empty, so a release can never blank a screen. Keys
 * not listed here are ignored. Publishers find the list in docs/content.md: keep the two in step.
 */
export const SCREEN_TEXT_KEYS = [
  'home.title',
  'home.help',
  'home.ticket.label',
  'home.ticket.hint',
  'home.booking.label',
  'home.booking.hint',
  'home.status.label',
  'home.status.hint',
  'home.pay.label',
  'home.pay.hint',
  'home.printerWarning',
  'home.announcements.title',
  'home.announcements.more',
  'attract.touchToStart',
] as const satisfies readonly (keyof typeof RU)[];

/** A key of a screen text a release may replace. */
export type ScreenTextKey = (typeof SCREEN_TEXT_KEYS)[number];

/** The built-in Russian of each screen text a release may replace (docs/content.md lists them). */
export const SCREEN_TEXTS: Readonly<Record<ScreenTextKey, string>> = Object.fromEntries(
  SCREEN_TEXT_KEYS.map((key) => [key, RU[key]]),
) as Record<ScreenTextKey, string>;

/** A release's texts (`ContentView.texts`): by language, any keys, of which only the known ones are used. */
export type TextOverrides = Readonly<Record<string, Readonly<Record<string, string>>>>;

/**
 * The text shown for `key` in `t`'s language: the release's for that language, unless it has none
 * or an empty (or blank) one, then the catalog's.
 */
export function screenText(key: ScreenTextKey, overrides: TextOverrides, t: Translate = russian): string {
  const own = Object.hasOwn(overrides, t.language) ? overrides[t.language] : undefined;
  const given = own !== undefined && Object.hasOwn(own, key) ? own[key] : undefined;
  return given !== undefined && given.trim() !== '' ? given : t(key);
}
