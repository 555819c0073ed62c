import { describe, expect, it } from 'vitest';
import type { PrinterProfile } from '../../kiosk-config/src/config/printer-profile';
import type { ReceiptDocument } from '../../kiosk-config/src/receipt/receipt-document';
import { profile58w1251, profile80 } from '../test-support/profiles';
import { RUSSIAN_LETTERS } from './codepages';
import { encodeReceipt, fitColumns, QR_MAX_BYTES, qrCommands, statusRequest, wrapText } from './escpos-encoder';
import { EscPosPaperDecoder, type PaperEvent } from './escpos-paper-decoder';

const INIT = [0x1b, 0x40];
const LEAVE_KANJI = [0x1c, 0x2e];
const CP866 = [0x1b, 0x74, 17];

function encode(document: ReceiptDocument, profile: PrinterProfile = profile80): number[] {
  const result = encodeReceipt(document, profile);
  if (!result.ok) throw new Error(`encoding failed: ${JSON.stringify(result.error)}`);
  return Array.from(result.bytes);
}

function decode(bytes: Uint8Array | number[], profile: PrinterProfile = profile80): PaperEvent[] {
  const decoder = new EscPosPaperDecoder({
    codePages: { [profile.codePage.escT]: profile.codePage.encoding },
    columns: profile.columns,
    startsInDoubleByteMode: profile.leaveDoubleByteMode,
  });
  return [...decoder.push(Uint8Array.from(bytes)), ...decoder.end()];
}

function textLines(events: PaperEvent[]): string[] {
  return events.flatMap((e) => (e.type === 'text' ? [e.text] : []));
}

/** Finds `needle` in `haystack`; -1 when absent. */
function indexOfBytes(haystack: number[], needle: number[]): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

describe('encodeReceipt: header and text', () => {
  it('starts with ESC @, FS . and ESC t, then a plain line with no mode commands (ESC @ set them)', () => {
    expect(encode({ lines: [{ type: 'text', text: 'A' }] })).toEqual([...INIT, ...LEAVE_KANJI, ...CP866, 0x41, 0x0a]);
  });

  it('sends alignment, size and bold only when they change', () => {
    const bytes = encode({
      lines: [
        { type: 'text', text: 'a', align: 'center', bold: true },
        { type: 'text', text: 'b', align: 'center', bold: true },
        { type: 'text', text: 'c', align: 'center', width: 2, height: 2, bold: true },
        { type: 'text', text: 'd' },
      ],
    });
    expect(bytes.slice(7)).toEqual([
      ...[0x1b, 0x61, 1, 0x1b, 0x45, 1, 0x61, 0x0a],
      ...[0x62, 0x0a],
      ...[0x1d, 0x21, 0x11, 0x63, 0x0a],
      ...[0x1b, 0x61, 0, 0x1d, 0x21, 0, 0x1b, 0x45, 0, 0x64, 0x0a],
    ]);
  });

  it('omits FS . when the firmware does not start in double-byte mode, and uses the profile ESC t', () => {
    expect(encode({ lines: [{ type: 'text', text: 'Я' }] }, profile58w1251)).toEqual([
      ...INIT,
      0x1b,
      0x74,
      46,
      0xdf,
      0x0a,
    ]);
  });

  it('encodes alignment, size (GS ! with width in the high nibble) and bold', () => {
    const bytes = encode({ lines: [{ type: 'text', text: 'Б', align: 'center', width: 2, height: 3, bold: true }] });
    expect(bytes.slice(7)).toEqual([0x1b, 0x61, 1, 0x1d, 0x21, 0x12, 0x1b, 0x45, 1, 0x81, 0x0a]);
    const right = encode({ lines: [{ type: 'text', text: 'x', align: 'right', width: 8, height: 8 }] });
    expect(right.slice(7, 13)).toEqual([0x1b, 0x61, 2, 0x1d, 0x21, 0x77]);
  });

  it('prints an empty text line as a bare line feed', () => {
    expect(encode({ lines: [{ type: 'text', text: '' }] }).slice(7)).toEqual([0x0a]);
  });

  it('word-wraps to the columns divided by the character width', () => {
    const text = 'Ваш номер в очереди будет вызван на табло, пожалуйста ожидайте';
    const lines = textLines(decode(encode({ lines: [{ type: 'text', text, width: 2 }] })));
    expect(lines).toEqual(['Ваш номер в очереди', 'будет вызван на табло,', 'пожалуйста ожидайте']);
    for (const line of lines) expect(Array.from(line).length).toBeLessThanOrEqual(24);
  });

  it('splits on explicit line breaks rather than sending them raw', () => {
    expect(textLines(decode(encode({ lines: [{ type: 'text', text: 'Окно 3\nКабинет 12' }] })))).toEqual([
      'Окно 3',
      'Кабинет 12',
    ]);
  });

  it('reports every character the code page cannot print, from all lines, once each', () => {
    const result = encodeReceipt(
      {
        lines: [
          { type: 'text', text: 'Оплата ✓' },
          { type: 'text', text: 'Спасибо 🙂 ✓' },
        ],
      },
      profile80,
    );
    expect(result).toEqual({ ok: false, error: { code: 'unencodable_text', characters: ['✓', '🙂'] } });
  });

  it('prints a rule of dashes across the columns, at normal size', () => {
    expect(encode({ lines: [{ type: 'text', text: 'x', width: 2, bold: true }, { type: 'rule' }] }).slice(15)).toEqual([
      ...[0x1d, 0x21, 0, 0x1b, 0x45, 0],
      ...Array(48).fill(0x2d),
      0x0a,
    ]);
  });

  it('feeds with ESC d n', () => {
    expect(encode({ lines: [{ type: 'feed', lines: 3 }] }).slice(7)).toEqual([0x1b, 0x64, 3]);
  });
});

