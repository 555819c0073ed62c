/**
 * The number formats of ZVT fields: packed BCD, and the `FxFy` / `FxFyFz` length prefixes of
 * LLVAR and LLLVAR fields.
 *
 * ZVT Protocol Specification (PA00P015, rev. 13.x), chapter 8 "Bitmaps": amounts, trace and
 * receipt numbers, dates, times, the terminal id and passwords are packed BCD, two digits a byte,
 * most significant first. A variable field starts with its length in bytes as one digit per byte,
 * each byte `0xF0 | digit`: 2 bytes (LLVAR, up to 99) or 3 (LLLVAR, up to 999).
 *
 * Portable: no Node imports.
 */

/** The largest amount six BCD bytes hold, in minor units. */
export const MAX_BCD_AMOUNT = 999_999_999_999;

/**
 * Packs decimal digits into `bytes` BCD bytes, left-padded with zeros.
 *
 * Throws on a non-digit or on more digits than fit: that is a bug in the caller, never a
 * condition of the line.
 */
export function encodeBcd(digits: string, bytes: number): Uint8Array {
  if (!/^\d*$/.test(digits)) throw new RangeError(`not decimal digits: "${digits}"`);
  if (digits.length > bytes * 2) throw new RangeError(`${digits.length} digits do not fit in ${bytes} BCD bytes`);
  const padded = digits.padStart(bytes * 2, '0');
  const out = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) {
    out[i] = (Number(padded[i * 2]) << 4) | Number(padded[i * 2 + 1]);
  }
  return out;
}

/** The nibbles of `bytes` as upper-case hex digits: `12 3E` → `"123E"` (masked PANs use E and F). */
export function nibbles(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += byte.toString(16).padStart(2, '0');
  return text.toUpperCase();
}

/** Reads packed BCD as decimal digits; `null` when a nibble is not 0–9. */
export function decodeBcd(bytes: Uint8Array): string | null {
  const text = nibbles(bytes);
  return /^\d*$/.test(text) ? text : null;
}

/** A whole number of minor units as the 6-byte BCD amount of BMP 04. */
export function encodeAmount(amountMinor: number): Uint8Array {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0 || amountMinor > MAX_BCD_AMOUNT) {
    throw new RangeError(`amount ${amountMinor} is not a whole number of minor units from 0 to ${MAX_BCD_AMOUNT}`);
  }
  return encodeBcd(String(amountMinor), 6);
}

/** The number packed BCD stands for; `null` when it is not BCD. */
export function decodeBcdNumber(bytes: Uint8Array): number | null {
  const digits = decodeBcd(bytes);
  return digits === null || digits === '' ? null : Number(digits);
}

/** The `FxFy` (2 bytes) or `FxFyFz` (3 bytes) prefix of a field `length` bytes long. */
export function encodeVarLength(length: number, digits: 2 | 3): Uint8Array {
  const max = digits === 2 ? 99 : 999;
  if (!Number.isInteger(length) || length < 0 || length > max) {
    throw new RangeError(`a ${digits === 2 ? 'LL' : 'LLL'}VAR field cannot be ${length} bytes long`);
  }
  const text = String(length).padStart(digits, '0');
  return Uint8Array.from(text, (digit) => 0xf0 | Number(digit));
}

/** Reads an `FxFy` / `FxFyFz` prefix at `offset`; `null` when the bytes are not one. */
export function decodeVarLength(bytes: Uint8Array, offset: number, digits: 2 | 3): number | null {
  if (offset + digits > bytes.length) return null;
  let length = 0;
  for (let i = 0; i < digits; i++) {
    const byte = bytes[offset + i] ?? 0;
    if (byte >> 4 !== 0xf || (byte & 0x0f) > 9) return null;
    length = length * 10 + (byte & 0x0f);
  }
  return length;
}
