import type { PrinterProfile } from '../../kiosk-config/src/config/printer-profile';
import type { ReceiptDocument, ReceiptLine } from '../../kiosk-config/src/receipt/receipt-document';
import { type Code128Error, code128Commands } from './code128';
import { applyTypographicFallbacks, encodeText } from './codepages';
import { CUT, ESC, FS, GS, LF, QR } from './escpos-commands';

export { statusRequest } from './escpos-commands';

/**
 * The most bytes a QR code (model 2, version 40, error level M, byte mode) can hold.
 *
 * Longer data would be stored by the printer and then silently not printed.
 */
export const QR_MAX_BYTES = 2331;

/** Why a document cannot be encoded for a profile: an expected fault, not a bug. */
export type EncodeReceiptError =
  | { code: 'unencodable_text'; characters: string[] }
  | { code: 'qr_too_long'; bytes: number; maxBytes: number }
  | Code128Error;

/** The outcome of `encodeReceipt`. */
export type EncodeReceiptResult = { ok: true; bytes: Uint8Array } | { ok: false; error: EncodeReceiptError };

/** Options of `encodeReceipt`. */
export interface EncodeReceiptOptions {
  /** `GS V 66` leaves a hinge so the ticket does not fall; `GS V 65` cuts through (default partial). */
  cut?: 'partial' | 'full';
}

const ALIGN_CODE = { left: 0, center: 1, right: 2 } as const;

/**
 * Renders a receipt document to ESC/POS bytes for one printer profile.
 *
 * Pure: no I/O, the same input gives the same bytes. Starts with `ESC @` (and `FS .` where the
 * firmware boots in double-byte mode), selects the profile's code page with `ESC t`, then emits
 * each line, with alignment, size and bold commands only where they change. Text is word-wrapped to the profile's columns divided by the character width. Text
 * the code page cannot print is reported, never replaced by '?'.
 */
export function encodeReceipt(
  document: ReceiptDocument,
  profile: PrinterProfile,
  options: EncodeReceiptOptions = {},
): EncodeReceiptResult {
  const out = new ByteWriter();
  const unencodable = new Set<string>();
  const encoding = profile.codePage.encoding;

  // Writes text lines with the current modes; collects characters the code page lacks.
  const writeLines = (lines: string[]) => {
    for (const line of lines) {
      const encoded = encodeText(line, encoding, { typographicFallbacks: false });
      if (encoded.ok) out.bytes(encoded.bytes);
      else for (const char of encoded.error.characters) unencodable.add(char);
      out.byte(LF);
    }
  };
  // The modes in effect: `ESC @` resets them, and each command is sent only when its mode
  // changes, which saves about a quarter of a ticket's bytes (wire time at 9600 baud).
  const modes = { align: 0, size: 0, bold: 0 };
  const setModes = (align: keyof typeof ALIGN_CODE, width: number, height: number, bold: boolean) => {
    const size = (((clamp(width, 1, 8) - 1) & 0x07) << 4) | ((clamp(height, 1, 8) - 1) & 0x07);
    if (modes.align !== ALIGN_CODE[align]) out.bytes([ESC, 0x61, ALIGN_CODE[align]]);
    if (modes.size !== size) out.bytes([GS, 0x21, size]);
    if (modes.bold !== (bold ? 1 : 0)) out.bytes([ESC, 0x45, bold ? 1 : 0]);
    modes.align = ALIGN_CODE[align];
    modes.size = size;
    modes.bold = bold ? 1 : 0;
  };

  out.bytes([ESC, 0x40]);
  if (profile.leaveDoubleByteMode) out.bytes([FS, 0x2e]);
  out.bytes([ESC, 0x74, profile.codePage.escT & 0xff]);

  for (const line of document.lines) {
    const failure = encodeLine(line);
    if (failure) return { ok: false, error: failure };
  }
  if (unencodable.size > 0) {
    return { ok: false, error: { code: 'unencodable_text', characters: [...unencodable] } };
  }
  return { ok: true, bytes: out.toUint8Array() };

  function encodeLine(line: ReceiptLine): EncodeReceiptError | undefined {
    switch (line.type) {
      case 'text': {
        const width = line.width ?? 1;
        setModes(line.align ?? 'left', width, line.height ?? 1, line.bold ?? false);
        const text = applyTypographicFallbacks(line.text, encoding);
        writeLines(wrapText(text, Math.max(1, Math.floor(profile.columns / clamp(width, 1, 8)))));
        return undefined;
      }
      case 'qr': {
        const data = new TextEncoder().encode(line.data);
        if (data.length > QR_MAX_BYTES) return { code: 'qr_too_long', bytes: data.length, maxBytes: QR_MAX_BYTES };
        setModes('center', 1, 1, false);
        if (profile.nativeQr) out.bytes(qrCommands(data, line.moduleSize ?? 6));
        // Without native QR the data is printed as text, so the visitor can still type it in.
        else writeLines(wrapText(applyTypographicFallbacks(line.data, encoding), profile.columns));
        return undefined;
      }
      case 'barcode': {
        const barcode = code128Commands(line.data);
        if (!barcode.ok) return barcode.error;
        setModes('center', 1, 1, false);
        out.bytes(barcode.bytes);
        return undefined;
      }
      case 'columns': {
        setModes('left', 1, 1, line.bold ?? false);
        const left = applyTypographicFallbacks(line.left, encoding);
        const right = applyTypographicFallbacks(line.right, encoding);
        writeLines(fitColumns(left, right, profile.columns, line.filler ?? ' '));
        return undefined;
      }
      case 'rule':
        setModes('left', 1, 1, false);
        writeLines(['-'.repeat(profile.columns)]);
        return undefined;
      case 'feed':
        out.bytes([ESC, 0x64, clamp(line.lines, 0, 255)]);
        return undefined;
      case 'cut':
        if (profile.feedBeforeCut > 0) out.bytes([ESC, 0x64, profile.feedBeforeCut]);
        if (profile.cutter) out.bytes([GS, 0x56, options.cut === 'full' ? CUT.full : CUT.partial, 0]);
        return undefined;
    }
  }
}

