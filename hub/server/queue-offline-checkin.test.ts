import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingCodeFromBody } from '../../kiosk-config/src/hub/booking-code';
import type { OutboxItem } from '../../kiosk-config/src/hub/hub-api';
import { OperatorQueueView } from '../../kiosk-config/src/hub/operator-api';
import {
  CallNextResponse,
  CheckInResponse,
  KioskSetup,
  TicketIssueResponse,
} from '../../kiosk-config/src/hub/queue-api';
import { DEMO_BOOKED_SERVICE_ID, DEMO_BOOKING_CODES, DEMO_OFFICE_ID } from '../db/demo-seed';
import {
  enrollKiosk,
  getJson,
  operatorHeaders,
  postJson,
  startTestHub,
  TEST_OPERATOR_TOKEN,
  type TestClock,
  type TestHub,
  type TestKiosk,
  testClock,
} from '../test/hub-test-support';
import { newFollowToken } from './queue/follow-token';
import { bookingCodeHash } from './queue/offline-bookings';

const START = '2026-11-23T09:00:00.000Z'; // Monday 12:00 in Moscow
const MINUTE = 60_000;

/** A follow token in the kiosk's offline format (`o_` and 22 characters). */
const offlineToken = () => `o_${randomBytes(16).toString('base64url')}`;

/**
 * Offline check-ins, the order of offline tickets, and the follow page of an offline ticket not
 * received yet, through the real hub on SQLite over HTTP (docs/queue.md, «Offline check-in»).
 */
