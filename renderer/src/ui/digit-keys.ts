import type { KeypadPress } from './keypad-press';

/** 1–9 in telephone order; «Очистить», 0 and «Стереть» make the digit pad's last row. */
export const DIGIT_KEYS: readonly string[] = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

/**
 * What a key press does to the digits typed so far on a digit pad (a booking code, a УИН, a
 * second factor): digits only, at most `maxLength` of them.
 */
export function pressDigitKey(digits: string, press: KeypadPress, maxLength: number): string {
  switch (press.kind) {
    case 'backspace':
      return digits.slice(0, -1);
    case 'clear':
      return '';
    case 'char':
      if (!/^\d$/u.test(press.char) || digits.length >= maxLength) return digits;
      return digits + press.char;
  }
}
