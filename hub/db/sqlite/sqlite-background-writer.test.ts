import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { healthChange, healthyState } from '../../fleet/fleet-test-support';
import { openSqliteDatabase } from './open-sqlite-database';
import { SqliteBackgroundWriter } from './sqlite-background-writer';
import { SqliteFleetRepository } from './sqlite-fleet-repository';
import { SqliteHubRepository } from './sqlite-hub-repository';

describe('SqliteBackgroundWriter', () => {
  let dir: string;
  let file: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'okno-background-writer-'));
    file = path.join(dir, 'hub.sqlite');
    openSqliteDatabase(file).db.close();
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const countLog = () => {
    const db = new Database(file, { readonly: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM lookup_log').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  it('has a batch committed, seen by another connection, once write resolves', async () => {
    const writer = await SqliteBackgroundWriter.start(file);
    try {
      const params = { at: '2026-12-07T08:00:00.000Z', kioskId: 'k-1', maskedNumber: '******1234', outcome: 'found' };
      await writer.write([
        { statement: 'lookupLog', params },
        { statement: 'lookupLog', params },
      ]);
      expect(countLog()).toBe(2);
    } finally {
      await writer.close();
    }
  });

  it('fails a batch as a whole (nothing of it written) and goes on with the next', async () => {
    const writer = await SqliteBackgroundWriter.start(file);
    try {
      const params = { at: '2026-12-07T08:00:00.000Z', kioskId: 'k-1', maskedNumber: '******1234', outcome: 'found' };
      // A missing parameter fails the second row: the first must not stay either.
      await expect(
        writer.write([
          { statement: 'lookupLog', params },
          { statement: 'lookupLog', params: { at: params.at } },
        ]),
      ).rejects.toThrow();
      expect(countLog()).toBe(0);
      await writer.write([{ statement: 'lookupLog', params }]);
      expect(countLog()).toBe(1);
    } finally {
      await writer.close();
    }
    await expect(writer.write([])).rejects.toThrow(/closed/);
  });

  it('serves the repository: the log listed includes what was just appended, and close writes the rest', async () => {
    const { db } = openSqliteDatabase(file);
    const backgroundWriter = await SqliteBackgroundWriter.start(file);
    const repository = new SqliteHubRepository(db, { backgroundWriter, bufferFlushMs: 3_600_000 });
    const entry = {
      at: '2026-12-07T08:00:00.000Z',
      kioskId: 'k-1',
      maskedNumber: '******1234',
      outcome: 'found' as const,
    };
    await repository.appendLookupLog(entry);
    expect(await repository.listLookupLog(10)).toEqual([entry]);
    await repository.appendLookupLog({ ...entry, at: '2026-12-07T08:00:01.000Z' });
    await repository.close();
    expect(countLog()).toBe(2);
  });

  it('writes fleet last-seen times through the worker', async () => {
    const { db } = openSqliteDatabase(file);
    const backgroundWriter = await SqliteBackgroundWriter.start(file);
    const repository = new SqliteHubRepository(db, { backgroundWriter });
    const fleet = new SqliteFleetRepository(db, { backgroundWriter });
    try {
      const change = healthChange(healthyState());
      await fleet.recordHealth([{ kioskId: 'k-1', change, receivedAt: '2026-12-07T08:00:00.000Z' }], { perKiosk: 10 });
      await fleet.touchHealth(new Map([['k-1', '2026-12-07T09:00:00.000Z']]));
      expect((await fleet.listHealth())[0]?.lastSeenAt).toBe('2026-12-07T09:00:00.000Z');
    } finally {
      await repository.close();
    }
  });
});
