import type { AttractItemView } from '../../../kiosk-config/src/index';
import type { MessageKey } from '../i18n/catalog';
import { RU } from '../i18n/catalogs/ru/index';
import { type LanguageCode, loadedMessages } from '../i18n/languages';

/**
 * What the attract loop shows, as pure data: a built-in slide per journey the kiosk offers
 * (what it can do, in large text), taking turns with the release's images and videos, so the
 * loop plays and says something even when the release has none.
 */

/** The journeys a slide presents, in the home screen's order. */
export const ATTRACT_JOURNEYS = ['ticket', 'booking', 'status', 'pay'] as const;

/** One journey the attract loop presents. */
export type AttractJourney = (typeof ATTRACT_JOURNEYS)[number];

/** How long a built-in slide stays: long enough to read one line twice. */
export const SLIDE_SECONDS = 6;

/** One step of the loop: a built-in slide or one of the release's items. */
export type AttractStep = { kind: 'slide'; journey: AttractJourney; seconds: number } | AttractItemView;

/**
 * The loop's steps, played round and round: slide, item, slide, item…, each slide once and each
 * item once per round; the shorter list starts again while the longer one lasts.
 */
export function attractSequence(items: readonly AttractItemView[]): AttractStep[] {
  const length = Math.max(items.length, ATTRACT_JOURNEYS.length);
  const steps: AttractStep[] = [];
  for (let index = 0; index < length; index += 1) {
    const journey = ATTRACT_JOURNEYS[index % ATTRACT_JOURNEYS.length] ?? 'ticket';
    steps.push({ kind: 'slide', journey, seconds: SLIDE_SECONDS });
    const item = items.length === 0 ? undefined : items[index % items.length];
    if (item !== undefined) steps.push(item);
  }
  return steps;
}

/** The message of each journey's slide. */
export const SLIDE_MESSAGES: Record<AttractJourney, MessageKey> = {
  ticket: 'attract.ticket',
  booking: 'attract.booking',
  status: 'attract.status',
  pay: 'attract.pay',
};

/*
 * Nobody has chosen a language while the loop plays: every line is in Russian, with the same line
 * in each other language the kiosk offers beneath. Read from each loaded catalog, not `useT`
 * (which speaks the one chosen language); the loop loads the offered ones (`useOfferedCatalogs`).
 */

/** One line of a slide in one language. */
export interface SlideLine {
  language: LanguageCode;
  text: string;
}

/**
 * A message in Russian first, then in each other offered language that has it (a language whose
 * catalog is not loaded yet, or lacks the message, would only repeat the Russian, so it is left out).
 */
export function linesInEveryLanguage(key: MessageKey, languages: readonly LanguageCode[]): SlideLine[] {
  const others = languages
    .filter((language) => language !== 'ru')
    .flatMap((language) => {
      const text = loadedMessages(language)?.[key];
      return text === undefined ? [] : [{ language, text }];
    });
  return [{ language: 'ru', text: RU[key] }, ...others];
}
