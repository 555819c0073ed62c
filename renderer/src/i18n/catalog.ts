import type { RU } from './catalogs/ru/index';

/** A key of a visitor-facing message; the Russian catalog names them all. */
export type MessageKey = keyof typeof RU;

/** One language's messages by key; a key it leaves out falls back to Russian. */
export type Messages = Readonly<Partial<Record<MessageKey, string>>>;

/** A part of another language's catalog: the same keys as the Russian part it translates. */
export type PartMessages<Part> = { readonly [K in keyof Part]: string };

/** Values put into a message's `{name}` places. */
export type MessageValues = Readonly<Record<string, string | number>>;

/** Puts `values` into the message's `{name}` places; a place without a value stays as written. */
export function fillMessage(message: string, values?: MessageValues): string {
  if (values === undefined) return message;
  return message.replace(/\{(\w+)\}/g, (place, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : place,
  );
}
