import { afterEach, describe, expect, it } from 'vitest';
import { EscPosPrinter } from '../../../../drivers/printer/escpos-printer';
import { loadPrinterProfile } from '../../../../drivers/printer/load-printer-profile';
import { startSimulatedPrinter } from '../../../../drivers/sim/escpos-printer-simulator';
import { SerialTransport } from '../../../../drivers/transport/serial-transport';
import type { PrinterProfile } from '../../../../kiosk-config/src/index';
import {
  codePageRows,
  columnsRuler,
  NOT_REPORTED,
  printTestPage,
  testPageBarcodeData,
  testPageQrData,
} from './test-page';

/**
 * The technician's test page through the real driver, serialport and a PTY to the printer
 * simulator: what comes out on the simulator's paper is what the page promises.
 */

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const place = { kioskId: 'kiosk-07', officeName: 'МФЦ Верхние Поля', timeZone: 'Europe/Moscow' };
const at = new Date('2026-12-07T09:30:00Z');

async function printOn(profile: PrinterProfile) {
  const sim = await startSimulatedPrinter({ profile });
  cleanups.push(() => sim.close());
  const printer = new EscPosPrinter(new SerialTransport({ path: sim.devicePath }), profile, { statusTimeoutMs: 500 });
  cleanups.push(() => printer.close());
  const outcome = await printTestPage({ printer, profile, ...place, now: () => at });
  return { outcome, paper: sim.simulator.tickets.at(-1), simulator: sim.simulator };
}

describe('the test page', () => {
  it('prints, on the simulator, the model line it reported, every CP866 row, the ruler, a QR and a CODE128 barcode', async () => {
    const profile = await loadPrinterProfile('generic-80mm');
    const { outcome, paper, simulator } = await printOn(profile);

    expect(outcome).toEqual({ outcome: 'printed', identity: { maker: 'Generic', model: 'POS-80', firmware: '1.0' } });
    expect(simulator.printerInfoRequests).toBe(3);
    if (!paper) throw new Error('nothing was cut');
    expect(paper.lines).toContain('ПРОБНАЯ ПЕЧАТЬ');
    expect(paper.lines.some((line) => /^Киоск +kiosk-07$/.test(line))).toBe(true);
    expect(paper.lines.some((line) => /^Дата и время +07\.12\.2026, 12:30:00$/.test(line))).toBe(true);
    expect(paper.lines.some((line) => /^Модель +POS-80$/.test(line))).toBe(true);
    expect(paper.lines.some((line) => /^Прошивка +1\.0$/.test(line))).toBe(true);

    // Every row of the code page comes back from the paper as it was meant: Cyrillic included.
    const rows = codePageRows('cp866');
    expect(rows).toContain('8x АБВГДЕЖЗИЙКЛМНОП');
    expect(rows).toContain('Ex рстуфхцчшщъыьэюя');
    for (const row of rows) expect(paper.lines).toContain(row);
    // The ruler fills a line exactly: no wrap on a 48-column printer.
    const [, units] = columnsRuler(48);
    expect(units).toHaveLength(48);
    expect(paper.lines).toContain(units);

    expect(paper.qr).toEqual([testPageQrData('kiosk-07', at)]);
    expect(paper.items.filter((item) => item.type === 'barcode')).toEqual([
      { type: 'barcode', symbology: 'CODE128', text: testPageBarcodeData('kiosk-07') },
    ]);
    expect(paper.cut).toBe(true);
  });

  it('says «не сообщает» for a printer that does not answer GS I, and still prints', async () => {
    const profile = await loadPrinterProfile('xprinter-xp-n160ii');
    expect(profile.identity).toBeUndefined();
    const { outcome, paper } = await printOn(profile);

    expect(outcome).toEqual({ outcome: 'printed', identity: {} });
    expect(paper?.lines.some((line) => new RegExp(`^Модель +${NOT_REPORTED}$`).test(line))).toBe(true);
    expect(paper?.lines.some((line) => new RegExp(`^Производитель +${NOT_REPORTED}$`).test(line))).toBe(true);
  });

  it('prints the Windows-1251 rows on a printer of that code page', async () => {
    const profile = await loadPrinterProfile('epson-tm-t20iii');
    const { outcome, paper } = await printOn(profile);

    expect(outcome.identity.model).toBe('TM-T20III');
    expect(paper?.lines).toContain('Кодовая страница Windows-1251 (ESC t 46)');
    for (const row of codePageRows('windows-1251')) expect(paper?.lines).toContain(row);
    expect(codePageRows('windows-1251')).toContain('Cx АБВГДЕЖЗИЙКЛМНОП');
  });

  it('reports the fault of a printer out of paper, without printing', async () => {
    const profile = await loadPrinterProfile('generic-80mm');
    const sim = await startSimulatedPrinter({ profile });
    cleanups.push(() => sim.close());
    const printer = new EscPosPrinter(new SerialTransport({ path: sim.devicePath }), profile, { statusTimeoutMs: 500 });
    cleanups.push(() => printer.close());
    sim.simulator.setState({ paperOut: true });

    const outcome = await printTestPage({ printer, profile, ...place, now: () => at });
    expect(outcome).toMatchObject({ outcome: 'failed', fault: 'paper_out' });
    expect(sim.simulator.tickets).toHaveLength(0);
  });
});

describe('the code page rows and the ruler', () => {
  it('leaves out control, blank and unassigned bytes', () => {
    const rows = codePageRows('windows-1251');
    const all = rows.map((row) => row.slice(3)).join('');
    const invisible = Array.from(all).filter((char) => {
      const code = char.codePointAt(0) ?? 0;
      return code <= 0x20 || code === 0x7f || code === 0xa0 || code === 0xad || code === 0xfffd;
    });
    expect(invisible).toEqual([]);
    expect(rows[0]?.startsWith('2x !"#')).toBe(true);
  });

  it('numbers the tens above the units', () => {
    expect(columnsRuler(12)).toEqual(['         1', '123456789012']);
  });
});
