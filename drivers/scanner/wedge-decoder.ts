/**
 * Keyboard-wedge scanners type each code as key presses. The character they mean is read from
 * the physical key (`KeyboardEvent.code`) and Shift as on a US keyboard, which is what every
 * scanner emulates, and never from the character the OS layout produced: with the Russian layout
 * active, `KeyQ` would type «й» and a code would arrive garbled. Pure; tested without Electron.
 */

/** The parts of a key event the decoder reads (Electron's `Input` and the DOM's `KeyboardEvent` have them). */
export interface WedgeKeyInput {
  code: string;
  shift: boolean;
  control: boolean;
  alt: boolean;
  meta: boolean;
}

/** What one key press means to a scan. */
export type WedgeKey =
  /** A character of the code. */
  | { kind: 'char'; char: string }
  /** Enter or Tab: the scanner's suffix, ending the code. */
  | { kind: 'end' }
  /** Shift, Ctrl, Alt…: pressed around characters, not part of the code. */
  | { kind: 'modifier' }
  /** Any other key (arrows, F-keys, Escape…): a person, not a scanner. */
  | { kind: 'other' };

/** Unshifted and shifted characters of the US layout's non-letter keys. */
const US_KEYS: ReadonlyMap<string, readonly [string, string]> = new Map(
  Object.entries({
    Digit1: ['1', '!'],
    Digit2: ['2', '@'],
    Digit3: ['3', '#'],
    Digit4: ['4', '$'],
    Digit5: ['5', '%'],
    Digit6: ['6', '^'],
    Digit7: ['7', '&'],
    Digit8: ['8', '*'],
    Digit9: ['9', '('],
    Digit0: ['0', ')'],
    Minus: ['-', '_'],
    Equal: ['=', '+'],
    BracketLeft: ['[', '{'],
    BracketRight: [']', '}'],
    Backslash: ['\\', '|'],
    Semicolon: [';', ':'],
    Quote: ["'", '"'],
    Backquote: ['`', '~'],
    Comma: [',', '<'],
    Period: ['.', '>'],
    Slash: ['/', '?'],
    Space: [' ', ' '],
    // Scanners with "numeric keypad" emulation send digits on the keypad (NumLock is on on a kiosk).
    Numpad0: ['0', '0'],
    Numpad1: ['1', '1'],
    Numpad2: ['2', '2'],
    Numpad3: ['3', '3'],
    Numpad4: ['4', '4'],
    Numpad5: ['5', '5'],
    Numpad6: ['6', '6'],
    Numpad7: ['7', '7'],
    Numpad8: ['8', '8'],
    Numpad9: ['9', '9'],
    NumpadDecimal: ['.', '.'],
    NumpadDivide: ['/', '/'],
    NumpadMultiply: ['*', '*'],
    NumpadSubtract: ['-', '-'],
    NumpadAdd: ['+', '+'],
  } satisfies Record<string, readonly [string, string]>),
);

/**
 * Ctrl + key → ASCII control character. Scanners send GS1's FNC1 separator (GS, 0x1D) as
 * Ctrl+] ("function code transmit"), and other control characters the same way.
 */
const CONTROL_KEYS: ReadonlyMap<string, string> = new Map([
  ['BracketLeft', '\u001b'],
  ['Backslash', '\u001c'],
  ['BracketRight', '\u001d'],
  ['Digit6', '\u001e'],
  ['Minus', '\u001f'],
]);

const MODIFIERS = new Set([
  'ShiftLeft',
  'ShiftRight',
  'ControlLeft',
  'ControlRight',
  'AltLeft',
  'AltRight',
  'MetaLeft',
  'MetaRight',
  'CapsLock',
  'NumLock',
]);

/**
 * Decodes one key press by its physical key. Caps Lock is ignored on purpose: a scanner means
 * the case it shifts for, and a kiosk has no keyboard to toggle Caps Lock back.
 */
export function decodeWedgeKey(input: WedgeKeyInput): WedgeKey {
  const { code } = input;
  if (MODIFIERS.has(code)) return { kind: 'modifier' };
  if (input.meta || input.alt) return { kind: 'other' };
  if (input.control) {
    if (/^Key[A-Z]$/.test(code)) return { kind: 'char', char: String.fromCharCode(code.charCodeAt(3) - 0x40) };
    const control = CONTROL_KEYS.get(code);
    return control === undefined ? { kind: 'other' } : { kind: 'char', char: control };
  }
  if (code === 'Enter' || code === 'NumpadEnter' || code === 'Tab') return { kind: 'end' };
  if (/^Key[A-Z]$/.test(code)) {
    const letter = code.charAt(3);
    return { kind: 'char', char: input.shift ? letter : letter.toLowerCase() };
  }
  const pair = US_KEYS.get(code);
  if (pair === undefined) return { kind: 'other' };
  return { kind: 'char', char: input.shift ? pair[1] : pair[0] };
}
