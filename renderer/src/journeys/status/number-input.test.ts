import { describe, expect, it } from 'vitest';
import type { KeypadPress } from '../../ui/keypad-press';
import { CYRILLIC_ALPHABET, LATIN_ALPHABET } from '../../ui/letter-layouts';
import {
  canSearchNumber,
  DIGIT_PAD_KEYS,
  MAX_NUMBER_LENGTH,
  numberDisplaySize,
  numberFromScan,
  pressNumberKey,
} from './number-input';

/** Types a text key by key, as a visitor would. */
function typeOnKeypad(text: string, start = ''): string {
  return [...text].reduce((draft, char) => pressNumberKey(draft, { kind: 'char', char }), start);
}

describe('the keypad keys', () => {
  it('has all 33 Russian letters, the 26 Latin ones, ten digits and the separators - and /', () => {
    expect(CYRILLIC_ALPHABET).toHaveLength(33);
    expect(new Set(CYRILLIC_ALPHABET).size).toBe(33);
    expect(CYRILLIC_ALPHABET).toContain('Ё');
    expect(CYRILLIC_ALPHABET).toContain('Ъ');
    expect(LATIN_ALPHABET).toHaveLength(26);
    expect(LATIN_ALPHABET.join('')).toBe('ABCDEFGHIJKLMNOPQRSTUVWXYZ');
    expect([...DIGIT_PAD_KEYS].sort().join('')).toBe('-/0123456789');
  });

  it('can type the numbers printed on real receipts', () => {
    for (const number of ['КУВД-001/2021-3670443', 'PKPVDMFC-2021-01-28-548444', '2345678901']) {
      expect(typeOnKeypad(number)).toBe(number);
      expect(canSearchNumber(typeOnKeypad(number))).toBe(true);
    }
  });
});

describe('pressNumberKey', () => {
  const press = (draft: string, ...presses: KeypadPress[]) => presses.reduce(pressNumberKey, draft);

  it('appends, erases the last character, clears everything', () => {
    expect(press('КУ', { kind: 'char', char: 'В' })).toBe('КУВ');
    expect(press('КУВ', { kind: 'backspace' })).toBe('КУ');
    expect(press('', { kind: 'backspace' })).toBe('');
    expect(press('КУВД-001', { kind: 'clear' })).toBe('');
  });

  it('types only what the keypad has keys for', () => {
    expect(press('12', { kind: 'char', char: 'a' })).toBe('12');
    expect(press('12', { kind: 'char', char: ' ' })).toBe('12');
    expect(press('12', { kind: 'char', char: '<' })).toBe('12');
    expect(press('12', { kind: 'char', char: '34' })).toBe('12');
  });

  it('types the region’s letters its pad shows (Tatar Ә), though no number holds them: «Найти» stays disabled', () => {
    const typed = press('КУВД', { kind: 'char', char: 'Ә' }, { kind: 'char', char: '-' }, { kind: 'char', char: '1' });
    expect(typed).toBe('КУВДӘ-1');
    expect(canSearchNumber(`${typed}23`)).toBe(false);
  });

  it('stops at the longest number there is', () => {
    const full = typeOnKeypad('1'.repeat(MAX_NUMBER_LENGTH + 5));
    expect(full).toHaveLength(MAX_NUMBER_LENGTH);
    expect(pressNumberKey(full, { kind: 'backspace' })).toHaveLength(MAX_NUMBER_LENGTH - 1);
  });
});

describe('canSearchNumber', () => {
  it('enables «Найти» only for an application number', () => {
    expect(canSearchNumber('')).toBe(false);
    expect(canSearchNumber('123')).toBe(false);
    expect(canSearchNumber('-1234')).toBe(false);
    expect(canSearchNumber('/КУВД')).toBe(false);
    expect(canSearchNumber('1234')).toBe(true);
    expect(canSearchNumber('КУВД-')).toBe(true);
    expect(canSearchNumber('1'.repeat(48))).toBe(true);
    expect(canSearchNumber('1'.repeat(49))).toBe(false);
  });
});

describe('numberFromScan', () => {
  it('takes a barcode that holds the number itself, normalised', () => {
    expect(numberFromScan('КУВД-001/2021-3670443')).toBe('КУВД-001/2021-3670443');
    expect(numberFromScan('  pkpvdmfc-2021-01-28-548444 ')).toBe('PKPVDMFC-2021-01-28-548444');
    expect(numberFromScan('2345678901')).toBe('2345678901');
  });

  it('finds the number in a QR code link', () => {
    expect(numberFromScan('https://mfc.example.ru/status?number=%D0%9A%D0%A3%D0%92%D0%94-001%2F2021-3670443')).toBe(
      'КУВД-001/2021-3670443',
    );
    expect(numberFromScan('https://mfc.example.ru/s?lang=ru&n=PKPVDMFC-2021-01-28-548444')).toBe(
      'PKPVDMFC-2021-01-28-548444',
    );
  });

  it('says there is no number in codes that hold none', () => {
    expect(numberFromScan('')).toBeNull();
    expect(numberFromScan('https://gosuslugi.ru/')).toBeNull();
    expect(numberFromScan('Заявление № 12')).toBeNull();
    expect(numberFromScan('%E0%A4%A')).toBeNull();
    expect(numberFromScan('https://mfc.example.ru/status?number=%E0%A4%A')).toBeNull();
    expect(numberFromScan('https://mfc.example.ru/status?lang=ru')).toBeNull();
    expect(numberFromScan('ST00012|Name=ООО Ромашка|PersonalAcc=')).toBeNull();
  });
});

describe('numberDisplaySize', () => {
  it('shrinks the display for long numbers', () => {
    expect(numberDisplaySize('КУВД-001/2021')).toBe('large');
    expect(numberDisplaySize('PKPVDMFC-2021-01-28-548444')).toBe('medium');
    expect(numberDisplaySize('1'.repeat(40))).toBe('small');
  });
});
