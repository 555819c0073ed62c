import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { postgresMissing, useTestPostgres } from '../../../test/support/postgres';
import { usePools } from '../../../test/support/postgres-pools';
import type { LookupLogEntry } from '../hub-repository';
import { migratePostgres } from './migrate-postgres';
import { POSTGRES_MIGRATIONS } from './migrations/migrations';
import { PostgresBatchedWriter } from './postgres-batched-writer';

const entry = (n: number): LookupLogEntry => ({
  at: `2026-12-07T10:00:${String(n).padStart(2, '0')}.000Z`,
  kioskId: `k${n % 3}`,
  maskedNumber: `АБ-***${n}`,
  outcome: 'found',
});

describe.skipIf(postgresMissing())('PostgresBatchedWriter (the lookup log and last contacts on PostgreSQL)', () => {
  const server = useTestPostgres();
  const openPool = usePools();

  async function migratedPool(): Promise<pg.Pool> {
    const pool = openPool(server().config(await server().createDatabase()));
    await migratePostgres(pool, POSTGRES_MIGRATIONS);
    await pool.query("INSERT INTO offices (id, name, region_id) VALUES ('o1', 'Office', 'r1')");
    await pool.query(
      `INSERT INTO kiosks (id, office_id, credential_hash, enrolled_at, enrolled_via)
       SELECT id, 'o1', 'hash', '2026-12-01T00:00:00.000Z', 'token' FROM unnest($1::text[]) AS id`,
      [['k0', 'k1', 'k2']],
    );
    return pool;
  }

  const logged = async (pool: pg.Pool) =>
    (
      await pool.query<{ at: string; kiosk_id: string; masked_number: string; outcome: string }>(
        'SELECT at, kiosk_id, masked_number, outcome FROM lookup_log ORDER BY id',
      )
    ).rows.map((row) => ({ at: row.at, kioskId: row.kiosk_id, maskedNumber: row.masked_number, outcome: row.outcome }));
  const lastSeen = async (pool: pg.Pool) =>
    Object.fromEntries(
      (
        await pool.query<{ id: string; last_seen_at: string | null }>('SELECT id, last_seen_at FROM kiosks ORDER BY id')
      ).rows.map((row) => [row.id, row.last_seen_at]),
    );

  it('writes the entries in the order they came and each kiosk’s newest contact, in batches on its timer', async () => {
    const pool = await migratedPool();
    const errors: unknown[] = [];
    const writer = new PostgresBatchedWriter(pool, { flushEveryMs: 5, onError: (error) => errors.push(error) });
    const entries = Array.from({ length: 40 }, (_, n) => entry(n));
    for (const e of entries.slice(0, 20)) writer.appendLookupLog(e);
    writer.touchKiosk('k1', '2026-12-07T10:00:01.000Z');
    writer.touchKiosk('k1', '2026-12-07T10:00:02.000Z');
    writer.touchKiosk('k2', '2026-12-07T10:00:03.000Z');
    // Nothing waits for a flush: the timer writes them.
    await expect.poll(() => logged(pool), { timeout: 10_000 }).toHaveLength(20);
    for (const e of entries.slice(20)) writer.appendLookupLog(e);
    await expect.poll(() => logged(pool), { timeout: 10_000 }).toEqual(entries);
    expect(await lastSeen(pool)).toEqual({ k0: null, k1: '2026-12-07T10:00:02.000Z', k2: '2026-12-07T10:00:03.000Z' });
    await writer.close();
    expect(errors).toEqual([]);
  });

  it('writes what waits on flush and on close, and loses nothing on a normal close', async () => {
    const pool = await migratedPool();
    // A timer that never fires within the test: only flush and close write.
    const writer = new PostgresBatchedWriter(pool, {
      flushEveryMs: 3_600_000,
      onError: (error) => expect.fail(String(error)),
    });
    writer.appendLookupLog(entry(1));
    expect(await logged(pool)).toEqual([]);
    await writer.flush();
    expect(await logged(pool)).toEqual([entry(1)]);
    const rest = Array.from({ length: 700 }, (_, n) => entry(n % 60));
    for (const e of rest) writer.appendLookupLog(e);
    writer.touchKiosk('k0', '2026-12-07T11:00:00.000Z');
    await writer.close();
    expect(await logged(pool)).toEqual([entry(1), ...rest]);
    expect((await lastSeen(pool)).k0).toBe('2026-12-07T11:00:00.000Z');
    expect(() => writer.appendLookupLog(entry(2))).toThrow(/closed/);
  });

  it('tells a failed batch to onError and keeps writing the next ones', async () => {
    const pool = await migratedPool();
    const errors: unknown[] = [];
    const writer = new PostgresBatchedWriter(pool, { flushEveryMs: 3_600_000, onError: (error) => errors.push(error) });
    // NOT NULL refuses this batch.
    writer.appendLookupLog({ ...entry(1), maskedNumber: null as unknown as string });
    await expect(writer.flush()).resolves.toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toMatch(/null value/);
    writer.appendLookupLog(entry(2));
    await writer.close();
    expect(await logged(pool)).toEqual([entry(2)]);
    expect(errors).toHaveLength(1);
  });

  it('commits its batches without waiting for the WAL flush, and leaves the connection as it was', async () => {
    const admin = await migratedPool();
    const { rows } = await admin.query<{ db: string }>('SELECT current_database() AS db');
    const db = rows[0]?.db as string;
    // Synchronous by default in this database, as on a real hub (the test server's default is off).
    await admin.query(`ALTER DATABASE ${pg.escapeIdentifier(db)} SET synchronous_commit = on`);
    // One connection: the batch's and the check's after it.
    const pool = openPool({ ...server().config(db), max: 1 });
    const atCommit: string[] = [];
    const watched = new WeakSet<pg.PoolClient>();
    pool.on('acquire', (client) => {
      if (watched.has(client)) return;
      watched.add(client);
      const query = client.query.bind(client) as (...args: unknown[]) => Promise<pg.QueryResult>;
      // Asked inside the transaction, just before its COMMIT goes out (a connection runs its queries in order).
      (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
        if (args[0] === 'COMMIT') {
          void query('SHOW synchronous_commit').then((result) => atCommit.push(result.rows[0].synchronous_commit));
        }
        return query(...args);
      };
    });
    const writer = new PostgresBatchedWriter(pool, {
      flushEveryMs: 3_600_000,
      onError: (error) => expect.fail(String(error)),
    });
    writer.appendLookupLog(entry(1));
    await writer.flush();
    expect(atCommit).toEqual(['off']);
    const after = await pool.query<{ synchronous_commit: string }>('SHOW synchronous_commit');
    expect(after.rows[0]?.synchronous_commit).toBe('on');
    await writer.close();
  });
});
