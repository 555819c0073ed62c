import { decodeByte, REPLACEMENT_CHARACTER, type TextEncoding } from '../../../../drivers/escpos/codepages';
import type { PrinterIdentity, ReceiptPrinter } from '../../../../drivers/printer/receipt-printer';
import type { PrinterProfile, ReceiptDocument, TestPrintOutcome } from '../../../../kiosk-config/src/index';

/** What the test page says about where and when it was printed. */
export interface TestPagePlace {
  kioskId: string;
  officeName: string;
  /** The office's time zone, for the date and time printed. */
  timeZone: string;
}

/** Printed where the printer did not answer an item of `GS I`. */
export const NOT_REPORTED = 'не сообщает';

/** The code page's name as the technician reads it in the printer's manual. */
const CODE_PAGE_NAMES: Readonly<Record<TextEncoding, string>> = { cp866: 'CP866', 'windows-1251': 'Windows-1251' };

/**
 * The rows of every printable character of a code page, 16 bytes a row from 0x20 to 0xFF, each
 * led by its high hex digit (`8x АБВГДЕЖЗИЙКЛМНОП`): a missing or wrong glyph is seen at once and
 * named by its row. Control bytes, unassigned bytes and invisible ones (spaces, soft hyphen) are
 * left out.
 */
export function codePageRows(encoding: TextEncoding): string[] {
  const rows: string[] = [];
  for (let high = 0x2; high <= 0xf; high++) {
    let row = '';
    for (let low = 0; low < 16; low++) {
      const char = decodeByte((high << 4) | low, encoding);
      if (char === REPLACEMENT_CHARACTER || char.trim() === '' || char === '\u00ad' || char.charCodeAt(0) < 0x20)
        continue;
      if (char.charCodeAt(0) === 0x7f) continue;
      row += char;
    }
    if (row !== '') rows.push(`${high.toString(16).toUpperCase()}x ${row}`);
  }
  return rows;
}

/** Two lines numbering the profile's columns: tens above, units below; the second fills the line exactly. */
export function columnsRuler(columns: number): [string, string] {
  let tens = '';
  let units = '';
  for (let column = 1; column <= columns; column++) {
    tens += column % 10 === 0 ? String((column / 10) % 10) : ' ';
    units += String(column % 10);
  }
  return [tens.trimEnd(), units];
}

/** The QR code's data: the kiosk and the minute, so a scan proves which page it was. */
export function testPageQrData(kioskId: string, at: Date): string {
  return `okno:test-page:${kioskId}:${at.toISOString().slice(0, 16)}`;
}

/** The barcode's data: printable ASCII of the kiosk id (CODE128 code set B). */
export function testPageBarcodeData(kioskId: string): string {
  const ascii = kioskId.replace(/[^\x20-\x7e]/g, '').slice(0, 30);
  return `OKNO ${ascii === '' ? 'TEST' : ascii}`;
}

/**
 * The test page as a document: the office and kiosk, the date and time, the printer's reported
 * maker, model and firmware (or «не сообщает»), every printable character of the profile's code
 * page, its columns ruler, a QR code and a CODE128 barcode.
 */
export function testPageDocument(
  place: TestPagePlace,
  profile: PrinterProfile,
  identity: PrinterIdentity,
  at: Date,
): ReceiptDocument {
  const when = at.toLocaleString('ru-RU', { timeZone: place.timeZone, dateStyle: 'short', timeStyle: 'medium' });
  const { encoding, escT } = profile.codePage;
  const [tens, units] = columnsRuler(profile.columns);
  return {
    lines: [
      { type: 'text', text: 'ПРОБНАЯ ПЕЧАТЬ', align: 'center', width: 2, height: 2, bold: true },
      { type: 'text', text: place.officeName, align: 'center' },
      { type: 'rule' },
      { type: 'columns', left: 'Киоск', right: place.kioskId },
      { type: 'columns', left: 'Дата и время', right: when },
      { type: 'columns', left: 'Профиль', right: profile.id },
      { type: 'columns', left: 'Производитель', right: identity.maker ?? NOT_REPORTED },
      { type: 'columns', left: 'Модель', right: identity.model ?? NOT_REPORTED },
      { type: 'columns', left: 'Прошивка', right: identity.firmware ?? NOT_REPORTED },
      { type: 'rule' },
      { type: 'text', text: `Кодовая страница ${CODE_PAGE_NAMES[encoding]} (ESC t ${escT})` },
      ...codePageRows(encoding).map((text) => ({ type: 'text' as const, text })),
      { type: 'rule' },
      { type: 'text', text: `Ширина строки: ${profile.columns} знаков` },
      ...(tens === '' ? [] : [{ type: 'text' as const, text: tens }]),
      { type: 'text', text: units },
      { type: 'rule' },
      { type: 'text', text: 'QR-код', align: 'center' },
      { type: 'qr', data: testPageQrData(place.kioskId, at) },
      { type: 'text', text: 'Штрихкод CODE128', align: 'center' },
      { type: 'barcode', data: testPageBarcodeData(place.kioskId) },
      { type: 'feed', lines: 2 },
      { type: 'cut' },
    ],
  };
}

/** What `printTestPage` needs: the printer (any attached one, not only the configured), its profile, the place. */
export interface PrintTestPageOptions extends TestPagePlace {
  printer: ReceiptPrinter;
  profile: PrinterProfile;
  now?: () => Date;
}

/**
 * Asks the printer what it is (`GS I`), prints the test page through the real driver and says how
 * it went: `printed` once the printer confirmed it, `unconfirmed` when it was sent but not
 * confirmed, `failed` with the fault. Never throws for device faults.
 */
export async function printTestPage(options: PrintTestPageOptions): Promise<TestPrintOutcome> {
  const { printer, profile } = options;
  const identity = (await printer.identify?.()) ?? {};
  const document = testPageDocument(options, profile, identity, (options.now ?? (() => new Date()))());
  const printed = await printer.print(document);
  if (printed.ok) return { outcome: printed.value.judgedBy === 'printer' ? 'printed' : 'unconfirmed', identity };
  const outcome = printed.error.progress === 'unconfirmed' ? 'unconfirmed' : 'failed';
  return { outcome, fault: printed.error.code, identity };
}
