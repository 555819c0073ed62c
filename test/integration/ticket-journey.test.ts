import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EscPosPrinterSimulator } from '../../drivers/sim/escpos-printer-simulator';
import { DEMO_BOOKED_SERVICE_ID, DEMO_BOOKING_CODES } from '../../hub/db/demo-seed';
import { bookingCodeFromBody, type CallOutput, officeDate, type Result } from '../../kiosk-config/src/index';
import { eventually } from '../support/eventually';
import { type KioskCoreUnderTest, startKioskCoreUnderTest } from '../support/kiosk-under-test';

/** The demo office's zone: its day bounds the setup's offline booking list. */
const ZONE = 'Europe/Moscow';

/**
 * Queue tickets through the kiosk's core and the real hub on SQLite: the hub's numbers with
 * people ahead and a follow link, a booking check-in, then the hub going away (the kiosk issues
 * from its offline block, marked on paper) and coming back (each offline ticket reaches the
 * hub's queue exactly once, printed).
 */
describe('ticket journey: kiosk core ↔ real hub', () => {
  let kiosk: KioskCoreUnderTest;
  let printer: EscPosPrinterSimulator;

  const issue = (serviceId: string) =>
    kiosk.core.dispatch('tickets.issue', { serviceId }) as Promise<Result<CallOutput<'tickets.issue'>>>;

  beforeAll(async () => {
    kiosk = await startKioskCoreUnderTest({
      hub: { requestTimeoutMs: 1500, circuitFailureThreshold: 3, circuitOpenSeconds: 1 },
    });
    const simulator = kiosk.core.simulators.printer;
    if (!simulator) throw new Error('the default config should run a simulated printer');
    printer = simulator;
    await kiosk.core.tickets.setup.refresh();
  });

  afterAll(async () => {
    await kiosk?.close();
  });

  it('fetches its setup from the hub: catalogue, offline block, follow links', () => {
    const setup = kiosk.core.tickets.setup.setup;
    expect(setup).toMatchObject({ office: { id: 'mfc-demo-01' }, offlineTag: expect.stringMatching(/^К\d{1,2}$/) });
    expect(setup?.followBaseUrl).toBe(kiosk.hub.url);
  });

  it('prints the hub’s number, with people ahead and the QR of its follow page', async () => {
    const paper = printer.waitForTicket(10_000);
    const result = await issue('passport-rf');
    expect(result).toMatchObject({
      ok: true,
      value: { number: expect.stringMatching(/^Б-\d{3}$/), offline: false, peopleAhead: expect.any(Number) },
    });
    if (!result.ok) return;
    const text = (await paper).lines.join('\n');
    expect(text).toContain(result.value.number);
    expect(text).toContain('Перед вами:');
    expect(text).not.toContain('БЕЗ СВЯЗИ');
    expect((await paper).qr[0]).toMatch(new RegExp(`^${kiosk.hub.url}/q/[A-Za-z0-9_-]{22,}$`));
  });

  it('checks a booking in for a priority ticket, and says when it is too early', async () => {
    const paper = printer.waitForTicket(10_000);
    const booked = await kiosk.core.dispatch('tickets.checkIn', {
      code: `OKNO-BOOKING:${DEMO_BOOKING_CODES.checksIn}`,
    });
    expect(booked).toMatchObject({
      ok: true,
      value: { outcome: 'issued', slotTime: expect.stringMatching(/^\d{2}:\d{2}$/), ticket: { priority: true } },
    });
    expect((await paper).lines.join('\n')).toContain('ПО ЗАПИСИ');
    expect(await kiosk.core.dispatch('tickets.checkIn', { code: DEMO_BOOKING_CODES.tooEarly })).toMatchObject({
      ok: true,
      value: { outcome: 'too_early', slotTime: expect.stringMatching(/^\d{2}:\d{2}$/) },
    });
    expect(await kiosk.core.dispatch('tickets.checkIn', { code: '1234 5678' })).toEqual({
      ok: true,
      value: { outcome: 'invalid_code' },
    });
  });

  it('issues from its offline block while the hub is away; after sync the hub has each exactly once', async () => {
    const tag = kiosk.core.tickets.setup.setup?.offlineTag;
    // A booking for in 5 minutes, carried (hashed) in the setup the kiosk fetches before the hub goes.
    // The setup carries today's bookings only (the office's day): near midnight a slot 5 minutes
    // ahead would be tomorrow's, so the slot is kept within today (still inside its check-in window).
    const now = Date.now();
    const sameOfficeDay = (ms: number) => officeDate(new Date(ms), ZONE) === officeDate(new Date(now), ZONE);
    const bookedCode = bookingCodeFromBody('7070707');
    await kiosk.hub.repository().upsertBooking({
      code: bookedCode,
      officeId: 'mfc-demo-01',
      serviceId: DEMO_BOOKED_SERVICE_ID,
      slotStart: new Date(sameOfficeDay(now + 5 * 60_000) ? now + 5 * 60_000 : now).toISOString(),
      state: 'booked',
    });
    // A booking whose check-in closed 10 minutes after its slot; yesterday's when the office day
    // is younger than that, and then only the hub can tell.
    const lateCode = bookingCodeFromBody('7171717');
    const lateSlot = now - 11 * 60_000;
    await kiosk.hub.repository().upsertBooking({
      code: lateCode,
      officeId: 'mfc-demo-01',
      serviceId: DEMO_BOOKED_SERVICE_ID,
      slotStart: new Date(lateSlot).toISOString(),
      state: 'booked',
    });
    await kiosk.core.tickets.setup.refresh();
    await kiosk.hub.stop();
    const issued: string[] = [];
    for (const serviceId of ['passport-rf', 'passport-foreign', 'property-extract', 'passport-rf']) {
      const paper = printer.waitForTicket(10_000);
      const result = await issue(serviceId);
      expect(result).toMatchObject({ ok: true, value: { offline: true, peopleAhead: null, wait: null } });
      if (!result.ok) return;
      issued.push(result.value.number);
      const text = (await paper).lines.join('\n');
      expect(text).toContain('ВЫДАН БЕЗ СВЯЗИ С СЕРВЕРОМ');
      expect(text).not.toContain('Перед вами');
    }
    expect(issued).toEqual([`Б-${tag}-01`, `Б-${tag}-02`, `А-${tag}-01`, `Б-${tag}-03`]);
    // A booked visitor checks in offline, from the setup's hashed list: a priority ticket.
    const paper = printer.waitForTicket(10_000);
    const booked = await kiosk.core.dispatch('tickets.checkIn', { code: bookedCode });
    expect(booked).toMatchObject({
      ok: true,
      value: { outcome: 'issued', ticket: { number: `А-${tag}-02`, offline: true, priority: true } },
    });
    const bookedPaper = (await paper).lines.join('\n');
    expect(bookedPaper).toContain('ВЫДАН БЕЗ СВЯЗИ С СЕРВЕРОМ');
    expect(bookedPaper).toContain('ПО ЗАПИСИ');
    expect((await paper).qr[0]).toMatch(new RegExp(`^${kiosk.hub.url}/q/o_[A-Za-z0-9_-]{22}$`));
    // The list knows the window; a code used before the setup was fetched is not in it.
    expect(await kiosk.core.dispatch('tickets.checkIn', { code: lateCode })).toMatchObject(
      sameOfficeDay(lateSlot)
        ? { ok: true, value: { outcome: 'too_late' } }
        : { ok: false, error: { code: 'hub_unreachable' } },
    );
    expect(await kiosk.core.dispatch('tickets.checkIn', { code: DEMO_BOOKING_CODES.checksIn })).toMatchObject({
      ok: false,
      error: { code: 'hub_unreachable' },
    });

    await kiosk.hub.start();
    // After the circuit's open time one call probes the link; success closes it and wakes the outbox.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await kiosk.core.tickets.setup.refresh();
    await eventually(() => kiosk.core.hub.outbox.pendingCount === 0, 'outbox drained');

    const day = officeDate(new Date(), ZONE);
    const queue = await kiosk.hub.repository().listQueue('mfc-demo-01', day);
    for (const number of issued) {
      const found = queue.filter((t) => t.number === number);
      expect(found, number).toHaveLength(1);
      expect(found[0]).toMatchObject({ source: 'offline', state: 'waiting', printed: 'yes' });
    }
    expect(new Set(queue.map((t) => t.number)).size).toBe(queue.length);
    const offlineItems = (await kiosk.hub.outbox(kiosk.core.info.kioskId)).filter((i) => i.kind === 'ticket.offline');
    expect(offlineItems.map((i) => i.payload.number)).toEqual([...issued, `А-${tag}-02`]);
    // Stamped to the millisecond, in the kiosk's sequence: the hub orders the queue by both.
    for (const [index, item] of offlineItems.entries()) {
      expect(item.payload.issuedAt).toMatch(/T\d{2}:\d{2}:\d{2}\.\d{3}\+03:00$/);
      expect(item.payload.kioskSeq).toBe(index + 1);
      const ticket = queue.find((t) => t.number === item.payload.number);
      expect(ticket?.issuedAt).toBe(new Date(String(item.payload.issuedAt)).toISOString());
    }
    // The offline check-in used its booking at the hub.
    const checkedIn = queue.find((t) => t.number === `А-${tag}-02`);
    expect(checkedIn).toMatchObject({ priority: true, source: 'offline' });
    expect(await kiosk.hub.repository().findBooking(bookedCode)).toMatchObject({
      state: 'checked_in',
      ticketId: checkedIn?.ticketId,
    });

    // Back online: the hub numbers again.
    expect(await issue('passport-rf')).toMatchObject({ ok: true, value: { offline: false } });
  });
});
