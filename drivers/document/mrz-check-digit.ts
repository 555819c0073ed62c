/** The MRZ filler character. */
export const FILLER = '<';

const WEIGHTS = [7, 3, 1] as const;

/**
 * The value of one MRZ character for check digits: `0`–`9` are 0–9, `A`–`Z` are 10–35, the filler
 * is 0 (ICAO 9303-3 §4.9). Anything else has no value: -1.
 */
export function mrzCharValue(char: string): number {
  if (char.length !== 1) return -1;
  const code = char.charCodeAt(0);
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x5a) return code - 0x41 + 10;
  if (char === FILLER) return 0;
  return -1;
}

/**
 * The ICAO 9303 check digit of `text`: the sum of character values weighted 7, 3, 1, 7, 3, 1… modulo
 * 10. Null when `text` holds a character outside the MRZ alphabet (which then can never check).
 */
export function mrzCheckDigit(text: string): number | null {
  let sum = 0;
  for (let i = 0; i < text.length; i++) {
    const value = mrzCharValue(text.charAt(i));
    if (value < 0) return null;
    sum += value * (WEIGHTS[i % 3] ?? 1);
  }
  return sum % 10;
}