describe('encodeReceipt: columns', () => {
  it("puts the value right-aligned on the label's line, at normal size, bold as asked", () => {
    const bytes = encode({ lines: [{ type: 'columns', left: 'Итого', right: '500,00', bold: true }] });
    const line = `Итого${' '.repeat(48 - 5 - 6)}500,00`;
    // И т о г о in CP866, then the spaces and the digits.
    const expected = [
      0x88,
      0xe2,
      0xae,
      0xa3,
      0xae,
      ...Array(37).fill(0x20),
      ...Array.from('500,00', (c) => c.charCodeAt(0)),
    ];
    expect(Array.from(line).length).toBe(48);
    expect(bytes.slice(7)).toEqual([0x1b, 0x45, 1, ...expected, 0x0a]);
  });

  it('fits the same line to 32 columns on 58 mm', () => {
    const lines = textLines(
      decode(encode({ lines: [{ type: 'columns', left: 'Итого', right: '500,00' }] }, profile58w1251), profile58w1251),
    );
    expect(lines).toEqual([`Итого${' '.repeat(32 - 11)}500,00`]);
  });

  it('refuses a value the code page cannot print, like ₽, naming it', () => {
    expect(encodeReceipt({ lines: [{ type: 'columns', left: 'Итого', right: '500 ₽' }] }, profile80)).toEqual({
      ok: false,
      error: { code: 'unencodable_text', characters: ['₽'] },
    });
  });
});

describe('fitColumns', () => {
  it('fills the gap with a dotted leader kept off the words', () => {
    expect(fitColumns('Госпошлина', '1 500,00 руб.', 32, '.')).toEqual([`Госпошлина ${'.'.repeat(7)} 1 500,00 руб.`]);
  });

  it('wraps a long label and ends its last line with the value', () => {
    expect(fitColumns('Госпошлина за выдачу паспорта гражданина РФ', '300,00', 32, '.')).toEqual([
      'Госпошлина за выдачу паспорта',
      `гражданина РФ ${'.'.repeat(11)} 300,00`,
    ]);
  });

  it('gives the value a line of its own when it does not fit beside the label', () => {
    expect(fitColumns('Госпошлина за паспорт', '1 500,00 руб.', 24)).toEqual([
      'Госпошлина за паспорт',
      `${' '.repeat(11)}1 500,00 руб.`,
    ]);
  });

  it('uses spaces when the gap is too short for a leader, and keeps one space at least', () => {
    expect(fitColumns('ИТОГО', '12345678', 15, '.')).toEqual(['ИТОГО  12345678']);
    expect(fitColumns('ИТОГО', '123456789', 15, '.')).toEqual(['ИТОГО 123456789']);
    expect(fitColumns('ИТОГО', '1234567890', 15, '.')).toEqual(['ИТОГО', '     1234567890']);
  });

  it('prints a lone label or a lone value', () => {
    expect(fitColumns('Только слева', '', 20)).toEqual(['Только слева']);
    expect(fitColumns('', 'справа', 10)).toEqual(['    справа']);
  });

  it('never makes a line longer than the width', () => {
    for (const width of [16, 32, 48]) {
      for (const left of ['', 'a', 'слово', 'очень длинная подпись слева, которая займёт несколько строк']) {
        for (const right of ['', '1', '1 500,00 руб.', 'x'.repeat(width), 'y'.repeat(width + 5)]) {
          for (const line of fitColumns(left, right, width, '.'))
            expect(Array.from(line).length).toBeLessThanOrEqual(width);
        }
      }
    }
  });
});

describe('encodeReceipt: cut', () => {
  it('feeds feedBeforeCut lines, then GS V 66 0 (partial cut)', () => {
    expect(encode({ lines: [{ type: 'cut' }] }).slice(7)).toEqual([0x1b, 0x64, 4, 0x1d, 0x56, 66, 0]);
  });

  it('uses GS V 65 0 for a full cut when asked', () => {
    const result = encodeReceipt({ lines: [{ type: 'cut' }] }, profile80, { cut: 'full' });
    expect(result.ok && Array.from(result.bytes).slice(7)).toEqual([0x1b, 0x64, 4, 0x1d, 0x56, 65, 0]);
  });

  it('only feeds (to tear off) on a model without a cutter', () => {
    expect(encode({ lines: [{ type: 'cut' }] }, { ...profile80, cutter: false }).slice(7)).toEqual([0x1b, 0x64, 4]);
  });
});

