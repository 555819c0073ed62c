import { expect, it } from 'vitest';
import { healthChange, healthyState } from '../fleet/fleet-test-support';
import type { AlertRecord, FleetRepository, HealthChangeEntry, NewAlertNotification } from './fleet-repository';

/**
 * One fleet store under the contract: a fresh, empty store for the test (`repository`), `another`
 * instance on the same data (a second SQLite connection, a second PostgreSQL pool: a second hub
 * process), and `close`, which closes every instance it opened.
 */
export interface FleetContractStore {
  repository: FleetRepository;
  another(): Promise<FleetRepository>;
  close(): Promise<void>;
}

const minute = (n: number) => new Date(Date.parse('2026-03-02T09:00:00.000Z') + n * 60_000).toISOString();

const change = (kioskId: string, n: number, receivedAt = minute(n)): HealthChangeEntry => ({
  kioskId,
  change: healthChange(healthyState({ outboxBacklog: n }), minute(n)),
  receivedAt,
});

function alert(changes: Partial<AlertRecord> = {}): AlertRecord {
  return {
    id: 'a-1',
    kioskId: 'kiosk-1',
    rule: 'paper_out',
    subject: 'printer',
    severity: 'critical',
    summary: 'В принтере талонов кончилась бумага',
    details: { roll: 'main', left: 0, jammed: false },
    openedAt: minute(0),
    flapCount: 0,
    ...changes,
  };
}

const note = (
  alertId: string,
  event: NewAlertNotification['event'],
  createdAt = minute(0),
  payload: Record<string, unknown> = { event, alertId },
): NewAlertNotification => ({ alertId, event, payload, createdAt });

/** The contract's claims: `holder` takes the queue at minute `at` for a minute. */
const claim = (holder: string, at = 10) => ({ holder, now: minute(at), until: minute(at + 1) });

/** `count` calls of `call`, alternating between two instances, all in flight at once. */
function race<T>(
  count: number,
  one: FleetRepository,
  two: FleetRepository,
  call: (store: FleetRepository, n: number) => Promise<T>,
) {
  return Promise.all(Array.from({ length: count }, (_, n) => call(n % 2 === 0 ? one : two, n)));
}

/**
 * The tests every `FleetRepository` passes, one body for both stores: call inside a `describe` of
 * the store's test file, with how to open a fresh store (closed by the contract after each test).
 */
