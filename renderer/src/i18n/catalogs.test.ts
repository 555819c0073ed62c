import { describe, expect, it } from 'vitest';
import { type MessageKey, type Messages, placeNames, pluralPlaces } from './catalog';
import { RU } from './catalogs/ru/index';
import { LANGUAGE_NAMES, type LanguageCode, loadMessages } from './languages';
import { PLURAL_CATEGORIES } from './plural';

const OTHERS = (Object.keys(LANGUAGE_NAMES) as LanguageCode[]).filter((language) => language !== 'ru');
const RU_KEYS = Object.keys(RU).sort() as MessageKey[];

async function catalog(language: LanguageCode): Promise<Messages> {
  return loadMessages(language);
}

describe('every language is complete against Russian', () => {
  it('offers English and Tatar beside Russian', () => {
    expect(OTHERS).toEqual(['en', 'tt']);
  });

  it.each(OTHERS)('%s has exactly the Russian keys, none missing and none extra', async (language) => {
    const keys = Object.keys(await catalog(language)).sort();
    expect(keys.filter((key) => !(key in RU))).toEqual([]);
    expect(RU_KEYS.filter((key) => !keys.includes(key))).toEqual([]);
  });

  it.each(OTHERS)('%s uses the same {places} as Russian in every message', async (language) => {
    const messages = await catalog(language);
    const differing = RU_KEYS.filter(
      (key) => JSON.stringify(placeNames(messages[key] ?? '')) !== JSON.stringify(placeNames(RU[key])),
    );
    expect(differing).toEqual([]);
  });

  it.each(['ru', ...OTHERS] as LanguageCode[])(
    '%s gives one plural form per category of its language',
    async (language) => {
      const messages = await catalog(language);
      const wanted = PLURAL_CATEGORIES[language].length;
      const wrong = RU_KEYS.flatMap((key) =>
        pluralPlaces(messages[key] ?? '')
          .filter((place) => place.forms.length !== wanted)
          .map((place) => `${key} {${place.name}}: ${place.forms.length} forms`),
      );
      expect(wrong).toEqual([]);
    },
  );

  it.each(OTHERS)('%s has no empty message and none left in Russian by mistake', async (language) => {
    const messages = await catalog(language);
    expect(RU_KEYS.filter((key) => (messages[key] ?? '').trim() === '')).toEqual([]);
    // A few words are the same in both (a proper noun, «УИН», «Контраст»); a whole sentence never is.
    const copied = RU_KEYS.filter((key) => messages[key] === RU[key] && RU[key].includes(' '));
    expect(copied).toEqual([]);
  });
});

describe('Tatar', () => {
  it('uses its own letters (the catalog is Tatar, not Russian in disguise)', async () => {
    const text = Object.values(await catalog('tt')).join(' ');
    for (const letter of ['ә', 'ө', 'ү', 'җ', 'ң', 'һ']) expect(text).toContain(letter);
  });
});
