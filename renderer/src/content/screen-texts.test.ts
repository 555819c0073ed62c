import { describe, expect, it } from 'vitest';
import { TextsFile } from '../../../kiosk-config/src/content/content-schemas';
import { SCREEN_TEXTS, screenText } from './screen-texts';

describe('screen texts from content, the built-in Russian as fallback', () => {
  it('a release text replaces the built-in one by key', () => {
    expect(screenText('home.title', { 'home.title': 'Добро пожаловать в МФЦ!' })).toBe('Добро пожаловать в МФЦ!');
  });

  it('a missing, empty or blank text falls back to the built-in Russian', () => {
    expect(screenText('home.title', {})).toBe('Здравствуйте! Что вы хотите сделать?');
    expect(screenText('home.help', { 'home.help': '' })).toBe(SCREEN_TEXTS['home.help']);
    expect(screenText('attract.touchToStart', { 'attract.touchToStart': '  \n' })).toBe(
      'Коснитесь экрана, чтобы начать',
    );
  });

  it('unknown keys are ignored, and nothing is read from the prototype', () => {
    const overrides = JSON.parse('{"home.unknown":"x","__proto__":{"home.title":"подмена"}}') as Record<string, string>;
    expect(screenText('home.title', overrides)).toBe(SCREEN_TEXTS['home.title']);
  });

  it('every key is one a release may carry (the content schema accepts it)', () => {
    const all = Object.fromEntries(Object.keys(SCREEN_TEXTS).map((key) => [key, 'текст']));
    expect(TextsFile.safeParse({ ru: all }).success).toBe(true);
  });
});
