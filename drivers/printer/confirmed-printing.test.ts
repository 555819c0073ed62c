import { afterEach, describe, expect, it } from 'vitest';
import type { PrinterProfile } from '../../kiosk-config/src/config/printer-profile';
import type { ReceiptDocument } from '../../kiosk-config/src/receipt/receipt-document';
import { type SimulatedPrinter, startSimulatedPrinter } from '../sim/escpos-printer-simulator';
import { SerialTransport } from '../transport/serial-transport';
import { EscPosPrinter, type EscPosPrinterOptions } from './escpos-printer';
import { loadPrinterProfile } from './load-printer-profile';
import type { PrinterStatus } from './receipt-printer';

/** A print the printer confirmed (`GS r`). */
const PRINTED = { ok: true, value: { judgedBy: 'printer' } };

/**
 * Confirmed printing end to end: the driver against the simulator through
 * socat PTYs and the real serialport package. Faults strike partway through a job, as on a
 * real printer, and the tests check what ends up on paper.
 */

const generic = await loadPrinterProfile('generic-80mm');
const epson = await loadPrinterProfile('epson-tm-t20iii');
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  // Driver side first, then the simulator and socat: the order a kiosk shuts down in.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(profile: PrinterProfile = generic, options: EscPosPrinterOptions = {}) {
  const sim: SimulatedPrinter = await startSimulatedPrinter({ profile });
  cleanups.push(() => sim.close());
  const printer = new EscPosPrinter(new SerialTransport({ path: sim.devicePath }), profile, {
    confirmPollMs: 50,
    ...options,
  });
  cleanups.push(() => printer.close());
  return { simulator: sim.simulator, printer };
}

