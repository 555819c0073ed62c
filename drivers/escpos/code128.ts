import { BARCODE, GS } from './escpos-commands';

/**
 * CODE128 barcodes in ESC/POS (`GS k 73 n d…`): the encoder's commands and the simulator's
 * reading of them. The printer draws the bars; the data bytes start with a code set selection
 * (`{A`, `{B`, `{C`) and use `{` as their escape (`{{` is a literal brace, `{1` FNC1, `{S` shift).
 */

/** The most characters the encoder puts in one CODE128 symbol: longer would not fit 80 mm paper. */
export const CODE128_MAX_CHARS = 40;

/** Why a text cannot be a CODE128 (code set B) symbol. */
export type Code128Error = { code: 'barcode_unencodable'; characters: string[] } | { code: 'barcode_too_long' };

/**
 * The `GS h`, `GS w`, `GS H` and `GS k 73` bytes printing `text` (printable ASCII) as CODE128
 * in code set B, bars 80 dots high, module 2 dots, its text printed below (HRI).
 */
export function code128Commands(text: string): { ok: true; bytes: Uint8Array } | { ok: false; error: Code128Error } {
  const chars = Array.from(text);
  const bad = chars.filter((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) > 0x7e || char.length > 1);
  if (bad.length > 0) return { ok: false, error: { code: 'barcode_unencodable', characters: [...new Set(bad)] } };
  if (chars.length === 0 || chars.length > CODE128_MAX_CHARS) return { ok: false, error: { code: 'barcode_too_long' } };
  const data = [0x7b, 0x42]; // {B: code set B
  for (const char of chars) {
    const code = char.charCodeAt(0);
    if (code === 0x7b) data.push(0x7b, 0x7b);
    else data.push(code);
  }
  return {
    ok: true,
    bytes: Uint8Array.from([
      ...[GS, 0x68, 80], // GS h: bar height in dots
      ...[GS, 0x77, 2], // GS w: module width
      ...[GS, 0x48, 2], // GS H: the text below the bars
      ...[GS, 0x6b, BARCODE.code128, data.length, ...data],
    ]),
  };
}

/** The text a CODE128 symbol's `GS k 73` data encodes, or why it is not valid. FNC1 reads as GS (0x1D), as scanners send it. */
export function decodeCode128Data(data: Uint8Array): { ok: true; text: string } | { ok: false; reason: string } {
  if (data[0] !== 0x7b || ![0x41, 0x42, 0x43].includes(data[1] ?? 0)) {
    return { ok: false, reason: 'the data does not start with a code set selection ({A, {B or {C)' };
  }
  let set = data[1] as number;
  let text = '';
  for (let i = 2; i < data.length; i++) {
    const byte = data[i] as number;
    if (byte === 0x7b) {
      const next = data[++i];
      if (next === 0x7b) text += '{';
      else if (next === 0x41 || next === 0x42 || next === 0x43) set = next;
      else if (next === 0x31) text += '\u001d';
      else if (next === 0x32 || next === 0x33 || next === 0x34 || next === 0x53) continue;
      else return { ok: false, reason: `unknown escape {${String.fromCharCode(next ?? 0)}` };
      continue;
    }
    if (set === 0x43) {
      if (byte > 99) return { ok: false, reason: `code set C takes 0–99, not ${byte}` };
      text += String(byte).padStart(2, '0');
    } else if (set === 0x41 ? byte > 0x5f : byte < 0x20 || byte > 0x7f) {
      return { ok: false, reason: `byte ${byte} is outside code set ${String.fromCharCode(set)}` };
    } else {
      text += String.fromCharCode(byte);
    }
  }
  return { ok: true, text };
}
