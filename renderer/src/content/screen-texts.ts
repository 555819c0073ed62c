import { printerWarningLine } from '../ui/texts';

/**
 * The screen texts a content release may replace, by key, with their built-in Russian.
 *
 * A release's `texts.json` (`{ ru: { 'home.title': '…' } }`) overrides these by key; the built-in
 * Russian stays the fallback for every key the release leaves out or leaves empty, so a release
 * can never blank a screen. Keys not listed here are ignored. Publishers find the list in
 * docs/content.md: keep the two in step.
 */
export const SCREEN_TEXTS = {
  'home.title': 'Здравствуйте! Что вы хотите сделать?',
  'home.help': 'Если что-то непонятно, вам поможет сотрудник центра.',
  'home.ticket.label': 'Взять талон',
  'home.ticket.hint': 'Встать в очередь к специалисту',
  'home.booking.label': 'У меня запись',
  'home.booking.hint': 'Пришли по предварительной записи',
  'home.status.label': 'Узнать статус заявления',
  'home.status.hint': 'Готовы ли ваши документы',
  'home.pay.label': 'Оплатить госпошлину',
  'home.pay.hint': 'Банковской картой',
  'home.printerWarning': printerWarningLine,
  'home.announcements.title': 'Объявления',
  'home.announcements.more': 'Показать ещё',
  'attract.touchToStart': 'Коснитесь экрана, чтобы начать',
} as const satisfies Record<string, string>;

/** A key of a screen text a release may replace. */
export type ScreenTextKey = keyof typeof SCREEN_TEXTS;

/** A release's texts (`ContentView.texts`): any keys, of which only the known ones are used. */
export type TextOverrides = Readonly<Record<string, string>>;

/**
 * The text shown for `key`: the release's, unless it has none or an empty (or blank) one, then
 * the built-in Russian.
 */
export function screenText(key: ScreenTextKey, overrides: TextOverrides): string {
  const given = Object.hasOwn(overrides, key) ? overrides[key] : undefined;
  return given !== undefined && given.trim() !== '' ? given : SCREEN_TEXTS[key];
}
