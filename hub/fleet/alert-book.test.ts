import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../db/sqlite/open-sqlite-database';
import { SqliteFleetRepository } from '../db/sqlite/sqlite-fleet-repository';
import { AlertBook } from './alert-book';
import type { AlertCondition } from './alert-rules';

const paperOut: AlertCondition = {
  rule: 'paper_out',
  subject: 'printer',
  severity: 'critical',
  summary: 'В принтере талонов кончилась бумага',
  details: {},
};
const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

describe('AlertBook', () => {
  let db: ReturnType<typeof openSqliteDatabase>['db'];
  let repository: SqliteFleetRepository;
  let book: AlertBook;
  let queued: number;

  beforeEach(() => {
    db = openSqliteDatabase(':memory:').db;
    repository = new SqliteFleetRepository(db);
    queued = 0;
    book = new AlertBook({ repository, flapWindowMs: 30 * 60_000, onQueued: () => queued++ });
  });
  afterEach(() => db.close());

  const events = async () => (await repository.undeliveredNotifications(100)).map((n) => n.event);

  it('opens, is acknowledged by a person, and closes when the condition clears', async () => {
    const open = await book.apply('kiosk-1', [paperOut], [], at(0));
    expect(open).toEqual([expect.objectContaining({ rule: 'paper_out', flapCount: 0 })]);
    const id = open[0]?.id ?? '';

    // Still holding: nothing new.
    expect(await book.apply('kiosk-1', [paperOut], open, at(1))).toEqual(open);
    const acknowledged = await book.acknowledge(id, 'tech-7', at(2));
    expect(acknowledged).toEqual({
      outcome: 'acknowledged',
      alert: expect.objectContaining({ acknowledgedBy: 'tech-7', acknowledgedAt: at(2).toISOString() }),
    });
    expect((await book.acknowledge(id, 'tech-8', at(3))).outcome).toBe('already_acknowledged');

    const after = await book.apply('kiosk-1', [], await repository.openAlerts('kiosk-1'), at(4));
    expect(after).toEqual([]);
    expect(await repository.findAlert(id)).toEqual(
      expect.objectContaining({ closedAt: at(4).toISOString(), acknowledgedBy: 'tech-7' }),
    );
    expect((await book.acknowledge(id, 'tech-7', at(5))).outcome).toBe('closed');
    expect(await events()).toEqual(['opened', 'acknowledged', 'closed']);
    expect(queued).toBe(3);
  });

  it('folds a flap within the window into the same alert, counted, and needing a new acknowledgement', async () => {
    const [first] = await book.apply('kiosk-1', [paperOut], [], at(0));
    await book.acknowledge(first?.id ?? '', 'tech-7', at(1));
    await book.apply('kiosk-1', [], await repository.openAlerts('kiosk-1'), at(2));
    const [again] = await book.apply('kiosk-1', [paperOut], [], at(20));
    expect(again?.id).toBe(first?.id);
    expect(again).toEqual(expect.objectContaining({ flapCount: 1, reopenedAt: at(20).toISOString() }));
    expect(again?.acknowledgedAt).toBeUndefined();
    expect(again?.closedAt).toBeUndefined();
    expect(await events()).toEqual(['opened', 'acknowledged', 'closed', 'reopened']);

    // Past the window it is a new alert.
    await book.apply('kiosk-1', [], await repository.openAlerts('kiosk-1'), at(21));
    const [later] = await book.apply('kiosk-1', [paperOut], [], at(52));
    expect(later?.id).not.toBe(first?.id);
    expect(later?.flapCount).toBe(0);
  });

  it('keeps one alert per rule and subject, and other kiosks apart', async () => {
    const nearEnd: AlertCondition = { ...paperOut, rule: 'paper_near_end', severity: 'warning' };
    const open = await book.apply('kiosk-1', [paperOut, nearEnd], [], at(0));
    await book.apply('kiosk-2', [paperOut], [], at(0));
    expect(open).toHaveLength(2);
    const remaining = await book.apply('kiosk-1', [nearEnd], open, at(1));
    expect(remaining.map((a) => a.rule)).toEqual(['paper_near_end']);
    expect((await repository.openAlerts()).map((a) => `${a.kioskId}:${a.rule}`).sort()).toEqual([
      'kiosk-1:paper_near_end',
      'kiosk-2:paper_out',
    ]);
  });

  it('answers not_found for an unknown alert', async () => {
    expect(await book.acknowledge('no-such-alert', 'tech-7', at(0))).toEqual({ outcome: 'not_found' });
  });
});

describe('AlertBook on two hub instances sharing one database', () => {
  let dir: string;
  let dbs: Array<ReturnType<typeof openSqliteDatabase>['db']>;
  let books: AlertBook[];
  let repository: SqliteFleetRepository;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'okno-alert-book-'));
    dbs = [0, 1].map(() => openSqliteDatabase(path.join(dir, 'hub.sqlite')).db);
    const [one, two] = dbs.map((db) => new SqliteFleetRepository(db));
    repository = one as SqliteFleetRepository;
    books = [one, two].map((store) => new AlertBook({ repository: store as SqliteFleetRepository, flapWindowMs: 0 }));
  });
  afterEach(() => {
    for (const db of dbs) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens one alert when both evaluate a kiosk at once, and both then know it', async () => {
    const answers = await Promise.all(books.map((book) => book.apply('kiosk-1', [paperOut], [], at(0))));
    const stored = await repository.openAlerts('kiosk-1');
    expect(stored).toHaveLength(1);
    expect(answers).toEqual([stored, stored]);
    expect((await repository.undeliveredNotifications(10)).map((n) => n.event)).toEqual(['opened']);
  });

  it('acknowledges once when two people press at once on two instances', async () => {
    const [alert] = (await books[0]?.apply('kiosk-1', [paperOut], [], at(0))) ?? [];
    const answers = await Promise.all(books.map((book, n) => book.acknowledge(alert?.id ?? '', `tech-${n}`, at(1))));
    expect(answers.map((answer) => answer.outcome).sort()).toEqual(['acknowledged', 'already_acknowledged']);
    expect((await repository.undeliveredNotifications(10)).map((n) => n.event)).toEqual(['opened', 'acknowledged']);
  });
});