/** Resolves once `condition` holds, checking every few milliseconds; rejects after `ms`. */
async function until(condition: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${ms} ms`);
    await sleep(5);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const ticket: ReceiptDocument = {
  lines: [
    { type: 'text', text: 'МФЦ «Мои Документы»', align: 'center', bold: true },
    { type: 'text', text: 'Талон № А-017', align: 'center', width: 2, height: 2 },
    { type: 'columns', left: 'Выдан', right: '23.11.2026 10:45', filler: '.' },
    { type: 'text', text: 'Ожидайте вызова на табло' },
    { type: 'qr', data: 'https://okno.example/t/А-017' },
    { type: 'cut' },
  ],
};

const PRINTED_LINES = [
  'МФЦ "Мои Документы"',
  'Талон № А-017',
  `Выдан ${'.'.repeat(48 - 5 - 16 - 2)} 23.11.2026 10:45`,
  'Ожидайте вызова на табло',
];

describe('confirmed printing over a PTY', () => {
  it('answers ok only after the printer answered GS r, once the ticket is on paper', async () => {
    const { simulator, printer } = await setUp();
    expect(await printer.print(ticket)).toEqual(PRINTED);
    // Confirmed means printed: the ticket is already cut, no waiting needed.
    expect(simulator.tickets).toHaveLength(1);
    expect(simulator.tickets[0]?.lines.filter((l) => l !== '')).toEqual(PRINTED_LINES);
    expect(simulator.tickets[0]?.qr).toEqual(['https://okno.example/t/А-017']);
    expect(simulator.transmitStatusRequests).toBe(1);
  });

  it('paper out mid-job: reports it, prints nothing by itself on a new roll, and prints whole when sent again', async () => {
    const { simulator, printer } = await setUp();
    simulator.injectFault({ fault: 'paper_out', afterLines: 2 });
    expect(await printer.print(ticket)).toMatchObject({
      ok: false,
      error: { code: 'paper_out', progress: 'interrupted' },
    });
    // The top of the ticket left with the end of the roll; the driver cleared the rest.
    expect(simulator.spoiled).toHaveLength(1);
    expect(simulator.spoiled[0]?.lines).toEqual(PRINTED_LINES.slice(0, 2));
    await until(() => simulator.buffersCleared === 1, 2000, 'the buffer clear');

    simulator.setState({ paperOut: false });
    await sleep(150);
    expect(simulator.tickets).toEqual([]);
    expect(simulator.currentTicket.items).toEqual([]);

    // Sent again (the ticket service's reprint), the ticket prints whole, once.
    expect(await printer.print(ticket)).toEqual(PRINTED);
    await sleep(150);
    expect(simulator.tickets).toHaveLength(1);
    expect(simulator.tickets[0]?.lines.filter((l) => l !== '')).toEqual(PRINTED_LINES);
    expect(simulator.tickets[0]?.qr).toHaveLength(1);
  });

  it('cover opened mid-job: reports it, and the job prints nothing more when the cover closes', async () => {
    const { simulator, printer } = await setUp();
    simulator.injectFault({ fault: 'cover_open', afterLines: 1 });
    expect(await printer.print(ticket)).toMatchObject({
      ok: false,
      error: { code: 'cover_open', progress: 'interrupted' },
    });
    // The driver's buffer clear has gone out; the printer acts on it as it reads it.
    await until(() => simulator.buffersCleared === 1, 2000, 'the buffer clear');
    simulator.setState({ coverOpen: false });
    await sleep(150);
    expect(simulator.tickets).toEqual([]);
    // What printed before the cover opened is still in the printer, uncut.
    expect(simulator.currentTicket.lines).toEqual([PRINTED_LINES[0]]);
  });

  it('times out when the printer never confirms, and clears its buffers', async () => {
    const { simulator, printer } = await setUp(generic, { confirmTimeoutMs: 300 });
    simulator.supportsTransmitStatus = false;
    const started = Date.now();
    const result = await printer.print(ticket);
    expect(result).toMatchObject({ ok: false, error: { code: 'not_responding', progress: 'unconfirmed' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    await until(() => simulator.buffersCleared === 1, 2000, 'the buffer clear');
    // "Unconfirmed" is honest: this printer did print it, it just never said so.
    expect(simulator.tickets).toHaveLength(1);
  });

  it('a profile with confirmsJobs: false sends no GS r and calls the job sent once the status poll saw no fault', async () => {
    const cheap: PrinterProfile = { ...generic, confirmsJobs: false };
    // A confirmation wait would outlast the test: the result must come from the status poll.
    const { simulator, printer } = await setUp(cheap, { confirmTimeoutMs: 60_000, sentSettleMs: 200 });
    simulator.supportsTransmitStatus = false;
    const requestsBefore = simulator.statusRequests;
    expect(await printer.print(ticket)).toEqual({ ok: true, value: { judgedBy: 'status_poll' } });
    expect(simulator.transmitStatusRequests).toBe(0);
    // Polled after the job as well as before it.
    expect(simulator.statusRequests - requestsBefore).toBeGreaterThan(3);
    expect(simulator.tickets).toHaveLength(1);
    expect(simulator.tickets[0]?.lines.filter((l) => l !== '')).toEqual(PRINTED_LINES);
  });

  it('a profile with confirmsJobs: false still reports paper out mid-job, and cancels the rest', async () => {
    const cheap: PrinterProfile = { ...generic, confirmsJobs: false };
    const { simulator, printer } = await setUp(cheap, { sentSettleMs: 300 });
    simulator.injectFault({ fault: 'paper_out', afterLines: 2 });
    expect(await printer.print(ticket)).toMatchObject({
      ok: false,
      error: { code: 'paper_out', progress: 'interrupted' },
    });
    await until(() => simulator.buffersCleared === 1, 2000, 'the buffer clear');
    simulator.setState({ paperOut: false });
    await sleep(150);
    expect(simulator.tickets).toEqual([]);
  });

  it('waits while the printer stops reading (slow drain), then confirms', async () => {
    const { simulator, printer } = await setUp();
    // About 80 KB: more than the OS buffers of a PTY pair hold, so the driver's write blocks.
    const long = 'Пример длинного текста для проверки. '.repeat(54);
    const big: ReceiptDocument = { lines: [...Array(40).fill({ type: 'text', text: long }), { type: 'cut' }] };
    // Three status requests (9 bytes) before the job, then 100 bytes of it.
    simulator.injectFault({ fault: 'stop_reading', afterBytes: 9 + 100 });
    const printing = printer.print(big);
    await sleep(300);
    const received = simulator.bytesReceived;
    expect(received).toBeLessThan(50_000);
    let settled = false;
    void printing.then(() => {
      settled = true;
    });
    expect(settled).toBe(false);
    simulator.resumeReading();
    expect(await printing).toEqual(PRINTED);
    expect(simulator.bytesReceived).toBeGreaterThan(75_000);
    expect(simulator.tickets).toHaveLength(1);
  });

  it('reports a job stuck behind a printer that stopped reading as unconfirmed, never as printed', async () => {
    const { simulator, printer } = await setUp(generic, { writeTimeoutMs: 200 });
    const long = 'Пример длинного текста для проверки. '.repeat(54);
    const big: ReceiptDocument = { lines: [...Array(40).fill({ type: 'text', text: long }), { type: 'cut' }] };
    simulator.injectFault({ fault: 'stop_reading', afterBytes: 9 + 100 });
    const result = await printer.print(big);
    expect(result, JSON.stringify(result)).toMatchObject({
      ok: false,
      error: { code: 'not_responding', progress: 'unconfirmed' },
    });
    simulator.resumeReading();
  });

  it('hears an opened cover by automatic status back, without polling', async () => {
    const { simulator, printer } = await setUp(epson);
    const seen: PrinterStatus[] = [];
    printer.onStatusChange((status) => seen.push(status));
    expect(await printer.status()).toEqual({ responding: true, problems: [] });
    const requests = simulator.statusRequests;
    simulator.setState({ coverOpen: true });
    const deadline = Date.now() + 2000;
    while (seen.length < 2 && Date.now() < deadline) await sleep(5);
    expect(seen).toEqual([
      { responding: true, problems: [] },
      { responding: true, problems: ['cover_open'] },
    ]);
    expect(simulator.statusRequests).toBe(requests);
  });

  it('prints Windows-1251 Cyrillic on a model that needs no FS .', async () => {
    const { simulator, printer } = await setUp(epson);
    expect(await printer.print(ticket)).toEqual(PRINTED);
    // Windows-1251 has «», so they print as they are.
    expect(simulator.tickets[0]?.lines.filter((l) => l !== '')).toEqual([
      'МФЦ «Мои Документы»',
      ...PRINTED_LINES.slice(1),
    ]);
  });
});
