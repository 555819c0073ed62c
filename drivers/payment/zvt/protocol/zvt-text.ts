/**
 * Text in ZVT fields: print lines, display texts, additional text, card names.
 *
 * The specification's default character set for print and display texts is code page 437; a
 * terminal can be set to others. Terminals for Cyrillic text are set to one of the Cyrillic code
 * pages, and that setting must agree with `ZvtTextEncoding` in the kiosk's config. `ascii` reads
 * only 7-bit text (any byte above 0x7F becomes U+FFFD).
 *
 * Portable: no Node imports.
 */
import { decodeBytes, encodeText, REPLACEMENT_CHARACTER } from '../../../escpos/codepages';

/** The character set a terminal sends its texts in. */
export type ZvtTextEncoding = 'cp866' | 'windows-1251' | 'ascii';

/** Decodes a text field; NUL padding at the end is dropped, other control bytes become spaces. */
export function decodeZvtText(bytes: Uint8Array, encoding: ZvtTextEncoding): string {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  const trimmed = bytes.subarray(0, end);
  const text =
    encoding === 'ascii'
      ? Array.from(trimmed, (b) => (b < 0x80 ? String.fromCharCode(b) : REPLACEMENT_CHARACTER)).join('')
      : decodeBytes(trimmed, encoding);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control bytes are exactly what is replaced
  return text.replace(/[\u0000-\u001f\u007f]/g, ' ');
}

/**
 * Encodes text for a field (the simulator's slips, the ECR's texts). Characters the code page
 * cannot carry become `?`: a terminal's slip is not where a typo should stop a payment.
 */
export function encodeZvtText(text: string, encoding: ZvtTextEncoding): Uint8Array {
  if (encoding === 'ascii') return Uint8Array.from(text, (c) => (c.charCodeAt(0) < 0x80 ? c.charCodeAt(0) : 0x3f));
  const out: number[] = [];
  for (const char of text) {
    const encoded = encodeText(char, encoding);
    if (encoded.ok) out.push(...encoded.bytes);
    else out.push(0x3f);
  }
  return Uint8Array.from(out);
}
