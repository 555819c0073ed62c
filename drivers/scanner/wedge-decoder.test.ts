import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeWedgeKey, type WedgeKeyInput } from './wedge-decoder';

const key = (code: string, mods: Partial<Omit<WedgeKeyInput, 'code'>> = {}): WedgeKeyInput => ({
  code,
  shift: false,
  control: false,
  alt: false,
  meta: false,
  ...mods,
});

/** The key presses a US-layout scanner makes for a character, as the tests need them. */
const US: Record<string, WedgeKeyInput> = {
  a: key('KeyA'),
  Z: key('KeyZ', { shift: true }),
  '1': key('Digit1'),
  '!': key('Digit1', { shift: true }),
  '-': key('Minus'),
  _: key('Minus', { shift: true }),
  '/': key('Slash'),
  '?': key('Slash', { shift: true }),
  ':': key('Semicolon', { shift: true }),
  '"': key('Quote', { shift: true }),
  '~': key('Backquote', { shift: true }),
  '|': key('Backslash', { shift: true }),
  ']': key('BracketRight'),
  '}': key('BracketRight', { shift: true }),
  ' ': key('Space'),
};

describe('decodeWedgeKey', () => {
  it('reads the US-layout character of the physical key and Shift', () => {
    for (const [char, input] of Object.entries(US))
      expect(decodeWedgeKey(input), input.code).toEqual({ kind: 'char', char });
  });

  it('reads a URL typed by a scanner whatever the layout produced (the event carries no character)', () => {
    const url = 'https://okno.example/s?n=2024-1';
    const inputs = [...url].map((c) => {
      const found = Object.entries({
        ...US,
        h: key('KeyH'),
        t: key('KeyT'),
        p: key('KeyP'),
        s: key('KeyS'),
        o: key('KeyO'),
        k: key('KeyK'),
        n: key('KeyN'),
        '.': key('Period'),
        e: key('KeyE'),
        x: key('KeyX'),
        m: key('KeyM'),
        l: key('KeyL'),
        '=': key('Equal'),
        '2': key('Digit2'),
        '0': key('Digit0'),
        '4': key('Digit4'),
      }).find(([ch]) => ch === c);
      if (!found) throw new Error(`no key for ${c}`);
      return found[1];
    });
    expect(
      inputs
        .map((i) => decodeWedgeKey(i))
        .map((k) => (k.kind === 'char' ? k.char : '?'))
        .join(''),
    ).toBe(url);
  });

  it('reads keypad digits, Ctrl+] as GS (FNC1) and Ctrl+letters as control characters', () => {
    expect(decodeWedgeKey(key('Numpad7'))).toEqual({ kind: 'char', char: '7' });
    expect(decodeWedgeKey(key('BracketRight', { control: true }))).toEqual({ kind: 'char', char: '\u001d' });
    expect(decodeWedgeKey(key('KeyM', { control: true }))).toEqual({ kind: 'char', char: '\r' });
  });

  it('tells the suffix, modifiers and other keys', () => {
    expect(decodeWedgeKey(key('Enter'))).toEqual({ kind: 'end' });
    expect(decodeWedgeKey(key('NumpadEnter'))).toEqual({ kind: 'end' });
    expect(decodeWedgeKey(key('Tab'))).toEqual({ kind: 'end' });
    expect(decodeWedgeKey(key('ShiftLeft', { shift: true }))).toEqual({ kind: 'modifier' });
    expect(decodeWedgeKey(key('ArrowUp'))).toEqual({ kind: 'other' });
    expect(decodeWedgeKey(key('KeyR', { alt: true }))).toEqual({ kind: 'other' });
    expect(decodeWedgeKey(key('KeyR', { meta: true }))).toEqual({ kind: 'other' });
    expect(decodeWedgeKey(key('F5', { control: true }))).toEqual({ kind: 'other' });
  });

  it('never throws, and a character is always one character', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 20 }),
          fc.constantFrom('constructor', '__proto__', 'toString', 'KeyA', 'Digit0'),
        ),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (code, shift, control, alt, meta) => {
          const decoded = decodeWedgeKey({ code, shift, control, alt, meta });
          if (decoded.kind === 'char') expect(decoded.char).toHaveLength(1);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
