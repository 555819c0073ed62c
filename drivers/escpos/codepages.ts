/**
 * Single-byte Cyrillic code pages of receipt printers: CP866 (DOS) and Windows-1251.
 *
 * Portable (no Node, no Buffer): the encoder runs wherever the receipt is built, and the
 * simulator's paper decoder uses the same tables to read the bytes back.
 */

/** A Cyrillic code page a printer profile can name. */
export type TextEncoding = 'cp866' | 'windows-1251';

/** The character a byte with no meaning in the code page decodes to. */
export const REPLACEMENT_CHARACTER = '\uFFFD';

/**
 * Bytes 0x80..0xFF of CP866, one character per byte.
 *
 * Row 0xF0 carries Ё/ё, Ukrainian and Belarusian letters, ° and №; 0xFF is a no-break space.
 */
const CP866_HIGH =
  'АБВГДЕЖЗИЙКЛМНОП' +
  'РСТУФХЦЧШЩЪЫЬЭЮЯ' +
  'абвгдежзийклмноп' +
  '░▒▓│┤╡╢╖╕╣║╗╝╜╛┐' +
  '└┴┬├─┼╞╟╚╔╩╦╠═╬╧' +
  '╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀' +
  'рстуфхцчшщъыьэюя' +
  'ЁёЄєЇїЎў°∙·√№¤■\u00A0';

/**
 * Bytes 0x80..0xFF of Windows-1251, one character per byte.
 *
 * 0x98 is unassigned; 0xA0 is a no-break space and 0xAD a soft hyphen.
 */
const WINDOWS_1251_HIGH =
  'ЂЃ‚ѓ„…†‡€‰Љ‹ЊЌЋЏ' +
  'ђ‘’“”•–—\uFFFD™љ›њќћџ' +
  '\u00A0ЎўЈ¤Ґ¦§Ё©Є«¬\u00AD®Ї' +
  '°±Ііґµ¶·ё№є»јЅѕї' +
  'АБВГДЕЖЗИЙКЛМНОП' +
  'РСТУФХЦЧШЩЪЫЬЭЮЯ' +
  'абвгдежзийклмноп' +
  'рстуфхцчшщъыьэюя';

interface CodePageTable {
  /** Character of each byte 0x00..0xFF (controls and ASCII map to themselves). */
  decode: readonly string[];
  /** Byte of each encodable printable character. */
  encode: ReadonlyMap<string, number>;
}

function buildTable(high: string): CodePageTable {
  const decode: string[] = [];
  const encode = new Map<string, number>();
  for (let byte = 0; byte < 0x80; byte++) {
    const char = String.fromCharCode(byte);
    decode.push(char);
    // Only printable ASCII is text: control bytes are printer commands, never text.
    if (byte >= 0x20 && byte < 0x7f) encode.set(char, byte);
  }
  const highChars = Array.from(high);
  if (highChars.length !== 0x80) throw new Error(`code page table has ${highChars.length} characters, expected 128`);
  highChars.forEach((char, index) => {
    decode.push(char);
    // Keep the first byte for a character: no-break space and similar appear once anyway.
    if (char !== REPLACEMENT_CHARACTER && char !== '\u00AD' && !encode.has(char)) encode.set(char, 0x80 + index);
  });
  return { decode, encode };
}

const TABLES: Record<TextEncoding, CodePageTable> = {
  cp866: buildTable(CP866_HIGH),
  'windows-1251': buildTable(WINDOWS_1251_HIGH),
};

/**
 * Typographic characters that a code page may lack, with the plain characters printed instead.
 *
 * Used only when the code page has no byte for the character itself: CP866 has no «» or dashes,
 * and Russian texts are full of them. Anything else that cannot be encoded is reported.
 */
const TYPOGRAPHIC_FALLBACKS: ReadonlyMap<string, string> = new Map([
  ['«', '"'],
  ['»', '"'],
  ['„', '"'],
  ['“', '"'],
  ['”', '"'],
  ['‘', "'"],
  ['’', "'"],
  ['‚', "'"],
  ['–', '-'],
  ['—', '-'],
  ['‑', '-'],
  ['…', '...'],
  ['\u00A0', ' '],
  ['\u202F', ' '],
  ['\u00AD', ''],
]);

/** The outcome of encoding text: the bytes, or every character the code page cannot print. */
export type EncodeTextResult =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; error: { code: 'unencodable_text'; characters: string[] } };

/** Options of `encodeText`. */
export interface EncodeTextOptions {
  /** Print «» as ", — as -, … as ... when the code page lacks them (default true). */
  typographicFallbacks?: boolean;
}

/**
 * Encodes text to the bytes of a code page.
 *
 * Never substitutes a silent '?': characters with no byte (and control characters, which would
 * be printer commands) are listed, each once, in the order they first appear.
 */
export function encodeText(text: string, encoding: TextEncoding, options: EncodeTextOptions = {}): EncodeTextResult {
  const table = TABLES[encoding];
  const prepared = (options.typographicFallbacks ?? true) ? applyTypographicFallbacks(text, encoding) : text;
  const bytes: number[] = [];
  const unencodable: string[] = [];
  // Iterating a string yields code points, so an emoji is reported as one character.
  for (const char of prepared) {
    const byte = table.encode.get(char);
    if (byte !== undefined) bytes.push(byte);
    else if (!unencodable.includes(char)) unencodable.push(char);
  }
  if (unencodable.length > 0) return { ok: false, error: { code: 'unencodable_text', characters: unencodable } };
  return { ok: true, bytes: Uint8Array.from(bytes) };
}

/**
 * Replaces typographic characters the code page lacks («», dashes, …) with plain ones.
 *
 * The encoder applies it before wrapping lines, so the width of a line is the width printed.
 */
export function applyTypographicFallbacks(text: string, encoding: TextEncoding): string {
  const table = TABLES[encoding];
  let result = '';
  for (const char of text) {
    const fallback = table.encode.has(char) ? undefined : TYPOGRAPHIC_FALLBACKS.get(char);
    result += fallback ?? char;
  }
  return result;
}

/** Decodes one byte; unassigned bytes give U+FFFD. */
export function decodeByte(byte: number, encoding: TextEncoding): string {
  return TABLES[encoding].decode[byte & 0xff] ?? REPLACEMENT_CHARACTER;
}

/** Decodes bytes of a code page to text; control bytes come through as the same code points. */
export function decodeBytes(bytes: Uint8Array, encoding: TextEncoding): string {
  const table = TABLES[encoding].decode;
  let text = '';
  for (const byte of bytes) text += table[byte] ?? REPLACEMENT_CHARACTER;
  return text;
}

/** Tells whether a character has a byte of its own in the code page (no fallback). */
export function canEncode(char: string, encoding: TextEncoding): boolean {
  return TABLES[encoding].encode.has(char);
}

/** The 66 letters of the Russian alphabet, capitals then small, Ё/ё in their alphabetical place. */
export const RUSSIAN_LETTERS = 'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя';
