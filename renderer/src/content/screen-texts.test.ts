import { describe, expect, it } from 'vitest';
import { TextsFile } from '../../../kiosk-config/src/content/content-schemas';
import { loadMessages, translator } from '../i18n/languages';
import { SCREEN_TEXTS, screenText } from './screen-texts';

describe('screen texts from content, the built-in Russian as fallback', () => {
  it('a release text replaces the built-in one by key', () => {
    expect(screenText('home.title', { ru: { 'home.title': 'Добро пожаловать в МФЦ!' } })).toBe(
      'Добро пожаловать в МФЦ!',
    );
  });

  it('a missing, empty or blank text falls back to the built-in Russian', () => {
    expect(screenText('home.title', {})).toBe('Здравствуйте! Что вы хотите сделать?');
    expect(screenText('home.help', { ru: { 'home.help': '' } })).toBe(SCREEN_TEXTS['home.help']);
    expect(screenText('attract.touchToStart', { ru: { 'attract.touchToStart': '  \n' } })).toBe(
      'Коснитесь экрана, чтобы начать',
    );
  });

  it('unknown keys are ignored, and nothing is read from the prototype', () => {
    const overrides = JSON.parse('{"ru":{"home.unknown":"x","__proto__":{"home.title":"подмена"}}}') as Record<
      string,
      Record<string, string>
    >;
    expect(screenText('home.title', overrides)).toBe(SCREEN_TEXTS['home.title']);
  });

  it('overrides go by language: each language its own, the catalog of that language as fallback', async () => {
    const en = translator('en', await loadMessages('en'));
    const overrides = { ru: { 'home.title': 'Добро пожаловать!' }, en: { 'home.help': 'Ask us at the desk.' } };
    expect(screenText('home.title', overrides, en)).toBe('Hello! What would you like to do?');
    expect(screenText('home.help', overrides, en)).toBe('Ask us at the desk.');
    expect(screenText('home.title', overrides)).toBe('Добро пожаловать!');
    expect(screenText('home.help', overrides)).toBe(SCREEN_TEXTS['home.help']);
  });

  it('every key is one a release may carry (the content schema accepts it)', () => {
    const all = Object.fromEntries(Object.keys(SCREEN_TEXTS).map((key) => [key, 'текст']));
    expect(TextsFile.safeParse({ ru: all }).success).toBe(true);
  });
});
