import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingCodeFromBody } from '../../kiosk-config/src/hub/booking-code';
import { HubError } from '../../kiosk-config/src/hub/hub-api';
import { CheckInResponse } from '../../kiosk-config/src/hub/queue-api';
import { DEMO_BOOKED_SERVICE_ID, DEMO_BOOKING_CODES, DEMO_OFFICE_ID } from '../db/demo-seed';
import {
  enrollKiosk,
  getJson,
  postJson,
  startTestHub,
  type TestClock,
  type TestHub,
  type TestKiosk,
  testClock,
} from '../test/hub-test-support';

const START = '2026-11-23T09:00:00.000Z'; // Monday 12:00 in Moscow
const MINUTE = 60_000;

describe('booking check-in over HTTP', () => {
  let hub: TestHub;
  let clock: TestClock;
  let kiosk: TestKiosk;

  beforeAll(async () => {
    clock = testClock(START);
    // The outcomes, not the limits (kiosk-limits.test.ts): one kiosk checks in many codes here.
    hub = await startTestHub({
      now: clock.now,
      config: {
        checkInLimitsPerKiosk: [{ limit: 1000, windowSeconds: 60 }],
        checkInFailureLimitPerKiosk: { limit: 1000, windowSeconds: 600 },
      },
    });
    kiosk = await enrollKiosk(hub.url, 'kiosk-bookings');
  });
  afterAll(async () => {
    await hub.dispose();
  });

  const checkIn = async (code: string, ticketId: string = randomUUID(), headers = kiosk.headers) => {
    const answer = await postJson(`${hub.url}/v1/bookings/check-in`, { ticketId, code }, headers);
    if (answer.status !== 200) throw new Error(`${answer.status} ${JSON.stringify(answer.body)}`);
    return CheckInResponse.parse(answer.body);
  };

  /** A new booking of the demo office whose slot is `slot`. */
  let body = 1_000_000;
  const book = async (slot: number, extra: { officeId?: string; state?: 'booked' | 'cancelled' } = {}) => {
    body += 1;
    const code = bookingCodeFromBody(String(body));
    await hub.repository.upsertBooking({
      code,
      officeId: extra.officeId ?? DEMO_OFFICE_ID,
      serviceId: DEMO_BOOKED_SERVICE_ID,
      slotStart: new Date(slot).toISOString(),
      state: extra.state ?? 'booked',
    });
    return code;
  };

  it('answers each demo code with its outcome', async () => {
    clock.set(START);
    const codes = DEMO_BOOKING_CODES;
    expect(await checkIn(codes.tooEarly)).toEqual({
      outcome: 'too_early',
      slotStart: '2026-11-23T15:00:00+03:00',
      opensAt: '2026-11-23T14:45:00+03:00',
    });
    expect(await checkIn(codes.tooLate)).toEqual({ outcome: 'too_late', slotStart: '2026-11-23T10:00:00+03:00' });
    expect(await checkIn(codes.wrongOffice)).toEqual({
      outcome: 'wrong_office',
      officeName: 'МФЦ «Мои Документы», г. Заречный',
    });
    expect(await checkIn(codes.cancelled)).toEqual({ outcome: 'cancelled' });
    expect(await checkIn(codes.used)).toEqual({ outcome: 'already_used', ticketNumber: 'А-001' });
    expect(await checkIn(bookingCodeFromBody('7777777'))).toEqual({ outcome: 'not_found' });

    const issued = await checkIn(codes.checksIn);
    expect(issued).toMatchObject({
      outcome: 'issued',
      serviceId: DEMO_BOOKED_SERVICE_ID,
      slotStart: '2026-11-23T12:05:00+03:00',
      ticket: { number: 'А-001', source: 'booking', priority: true, peopleAhead: 0, wait: null },
    });
    expect((await hub.repository.findBooking(codes.checksIn))?.state).toBe('checked_in');
    // A second check-in with the same code (a new request) is «already used», with the number.
    expect(await checkIn(codes.checksIn)).toEqual({ outcome: 'already_used', ticketNumber: 'А-001' });
  });

  it('is idempotent by ticketId: a retried check-in gets the same ticket', async () => {
    clock.set(START);
    const code = await book(Date.parse(START) + 5 * MINUTE);
    const ticketId = randomUUID();
    const first = await checkIn(code, ticketId);
    const again = await checkIn(code, ticketId);
    if (first.outcome !== 'issued' || again.outcome !== 'issued') throw new Error('not issued');
    expect(again.ticket.number).toBe(first.ticket.number);
    expect(again.slotStart).toBe(first.slotStart);
    // The id of a walk-in ticket is not a check-in.
    const walkIn = randomUUID();
    await postJson(`${hub.url}/v1/tickets`, { ticketId: walkIn, serviceId: 'passport-rf' }, kiosk.headers);
    const mixed = await postJson(`${hub.url}/v1/bookings/check-in`, { ticketId: walkIn, code }, kiosk.headers);
    expect(mixed.status).toBe(400);
  });

  it('opens the window exactly earlyMinutes before the slot and closes it exactly lateMinutes after', async () => {
    const slot = Date.parse('2026-11-23T11:00:00Z');
    const early = await book(slot);
    clock.set(new Date(slot - 15 * MINUTE - 1).toISOString());
    expect(await checkIn(early)).toEqual({
      outcome: 'too_early',
      slotStart: '2026-11-23T14:00:00+03:00',
      opensAt: '2026-11-23T13:45:00+03:00',
    });
    clock.set(new Date(slot - 15 * MINUTE).toISOString());
    expect((await checkIn(early)).outcome).toBe('issued');

    const late = await book(slot);
    clock.set(new Date(slot + 10 * MINUTE).toISOString());
    expect((await checkIn(late)).outcome).toBe('issued');
    const tooLate = await book(slot);
    clock.set(new Date(slot + 10 * MINUTE + 1).toISOString());
    expect(await checkIn(tooLate)).toEqual({ outcome: 'too_late', slotStart: '2026-11-23T14:00:00+03:00' });
  });

  it('calls booked visitors before walk-ins already waiting', async () => {
    clock.set('2026-11-23T12:00:00Z');
    const walkIn = await postJson(
      `${hub.url}/v1/tickets`,
      { ticketId: randomUUID(), serviceId: 'property-extract' },
      kiosk.headers,
    );
    const follow = (walkIn.body as { ticket: { followUrl: string } }).ticket.followUrl.replace('/q/', '/v1/follow/');
    const aheadOfWalkIn = async () => ((await getJson(follow)).body as { peopleAhead: number }).peopleAhead;
    const before = await aheadOfWalkIn();
    const booked = await checkIn(await book(Date.parse('2026-11-23T12:05:00Z')));
    if (booked.outcome !== 'issued') throw new Error('not issued');
    // Checked in after the walk-in, called before it.
    expect(await aheadOfWalkIn()).toBe(before + 1);
    // The booked visitor has only the booked visitors still waiting ahead.
    const queue = await hub.repository.listQueue(DEMO_OFFICE_ID, '2026-11-23');
    const bookedWaiting = queue.filter((t) => t.state === 'waiting' && t.prefix === 'А' && t.priority);
    expect(booked.ticket.peopleAhead).toBe(bookedWaiting.length - 1);
  });

  it('lets one of two kiosks checking in the same code at once win; the other hears already_used', async () => {
    clock.set(START);
    const other = await enrollKiosk(hub.url, 'kiosk-bookings-2');
    const code = await book(Date.parse(START));
    const [a, b] = await Promise.all([checkIn(code), checkIn(code, randomUUID(), other.headers)]);
    const outcomes = [a.outcome, b.outcome].sort();
    expect(outcomes).toEqual(['already_used', 'issued']);
  });

  it('validates the code and the ticket id', async () => {
    for (const body of [
      { ticketId: randomUUID(), code: '1234567' },
      { ticketId: randomUUID(), code: '1234 5674' },
      { ticketId: 'nope', code: '12345674' },
    ]) {
      const answer = await postJson(`${hub.url}/v1/bookings/check-in`, body, kiosk.headers);
      expect(answer.status).toBe(400);
      expect(HubError.parse(answer.body).code).toBe('bad_request');
    }
  });

  it('never writes a booking code to its log', () => {
    const text = hub.log.text();
    for (const code of Object.values(DEMO_BOOKING_CODES)) expect(text).not.toContain(code);
  });
});
