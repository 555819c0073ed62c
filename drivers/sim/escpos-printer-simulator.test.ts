import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReceiptDocument } from '../../kiosk-config/src/receipt/receipt-document';
import { RUSSIAN_LETTERS } from '../escpos/codepages';
import { encodeReceipt } from '../escpos/escpos-encoder';
import { EscPosPrinter } from '../printer/escpos-printer';
import { loadPrinterProfile } from '../printer/load-printer-profile';
import { within } from '../test-support/within';
import { SerialTransport } from '../transport/serial-transport';
import { type SimulatedPrinter, startSimulatedPrinter } from './escpos-printer-simulator';

/** A print the printer confirmed (`GS r`). */
const PRINTED = { ok: true, value: { judgedBy: 'printer' } };

/**
 * The printer driver against the simulator through socat PTYs and the real serialport package:
 * the path a kiosk's bytes take, minus the printer's hardware.
 */

const profile = await loadPrinterProfile('generic-80mm');
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  // Driver side first, then the simulator and socat: the order a kiosk shuts down in.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(options: { paperDir?: string; statusTimeoutMs?: number } = {}) {
  const sim: SimulatedPrinter = await startSimulatedPrinter({
    profile,
    ...(options.paperDir === undefined ? {} : { paperDir: options.paperDir }),
  });
  cleanups.push(() => sim.close());
  const printer = new EscPosPrinter(new SerialTransport({ path: sim.devicePath }), profile, {
    statusTimeoutMs: options.statusTimeoutMs ?? 800,
  });
  cleanups.push(() => printer.close());
  return { sim, simulator: sim.simulator, printer };
}