/**
 * Builds the `GS ( k` sequence printing one QR code: model 2, module size, error level M,
 * store the data, print.
 *
 * The store command's length field `pL pH` counts the data plus the three bytes `cn fn m`.
 */
export function qrCommands(data: Uint8Array, moduleSize: number): Uint8Array {
  const storeLength = data.length + 3;
  const out = new ByteWriter();
  out.bytes([GS, 0x28, 0x6b, 4, 0, QR.cn, QR.selectModel, 0x32, 0]);
  out.bytes([GS, 0x28, 0x6b, 3, 0, QR.cn, QR.moduleSize, clamp(moduleSize, 1, 16)]);
  out.bytes([GS, 0x28, 0x6b, 3, 0, QR.cn, QR.errorLevel, 0x31]);
  out.bytes([GS, 0x28, 0x6b, storeLength & 0xff, (storeLength >> 8) & 0xff, QR.cn, QR.store, 0x30]);
  out.bytes(data);
  out.bytes([GS, 0x28, 0x6b, 3, 0, QR.cn, QR.print, 0x30]);
  return out.toUint8Array();
}

/**
 * Lays out a label and a value on lines of `width` characters: the label word-wrapped to the
 * full width, the value right-aligned on the label's last line, or on a line of its own when
 * they do not fit together. The gap is filled with `filler`; a filler other than a space keeps
 * a space on each side (`Итого ....... 500,00`), so the dots never touch the words.
 */
export function fitColumns(left: string, right: string, width: number, filler = ' '): string[] {
  const rightChars = Array.from(right);
  if (rightChars.length === 0) return wrapText(left, width);
  const rightLines = rightChars.length > width ? wrapText(right, width) : [right];
  const lines = left === '' ? [] : wrapText(left, width);
  const last = lines.at(-1);
  const lastRight = rightLines.pop() ?? '';
  const joinable = rightLines.length === 0 && last !== undefined;
  const head = joinable ? last : '';
  const room = width - Array.from(head).length - Array.from(lastRight).length;
  if (joinable && room < 1) {
    // The value does not fit beside the label: it takes a line of its own.
    return [...lines, ...rightLines, fill('', lastRight, width, filler)];
  }
  if (joinable) lines.pop();
  return [...lines, ...rightLines, fill(head, lastRight, width, filler)];
}

function fill(head: string, tail: string, width: number, filler: string): string {
  const gap = Math.max(0, width - Array.from(head).length - Array.from(tail).length);
  // Too short a gap for a leader, or nothing to lead from: plain spaces.
  const leader = filler === ' ' || gap < 3 || head === '' ? ' '.repeat(gap) : ` ${filler.repeat(gap - 2)} `;
  return head + leader + tail;
}

/**
 * Word-wraps text to lines of at most `width` characters (code points).
 *
 * Explicit line breaks are kept, tabs become spaces, a word longer than a line is split. A line
 * that fits is kept as is, spaces included, so columns padded with spaces stay aligned.
 */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.replace(/\t/g, ' ').split(/\r\n|\r|\n/)) {
    let rest = Array.from(paragraph);
    let wrapped = false;
    while (rest.length > width) {
      wrapped = true;
      let breakAt = -1;
      for (let i = width; i > 0; i--) {
        if (rest[i] === ' ') {
          breakAt = i;
          break;
        }
      }
      const head = breakAt > 0 ? rest.slice(0, breakAt) : rest.slice(0, width);
      rest = breakAt > 0 ? rest.slice(breakAt + 1) : rest.slice(width);
      lines.push(head.join('').trimEnd());
      // A wrapped line starts at its first word, not with the spaces that separated it.
      while (rest[0] === ' ') rest.shift();
    }
    if (!wrapped || rest.length > 0) lines.push(rest.join(''));
  }
  return lines;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.trunc(value)));
}

/** A growable byte buffer for building command sequences. */
class ByteWriter {
  private buffer = new Uint8Array(256);
  private length = 0;

  byte(value: number): void {
    this.reserve(1);
    this.buffer[this.length++] = value & 0xff;
  }

  bytes(values: ArrayLike<number>): void {
    this.reserve(values.length);
    this.buffer.set(values, this.length);
    this.length += values.length;
  }

  toUint8Array(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + extra) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }
}
