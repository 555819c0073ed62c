import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EscPosPrinterSimulator, PrinterSimulatorState } from '../../drivers/sim/escpos-printer-simulator';
import { type CallOutput, officeDate, type Result } from '../../kiosk-config/src/index';
import { eventually } from '../support/eventually';
import { type KioskCoreUnderTest, startKioskCoreUnderTest } from '../support/kiosk-under-test';

/**
 * The ticket printer's faults through the kiosk's core, the real hub on SQLite and the printer
 * simulator on a PTY: a printer that cannot print is refused before the hub numbers a ticket (no
 * gap in the day's numbers), and a ticket the printer took but never confirmed still gives the
 * visitor its number, while the hub keeps it and its follow page says it may not have printed.
 */
describe('ticket printer faults: kiosk core ↔ real hub ↔ simulated printer', () => {
  let kiosk: KioskCoreUnderTest;
  let printer: EscPosPrinterSimulator;

  const issue = (serviceId: string) =>
    kiosk.core.dispatch('tickets.issue', { serviceId }) as Promise<Result<CallOutput<'tickets.issue'>>>;
  /** The ticket items the hub has had from this kiosk, once the kiosk's outbox is delivered. */
  const ticketItemsAtHub = async () => {
    await eventually(() => kiosk.core.hub.outbox.pendingCount === 0, 'outbox drained');
    const items = await kiosk.hub.outbox(kiosk.core.info.kioskId);
    return items.filter((i) => i.kind.startsWith('ticket.')).map((i) => `${i.kind} ${JSON.stringify(i.payload)}`);
  };

  beforeAll(async () => {
    kiosk = await startKioskCoreUnderTest();
    const simulator = kiosk.core.simulators.printer;
    if (!simulator) throw new Error('the default config should run a simulated printer');
    printer = simulator;
    await kiosk.core.tickets.setup.refresh();
  });

  afterAll(async () => {
    await kiosk?.close();
  });

  it.each<[string, Partial<PrinterSimulatorState>, string]>([
    ['off-line (DLE EOT 1 bit 3 alone)', { offline: true }, 'printer_error'],
    ['in an unrecoverable error', { error: true }, 'printer_error'],
    ['jammed at the cutter', { cutterError: true }, 'printer_error'],
  ])(
    'refuses a printer %s before the hub is asked: no number spent, the next is contiguous',
    async (_, fault, code) => {
      const paper = printer.waitForTicket(10_000);
      const first = await issue('passport-rf');
      expect(first).toMatchObject({ ok: true, value: { number: expect.stringMatching(/^Б-\d{3}$/) } });
      await paper;
      if (!first.ok) return;
      const before = await ticketItemsAtHub();

      printer.setState(fault);
      try {
        expect(await issue('passport-rf')).toMatchObject({ ok: false, error: { code } });
        // The hub was not asked: no ticket to report a print of, none to abandon.
        expect(await ticketItemsAtHub()).toEqual(before);
      } finally {
        printer.setState({ offline: false, error: false, cutterError: false });
      }

      const next = await issue('passport-rf');
      expect(next).toMatchObject({ ok: true });
      if (!next.ok) return;
      const seq = (number: string) => Number(number.split('-')[1]);
      expect(seq(next.value.number)).toBe(seq(first.value.number) + 1);
      await printer.waitForTicket(10_000);
    },
  );

  it('shows the number of a ticket the printer took but never confirmed (the port lost after the last byte)', async () => {
    const paper = printer.waitForTicket(10_000);
    printer.dropPortAfterJob = true;
    const result = await issue('passport-rf');
    expect(result).toMatchObject({
      ok: true,
      value: { number: expect.stringMatching(/^Б-\d{3}$/), print: 'unconfirmed', offline: false },
    });
    if (!result.ok) return;
    // It did come out whole: the printer just could not say so.
    const printed = await paper;
    expect(printed.lines.join('\n')).toContain(result.value.number);

    // The hub keeps it in the queue, marked unknown, and its follow page says so.
    await eventually(() => kiosk.core.hub.outbox.pendingCount === 0, 'outbox drained');
    const day = officeDate(new Date(), 'Europe/Moscow');
    const stored = (await kiosk.hub.repository().listQueue('mfc-demo-01', day)).find(
      (t) => t.number === result.value.number,
    );
    expect(stored).toMatchObject({ state: 'waiting', printed: 'unknown' });
    const followUrl = printed.qr[0] ?? '';
    expect(followUrl).toMatch(/\/q\//);
    const page = await (await fetch(followUrl)).text();
    expect(page).toContain('Талон мог не напечататься');

    await kiosk.core.simulators.replug('printer');
  });
});