/** Resolves once `condition` holds, checking every few milliseconds; rejects after `ms`. */
async function until(condition: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const ticket: ReceiptDocument = {
  lines: [
    { type: 'text', text: 'МФЦ «Мои Документы»', align: 'center', bold: true },
    { type: 'text', text: 'Талон № А-017', align: 'center', width: 2, height: 2 },
    { type: 'rule' },
    { type: 'text', text: RUSSIAN_LETTERS.slice(0, 33) },
    { type: 'text', text: RUSSIAN_LETTERS.slice(33) },
    { type: 'qr', data: 'https://okno.example/status?n=А-017&ё=1' },
    { type: 'cut' },
  ],
};

describe('EscPosPrinter ↔ EscPosPrinterSimulator over a PTY', () => {
  it('prints a ticket that can be read back from the paper: Cyrillic, QR, cut', async () => {
    const { simulator, printer } = await setUp();
    expect(await printer.print(ticket)).toEqual(PRINTED);
    const paper = await simulator.waitForTicket(3000);
    expect(paper.cut).toBe(true);
    expect(paper.lines.filter((l) => l !== '')).toEqual([
      'МФЦ "Мои Документы"',
      'Талон № А-017',
      '-'.repeat(48),
      RUSSIAN_LETTERS.slice(0, 33),
      RUSSIAN_LETTERS.slice(33),
    ]);
    expect(paper.qr).toEqual(['https://okno.example/status?n=А-017&ё=1']);
    expect(paper.items[1]).toMatchObject({ type: 'text', align: 'center', width: 2, height: 2 });
    expect(simulator.currentTicket.items).toEqual([]);
  });

  it('prints two tickets asked for at once, in order', async () => {
    const { simulator, printer } = await setUp();
    const one: ReceiptDocument = { lines: [{ type: 'text', text: 'Первый' }, { type: 'cut' }] };
    const two: ReceiptDocument = { lines: [{ type: 'text', text: 'Второй' }, { type: 'cut' }] };
    expect(await Promise.all([printer.print(one), printer.print(two)])).toEqual([PRINTED, PRINTED]);
    expect((await simulator.waitForTicket(3000)).lines[0]).toBe('Первый');
    expect((await simulator.waitForTicket(3000)).lines[0]).toBe('Второй');
  });

  it('reports paper_out, cover_open and paper_near_end as the simulator is set', async () => {
    const { simulator, printer } = await setUp();
    expect(await printer.status()).toEqual({ responding: true, problems: [] });
    simulator.setState({ paperNearEnd: true });
    expect(await printer.status()).toEqual({ responding: true, problems: ['paper_near_end'] });
    simulator.setState({ paperNearEnd: false, coverOpen: true });
    expect(await printer.status()).toEqual({ responding: true, problems: ['cover_open'] });
    simulator.setState({ coverOpen: false, paperOut: true });
    expect(await printer.status()).toEqual({ responding: true, problems: ['paper_out'] });
    simulator.setState({ paperOut: false });
    expect(await printer.status()).toEqual({ responding: true, problems: [] });
  });

  it('refuses to print when the paper is out, and nothing reaches the paper', async () => {
    const { simulator, printer } = await setUp();
    simulator.setState({ paperOut: true });
    expect(await printer.print(ticket)).toMatchObject({ ok: false, error: { code: 'paper_out' } });
    expect(simulator.statusRequests).toBe(3);
    expect(simulator.tickets).toEqual([]);
    expect(simulator.currentTicket.items).toEqual([]);
    // With a new roll the same ticket prints.
    simulator.setState({ paperOut: false });
    expect(await printer.print(ticket)).toEqual(PRINTED);
    expect((await simulator.waitForTicket(3000)).qr).toHaveLength(1);
  });

  it('holds a job sent regardless while in error, answers status meanwhile, and prints it on recovery', async () => {
    const sim = await startSimulatedPrinter({ profile });
    cleanups.push(() => sim.close());
    const raw = new SerialTransport({ path: sim.devicePath });
    cleanups.push(() => raw.close());
    await raw.open();
    const encoded = encodeReceipt(ticket, profile);
    if (!encoded.ok) throw new Error('ticket did not encode');
    const answers: number[] = [];
    raw.onData((chunk) => answers.push(...chunk));
    sim.simulator.setState({ coverOpen: true });
    await raw.write(encoded.bytes);
    await raw.write(Uint8Array.of(0x10, 0x04, 2));
    await until(() => answers.length === 1, 3000, 'the status answer');
    expect(answers).toEqual([0x16]);
    expect(sim.simulator.heldBytes).toBe(encoded.bytes.length + 3);
    expect(sim.simulator.tickets).toEqual([]);
    sim.simulator.setState({ coverOpen: false });
    expect((await sim.simulator.waitForTicket(3000)).qr).toEqual(['https://okno.example/status?n=А-017&ё=1']);
    expect(sim.simulator.heldBytes).toBe(0);
  });

  it('forgets a held job when the host clears its buffers (DLE DC4 8), and says so', async () => {
    const sim = await startSimulatedPrinter({ profile });
    cleanups.push(() => sim.close());
    const raw = new SerialTransport({ path: sim.devicePath });
    cleanups.push(() => raw.close());
    await raw.open();
    const encoded = encodeReceipt(ticket, profile);
    if (!encoded.ok) throw new Error('ticket did not encode');
    const answers: number[] = [];
    raw.onData((chunk) => answers.push(...chunk));
    sim.simulator.setState({ paperOut: true });
    await raw.write(encoded.bytes);
    await raw.write(Uint8Array.of(0x10, 0x14, 8, 1, 3, 20, 1, 6, 2, 8));
    await until(() => answers.length === 3, 3000, 'the buffers-cleared answer');
    expect(answers).toEqual([0x37, 0x25, 0x00]);
    sim.simulator.setState({ paperOut: false });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sim.simulator.tickets).toEqual([]);
    expect(sim.simulator.currentTicket.items).toEqual([]);
  });

  it('refuses to print with the cover open', async () => {
    const { simulator, printer } = await setUp();
    simulator.setState({ coverOpen: true });
    expect(await printer.print(ticket)).toMatchObject({ ok: false, error: { code: 'cover_open' } });
    expect(simulator.tickets).toEqual([]);
  });

  it('reports not_responding when the printer is silent', async () => {
    const { simulator, printer } = await setUp({ statusTimeoutMs: 150 });
    simulator.setState({ silent: true });
    expect(await printer.status()).toEqual({ responding: false, problems: ['not_responding'] });
    expect(await printer.print(ticket)).toMatchObject({ ok: false, error: { code: 'not_responding' } });
    expect(simulator.tickets).toEqual([]);
  });

  it('reports not_responding, without throwing, once the printer is gone', async () => {
    const { sim, printer } = await setUp({ statusTimeoutMs: 300 });
    expect((await printer.status()).responding).toBe(true);
    await sim.close();
    expect(await printer.status()).toEqual({ responding: false, problems: ['not_responding'] });
    expect(await printer.print(ticket)).toMatchObject({ ok: false, error: { code: 'not_responding' } });
  });

  it('writes each ticket to the paper folder for a person to read', async () => {
    const paperDir = await mkdtemp(path.join(tmpdir(), 'okno-paper-'));
    cleanups.unshift(() => rm(paperDir, { recursive: true, force: true }));
    const { sim, simulator, printer } = await setUp({ paperDir });
    const tickets = [simulator.waitForTicket(3000), simulator.waitForTicket(3000)];
    expect(await printer.print(ticket)).toEqual(PRINTED);
    expect(await printer.print({ lines: [{ type: 'text', text: 'Ещё один' }, { type: 'cut' }] })).toEqual(PRINTED);
    await within(Promise.all(tickets), 3000, 'two tickets');
    await printer.close();
    await sim.close();
    expect((await readdir(paperDir)).sort()).toEqual(['ticket-0001.txt', 'ticket-0002.txt']);
    const text = await readFile(path.join(paperDir, 'ticket-0001.txt'), 'utf8');
    expect(text).toContain('МФЦ "Мои Документы"');
    expect(text).toContain('[QR: https://okno.example/status?n=А-017&ё=1]');
    expect(text.trimEnd().endsWith(`✂${'-'.repeat(47)}`)).toBe(true);
    // Centred within 48 columns, as on the paper.
    expect(text.split('\n')[0]).toBe(`${' '.repeat(14)}МФЦ "Мои Документы"`);
  });

  it('numbers paper files after those already in the folder', async () => {
    const paperDir = await mkdtemp(path.join(tmpdir(), 'okno-paper-'));
    cleanups.unshift(() => rm(paperDir, { recursive: true, force: true }));
    const first = await setUp({ paperDir });
    expect(await first.printer.print(ticket)).toEqual(PRINTED);
    await first.simulator.waitForTicket(3000);
    await first.printer.close();
    await first.sim.close();
    const second = await setUp({ paperDir });
    expect(await second.printer.print(ticket)).toEqual(PRINTED);
    await second.simulator.waitForTicket(3000);
    await second.printer.close();
    await second.sim.close();
    expect((await readdir(paperDir)).sort()).toEqual(['ticket-0001.txt', 'ticket-0002.txt']);
  });
});
