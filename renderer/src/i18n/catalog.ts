import type { RU } from './catalogs/ru/index';
import { type PluralLanguage, pickPlural } from './plural';

/** A key of a visitor-facing message; the Russian catalog names them all. */
export type MessageKey = keyof typeof RU;

/** One language's messages by key; a key it leaves out falls back to Russian. */
export type Messages = Readonly<Partial<Record<MessageKey, string>>>;

/** A part of another language's catalog: the same keys as the Russian part it translates. */
export type PartMessages<Part> = { readonly [K in keyof Part]: string };

/** Values put into a message's `{name}` places. */
export type MessageValues = Readonly<Record<string, string | number>>;

/**
 * A message's places: `{name}` takes a value as written; `{name:form|form|…}` takes the plural
 * form for the number `name` (one form per category of the language, `plural.ts`).
 */
const PLACE = /\{(\w+)(?::([^{}]*))?\}/g;

/**
 * Puts `values` into the message's places; a place without a value stays as written.
 *
 * @param language whose plural rules pick a `{count:…|…}` form (Russian when not given)
 */
export function fillMessage(message: string, values?: MessageValues, language: PluralLanguage = 'ru'): string {
  if (values === undefined) return message;
  return message.replace(PLACE, (place, name: string, forms: string | undefined) => {
    if (!Object.hasOwn(values, name)) return place;
    const value = values[name];
    if (forms === undefined) return String(value);
    return pickPlural(language, Number(value), forms.split('|'));
  });
}

/** The names of a message's places, sorted and without repeats (a translation must use the same). */
export function placeNames(message: string): string[] {
  return [...new Set([...message.matchAll(PLACE)].map((match) => match[1] ?? ''))].sort();
}

/** The plural places of a message with their forms: `{ count: ['минута', 'минуты', 'минут'] }`. */
export function pluralPlaces(message: string): { name: string; forms: string[] }[] {
  return [...message.matchAll(PLACE)].flatMap((match) =>
    match[2] === undefined ? [] : [{ name: match[1] ?? '', forms: match[2].split('|') }],
  );
}
