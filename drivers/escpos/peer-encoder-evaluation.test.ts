import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { describe, expect, it } from 'vitest';
import { profile80 } from '../test-support/profiles';
import { encodeText, RUSSIAN_LETTERS } from './codepages';
import { encodeReceipt } from './escpos-encoder';

/**
 * Why `drivers/escpos` keeps its own encoder: `@point-of-sale/receipt-printer-encoder` (the
 * well-kept ReceiptPrinterEncoder, v4) run through our byte-level requirements. Each test pins
 * down what the library does today, beside what we require. If one of these fails after an
 * upgrade, the library changed: re-run the evaluation (drivers/README.md, "Why our own
 * encoder") and consider wrapping it instead.
 */

const QUESTION_MARK = 0x3f;

function peer(options: ConstructorParameters<typeof ReceiptPrinterEncoder>[0] = {}): ReceiptPrinterEncoder {
  return new ReceiptPrinterEncoder({ printerModel: 'epson-tm-t20iii', ...options });
}

/** The bytes after the library's fixed header (`ESC @`, `FS .`, `ESC M 0`). */
function afterHeader(bytes: Uint8Array): number[] {
  expect(Array.from(bytes.slice(0, 7))).toEqual([0x1b, 0x40, 0x1c, 0x2e, 0x1b, 0x4d, 0x00]);
  return Array.from(bytes.slice(7));
}

describe('@point-of-sale/receipt-printer-encoder against our byte tests', () => {
  it('passes: with CP866 chosen explicitly it sends ESC t 17 and the same bytes as ours for Russian text', () => {
    const text = `${RUSSIAN_LETTERS}№`;
    const theirs = afterHeader(peer().initialize().codepage('cp866').text(text).encode());
    const ours = encodeText(text, 'cp866');
    expect(ours.ok).toBe(true);
    expect(theirs.slice(0, 3)).toEqual([0x1b, 0x74, 17]);
    // It wraps at 48 columns with LF CR; the characters themselves match.
    expect(theirs.slice(3).filter((b) => b !== 0x0a && b !== 0x0d)).toEqual(ours.ok ? Array.from(ours.bytes) : []);
  });

  it('fails: a character the code page lacks becomes a silent "?", even with errors: "strict"', () => {
    const theirs = afterHeader(peer({ errors: 'strict' }).initialize().codepage('cp866').text('Оплачено ✓').encode());
    expect(theirs.at(-3)).toBe(QUESTION_MARK);
    // Ours refuses the whole receipt and names the character.
    expect(encodeReceipt({ lines: [{ type: 'text', text: 'Оплачено ✓' }] }, profile80)).toEqual({
      ok: false,
      error: { code: 'unencodable_text', characters: ['✓'] },
    });
  });

  it('fails: the rouble sign, dashes and «» become "?" too, silently', () => {
    const theirs = afterHeader(peer().initialize().codepage('cp866').text('500 ₽ — «да»').encode());
    expect(theirs.filter((b) => b === QUESTION_MARK).length).toBe(4);
  });

  it('fails: left to choose the code page itself ("auto"), it prints Cyrillic as "?" under ESC t 0', () => {
    const theirs = afterHeader(peer().initialize().text('Талон').encode());
    expect(theirs).toEqual([0x1b, 0x74, 0, ...Array(5).fill(QUESTION_MARK), 0x0a, 0x0d]);
  });

  it('fails: a QR payload goes through the code page, so Cyrillic is lost and the length field is wrong', () => {
    const theirs = Array.from(peer().initialize().qrcode('А-001', { model: 2, size: 6, errorlevel: 'm' }).encode());
    const store = theirs.findIndex((b, i) => b === 0x1d && theirs[i + 1] === 0x28 && theirs[i + 6] === 0x50);
    // pL pH = 8: five stored bytes, 'А' (two bytes in UTF-8) stored as '?'.
    expect(theirs.slice(store, store + 13)).toEqual([
      0x1d, 0x28, 0x6b, 8, 0, 0x31, 0x50, 0x30, 0x3f, 0x2d, 0x30, 0x30, 0x31,
    ]);
    // Ours stores the UTF-8 bytes: pL pH = 6 + 3.
    const ours = encodeReceipt({ lines: [{ type: 'qr', data: 'А-001' }] }, profile80);
    const bytes = ours.ok ? Array.from(ours.bytes) : [];
    const at = bytes.findIndex((b, i) => b === 0x1d && bytes[i + 1] === 0x28 && bytes[i + 6] === 0x50);
    expect(bytes.slice(at, at + 14)).toEqual([
      0x1d, 0x28, 0x6b, 9, 0, 0x31, 0x50, 0x30, 0xd0, 0x90, 0x2d, 0x30, 0x30, 0x31,
    ]);
  });

  it('differs: it always sends FS . (harmless on Epson), where we send it per profile', () => {
    expect(Array.from(peer({ printerModel: 'epson-tm-t88vi' }).initialize().encode())).toContain(0x1c);
    const ours = encodeReceipt({ lines: [{ type: 'text', text: 'x' }] }, { ...profile80, leaveDoubleByteMode: false });
    expect(ours.ok && Array.from(ours.bytes.slice(0, 5))).toEqual([0x1b, 0x40, 0x1b, 0x74, 17]);
  });
});
