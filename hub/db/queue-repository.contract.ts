import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { CatalogueFile } from '../../kiosk-config/src/catalogue/catalogue';
import type { OutboxItem } from '../../kiosk-config/src/hub/hub-api';
import { type ContractStore, contractStores } from './contract-store';
import { DEMO_CATALOGUE } from './demo-queue-seed';
import type {
  BookingRecord,
  HubRepository,
  IssueTicketResult,
  NewTicket,
  TicketMerge,
  TicketRecord,
} from './hub-repository';
import { MAX_TICKETS_PER_QUEUE_DAY } from './ticket-numbers';

/**
 * The tests every store's queue passes (`QueueRepository` and the queue's part of
 * `HubRepository`), one body for both stores: call inside a `describe` of the store's test file,
 * with how to open a fresh store. The races run through `another()`, a second instance on the
 * same data: what two hub instances do at once.
 */
export function queueRepositoryContract(openStore: () => Promise<ContractStore<HubRepository>>): void {
  const withStore = contractStores(openStore);

  it(
    'stores an office’s catalogue validated, lists the offices that have one, and reads another instance’s replacement',
    withStore(async ({ repository, another }) => {
      await office(repository, 'o1', 'МФЦ Яблонево');
      await office(repository, 'o2', 'МФЦ Акулово');
      await office(repository, 'o3', 'МФЦ Без очереди');
      expect(await repository.findOfficeCatalogue('o1')).toBeUndefined();
      await repository.setOfficeCatalogue('o1', DEMO_CATALOGUE, T1);
      await repository.setOfficeCatalogue('o2', DEMO_CATALOGUE, T1);
      expect(await repository.findOfficeCatalogue('o1')).toEqual(DEMO_CATALOGUE);
      expect((await repository.listQueueOffices()).map((o) => [o.id, o.name])).toEqual([
        ['o2', 'МФЦ Акулово'],
        ['o1', 'МФЦ Яблонево'],
      ]);

      await expect(repository.setOfficeCatalogue('nowhere', DEMO_CATALOGUE, T1)).rejects.toThrow(
        /no office with id nowhere/,
      );
      const broken = { ...DEMO_CATALOGUE, services: 'none' } as unknown as CatalogueFile;
      await expect(repository.setOfficeCatalogue('o1', broken, T1)).rejects.toThrow(/invalid catalogue/);
      expect(await repository.findOfficeCatalogue('o1')).toEqual(DEMO_CATALOGUE);

      // Read (and kept parsed) here, replaced through another instance: read anew.
      const second = await another();
      const fewer: CatalogueFile = { ...DEMO_CATALOGUE, services: DEMO_CATALOGUE.services.slice(0, 1) };
      await second.setOfficeCatalogue('o1', fewer, T2);
      expect(await repository.findOfficeCatalogue('o1')).toEqual(fewer);
    }),
  );

  it(
    'gives each kiosk the smallest free offline tag of its office once, also to kiosks asking on two instances at once',
    withStore(async ({ repository, another }) => {
      const second = await another();
      await warmUp(repository, second);
      await office(repository, 'o1');
      await office(repository, 'o2');
      const kiosks = Array.from({ length: 6 }, (_, i) => `k${i}`);
      for (const id of [...kiosks, 'other']) await kiosk(repository, id, id === 'other' ? 'o2' : 'o1');
      const tags = await Promise.all(kiosks.map((id, i) => (i % 2 === 0 ? repository : second).assignOfflineTag(id)));
      expect([...tags].sort()).toEqual(['К1', 'К2', 'К3', 'К4', 'К5', 'К6']);
      // Kept: asked again (on either instance), the same tag.
      expect(await second.assignOfflineTag('k0')).toBe(tags[0]);
      expect((await repository.findKiosk('k0'))?.offlineTag).toBe(tags[0]);
      // Another office counts its own.
      expect(await repository.assignOfflineTag('other')).toBe('К1');
      await expect(repository.assignOfflineTag('nobody')).rejects.toThrow(/no kiosk with id nobody/);
    }),
  );

  it(
    'numbers each queue per office and office day from 001, answers a retry with its ticket, and finds a ticket by any of its follow tokens',
    withStore(async ({ repository }) => {
      await office(repository, 'o1');
      await office(repository, 'o2');
      const first = newTicket();
      const issued = await repository.issueTicket(first);
      expect(issued).toEqual({
        outcome: 'issued',
        ticket: {
          ticketId: first.ticketId,
          officeId: 'o1',
          day: DAY,
          prefix: 'А',
          number: 'А-001',
          serviceId: 's1',
          kioskId: 'k1',
          issuedAt: T1,
          source: 'kiosk',
          priority: false,
          state: 'waiting',
        },
      });
      const issuedTicket = (issued as { ticket: TicketRecord }).ticket;
      expect(await repository.findTicket(first.ticketId)).toEqual(issuedTicket);
      // A retry, with a fresh follow token: the same ticket, nothing counted or stored again.
      expect(await repository.issueTicket({ ...first, followTokenHash: 'retry' })).toEqual({
        outcome: 'existing',
        ticket: issuedTicket,
      });
      expect(await repository.findTicketByFollowTokenHash('retry')).toBeUndefined();
      await repository.addFollowToken(first.ticketId, 'second-link');
      await repository.addFollowToken(first.ticketId, 'second-link');
      expect(await repository.findTicketByFollowTokenHash(first.followTokenHash)).toEqual(issuedTicket);
      expect(await repository.findTicketByFollowTokenHash('second-link')).toEqual(issuedTicket);
      expect(await repository.findTicketByFollowTokenHash('nothing')).toBeUndefined();
      expect(await repository.findTicket('nothing')).toBeUndefined();

      const numberOf = async (ticket: Partial<NewTicket>) => {
        const answer = await repository.issueTicket(newTicket(ticket));
        return answer.outcome === 'issued' ? answer.ticket.number : answer.outcome;
      };
      expect(await numberOf({})).toBe('А-002');
      expect(await numberOf({ prefix: 'Б' })).toBe('Б-001');
      expect(await numberOf({ day: NEXT_DAY })).toBe('А-001');
      expect(await numberOf({ officeId: 'o2' })).toBe('А-001');
      expect(await numberOf({})).toBe('А-003');
    }),
  );

  it(
    'hands out numbers 1…40 once each when 40 tickets of one queue are issued at once through two instances',
    withStore(async ({ repository, another }) => {
      const second = await another();
      await warmUp(repository, second);
      await office(repository, 'o1');
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? repository : second).issueTicket(newTicket())),
      );
      expect(sortedNumbersOf(answers)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      const stored = await second.listQueue('o1', DAY);
      expect(new Set(stored.map((ticket) => ticket.number)).size).toBe(40);
    }),
  );

  it(
    'issues a ticket once when its retry reaches the other instance at the same moment',
    withStore(async ({ repository, another }) => {
      const second = await another();
      await warmUp(repository, second);
      await office(repository, 'o1');
      const tickets = Array.from({ length: 10 }, () => newTicket());
      const answers = await Promise.all(
        tickets.flatMap((ticket) => [repository.issueTicket(ticket), second.issueTicket(ticket)]),
      );
      expect(answers.filter((answer) => answer.outcome === 'issued')).toHaveLength(10);
      expect(answers.filter((answer) => answer.outcome === 'existing')).toHaveLength(10);
      for (let i = 0; i < tickets.length; i++) {
        const [a, b] = [answers[2 * i], answers[2 * i + 1]] as { ticket: TicketRecord }[];
        expect(a?.ticket.number).toBe(b?.ticket.number);
      }
      expect(sortedNumbersOf(answers.filter((answer) => answer.outcome === 'issued'))).toEqual(
        Array.from({ length: 10 }, (_, i) => i + 1),
      );
    }),
  );

  it(
    `stops a queue’s day at ${MAX_TICKETS_PER_QUEUE_DAY} (issued through both instances), other queues and days unaffected`,
    withStore(async ({ repository, another }) => {
      const second = await another();
      await warmUp(repository, second);
      await office(repository, 'o1');
      const numbers: number[] = [];
      for (let start = 0; start < MAX_TICKETS_PER_QUEUE_DAY; start += 50) {
        const count = Math.min(50, MAX_TICKETS_PER_QUEUE_DAY - start);
        const batch = await Promise.all(
          Array.from({ length: count }, (_, i) => (i % 2 === 0 ? repository : second).issueTicket(newTicket())),
        );
        numbers.push(...sortedNumbersOf(batch));
      }
      expect(numbers.sort((a, b) => a - b)).toEqual(Array.from({ length: MAX_TICKETS_PER_QUEUE_DAY }, (_, i) => i + 1));
      expect(await second.issueTicket(newTicket())).toEqual({ outcome: 'numbers_exhausted' });
      await expect(repository.recordServedTicket(servedEntry())).rejects.toThrow(/no numbers left in queue А/);
      expect(await repository.issueTicket(newTicket({ prefix: 'Б' }))).toMatchObject({ ticket: { number: 'Б-001' } });
      expect(await repository.issueTicket(newTicket({ day: NEXT_DAY }))).toMatchObject({ ticket: { number: 'А-001' } });
    }),
    60_000,
  );

  it(
    'keeps an offline ticket’s own number, refuses it when taken that day, and counts nothing for it',
    withStore(async ({ repository }) => {
      await office(repository, 'o1');
      const offline = newTicket({ number: 'А-К1-01', source: 'offline', kioskSeq: 1 });
      expect(await repository.issueTicket(offline)).toMatchObject({
        outcome: 'issued',
        ticket: { number: 'А-К1-01', source: 'offline', kioskSeq: 1 },
      });
      expect(await repository.issueTicket(newTicket({ number: 'А-К1-01' }))).toEqual({ outcome: 'number_taken' });
      expect(await repository.issueTicket(newTicket({ number: 'А-К1-01', day: NEXT_DAY }))).toMatchObject({
        outcome: 'issued',
      });
      expect(await repository.issueTicket(newTicket())).toMatchObject({ ticket: { number: 'А-001' } });
    }),
  );

  it(
    'checks a booking in once: its ticket is issued with the booking marked used, a second check-in is refused',
    withStore(async ({ repository }) => {
      await office(repository, 'o1');
      await repository.upsertBooking(booking('12345678'));
      const checkIn = newTicket({ bookingCode: '12345678', source: 'booking', priority: true });
      const issued = await repository.issueTicket(checkIn);
      expect(issued).toMatchObject({ outcome: 'issued', ticket: { priority: true, source: 'booking' } });
      const used = { ...booking('12345678'), state: 'checked_in', ticketId: checkIn.ticketId };
      expect(await repository.findBooking('12345678')).toEqual(used);
      expect(await repository.findBookingByTicket(checkIn.ticketId)).toEqual(used);
      expect(await repository.issueTicket(newTicket({ bookingCode: '12345678' }))).toEqual({
        outcome: 'booking_unavailable',
        booking: used,
      });
      expect(await repository.issueTicket(newTicket({ bookingCode: '00000000' }))).toEqual({
        outcome: 'booking_unavailable',
      });
      // A refused check-in counted no number.
      expect(await repository.issueTicket(newTicket())).toMatchObject({ ticket: { number: 'А-002' } });
    }),
  );

  it(
    'gives one ticket when two instances check the same booking in at the same moment',
    withStore(async ({ repository, another }) => {
      const second = await another();
      await warmUp(repository, second);
      await office(repository, 'o1');
      const codes = ['10000001', '10000002', '10000003', '10000004', '10000005'];
      for (const code of codes) await repository.upsertBooking(booking(code));
      for (const code of codes) {
        const [a, b] = [newTicket({ bookingCode: code }), newTicket({ bookingCode: code })];
        const answers = await Promise.all([repository.issueTicket(a), second.issueTicket(b)]);
        expect(answers.map((answer) => answer.outcome).sort()).toEqual(['booking_unavailable', 'issued']);
        const winner = answers[0]?.outcome === 'issued' ? a : b;
        expect(await repository.findBooking(code)).toMatchObject({ state: 'checked_in', ticketId: winner.ticketId });
      }
    }),
  );

  it(
    'lets one booking be used by one ticket when an online check-in and an offline one merge on two instances at once',
    withStore(async ({ repository, another }) => {
      const second = await another();
      await warmUp(repository, second);
      await office(repository, 'o1');
      const codes = ['30000001', '30000002', '30000003', '30000004', '30000005'];
      for (const code of codes) await repository.upsertBooking(booking(code));
      for (const [i, code] of codes.entries()) {
        const online = newTicket({ bookingCode: code, source: 'booking', priority: true });
        const offline = {
          ...newTicket({ source: 'offline', priority: true, kioskSeq: i + 1 }),
          number: `А-К1-0${i + 1}`,
        };
        const entry = item('ticket.offline');
        const [issued, merged] = await Promise.all([
          repository.issueTicket(online),
          second.appendOutbox('k1', [entry], T2, [
            { itemId: entry.id, kind: 'offline', ticket: offline, offlineBooking: { code } },
          ]),
        ]);
        expect(merged.merged.map((m) => m.result)).toEqual(['applied']);
        const offlineTicket = (await repository.findTicket(offline.ticketId)) as TicketRecord;
        const holder = (await repository.findBooking(code))?.ticketId;
        if (issued.outcome === 'issued') {
          // The online one first: the offline ticket queues with the problem for the operator.
          expect(holder).toBe(online.ticketId);
          expect(offlineTicket).toMatchObject({ bookingProblem: 'used_twice', bookingUsedBy: issued.ticket.number });
        } else {
          expect(issued.outcome).toBe('booking_unavailable');
          expect(holder).toBe(offline.ticketId);
          expect(offlineTicket.bookingProblem).toBeUndefined();
        }
      }
    }),
  );

  it(
    'calls booked visitors first, then by time of issue and kiosk sequence, within the window’s queues, serving the one called before',
    withStore(async ({ repository }) => {
      await office(repository, 'o1');
      const walkIn = newTicket({ issuedAt: T1 });
      const offlineSecond = newTicket({ issuedAt: T2, number: 'А-К1-02', source: 'offline', kioskSeq: 2 });
      const offlineFirst = newTicket({ issuedAt: T2, number: 'А-К1-01', source: 'offline', kioskSeq: 1 });
      const booked = newTicket({ issuedAt: T3, priority: true, source: 'booking' });
      const otherQueue = newTicket({ issuedAt: T0, prefix: 'Б' });
      for (const ticket of [walkIn, offlineSecond, offlineFirst, booked, otherQueue]) {
        await repository.issueTicket(ticket);
      }
      const call = (at: string, prefixes?: string[]) =>
        repository.callNext({ officeId: 'o1', day: DAY, window: '1', at, ...(prefixes ? { prefixes } : {}) });
      const calls = [];
      for (let i = 0; i < 4; i++) calls.push(await call(`2026-12-07T12:0${i}:00.000Z`, ['А']));
      expect(calls.map((answer) => answer.called?.ticketId)).toEqual([
        booked.ticketId,
        walkIn.ticketId,
        offlineFirst.ticketId,
        offlineSecond.ticketId,
      ]);
      expect(calls[0]?.called).toMatchObject({ state: 'called', window: '1', calledAt: '2026-12-07T12:00:00.000Z' });
      expect(calls[0]?.previous).toBeUndefined();
      expect(calls[1]?.previous).toMatchObject({
        ticketId: booked.ticketId,
        state: 'served',
        finishedAt: '2026-12-07T12:01:00.000Z',
      });
      // Nobody left in А: the called one is served all the same.
      const last = await call('2026-12-07T12:05:00.000Z', ['А']);
      expect(last.called).toBeUndefined();
      expect(last.previous?.ticketId).toBe(offlineSecond.ticketId);
      // All queues: the Б ticket.
      expect((await call('2026-12-07T12:06:00.000Z')).called?.ticketId).toBe(otherQueue.ticketId);
      expect(await repository.listQueue('o1', DAY)).toEqual([
        expect.objectContaining({ ticketId: otherQueue.ticketId, state: 'called' }),
      ]);
    }),
  );

  it(
    'never calls one visitor to two windows calling at once on two instances, nor two visitors to one window',
    withStore(async ({ repository, another }) => {
      const second = await another();
      await warmUp(repository, second);
      await office(repository, 'o1');
      for (let i = 0; i < 12; i++) await repository.issueTicket(newTicket());
      const windows = ['1', '2', '3', '4', '5', '6'];
      const calls = await Promise.all(
        windows.flatMap((window, i) => {
          const call = { officeId: 'o1', day: DAY, window, at: T2 };
          // Every window's operator double-clicks, the clicks reaching both instances.
          return [
            (i % 2 === 0 ? repository : second).callNext(call),
            (i % 2 === 0 ? second : repository).callNext(call),
          ];
        }),
      );
      const called = calls.map((answer) => answer.called?.ticketId);
      expect(called.every((id) => id !== undefined)).toBe(true);
      expect(new Set(called).size).toBe(12);
      const queue = await repository.listQueue('o1', DAY);
      const calledNow = queue.filter((ticket) => ticket.state === 'called');
      expect(calledNow.map((ticket) => ticket.window).sort()).toEqual(windows);
      expect(queue.filter((ticket) => ticket.state === 'waiting')).toEqual([]);
    }),
  );

  it(
    'finishes only a called ticket of the office, once',
    withStore(async ({ repository }) => {
      await office(repository, 'o1');
      const [a, b] = [newTicket(), newTicket()];
      await repository.issueTicket(a);
      await repository.issueTicket(b);
      const finish = (ticketId: string, outcome: 'served' | 'no_show', officeId = 'o1') =>
        repository.finishTicket({ ticketId, officeId, outcome, at: T3 });
      expect(await finish('nothing', 'served')).toEqual({ outcome: 'not_found' });
      expect(await finish(a.ticketId, 'served')).toMatchObject({ outcome: 'not_called', ticket: { state: 'waiting' } });
      await repository.callNext({ officeId: 'o1', day: DAY, window: '1', at: T2 });
      expect(await finish(a.ticketId, 'served', 'o2')).toEqual({ outcome: 'not_found' });
      expect(await finish(a.ticketId, 'no_show')).toMatchObject({
        outcome: 'finished',
        ticket: { state: 'no_show', finishedAt: T3, window: '1' },
      });
      expect(await finish(a.ticketId, 'served')).toMatchObject({
        outcome: 'already_finished',
        ticket: { state: 'no_show' },
      });
      expect((await repository.findTicket(b.ticketId))?.state).toBe('waiting');
    }),
  );

  it(
    'records a served ticket from history once: its number from the day’s counter the first time, its times each time',
    withStore(async ({ repository }) => {
      await office(repository, 'o1');
      const entry = servedEntry();
      expect(await repository.recordServedTicket(entry)).toEqual({
        ticketId: entry.ticketId,
        officeId: 'o1',
        day: DAY,
        prefix: 'А',
        number: 'А-001',
        serviceId: 's1',
        issuedAt: T0,
        source: 'kiosk',
        priority: false,
        state: 'served',
        window: '2',
        calledAt: T1,
        finishedAt: T2,
      });
      const again = await repository.recordServedTicket({ ...entry, calledAt: T2, finishedAt: T3 });
      expect(again).toMatchObject({ number: 'А-001', calledAt: T2, finishedAt: T3, state: 'served' });
      expect(await repository.issueTicket(newTicket())).toMatchObject({ ticket: { number: 'А-002' } });
    }),
  );

  it(
    'lists the day’s queue, issue times, service durations and the windows that called',
    withStore(async ({ repository }) => {
      await office(repository, 'o1');
      const tickets = [
        newTicket({ issuedAt: '2026-12-07T09:00:00.000Z' }),
        newTicket({ issuedAt: '2026-12-07T09:01:00.000Z' }),
        newTicket({ issuedAt: '2026-12-07T09:02:00.000Z', prefix: 'Б' }),
        newTicket({ issuedAt: '2026-12-07T09:03:00.000Z' }),
      ];
      for (const ticket of tickets) await repository.issueTicket(ticket);
      await repository.issueTicket(newTicket({ day: NEXT_DAY, issuedAt: '2026-12-08T09:00:00.000Z' }));
      const call = (window: string, at: string, prefixes = ['А']) =>
        repository.callNext({ officeId: 'o1', day: DAY, window, prefixes, at });
      await call('1', '2026-12-07T10:00:00.000Z');
      await call('2', '2026-12-07T10:01:00.000Z');
      // Window 1's first visitor served after 5 minutes, by calling the next one.
      await call('1', '2026-12-07T10:05:00.000Z');
      await repository.finishTicket({
        ticketId: tickets[1]?.ticketId as string,
        officeId: 'o1',
        outcome: 'served',
        at: '2026-12-07T10:03:00.000Z',
      });
      await call('3', '2026-12-07T10:06:00.000Z', ['Б']);

      expect((await repository.listQueue('o1', DAY)).map((t) => [t.ticketId, t.state, t.window])).toEqual([
        [tickets[2]?.ticketId, 'called', '3'],
        [tickets[3]?.ticketId, 'called', '1'],
      ]);
      expect(await repository.listServiceDurations('o1', 'А', '2026-12-07T00:00:00.000Z', 10)).toEqual([
        5 * 60_000,
        2 * 60_000,
      ]);
      expect(await repository.listServiceDurations('o1', 'А', '2026-12-07T00:00:00.000Z', 1)).toEqual([5 * 60_000]);
      expect(await repository.listServiceDurations('o1', 'А', '2026-12-07T10:04:00.000Z', 10)).toEqual([5 * 60_000]);
      expect(await repository.countCallingWindows('o1', 'А', '2026-12-07T00:00:00.000Z')).toBe(2);
      expect(await repository.countCallingWindows('o1', 'А', '2026-12-07T10:02:00.000Z')).toBe(1);
      expect(await repository.countOfficeCallingWindows('o1', '2026-12-07T00:00:00.000Z')).toBe(3);
      expect(await repository.countOfficeCallingWindows('o2', '2026-12-07T00:00:00.000Z')).toBe(0);

      const times = await repository.listIssueTimes('o1', [DAY, NEXT_DAY]);
      expect(times.map((t) => `${t.day} ${t.issuedAt}`).sort()).toEqual([
        `${DAY} 2026-12-07T09:00:00.000Z`,
        `${DAY} 2026-12-07T09:01:00.000Z`,
        `${DAY} 2026-12-07T09:02:00.000Z`,
        `${DAY} 2026-12-07T09:03:00.000Z`,
        `${NEXT_DAY} 2026-12-08T09:00:00.000Z`,
      ]);
      expect(await repository.listIssueTimes('o1', ['2026-12-01'])).toEqual([]);
    }),
  );

  it(
    'keeps bookings by code, lists an office’s slots in a time range, and makes each office day’s key once',
    withStore(async ({ repository, another }) => {
      await office(repository, 'o1');
      await office(repository, 'o2');
      await repository.upsertBooking(booking('00000003', { slotStart: '2026-12-07T11:00:00.000Z' }));
      await repository.upsertBooking(booking('00000001', { slotStart: '2026-12-07T09:00:00.000Z' }));
      await repository.upsertBooking(
        booking('00000002', { slotStart: '2026-12-07T10:00:00.000Z', state: 'cancelled' }),
      );
      await repository.upsertBooking(booking('00000004', { slotStart: '2026-12-07T09:30:00.000Z', officeId: 'o2' }));
      // Replaced by code.
      await repository.upsertBooking(booking('00000003', { slotStart: '2026-12-07T12:00:00.000Z' }));
      expect(
        (await repository.listBookings('o1', '2026-12-07T09:00:00.000Z', '2026-12-07T12:00:00.000Z')).map((b) => [
          b.code,
          b.state,
        ]),
      ).toEqual([
        ['00000001', 'booked'],
        ['00000002', 'cancelled'],
      ]);
      expect((await repository.findBooking('00000003'))?.slotStart).toBe('2026-12-07T12:00:00.000Z');
      expect(await repository.findBooking('99999999')).toBeUndefined();
      expect(await repository.findBookingByTicket('nothing')).toBeUndefined();

      const second = await another();
      await warmUp(repository, second);
      const keys = await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? repository : second).bookingDayKey('o1', DAY)),
      );
      expect(new Set(keys).size).toBe(1);
      expect(keys[0]).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(await second.bookingDayKey('o1', DAY)).toBe(keys[0]);
      expect(await repository.bookingDayKey('o1', NEXT_DAY)).not.toBe(keys[0]);
      expect(await repository.bookingDayKey('o2', DAY)).not.toBe(keys[0]);
    }),
  );

  it(
    'keeps operator tokens by hash, replaces by id, and revokes once',
    withStore(async ({ repository }) => {
      await office(repository, 'o1');
      await office(repository, 'o2');
      const token = (id: string, officeId: string, createdAt: string) => ({
        id,
        tokenHash: `hash-${id}`,
        officeId,
        label: `окно ${id}`,
        createdAt,
      });
      await repository.saveOperatorToken(token('op-2', 'o2', T0));
      await repository.saveOperatorToken(token('op-1', 'o1', T2));
      await repository.saveOperatorToken(token('op-3', 'o1', T1));
      await repository.saveOperatorToken({ ...token('op-3', 'o1', T1), label: 'окно 7' });
      expect(await repository.findOperatorToken('hash-op-3')).toEqual({ ...token('op-3', 'o1', T1), label: 'окно 7' });
      expect(await repository.findOperatorToken('hash-none')).toBeUndefined();
      expect(await repository.revokeOperatorToken('op-1', T3)).toBe(true);
      // Revoked already: the first time stays.
      expect(await repository.revokeOperatorToken('op-1', '2026-12-09T00:00:00.000Z')).toBe(true);
      expect(await repository.revokeOperatorToken('op-9', T3)).toBe(false);
      expect(await repository.findOperatorToken('hash-op-1')).toEqual({ ...token('op-1', 'o1', T2), revokedAt: T3 });
      expect((await repository.listOperatorTokens()).map((t) => t.id)).toEqual(['op-3', 'op-1', 'op-2']);
    }),
  );

  it(
    'applies the ticket merges of newly stored outbox items only, once when the batch is replayed on both instances at once',
    withStore(async ({ repository, another }) => {
      const second = await another();
      await warmUp(repository, second);
      await office(repository, 'o1');
      const online = newTicket({ kioskId: 'k1' });
      const foreign = newTicket({ kioskId: 'k2' });
      await repository.issueTicket(online);
      await repository.issueTicket(foreign);
      const offline = { ...newTicket({ source: 'offline', kioskSeq: 1 }), number: 'А-К1-01' };
      const taken = { ...newTicket({ source: 'offline' }), number: 'А-К1-01' };
      const items = [item(), item(), item(), item()];
      const merges: TicketMerge[] = [
        { itemId: items[0]?.id as string, kind: 'offline', ticket: offline },
        { itemId: items[1]?.id as string, kind: 'print_outcome', ticketId: online.ticketId, printed: 'no' },
        { itemId: items[2]?.id as string, kind: 'abandoned', ticketId: foreign.ticketId },
        { itemId: items[3]?.id as string, kind: 'offline', ticket: taken },
      ];
      const answers = await Promise.all([
        repository.appendOutbox('k1', items, T2, merges),
        second.appendOutbox('k1', items, T2, merges),
        second.appendOutbox('k1', items, T2, merges),
      ]);
      const applied = answers.filter((answer) => answer.accepted.length > 0);
      expect(applied).toHaveLength(1);
      expect(applied[0]?.merged).toEqual([
        { itemId: items[0]?.id, kind: 'offline', result: 'applied' },
        { itemId: items[1]?.id, kind: 'print_outcome', result: 'applied' },
        { itemId: items[2]?.id, kind: 'abandoned', result: 'unknown_ticket' },
        { itemId: items[3]?.id, kind: 'offline', result: 'number_taken' },
      ]);
      for (const replay of answers.filter((answer) => answer.accepted.length === 0)) {
        expect(replay).toMatchObject({ duplicates: items.map((i) => i.id), merged: [] });
      }
      expect(await repository.findTicket(offline.ticketId)).toMatchObject({ number: 'А-К1-01', state: 'waiting' });
      expect(await repository.findTicket(online.ticketId)).toMatchObject({ printed: 'no', state: 'dropped' });
      expect((await repository.findTicket(foreign.ticketId))?.state).toBe('waiting');
      expect(await repository.findTicket(taken.ticketId)).toBeUndefined();

      // Already so: unchanged. A merge that fails (an office that does not exist) fails alone.
      const [again, broken] = [item(), item()];
      const answer = await second.appendOutbox('k1', [again, broken], T3, [
        { itemId: again.id, kind: 'print_outcome', ticketId: online.ticketId, printed: 'no' },
        { itemId: broken.id, kind: 'offline', ticket: { ...newTicket({ officeId: 'gone' }), number: 'А-К1-02' } },
      ]);
      expect(answer.accepted).toEqual([again.id, broken.id]);
      expect(answer.merged.map((m) => m.result)).toEqual(['unchanged', 'failed']);
    }),
  );

  it(
    'merges an offline check-in: the booking used by it, or the ticket queued with the reason it could not be',
    withStore(async ({ repository }) => {
      await office(repository, 'o1');
      await office(repository, 'o2');
      await repository.upsertBooking(booking('20000001'));
      await repository.upsertBooking(booking('20000002', { state: 'cancelled' }));
      await repository.upsertBooking(booking('20000003', { officeId: 'o2' }));
      let n = 0;
      const checkIn = async (code: string | undefined) => {
        n += 1;
        const ticket = {
          ...newTicket({ source: 'offline', priority: true, kioskSeq: n }),
          number: `А-К1-0${n}`,
        };
        const entry = item('ticket.offline');
        const merge: TicketMerge = {
          itemId: entry.id,
          kind: 'offline',
          ticket,
          offlineBooking: code === undefined ? {} : { code },
        };
        const answer = await repository.appendOutbox('k1', [entry], T2, [merge]);
        expect(answer.merged.map((m) => m.result)).toEqual(['applied']);
        return (await repository.findTicket(ticket.ticketId)) as TicketRecord;
      };
      const first = await checkIn('20000001');
      expect(first.bookingProblem).toBeUndefined();
      expect(await repository.findBooking('20000001')).toMatchObject({ state: 'checked_in', ticketId: first.ticketId });
      expect(await checkIn('20000001')).toMatchObject({
        state: 'waiting',
        bookingProblem: 'used_twice',
        bookingUsedBy: first.number,
      });
      expect((await checkIn('20000002')).bookingProblem).toBe('cancelled');
      expect((await checkIn('20000003')).bookingProblem).toBe('unknown');
      expect((await checkIn(undefined)).bookingProblem).toBe('unknown');

      // Abandoned: the ticket leaves the queue and gives its booking back.
      const abandon = item('ticket.abandoned');
      const answer = await repository.appendOutbox('k1', [abandon], T3, [
        { itemId: abandon.id, kind: 'abandoned', ticketId: first.ticketId },
      ]);
      expect(answer.merged.map((m) => m.result)).toEqual(['applied']);
      expect(await repository.findBooking('20000001')).toEqual(booking('20000001'));
      expect((await repository.findTicket(first.ticketId))?.state).toBe('dropped');
    }),
  );
}

