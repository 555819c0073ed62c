import { describe, expect, it } from 'vitest';
import { fillMessage } from './catalog';
import { pickPlural, pluralCategory } from './plural';

describe('plural categories from our own tables', () => {
  it('Russian: one for 1, 21, 101; few for 2–4, 22; many for 0, 5–20, 11–14, 111', () => {
    const of = (n: number) => pluralCategory('ru', n);
    expect([1, 21, 101, 1001].map(of)).toEqual(['one', 'one', 'one', 'one']);
    expect([2, 3, 4, 22, 34].map(of)).toEqual(['few', 'few', 'few', 'few', 'few']);
    expect([0, 5, 11, 12, 14, 20, 111, 112].map(of)).toEqual(Array(8).fill('many'));
  });

  it('English: one for 1 only', () => {
    expect([1, 0, 2, 21].map((n) => pluralCategory('en', n))).toEqual(['one', 'other', 'other', 'other']);
  });

  it('Tatar and Bashkir: one form for every count (the noun stays singular after a numeral)', () => {
    for (const n of [0, 1, 2, 5, 21]) {
      expect(pluralCategory('tt', n)).toBe('other');
      expect(pluralCategory('ba', n)).toBe('other');
    }
  });

  it('picks the form by the language, the last when a message gives too few', () => {
    expect(pickPlural('ru', 3, ['минута', 'минуты', 'минут'])).toBe('минуты');
    expect(pickPlural('en', 3, ['minute', 'minutes'])).toBe('minutes');
    expect(pickPlural('tt', 3, ['минут'])).toBe('минут');
    expect(pickPlural('ru', 5, ['минута'])).toBe('минута');
  });
});

describe('fillMessage', () => {
  it('fills {name} places and {count:…} plural places in the message’s language', () => {
    expect(fillMessage('{count} {count:человек|человека|человек}', { count: 22 }, 'ru')).toBe('22 человека');
    expect(fillMessage('{count} {count:person|people}', { count: 1 }, 'en')).toBe('1 person');
    expect(fillMessage('{count} {count:кеше}', { count: 7 }, 'tt')).toBe('7 кеше');
    expect(fillMessage('Перед вами: {people}', { people: '3 человека' })).toBe('Перед вами: 3 человека');
  });

  it('leaves a place without a value as written', () => {
    expect(fillMessage('через {seconds}', {})).toBe('через {seconds}');
    expect(fillMessage('через {seconds}')).toBe('через {seconds}');
  });
});
