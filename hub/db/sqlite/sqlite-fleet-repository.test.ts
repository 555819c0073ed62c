import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { healthChange, healthyState } from '../../fleet/fleet-test-support';
import { openSqliteDatabase } from './open-sqlite-database';
import { SqliteFleetRepository } from './sqlite-fleet-repository';

const minute = (n: number) => new Date(Date.parse('2026-03-02T09:00:00.000Z') + n * 60_000).toISOString();

describe('SqliteFleetRepository', () => {
  let db: ReturnType<typeof openSqliteDatabase>['db'];
  let repository: SqliteFleetRepository;
  beforeEach(() => {
    db = openSqliteDatabase(':memory:').db;
    repository = new SqliteFleetRepository(db);
  });
  afterEach(() => db.close());

  it('keeps the newest changes per kiosk within the bound, and other kiosks untouched', async () => {
    for (let n = 0; n < 12; n++) {
      const change = healthChange(healthyState({ outboxBacklog: n }), minute(n));
      await repository.recordHealth([{ kioskId: 'kiosk-1', change, receivedAt: minute(n) }], { perKiosk: 10 });
    }
    await repository.recordHealth(
      [{ kioskId: 'kiosk-2', change: healthChange(healthyState(), minute(0)), receivedAt: minute(0) }],
      { perKiosk: 10 },
    );
    const history = await repository.healthHistory('kiosk-1', 100);
    expect(history.map((entry) => entry.state.outboxBacklog)).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
    expect(await repository.healthHistory('kiosk-2', 100)).toHaveLength(1);
  });

  it("keeps the newest state by the kiosk's time, whatever the order of arrival", async () => {
    const newer = healthChange(healthyState({ outboxBacklog: 1 }), minute(5));
    const older = healthChange(healthyState({ outboxBacklog: 10 }), minute(1));
    await repository.recordHealth(
      [
        { kioskId: 'kiosk-1', change: newer, receivedAt: minute(6) },
        { kioskId: 'kiosk-1', change: older, receivedAt: minute(7) },
      ],
      { perKiosk: 10 },
    );
    const [record] = await repository.listHealth();
    expect(record).toEqual(expect.objectContaining({ hash: newer.hash, stateAt: minute(5), lastSeenAt: minute(7) }));
    expect(await repository.healthHistory('kiosk-1', 10)).toHaveLength(2);
  });

  it('batches last-seen times and never moves them back', async () => {
    await repository.recordHealth(
      [{ kioskId: 'kiosk-1', change: healthChange(healthyState(), minute(0)), receivedAt: minute(0) }],
      { perKiosk: 10 },
    );
    await repository.touchHealth(new Map([['kiosk-1', minute(5)]]));
    await repository.touchHealth(new Map([['kiosk-1', minute(3)]]));
    const [record] = await repository.listHealth();
    expect(record?.lastSeenAt).toBe(minute(5));
  });

  it('prunes history, delivered notifications and closed alerts older than the retention', async () => {
    await repository.recordHealth(
      [{ kioskId: 'kiosk-1', change: healthChange(healthyState(), minute(0)), receivedAt: minute(0) }],
      { perKiosk: 10 },
    );
    const alert = {
      id: 'a-1',
      kioskId: 'kiosk-1',
      rule: 'paper_out',
      subject: 'printer',
      severity: 'critical' as const,
      summary: 'x',
      details: {},
      openedAt: minute(0),
      flapCount: 0,
      closedAt: minute(1),
    };
    await repository.saveAlerts([alert], [{ alertId: 'a-1', event: 'closed', payload: {}, createdAt: minute(1) }]);
    const [notification] = await repository.undeliveredNotifications(10);
    // Not delivered yet: the alert stays, whatever its age.
    expect(await repository.pruneFleet(minute(60))).toBe(1);
    expect(await repository.findAlert('a-1')).toBeDefined();
    await repository.markNotificationDelivered(notification?.id ?? 0, minute(2));
    expect(await repository.pruneFleet(minute(60))).toBe(2);
    expect(await repository.findAlert('a-1')).toBeUndefined();
  });
});