const DAY = '2026-12-07';
const NEXT_DAY = '2026-12-08';
const T0 = '2026-12-07T08:00:00.000Z';
const T1 = '2026-12-07T09:00:00.000Z';
const T2 = '2026-12-07T10:00:00.000Z';
const T3 = '2026-12-07T11:00:00.000Z';

async function office(repository: HubRepository, id: string, name = `Office ${id}`): Promise<void> {
  await repository.upsertOffice({ id, name, regionId: 'r1' });
}

/** An enrolled kiosk (a fleet token's request, approved at once as on the demo hub). */
async function kiosk(repository: HubRepository, id: string, officeId: string): Promise<void> {
  const answer = await repository.enrollWithToken({
    kioskId: id,
    officeId,
    requestSecretHash: `secret-${id}`,
    newRequestId: `req-${id}`,
    credentialHash: `cred-${id}`,
    at: T0,
    autoApproveNewKiosks: true,
  });
  expect(answer.status).toBe('enrolled');
}

function newTicket(overrides: Partial<NewTicket> = {}): NewTicket {
  return {
    ticketId: randomUUID(),
    officeId: 'o1',
    kioskId: 'k1',
    serviceId: 's1',
    prefix: 'А',
    day: DAY,
    issuedAt: T1,
    source: 'kiosk',
    priority: false,
    followTokenHash: randomUUID(),
    ...overrides,
  };
}

