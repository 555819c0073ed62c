import type { KioskInfo } from '../../../kiosk-config/src/index';
import { fillMessage, type MessageKey, type Messages, type MessageValues } from './catalog';
import { RU } from './catalogs/ru/index';

/** A language of the visitor screens with a complete catalog (`kiosk.info`'s `accessibility.languages`). */
export type LanguageCode = KioskInfo['accessibility']['languages'][number];

/** Each language named in itself, as the language button shows it (no flags: a flag is a country). */
export const LANGUAGE_NAMES: Readonly<Record<LanguageCode, string>> = {
  ru: 'Русский',
  en: 'English',
  tt: 'Татарча',
};

/**
 * Every language but Russian is its own chunk, fetched when a visitor first chooses it, so the
 * first screen's script does not grow with each language added (bench/renderer-size.bench.ts).
 */
const LOADERS: Readonly<Record<Exclude<LanguageCode, 'ru'>, () => Promise<Messages>>> = {
  en: () => import('./catalogs/en/index').then((module) => module.MESSAGES),
  tt: () => import('./catalogs/tt/index').then((module) => module.MESSAGES),
};

const loaded = new Map<LanguageCode, Messages>([['ru', RU]]);

/** The language's messages once loaded (Russian always is); `undefined` before `loadMessages`. */
export function loadedMessages(language: LanguageCode): Messages | undefined {
  return loaded.get(language);
}

/** Loads the language's catalog (once; a second call is answered from memory). */
export async function loadMessages(language: LanguageCode): Promise<Messages> {
  const known = loaded.get(language);
  if (known !== undefined) return known;
  const messages = await LOADERS[language as Exclude<LanguageCode, 'ru'>]();
  loaded.set(language, messages);
  return messages;
}

/** A message in one language: `t('access.help')`, `t('ticket.ahead', { count: 3 })`. */
export interface Translate {
  (key: MessageKey, values?: MessageValues): string;
  /** The language the messages are in (for plural forms and calendar words outside the catalog). */
  readonly language: LanguageCode;
}

/** The translator for `language` with its `messages`; Russian where a message is missing. */
export function translator(language: LanguageCode, messages: Messages): Translate {
  const t = (key: MessageKey, values?: MessageValues) => {
    const own = messages[key];
    return own === undefined ? fillMessage(RU[key], values, 'ru') : fillMessage(own, values, language);
  };
  return Object.assign(t, { language });
}

/** Russian: the reference, for code outside the screens (and tests) that says things in Russian. */
export const russian: Translate = translator('ru', RU);
