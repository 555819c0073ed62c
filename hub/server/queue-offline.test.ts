import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubError, type OutboxItem } from '../../kiosk-config/src/hub/hub-api';
import { CheckInResponse, FollowView, KioskSetup, TicketIssueResponse } from '../../kiosk-config/src/hub/queue-api';
import { DEMO_BOOKING_CODES, DEMO_OFFICE_ID } from '../db/demo-seed';
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
import { newFollowToken } from './queue/follow-token';

const DAY = '2026-11-23';

describe('offline tickets and print outcomes through the outbox', () => {
  let hub: TestHub;
  let clock: TestClock;
  let kiosk: TestKiosk;
  let other: TestKiosk;
  let tag: string;
  let otherTag: string;

  beforeAll(async () => {
    clock = testClock('2026-11-23T09:00:00Z');
    hub = await startTestHub({ now: clock.now });
    kiosk = await enrollKiosk(hub.url, 'kiosk-offline-1');
    other = await enrollKiosk(hub.url, 'kiosk-offline-2');
    tag = KioskSetup.parse((await getJson(`${hub.url}/v1/kiosk/setup`, kiosk.headers)).body).offlineTag;
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
  const offline = (number: string, issuedAt = '2026-11-23T11:40:00+03:00') => {
    const followToken = newFollowToken();
    return {
      followToken,
      item: item('ticket.offline', { ticketId: randomUUID(), number, serviceId: 'passport-rf', issuedAt, followToken }),
    };
  };
  const post = (items: OutboxItem[], headers = kiosk.headers) => postJson(`${hub.url}/v1/outbox`, { items }, headers);
  const ticketIdOf = (i: OutboxItem) => i.payload.ticketId as string;

  it('merges an offline ticket once, however often it is sent, and it follows like any other', async () => {
    expect(tag).toBe('К1');
    expect(otherTag).toBe('К2');
    const { item: ticket, followToken } = offline(`Б-${tag}-01`);
    expect((await post([ticket])).body).toEqual({ accepted: [ticket.id], duplicates: [] });
    // The same item again (a replay), and the same ticket under a new item id (a kiosk re-queued it).
    expect((await post([ticket])).body).toEqual({ accepted: [], duplicates: [ticket.id] });
    const requeued = { ...ticket, id: randomUUID() };
    expect((await post([requeued])).status).toBe(200);

    const stored = (await hub.repository.listQueue(DEMO_OFFICE_ID, DAY)).filter((t) => t.number === `Б-${tag}-01`);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      source: 'offline',
      kioskId: kiosk.kioskId,
      state: 'waiting',
      issuedAt: '2026-11-23T08:40:00.000Z',
    });
    const view = FollowView.parse((await getJson(`${hub.url}/v1/follow/${followToken}`)).body);
    expect(view).toMatchObject({
      number: `Б-${tag}-01`,
      state: 'waiting',
      serviceName: 'Замена паспорта гражданина РФ',
    });
  });

  it("refuses a number with another kiosk's tag (logged) without failing the batch, and a malformed item with it", async () => {
    const foreign = offline(`Б-${otherTag}-05`).item;
    const mine = offline(`Б-${tag}-02`).item;
    const garbage = item('ticket.offline', { ticketId: randomUUID(), number: 42 });
    const telemetry = item('device.changed', { printer: 'online' });
    // Items outside their kind's schema refuse the batch whole (the kiosk then sets them aside).
    for (const bad of [garbage, telemetry]) {
      const refused = await post([foreign, bad, mine]);
      expect(refused.status).toBe(400);
      expect(HubError.parse(refused.body).message).toMatch(/^items\/1: invalid_payload/);
    }
    const answer = await post([foreign, mine]);
    expect(answer.body).toEqual({ accepted: [foreign.id, mine.id], duplicates: [] });
    const numbers = (await hub.repository.listQueue(DEMO_OFFICE_ID, DAY)).map((t) => t.number);
    expect(numbers).toContain(`Б-${tag}-02`);
    expect(numbers).not.toContain(`Б-${otherTag}-05`);
    expect(await hub.repository.findTicket(ticketIdOf(foreign))).toBeUndefined();
    const lines = hub.log.lines();
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: 'ticket item not merged', itemId: foreign.id, reason: 'foreign_tag' }),
    );
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'outbox item refused', problem: 'invalid_payload' }));
  });

  it('refuses an offline number already used that day by another ticket', async () => {
    const first = offline(`В-${tag}-01`).item;
    const second = offline(`В-${tag}-01`).item;
    await post([first, second]);
    expect(await hub.repository.findTicket(ticketIdOf(first))).toBeDefined();
    expect(await hub.repository.findTicket(ticketIdOf(second))).toBeUndefined();
    expect(hub.log.lines()).toContainEqual(expect.objectContaining({ itemId: second.id, result: 'number_taken' }));
  });

  it('drops a ticket that was not printed, so it is no longer ahead of anyone', async () => {
    const issue = async () => {
      const answer = TicketIssueResponse.parse(
        (
          await postJson(
            `${hub.url}/v1/tickets`,
            { ticketId: randomUUID(), serviceId: 'property-extract' },
            kiosk.headers,
          )
        ).body,
      );
      if (answer.outcome !== 'issued') throw new Error(answer.outcome);
      return answer.ticket;
    };
    const unprinted = await issue();
    const next = await issue();
    const ahead = async () =>
      FollowView.parse((await getJson(next.followUrl.replace('/q/', '/v1/follow/'))).body).peopleAhead;
    expect(await ahead()).toBe(1);
    const printedNo = item('ticket.print_outcome', { ticketId: unprinted.ticketId, printed: 'no' });
    await post([printedNo]);
    expect(await hub.repository.findTicket(unprinted.ticketId)).toMatchObject({ state: 'dropped', printed: 'no' });
    expect(await ahead()).toBe(0);
    // A replay changes nothing; `yes` for the next one just records it.
    expect((await post([printedNo])).body).toEqual({ accepted: [], duplicates: [printedNo.id] });
    await post([item('ticket.print_outcome', { ticketId: next.ticketId, printed: 'yes' })]);
    expect(await hub.repository.findTicket(next.ticketId)).toMatchObject({ state: 'waiting', printed: 'yes' });
    // Another kiosk cannot drop this kiosk's ticket.
    await post([item('ticket.abandoned', { ticketId: next.ticketId })], other.headers);
    expect((await hub.repository.findTicket(next.ticketId))?.state).toBe('waiting');
    expect(hub.log.lines()).toContainEqual(
      expect.objectContaining({ result: 'unknown_ticket', kioskId: other.kioskId }),
    );
  });

  it('keeps a ticket whose print was not confirmed, and its follow page says it may not have printed', async () => {
    const answer = TicketIssueResponse.parse(
      (
        await postJson(
          `${hub.url}/v1/tickets`,
          { ticketId: randomUUID(), serviceId: 'property-extract' },
          kiosk.headers,
        )
      ).body,
    );
    if (answer.outcome !== 'issued') throw new Error(answer.outcome);
    const { ticket } = answer;
    const page = async () => (await fetch(ticket.followUrl)).text();
    expect(await page()).not.toContain('Талон мог не напечататься');

    await post([item('ticket.print_outcome', { ticketId: ticket.ticketId, printed: 'unknown' })]);
    expect(await hub.repository.findTicket(ticket.ticketId)).toMatchObject({ state: 'waiting', printed: 'unknown' });
    const html = await page();
    expect(html).toContain(`<p class="number">${ticket.number}</p>`);
    expect(html).toContain(
      'Талон мог не напечататься. Если бумажного талона у вас нет, назовите этот номер сотруднику.',
    );
    expect(FollowView.parse((await getJson(ticket.followUrl.replace('/q/', '/v1/follow/'))).body)).toMatchObject({
      state: 'waiting',
      printed: 'unknown',
    });
  });

  it('drops an abandoned check-in and gives the booking back, so the visitor can check in again', async () => {
    clock.set('2026-11-23T09:00:00Z');
    const ticketId = randomUUID();
    const code = DEMO_BOOKING_CODES.checksIn;
    const first = CheckInResponse.parse(
      (await postJson(`${hub.url}/v1/bookings/check-in`, { ticketId, code }, kiosk.headers)).body,
    );
    expect(first.outcome).toBe('issued');
    const abandoned = item('ticket.abandoned', { ticketId });
    await post([abandoned]);
    expect((await hub.repository.findTicket(ticketId))?.state).toBe('dropped');
    expect(await hub.repository.findBooking(code)).toMatchObject({ state: 'booked' });
    const again = CheckInResponse.parse(
      (await postJson(`${hub.url}/v1/bookings/check-in`, { ticketId: randomUUID(), code }, kiosk.headers)).body,
    );
    expect(again.outcome).toBe('issued');
    // The replayed abandon of the first ticket does not touch the new one.
    await post([{ ...abandoned, id: randomUUID() }]);
    expect((await hub.repository.findBooking(code))?.state).toBe('checked_in');
  });

  it('merges an offline ticket of a kiosk without a tag nowhere', async () => {
    const fresh = await enrollKiosk(hub.url, 'kiosk-offline-untagged');
    const { item: ticket } = offline('Б-К9-01');
    await post([ticket], fresh.headers);
    expect(await hub.repository.findTicket(ticketIdOf(ticket))).toBeUndefined();
    expect(hub.log.lines()).toContainEqual(expect.objectContaining({ itemId: ticket.id, reason: 'no_offline_tag' }));
  });
});
