import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Messages } from '../../renderer/src/i18n/catalog';
import { RU } from '../../renderer/src/i18n/catalogs/ru/index';
import { LANGUAGE_NAMES, type LanguageCode, loadMessages } from '../../renderer/src/i18n/languages';
import { CATALOGUE } from '../support/journey-fixtures';
import { type JourneyInChromium, startJourneyInChromium } from '../support/journey-in-chromium';
import { tourVisitorScreens } from '../support/screen-tour';

/**
 * Every word a visitor can read comes from the catalog of the language they chose: in real
 * Chromium, the tour walks every visitor screen in Russian, English and Tatar, and each visible
 * text node must be a catalog message of that language (its `{places}` as wildcards, a piece of
 * a message between places where a screen sets a value in bold), or data: inside an element
 * marked `data-i18n-data` (names and numbers from the hub), a shape with no words (numbers,
 * times, dates, amounts, a key's single letter), or the harness's own category names (a screen
 * title). A literal left in a screen, or a key missing from a catalog, fails here.
 */

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const PLACE = /\{\w+(?::[^{}]*)?\}/g;
const PLACE_PARTS = /\{\w+(?::([^{}]*))?\}/g;

/**
 * A message as a pattern: a plain place matches anything, a plural place one of its forms;
 * `null` for a message of plain places alone (Tatar's «{office}»), which says no word of its own.
 */
function messagePattern(message: string): string | null {
  let pattern = '';
  let last = 0;
  for (const place of message.matchAll(PLACE_PARTS)) {
    pattern += escaped(message.slice(last, place.index));
    const forms = place[1];
    pattern += forms === undefined ? '.+' : `(?:${forms.split('|').map(escaped).join('|')})`;
    last = place.index + place[0].length;
  }
  pattern += escaped(message.slice(last));
  return /\p{L}/u.test(pattern.replaceAll('.+', '')) ? pattern : null;
}

/** Matchers for every message of a language: the whole message, and its pieces between places. */
function messageMatchers(messages: Messages): RegExp[] {
  return Object.values(messages).flatMap((message) => {
    const whole = messagePattern(message);
    const pieces = message
      .split(PLACE)
      .map((piece) => piece.trim())
      .filter((piece) => /\p{L}{2}/u.test(piece))
      .map((piece) => new RegExp(`^${escaped(piece)}$`, 'u'));
    return whole === null ? pieces : [new RegExp(`^${whole}$`, 'su'), ...pieces];
  });
}

/** Text without words: numbers, times, dates, amounts, codes like «91****46», separators, one keypad letter. */
const NO_WORDS = /^(?:[\p{N}\s.,:;·–—\-+*№₽%()/×]+|\p{L})$/u;

/** The harness's catalogue names shown as a screen's title (the services screen's heading is the category's name). */
const HARNESS_DATA = new Set(CATALOGUE.categories.map((category) => category.name));

/** The language button names each language in itself, whatever the language of the screen. */
const LANGUAGE_NAMES_SHOWN = new Set(Object.values(LANGUAGE_NAMES));

/**
 * The visible text nodes outside data, trimmed. Run in the page (a script, as this file's types
 * have no DOM): text under `data-i18n-data`, hidden or `aria-hidden` is left out.
 */
const VISIBLE_TEXTS = `(() => {
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    const text = (node.textContent ?? '').trim();
    const parent = node.parentElement;
    if (text === '' || parent === null) continue;
    if (parent.closest('[data-i18n-data], script, style, [aria-hidden="true"]') !== null) continue;
    if (!parent.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
    texts.push({ text, lang: parent.closest('[lang]')?.getAttribute('lang') ?? '' });
  }
  return texts;
})()`;

/** A visible text and the language its element declares (`lang` of the nearest element that has one). */
interface VisibleText {
  text: string;
  lang: string;
}

function visibleTexts(page: Page): Promise<VisibleText[]> {
  return page.evaluate(VISIBLE_TEXTS) as Promise<VisibleText[]>;
}

describe('every visible word comes from the chosen language’s catalog, in Chromium', () => {
  let ui: JourneyInChromium;

  beforeAll(async () => {
    ui = await startJourneyInChromium();
  }, 120_000);
  afterAll(async () => {
    await ui?.close();
  });

  it.each(['ru', 'en', 'tt'] as LanguageCode[])(
    'in %s, on every screen of the tour',
    async (language) => {
      const messages = await loadMessages(language);
      const own = messageMatchers(messages);
      const allowed = (text: string) =>
        NO_WORDS.test(text) ||
        HARNESS_DATA.has(text) ||
        LANGUAGE_NAMES_SHOWN.has(text) ||
        own.some((matcher) => matcher.test(text));
      const sessionless = await sessionlessMatchers();
      const strays = new Map<string, string[]>();
      const visited = await tourVisitorScreens(ui, {
        prepare: async (page) => {
          if (language === 'ru') return;
          await page.getByTestId(`access-language-${language}`).click();
          await page.locator(`.app[lang="${language}"]`).waitFor();
        },
        atScreen: async (name, stop) => {
          // Out of service and the attract loop come without a visitor session: Russian, and on the
          // attract loop English and Tatar beneath it, each in an element that declares its language.
          const texts = await visibleTexts(ui.page);
          const ok = (shown: VisibleText) =>
            allowed(shown.text) || (!stop.choicesApply && sessionlessAllowed(shown, sessionless));
          const wrong = texts.filter((shown) => !ok(shown)).map((shown) => shown.text);
          if (wrong.length > 0) strays.set(name, wrong);
        },
      });
      expect(visited.length).toBeGreaterThan(25);
      expect(Object.fromEntries(strays)).toEqual({});
    },
    240_000,
  );
});

/** Every language's matchers, for the screens without a session (Russian where no `lang` is declared). */
async function sessionlessMatchers(): Promise<Map<string, RegExp[]>> {
  const languages: LanguageCode[] = ['en', 'tt'];
  const matchers = new Map<string, RegExp[]>([
    ['', messageMatchers(RU)],
    ['ru', messageMatchers(RU)],
  ]);
  for (const code of languages) matchers.set(code, messageMatchers(await loadMessages(code)));
  return matchers;
}

function sessionlessAllowed(shown: VisibleText, matchers: Map<string, RegExp[]>): boolean {
  const own = matchers.get(shown.lang) ?? [];
  return NO_WORDS.test(shown.text) || own.some((matcher) => matcher.test(shown.text));
}