function servedEntry() {
  return {
    ticketId: randomUUID(),
    officeId: 'o1',
    serviceId: 's1',
    prefix: 'А',
    day: DAY,
    source: 'kiosk' as const,
    priority: false,
    issuedAt: T0,
    window: '2',
    calledAt: T1,
    finishedAt: T2,
  };
}

function booking(code: string, overrides: Partial<BookingRecord> = {}): BookingRecord {
  return {
    code,
    officeId: 'o1',
    serviceId: 's1',
    slotStart: '2026-12-07T09:00:00.000Z',
    state: 'booked',
    ...overrides,
  };
}

/** The counters' values of issued tickets (`А-007` → 7), smallest first; throws when one was not issued. */
function sortedNumbersOf(answers: readonly IssueTicketResult[]): number[] {
  return answers
    .map((answer) => {
      if (answer.outcome !== 'issued') throw new Error(`not issued: ${answer.outcome}`);
      return Number(answer.ticket.number.slice(2));
    })
    .sort((a, b) => a - b);
}

/**
 * Opens the instances' connections before a race (several pings at once each): the racing calls
 * then overlap, instead of each waiting for its own new connection in turn.
 */
async function warmUp(...instances: HubRepository[]): Promise<void> {
  await Promise.all(instances.flatMap((instance) => Array.from({ length: 10 }, () => instance.ping())));
}

function item(kind = 'ticket.print_outcome'): OutboxItem {
  return { id: randomUUID(), kind, at: T1, payload: { note: randomUUID() } };
}