describe('encodeReceipt: QR', () => {
  function qrStoreHeader(dataLength: number): number[] {
    const k = dataLength + 3;
    return [0x1d, 0x28, 0x6b, k & 0xff, k >> 8, 0x31, 0x50, 0x30];
  }

  it('emits model 2, module size, level M, store and print for one byte', () => {
    expect(Array.from(qrCommands(Uint8Array.of(0x41), 6))).toEqual([
      ...[0x1d, 0x28, 0x6b, 4, 0, 0x31, 0x41, 0x32, 0],
      ...[0x1d, 0x28, 0x6b, 3, 0, 0x31, 0x43, 6],
      ...[0x1d, 0x28, 0x6b, 3, 0, 0x31, 0x45, 0x31],
      ...[0x1d, 0x28, 0x6b, 4, 0, 0x31, 0x50, 0x30, 0x41],
      ...[0x1d, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30],
    ]);
  });

  it.each([
    [1, [4, 0]],
    [255, [2, 1]],
    [300, [47, 1]],
  ])('sets pL pH to data + 3 for %i bytes', (length, [pL, pH]) => {
    const data = 'x'.repeat(length);
    const bytes = encode({ lines: [{ type: 'qr', data }] });
    const at = indexOfBytes(bytes, [0x1d, 0x28, 0x6b, pL as number, pH as number, 0x31, 0x50, 0x30]);
    expect(at).toBeGreaterThan(0);
    expect(bytes.slice(at + 8, at + 8 + length)).toEqual(Array(length).fill(0x78));
    // The print function follows the data immediately: the length field covered it exactly.
    expect(bytes.slice(at + 8 + length, at + 16 + length)).toEqual([0x1d, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30]);
  });

  it('stores the UTF-8 bytes of the data, so Cyrillic counts two bytes a letter', () => {
    const data = 'https://example.ru/?n=Заявка-1';
    const utf8 = Array.from(new TextEncoder().encode(data));
    const bytes = encode({ lines: [{ type: 'qr', data, moduleSize: 8 }] });
    expect(indexOfBytes(bytes, [...qrStoreHeader(utf8.length), ...utf8])).toBeGreaterThan(0);
    expect(indexOfBytes(bytes, [0x1d, 0x28, 0x6b, 3, 0, 0x31, 0x43, 8])).toBeGreaterThan(0);
  });

  it('refuses data longer than a QR code holds', () => {
    const result = encodeReceipt({ lines: [{ type: 'qr', data: 'Ж'.repeat(1200) }] }, profile80);
    expect(result).toEqual({ ok: false, error: { code: 'qr_too_long', bytes: 2400, maxBytes: QR_MAX_BYTES } });
  });

  it('prints the data as text when the model has no native QR', () => {
    const bytes = encode({ lines: [{ type: 'qr', data: 'A-001' }] }, { ...profile80, nativeQr: false });
    expect(indexOfBytes(bytes, [0x1d, 0x28, 0x6b])).toBe(-1);
    expect(textLines(decode(bytes))).toEqual(['A-001']);
  });
});

describe('statusRequest', () => {
  it('builds DLE EOT n', () => {
    expect(Array.from(statusRequest(1))).toEqual([0x10, 0x04, 1]);
    expect(Array.from(statusRequest(4))).toEqual([0x10, 0x04, 4]);
  });
});

describe('wrapText', () => {
  it('keeps a line that fits as is, padding included', () => {
    expect(wrapText('Итого:      500 руб.', 20)).toEqual(['Итого:      500 руб.']);
  });

  it('breaks at the last space and splits words longer than a line', () => {
    expect(wrapText('аааа бббб вввв', 9)).toEqual(['аааа бббб', 'вввв']);
    expect(wrapText('абвгдежзийклм', 5)).toEqual(['абвгд', 'ежзий', 'клм']);
  });

  it('does not start a wrapped line with spaces nor leave an empty tail', () => {
    expect(wrapText('один   два', 4)).toEqual(['один', 'два']);
    expect(wrapText('один ', 4)).toEqual(['один']);
  });
});

describe('encoder → paper decoder round trip', () => {
  it.each([profile80, profile58w1251])('prints all 66 letters and № on $id', (profile) => {
    const text = `${RUSSIAN_LETTERS}№`;
    const events = decode(
      encode(
        { lines: [{ type: 'text', text }, { type: 'text', text: 'Талон А-001', bold: true }, { type: 'cut' }] },
        profile,
      ),
      profile,
    );
    const lines = textLines(events);
    // 67 characters wrap at the columns, exactly as the paper shows them.
    expect(lines.slice(0, -1).join('')).toBe(text);
    expect(lines.at(-1)).toBe('Талон А-001');
    expect(events.find((e) => e.type === 'text' && e.text === 'Талон А-001')).toMatchObject({ bold: true });
    expect(events.at(-1)).toEqual({ type: 'cut', partial: true });
  });
});