describe('offline check-in, offline order and offline follow links', () => {
  let hub: TestHub;
  let clock: TestClock;
  let kiosk: TestKiosk;
  let other: TestKiosk;
  let setup: KioskSetup;
  let otherTag: string;

  beforeAll(async () => {
    clock = testClock(START);
    hub = await startTestHub({ now: clock.now, config: { demoOperatorToken: TEST_OPERATOR_TOKEN } });
    kiosk = await enrollKiosk(hub.url, 'kiosk-offline-checkin-1');
    other = await enrollKiosk(hub.url, 'kiosk-offline-checkin-2');
    setup = KioskSetup.parse((await getJson(`${hub.url}/v1/kiosk/setup`, kiosk.headers)).body);
    otherTag = KioskSetup.parse((await getJson(`${hub.url}/v1/kiosk/setup`, other.headers)).body).offlineTag;
  });
  afterAll(async () => {
    await hub.dispose();
  });

  const item = (kind: string, payload: Record<string, unknown>): OutboxItem => ({
    id: randomUUID(),
    kind,
    at: new Date(clock.now()).toISOString(),
    payload,
  });
  const post = (items: OutboxItem[], headers = kiosk.headers) => postJson(`${hub.url}/v1/outbox`, { items }, headers);
  const offlineCheckIn = (number: string, code: string, key: string, extra: Record<string, unknown> = {}) =>
    item('ticket.offline', {
      ticketId: randomUUID(),
      number,
      serviceId: DEMO_BOOKED_SERVICE_ID,
      issuedAt: '2026-11-23T12:01:00.250+03:00',
      followToken: offlineToken(),
      kioskSeq: 1,
      booking: { codeHash: bookingCodeHash(key, code), slotAt: '2026-11-23T12:05:00+03:00' },
      ...extra,
    });
  const operatorQueue = async () =>
    OperatorQueueView.parse(
      (await getJson(`${hub.url}/v1/operator/offices/${DEMO_OFFICE_ID}/queue`, operatorHeaders())).body,
    );

  it("gives kiosks today's open bookings of their office as keyed hashes, without codes", async () => {
    const carried = setup.offlineBookings;
    expect(carried?.day).toBe('2026-11-23');
    if (!carried) return;
    const hashes = new Map(carried.bookings.map((b) => [b.codeHash, b]));
    const hashOf = (code: string) => bookingCodeHash(carried.key, code);
    // Today, this office, booked: in; too late or too early to check in still counts as today's.
    expect(hashes.get(hashOf(DEMO_BOOKING_CODES.checksIn))).toEqual({
      codeHash: hashOf(DEMO_BOOKING_CODES.checksIn),
      slotAt: '2026-11-23T12:05:00+03:00',
      serviceId: DEMO_BOOKED_SERVICE_ID,
    });
    expect(hashes.has(hashOf(DEMO_BOOKING_CODES.tooEarly))).toBe(true);
    expect(hashes.has(hashOf(DEMO_BOOKING_CODES.tooLate))).toBe(true);
    // Cancelled, used (yesterday), another office's: out.
    for (const code of [DEMO_BOOKING_CODES.cancelled, DEMO_BOOKING_CODES.used, DEMO_BOOKING_CODES.wrongOffice]) {
      expect(hashes.has(hashOf(code)), code).toBe(false);
    }
    const text = JSON.stringify(carried);
    for (const code of Object.values(DEMO_BOOKING_CODES)) expect(text).not.toContain(code);
    // The same key all day for the office; the other kiosk of the office gets it too.
    const again = KioskSetup.parse((await getJson(`${hub.url}/v1/kiosk/setup`, other.headers)).body);
    expect(again.offlineBookings?.key).toBe(carried.key);
  });

  it('merges an offline check-in as a priority ticket and marks its booking used', async () => {
    const key = setup.offlineBookings?.key ?? '';
    const number = `А-${setup.offlineTag}-01`;
    const checkIn = offlineCheckIn(number, DEMO_BOOKING_CODES.checksIn, key);
    expect((await post([checkIn])).body).toEqual({ accepted: [checkIn.id], duplicates: [] });
    const ticketId = checkIn.payload.ticketId as string;
    expect(await hub.repository.findTicket(ticketId)).toMatchObject({ number, priority: true, source: 'offline' });
    expect(await hub.repository.findBooking(DEMO_BOOKING_CODES.checksIn)).toMatchObject({
      state: 'checked_in',
      ticketId,
    });
    // The visitor tries the code again online: it is used, by the offline ticket.
    const online = CheckInResponse.parse(
      (
        await postJson(
          `${hub.url}/v1/bookings/check-in`,
          { ticketId: randomUUID(), code: DEMO_BOOKING_CODES.checksIn },
          kiosk.headers,
        )
      ).body,
    );
    expect(online).toEqual({ outcome: 'already_used', ticketNumber: number });
    const view = await operatorQueue();
    expect(view.waiting.find((t) => t.number === number)).toMatchObject({ priority: true });
    expect(view.waiting.find((t) => t.number === number)?.bookingProblem).toBeUndefined();
  });

  it('shows the operator a code used twice: by two offline check-ins, and online then offline', async () => {
    const key = setup.offlineBookings?.key ?? '';
    // The other kiosk checked the same code in offline meanwhile.
    const twice = offlineCheckIn(`А-${otherTag}-01`, DEMO_BOOKING_CODES.checksIn, key);
    await post([twice], other.headers);
    // A fresh booking checked in online first, then offline on a kiosk that did not know yet.
    const code = bookingCodeFromBody('7777777');
    await hub.repository.upsertBooking({
      code,
      officeId: DEMO_OFFICE_ID,
      serviceId: DEMO_BOOKED_SERVICE_ID,
      slotStart: new Date(Date.parse(START) + 10 * MINUTE).toISOString(),
      state: 'booked',
    });
    const online = CheckInResponse.parse(
      (await postJson(`${hub.url}/v1/bookings/check-in`, { ticketId: randomUUID(), code }, kiosk.headers)).body,
    );
    if (online.outcome !== 'issued') throw new Error(online.outcome);
    const late = offlineCheckIn(`А-${setup.offlineTag}-02`, code, key, { kioskSeq: 2 });
    await post([late]);

    const view = await operatorQueue();
    expect(view.waiting.find((t) => t.number === `А-${otherTag}-01`)).toMatchObject({
      priority: true,
      bookingProblem: 'used_twice',
      bookingUsedBy: `А-${setup.offlineTag}-01`,
    });
    expect(view.waiting.find((t) => t.number === `А-${setup.offlineTag}-02`)).toMatchObject({
      bookingProblem: 'used_twice',
      bookingUsedBy: online.ticket.number,
    });
    // The booking stays with the ticket that used it first.
    expect((await hub.repository.findBooking(code))?.ticketId).toBe(online.ticket.ticketId);
    // A hash that matches no booking of the day is flagged, not dropped.
    const unknown = offlineCheckIn(`А-${setup.offlineTag}-03`, bookingCodeFromBody('1111111'), key, { kioskSeq: 3 });
    await post([unknown]);
    expect((await operatorQueue()).waiting.find((t) => t.number === `А-${setup.offlineTag}-03`)).toMatchObject({
      bookingProblem: 'unknown',
    });
  });

  it('calls an offline ticket issued after an online one in the same second after it', async () => {
    // The hub issues an online ticket at 13:00:00.300; the kiosk, offline, issued one at .700.
    clock.set('2026-11-23T10:00:00.300Z');
    const online = TicketIssueResponse.parse(
      (await postJson(`${hub.url}/v1/tickets`, { ticketId: randomUUID(), serviceId: 'pension-consult' }, kiosk.headers))
        .body,
    );
    if (online.outcome !== 'issued') throw new Error(online.outcome);
    const prefix = online.ticket.number.slice(0, 1);
    const offline = (n: number, issuedAt: string, kioskSeq: number) =>
      item('ticket.offline', {
        ticketId: randomUUID(),
        number: `${prefix}-${setup.offlineTag}-0${n}`,
        serviceId: 'pension-consult',
        issuedAt,
        followToken: newFollowToken(),
        kioskSeq,
      });
    // Two offline tickets in the same millisecond, delivered in the wrong order: the kiosk's
    // sequence puts them right.
    const second = offline(2, '2026-11-23T13:00:00.700+03:00', 8);
    const first = offline(1, '2026-11-23T13:00:00.700+03:00', 7);
    expect((await post([second, first])).body).toEqual({ accepted: [second.id, first.id], duplicates: [] });

    const called: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const answer = CallNextResponse.parse(
        (
          await postJson(
            `${hub.url}/v1/operator/call-next`,
            { officeId: DEMO_OFFICE_ID, window: '9', prefixes: [prefix] },
            operatorHeaders(),
          )
        ).body,
      );
      if (answer.outcome === 'called') called.push(answer.ticket.number);
    }
    expect(called).toEqual([
      online.ticket.number,
      `${prefix}-${setup.offlineTag}-01`,
      `${prefix}-${setup.offlineTag}-02`,
    ]);
  });

  it("answers an offline ticket's follow link before the hub has it: «данные скоро появятся», then the ticket", async () => {
    clock.set('2026-11-23T10:30:00.000Z');
    const token = offlineToken();
    const before = await fetch(`${hub.url}/q/${token}`);
    expect(before.status).toBe(200);
    const page = await before.text();
    expect(page).toContain('Талон выдан без связи, данные скоро появятся');
    expect(page).not.toContain('не найден');
    expect(page).toMatch(/<meta http-equiv="refresh" content="5">/);
    expect(page).not.toContain('<script');
    // A hub token that leads nowhere is still «не найден».
    const unknown = await fetch(`${hub.url}/q/${newFollowToken()}`);
    expect(unknown.status).toBe(404);

    const number = `Б-${setup.offlineTag}-05`;
    await post([
      item('ticket.offline', {
        ticketId: randomUUID(),
        number,
        serviceId: 'passport-rf',
        issuedAt: '2026-11-23T13:29:59.999+03:00',
        followToken: token,
        kioskSeq: 9,
      }),
    ]);
    const after = await fetch(`${hub.url}/q/${token}`);
    expect(after.status).toBe(200);
    expect(await after.text()).toContain(number);
  });
});