export function fleetRepositoryContract(openStore: () => Promise<FleetContractStore>): void {
  const withStore = (test: (store: FleetContractStore) => Promise<void>) => async () => {
    const store = await openStore();
    try {
      await test(store);
    } finally {
      await store.close();
    }
  };

  it(
    'keeps the newest changes per kiosk within the bound, the newest first, and other kiosks untouched',
    withStore(async ({ repository }) => {
      for (let n = 0; n < 12; n++) await repository.recordHealth([change('kiosk-1', n)], { perKiosk: 10 });
      await repository.recordHealth([change('kiosk-2', 0)], { perKiosk: 10 });
      const history = await repository.healthHistory('kiosk-1', 100);
      expect(history.map((entry) => entry.state.outboxBacklog)).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
      expect(history[0]).toEqual({
        hash: healthChange(healthyState({ outboxBacklog: 11 }), minute(11)).hash,
        state: healthyState({ outboxBacklog: 11 }),
        stateAt: minute(11),
        receivedAt: minute(11),
      });
      expect(await repository.healthHistory('kiosk-1', 3)).toHaveLength(3);
      expect(await repository.healthHistory('kiosk-2', 100)).toHaveLength(1);
      expect(await repository.healthHistory('kiosk-3', 100)).toEqual([]);
    }),
  );

  it(
    "keeps the newest state by the kiosk's time, whatever the order of arrival, and the latest last-seen",
    withStore(async ({ repository }) => {
      const newer = change('kiosk-1', 5, minute(6));
      const older = change('kiosk-1', 1, minute(7));
      // The same instant written in another zone is not older.
      const sameInMoscow = {
        kioskId: 'kiosk-2',
        change: healthChange(healthyState({ outboxBacklog: 2 }), '2026-03-02T12:05:00.000+03:00'),
        receivedAt: minute(8),
      };
      await repository.recordHealth([newer, older, change('kiosk-2', 5), sameInMoscow], { perKiosk: 10 });
      expect(await repository.listHealth()).toEqual([
        {
          kioskId: 'kiosk-1',
          lastSeenAt: minute(7),
          hash: newer.change.hash,
          state: newer.change.state,
          stateAt: minute(5),
        },
        {
          kioskId: 'kiosk-2',
          lastSeenAt: minute(8),
          hash: sameInMoscow.change.hash,
          state: sameInMoscow.change.state,
          stateAt: '2026-03-02T12:05:00.000+03:00',
        },
      ]);
      expect(await repository.healthHistory('kiosk-1', 10)).toHaveLength(2);
    }),
  );

  it(
    'writes last-seen times in batches, never moving them back, and skips kiosks it has no row for',
    withStore(async ({ repository }) => {
      await repository.recordHealth([change('kiosk-1', 0), change('kiosk-2', 0)], { perKiosk: 10 });
      await repository.touchHealth(
        new Map([
          ['kiosk-1', minute(5)],
          ['kiosk-2', minute(4)],
          ['kiosk-9', minute(5)],
        ]),
      );
      await repository.touchHealth(new Map([['kiosk-1', minute(3)]]));
      await repository.touchHealth(new Map());
      const seen = (await repository.listHealth()).map((record) => [record.kioskId, record.lastSeenAt]);
      expect(seen).toEqual([
        ['kiosk-1', minute(5)],
        ['kiosk-2', minute(4)],
      ]);
    }),
  );

  it(
    "keeps a kiosk's latest content state and reconciliation, beside its health or alone",
    withStore(async ({ repository }) => {
      await repository.recordContentState('kiosk-1', { state: 'downloading', version: 4, bytesDone: 10 }, minute(1));
      await repository.recordContentState('kiosk-1', { state: 'current', version: 4 }, minute(2));
      await repository.recordReconciliation('kiosk-2', { at: minute(3), matched: false });
      await repository.recordReconciliation('kiosk-1', { at: minute(4), matched: true });
      await repository.recordHealth([change('kiosk-2', 5)], { perKiosk: 10 });
      expect(await repository.listHealth()).toEqual([
        {
          kioskId: 'kiosk-1',
          lastSeenAt: minute(2),
          content: { state: 'current', version: 4 },
          reconciliation: { at: minute(4), matched: true },
        },
        {
          kioskId: 'kiosk-2',
          lastSeenAt: minute(5),
          hash: expect.any(String),
          state: healthyState({ outboxBacklog: 5 }),
          stateAt: minute(5),
          reconciliation: { at: minute(3), matched: false },
        },
      ]);
    }),
  );

  it(
    'keeps alerts whole, and finds them open, by id, by rule and subject, and by the time they opened',
    withStore(async ({ repository }) => {
      const first = alert({ id: 'a-1', openedAt: minute(0), closedAt: minute(5), flapCount: 2, reopenedAt: minute(3) });
      const second = alert({
        id: 'a-2',
        openedAt: minute(10),
        acknowledgedAt: minute(11),
        acknowledgedBy: 'tech-7',
      });
      const other = alert({
        id: 'a-3',
        kioskId: 'kiosk-2',
        rule: 'kiosk_silent',
        subject: 'kiosk',
        openedAt: minute(8),
      });
      expect(await repository.saveAlerts([first, second, other], [])).toEqual({ refused: [] });

      expect(await repository.findAlert('a-1')).toEqual(first);
      expect(await repository.findAlert('a-9')).toBeUndefined();
      expect(await repository.openAlerts()).toEqual([other, second]);
      expect(await repository.openAlerts('kiosk-1')).toEqual([second]);
      expect(await repository.openAlerts('kiosk-3')).toEqual([]);
      expect(await repository.latestAlert('kiosk-1', 'paper_out', 'printer')).toEqual(second);
      expect(await repository.latestAlert('kiosk-1', 'paper_out', 'scanner')).toBeUndefined();
      expect(await repository.listAlerts({ limit: 10 })).toEqual([second, other, first]);
      expect(await repository.listAlerts({ since: minute(8), limit: 10 })).toEqual([second, other]);
      expect(await repository.listAlerts({ limit: 1 })).toEqual([second]);
    }),
  );

  it(
    'saves an alert only when it moves on from what is stored, and queues the notifications of those saved',
    withStore(async ({ repository }) => {
      const opened = alert();
      expect(await repository.saveAlerts([opened], [note('a-1', 'opened')])).toEqual({ refused: [] });
      // Another id for the same kiosk, rule and subject while one is open: a second evaluation's.
      expect(await repository.saveAlerts([alert({ id: 'a-2' })], [note('a-2', 'opened')])).toEqual({
        refused: ['a-2'],
      });
      // A change without a notification is kept while open.
      const warmer = { ...opened, severity: 'warning' as const, details: { left: 1 } };
      expect(await repository.saveAlerts([warmer], [])).toEqual({ refused: [] });
      const acknowledged = { ...warmer, acknowledgedAt: minute(1), acknowledgedBy: 'tech-7' };
      expect(await repository.saveAlerts([acknowledged], [note('a-1', 'acknowledged', minute(1))])).toEqual({
        refused: [],
      });
      expect(
        await repository.saveAlerts(
          [{ ...warmer, acknowledgedAt: minute(2), acknowledgedBy: 'tech-8' }],
          [note('a-1', 'acknowledged', minute(2))],
        ),
      ).toEqual({ refused: ['a-1'] });
      // Re-opening an open alert, or acknowledging one never stored: refused.
      expect(await repository.saveAlerts([{ ...warmer, flapCount: 1 }], [note('a-1', 'reopened')])).toEqual({
        refused: ['a-1'],
      });
      expect(await repository.saveAlerts([alert({ id: 'a-9' })], [note('a-9', 'acknowledged')])).toEqual({
        refused: ['a-9'],
      });
      const closed = { ...acknowledged, closedAt: minute(3) };
      expect(await repository.saveAlerts([closed], [note('a-1', 'closed', minute(3))])).toEqual({ refused: [] });
      expect(await repository.saveAlerts([{ ...closed, closedAt: minute(4) }], [note('a-1', 'closed')])).toEqual({
        refused: ['a-1'],
      });
      // A late change of the closed alert would open it again: refused.
      expect(await repository.saveAlerts([warmer], [])).toEqual({ refused: ['a-1'] });
      // Now a new episode may open, and the closed one may be re-opened only while none is open.
      const reopened = { ...warmer, reopenedAt: minute(5), flapCount: 1 };
      expect(await repository.saveAlerts([alert({ id: 'a-3', openedAt: minute(5) })], [note('a-3', 'opened')])).toEqual(
        { refused: [] },
      );
      expect(await repository.saveAlerts([reopened], [note('a-1', 'reopened', minute(5))])).toEqual({
        refused: ['a-1'],
      });

      expect(await repository.findAlert('a-1')).toEqual(closed);
      expect(await repository.openAlerts()).toEqual([alert({ id: 'a-3', openedAt: minute(5) })]);
      const queued = await repository.undeliveredNotifications(100);
      expect(queued.map((n) => [n.alertId, n.event])).toEqual([
        ['a-1', 'opened'],
        ['a-1', 'acknowledged'],
        ['a-1', 'closed'],
        ['a-3', 'opened'],
      ]);
    }),
  );

  it(
    'delivers the queue in order: undelivered ones oldest first, delivered and failed attempts recorded',
    withStore(async ({ repository }) => {
      const payload = { event: 'opened', at: minute(0), alert: { id: 'a-1', nested: { z: 1, a: [2, 3] } } };
      await repository.saveAlerts([alert()], [note('a-1', 'opened', minute(0), payload)]);
      await repository.saveAlerts(
        [alert({ closedAt: minute(1) })],
        [note('a-1', 'closed', minute(1), { event: 'closed' })],
      );
      const [first, second] = await repository.undeliveredNotifications(10);
      expect(first).toEqual({
        id: expect.any(Number),
        alertId: 'a-1',
        event: 'opened',
        payload,
        createdAt: minute(0),
        attempts: 0,
        nextAttemptAt: minute(0),
      });
      // Key order kept: the webhook's body is this payload as stored.
      expect(JSON.stringify(first?.payload)).toBe(JSON.stringify(payload));
      expect(second?.id).toBeGreaterThan(first?.id ?? Number.POSITIVE_INFINITY);
      expect(await repository.undeliveredNotifications(1)).toEqual([first]);

      await repository.markNotificationFailed(first?.id ?? 0, {
        attempts: 1,
        nextAttemptAt: minute(2),
        error: `status 500 ${'x'.repeat(400)}`,
      });
      const [failed] = await repository.undeliveredNotifications(1);
      expect(failed).toEqual(
        expect.objectContaining({
          id: first?.id,
          attempts: 1,
          nextAttemptAt: minute(2),
          lastError: expect.any(String),
        }),
      );
      expect(failed?.lastError).toHaveLength(300);
      await repository.markNotificationDelivered(first?.id ?? 0, minute(3));
      expect(await repository.undeliveredNotifications(10)).toEqual([second]);
    }),
  );

  it(
    'lets one holder at a time claim the head of the queue, renewing its own lease, until it runs out',
    withStore(async ({ repository }) => {
      await repository.saveAlerts([alert()], [note('a-1', 'opened')]);
      await repository.saveAlerts([alert({ closedAt: minute(1) })], [note('a-1', 'closed', minute(1))]);
      const [first, second] = await repository.undeliveredNotifications(10);

      expect(await repository.claimNotifications(1, claim('one', 10))).toEqual([first]);
      expect(await repository.claimNotifications(10, claim('two', 10))).toEqual([]);
      expect(await repository.claimNotifications(10, claim('one', 10.5))).toEqual([first, second]);
      // `one`'s lease ends at minute 11.5: then another may take over.
      expect(await repository.claimNotifications(1, claim('two', 11))).toEqual([]);
      expect(await repository.claimNotifications(1, claim('two', 11.5))).toEqual([first]);
      // A failed attempt ends the claim of that one: any holder may retry it.
      await repository.markNotificationFailed(first?.id ?? 0, { attempts: 1, nextAttemptAt: minute(12), error: 'x' });
      expect(await repository.claimNotifications(10, claim('one', 11.6))).toEqual([
        expect.objectContaining({ id: first?.id, attempts: 1 }),
        second,
      ]);
      await repository.markNotificationDelivered(first?.id ?? 0, minute(12));
      expect(await repository.claimNotifications(10, claim('two', 12))).toEqual([]); // `one` holds the second till 12.6
      expect(await repository.claimNotifications(10, claim('two', 13))).toEqual([second]);
      await repository.markNotificationDelivered(second?.id ?? 0, minute(13));
      expect(await repository.claimNotifications(10, claim('one', 13))).toEqual([]);
    }),
  );

  it(
    'prunes history, delivered notifications and closed alerts older than the retention, keeping the undelivered',
    withStore(async ({ repository }) => {
      await repository.recordHealth([change('kiosk-1', 0), change('kiosk-1', 90)], { perKiosk: 10 });
      await repository.saveAlerts(
        [alert({ closedAt: minute(1) }), alert({ id: 'a-2', kioskId: 'kiosk-2' })],
        [note('a-1', 'closed', minute(1))],
      );
      const [notification] = await repository.undeliveredNotifications(10);
      // Not delivered yet: the alert stays, whatever its age; the open one stays too.
      expect(await repository.pruneFleet(minute(60))).toBe(1);
      expect(await repository.findAlert('a-1')).toBeDefined();
      await repository.markNotificationDelivered(notification?.id ?? 0, minute(2));
      expect(await repository.pruneFleet(minute(60))).toBe(2);
      expect(await repository.findAlert('a-1')).toBeUndefined();
      expect(await repository.findAlert('a-2')).toBeDefined();
      expect((await repository.healthHistory('kiosk-1', 10)).map((entry) => entry.stateAt)).toEqual([minute(90)]);
      expect(await repository.pruneFleet(minute(60))).toBe(0);
    }),
  );

  it(
    'opens one alert per kiosk, rule and subject when two instances evaluate at once',
    withStore(async ({ repository, another }) => {
      const second = await another();
      // Twenty evaluations that each saw no open alert, over both instances at once.
      const outcomes = await race(20, repository, second, (store, n) =>
        store.saveAlerts([alert({ id: `a-${n}` })], [note(`a-${n}`, 'opened')]),
      );
      const saved = outcomes.filter((outcome) => outcome.refused.length === 0);
      expect(saved).toHaveLength(1);
      const open = await second.openAlerts('kiosk-1');
      expect(open).toHaveLength(1);
      expect((await repository.undeliveredNotifications(100)).map((n) => [n.alertId, n.event])).toEqual([
        [open[0]?.id, 'opened'],
      ]);
    }),
  );

  it(
    'closes, acknowledges and re-opens an alert once when two instances do it at once',
    withStore(async ({ repository, another }) => {
      const second = await another();
      const opened = alert();
      await repository.saveAlerts([opened], []);
      await race(20, repository, second, (store, n) =>
        store.saveAlerts(
          [{ ...opened, acknowledgedAt: minute(1), acknowledgedBy: `tech-${n}` }],
          [note('a-1', 'acknowledged', minute(1))],
        ),
      );
      await race(20, repository, second, (store, n) =>
        store.saveAlerts([{ ...opened, closedAt: minute(2 + n) }], [note('a-1', 'closed', minute(2))]),
      );
      const closed = await repository.findAlert('a-1');
      await race(20, repository, second, (store) =>
        store.saveAlerts([{ ...opened, reopenedAt: minute(30), flapCount: 1 }], [note('a-1', 'reopened', minute(30))]),
      );
      expect(closed?.closedAt).toBeDefined();
      expect(await repository.findAlert('a-1')).toEqual({ ...opened, reopenedAt: minute(30), flapCount: 1 });
      expect((await second.undeliveredNotifications(100)).map((n) => n.event)).toEqual([
        'acknowledged',
        'closed',
        'reopened',
      ]);
    }),
  );

  it(
    'gives the head of the queue to one holder when two instances claim at once',
    withStore(async ({ repository, another }) => {
      const second = await another();
      await repository.saveAlerts([alert()], [note('a-1', 'opened'), note('a-1', 'opened', minute(1))]);
      const claims = await race(20, repository, second, (store, n) =>
        store.claimNotifications(2, claim(`holder-${n}`)),
      );
      const winners = claims.filter((claimed) => claimed.length > 0);
      expect(winners).toHaveLength(1);
      expect(winners[0]).toHaveLength(2);
    }),
  );

  it(
    "keeps each kiosk's history bound and newest state when two instances write its health at once",
    withStore(async ({ repository, another }) => {
      const second = await another();
      const kiosks = ['kiosk-1', 'kiosk-2', 'kiosk-3'];
      // Batches naming the kiosks in different orders, beside last-seen writes: none waits on another forever.
      await race(20, repository, second, async (store, n) => {
        const batch = (n % 2 === 0 ? kiosks : [...kiosks].reverse()).map((kioskId) => change(kioskId, n));
        await store.recordHealth(batch, { perKiosk: 5 });
        await store.touchHealth(new Map([...kiosks].reverse().map((kioskId) => [kioskId, minute(n + 100)])));
      });
      for (const kioskId of kiosks) {
        const history = await repository.healthHistory(kioskId, 100);
        expect(history).toHaveLength(5);
      }
      const health = await second.listHealth();
      expect(health.map((record) => [record.kioskId, record.stateAt, record.lastSeenAt])).toEqual(
        kiosks.map((kioskId) => [kioskId, minute(19), minute(119)]),
      );
    }),
  );
}
