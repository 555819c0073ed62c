import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postgresMissing, useTestPostgres } from '../../../test/support/postgres';
import { endPool } from '../../../test/support/postgres-pools';
import { migrationLabel, newestVersion } from '../migration';
import { migratePostgres } from './migrate-postgres';
import { POSTGRES_MIGRATIONS } from './migrations/migrations';

const NEWEST = newestVersion(POSTGRES_MIGRATIONS);

describe.skipIf(postgresMissing())('the PostgreSQL store’s migrations', () => {
  const server = useTestPostgres();
  let database: string;
  const pools: pg.Pool[] = [];
  const pool = () => {
    const opened = new pg.Pool(server().config(database));
    pools.push(opened);
    return opened;
  };
  const tables = async () =>
    (
      await pool().query<{ tablename: string }>(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
      )
    ).rows.map((row) => row.tablename);

  beforeEach(async () => {
    database = await server().createDatabase();
  });
  afterEach(async () => {
    await Promise.all(pools.splice(0).map(endPool));
  });

  it('creates the schema in an empty database, records each version, and applies nothing the second time', async () => {
    expect(await migratePostgres(pool(), POSTGRES_MIGRATIONS)).toEqual({
      from: 0,
      to: NEWEST,
      applied: POSTGRES_MIGRATIONS.map(migrationLabel),
    });
    expect(await tables()).toEqual(
      expect.arrayContaining(['admin_audit', 'kiosks', 'offices', 'outbox_items', 'schema_migrations']),
    );
    const recorded = await pool().query('SELECT version, name FROM schema_migrations ORDER BY version');
    expect(recorded.rows).toEqual(POSTGRES_MIGRATIONS.map(({ version, name }) => ({ version, name })));
    expect(await migratePostgres(pool(), POSTGRES_MIGRATIONS)).toEqual({ from: NEWEST, to: NEWEST, applied: [] });

    const next = { version: NEWEST + 1, name: 'kiosk-notes', sql: 'ALTER TABLE kiosks ADD COLUMN note text' };
    expect(await migratePostgres(pool(), [...POSTGRES_MIGRATIONS, next])).toEqual({
      from: NEWEST,
      to: NEWEST + 1,
      applied: [migrationLabel(next)],
    });
  });

  it('applies all pending migrations or none: a failing one rolls back the ones before it too', async () => {
    const broken = {
      version: NEWEST + 1,
      name: 'broken',
      sql: 'CREATE TABLE half (x int); SELECT * FROM no_such_table',
    };
    await expect(migratePostgres(pool(), [...POSTGRES_MIGRATIONS, broken])).rejects.toThrow(/no_such_table/);
    expect(await tables()).toEqual([]);
    expect((await migratePostgres(pool(), POSTGRES_MIGRATIONS)).applied).toHaveLength(POSTGRES_MIGRATIONS.length);
  });

  it('lets only one of two hubs starting together migrate: the other waits and finds nothing to do', async () => {
    // A slow first migration widens the window in which both would otherwise create the tables.
    const slow = [
      { version: 1, name: 'slow', sql: 'SELECT pg_sleep(0.3); CREATE TABLE first (x int)' },
      ...POSTGRES_MIGRATIONS.map((migration) => ({ ...migration, version: migration.version + 1 })),
    ];
    const reports = await Promise.all([migratePostgres(pool(), slow), migratePostgres(pool(), slow)]);
    const applied = reports.map((report) => report.applied.length).sort();
    expect(applied).toEqual([0, slow.length]);
    const recorded = await pool().query('SELECT count(*)::int AS n FROM schema_migrations');
    expect(recorded.rows[0]).toEqual({ n: slow.length });
  });

  it('refuses a database newer than the code', async () => {
    await migratePostgres(pool(), POSTGRES_MIGRATIONS);
    await pool().query("INSERT INTO schema_migrations (version, name) VALUES (99, 'future')");
    await expect(migratePostgres(pool(), POSTGRES_MIGRATIONS)).rejects.toThrow(
      /schema version 99, newer than this hub knows/,
    );
  });
});
