import { describe, expect, it } from 'vitest';
import {
  CYRILLIC_ALPHABET,
  EVERY_LETTER,
  JCUKEN_ROWS,
  LATIN_ALPHABET,
  letterRows,
  QWERTY_ROWS,
  REGIONAL_LETTERS,
} from './letter-layouts';

const sorted = (letters: Iterable<string>) => [...letters].sort((a, b) => a.localeCompare(b, 'ru'));

describe('letter layouts', () => {
  it('ЙЦУКЕН holds exactly the 33 Russian letters, each once, in rows a portrait screen fits (≤ 11)', () => {
    const letters = JCUKEN_ROWS.flat();
    expect(letters).toHaveLength(33);
    expect(sorted(letters)).toEqual(sorted(CYRILLIC_ALPHABET));
    for (const row of JCUKEN_ROWS) expect(row.length).toBeLessThanOrEqual(11);
    // The rows a phone user's thumb knows.
    expect(JCUKEN_ROWS.map((row) => row.join(''))).toEqual(['ЙЦУКЕНГШЩЗХ', 'ФЫВАПРОЛДЖЭ', 'ЯЧСМИТЬБЮЪЁ']);
  });

  it('QWERTY holds exactly A–Z, each once', () => {
    expect(QWERTY_ROWS.flat()).toHaveLength(26);
    expect(sorted(QWERTY_ROWS.flat())).toEqual(sorted(LATIN_ALPHABET));
    expect(QWERTY_ROWS[0]?.join('')).toBe('QWERTYUIOP');
  });

  it('the alphabetical pads are the alphabets in order, one row the grid wraps', () => {
    expect(letterRows('cyrillic', 'alphabetical', 'ru')).toEqual([CYRILLIC_ALPHABET]);
    expect(CYRILLIC_ALPHABET.join('')).toBe('АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ');
    expect(letterRows('latin', 'alphabetical', 'ru')).toEqual([LATIN_ALPHABET]);
    expect(letterRows('latin', 'jcuken', 'ru')).toBe(QWERTY_ROWS);
    expect(letterRows('cyrillic', 'jcuken', 'en')).toBe(JCUKEN_ROWS);
  });

  it('adds Tatar’s six letters as one more Cyrillic row only while Tatar is chosen, in either layout', () => {
    expect(REGIONAL_LETTERS.tt?.join('')).toBe('ӘӨҮҖҢҺ');
    expect(letterRows('cyrillic', 'jcuken', 'tt')).toEqual([...JCUKEN_ROWS, [...'ӘӨҮҖҢҺ']]);
    expect(letterRows('cyrillic', 'alphabetical', 'tt')).toEqual([CYRILLIC_ALPHABET, [...'ӘӨҮҖҢҺ']]);
    // Latin pads and other languages never show them.
    expect(letterRows('latin', 'jcuken', 'tt').flat()).not.toContain('Ә');
    expect(letterRows('cyrillic', 'jcuken', 'ru').flat()).not.toContain('Ә');
  });

  it('every letter of every pad is one a field can be told about (EVERY_LETTER)', () => {
    for (const script of ['cyrillic', 'latin'] as const) {
      for (const layout of ['alphabetical', 'jcuken'] as const) {
        for (const language of ['ru', 'en', 'tt'] as const) {
          for (const letter of letterRows(script, layout, language).flat()) expect(EVERY_LETTER.has(letter)).toBe(true);
        }
      }
    }
    // Capitals only, one character each (the keys' test ids are `keypad-key-<char>`).
    for (const letter of EVERY_LETTER) {
      expect([...letter]).toHaveLength(1);
      expect(letter.toUpperCase()).toBe(letter);
    }
  });
});
