import type pg from 'pg';
import { type Migration, type MigrationReport, migrationLabel, newerDatabaseError, newestVersion } from '../migration';
import { inTransaction } from './postgres-transaction';
import { assertWritableServer } from './writable-server';

/**
 * The advisory lock the migration holds (any constant: advisory locks are per database). Two hub
 * instances starting together: the second waits, then finds nothing left to apply.
 */
const MIGRATION_LOCK_KEY = 0x6f6b6e6f; // "okno"

/**
 * Brings a PostgreSQL database to the newest schema in ONE transaction (PostgreSQL's DDL is
 * transactional): either every pending migration is applied and recorded in `schema_migrations`,
 * or none is. Refuses a database newer than the code, and a standby or read-only server by name
 * (rather than failing on the first CREATE).
 */
export async function migratePostgres(pool: pg.Pool, migrations: readonly Migration[]): Promise<MigrationReport> {
  return inTransaction(pool, async (client) => {
    await assertWritableServer(client);
    // Taken before anything is read or created, released by COMMIT or ROLLBACK.
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version     integer PRIMARY KEY,
      name        text NOT NULL,
      applied_at  timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query<{ version: number | null }>(
      'SELECT max(version) AS version FROM schema_migrations',
    );
    const from = rows[0]?.version ?? 0;
    const newest = newestVersion(migrations);
    if (from > newest) throw newerDatabaseError(from, newest);
    const applied: string[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (migration.version <= from) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      applied.push(migrationLabel(migration));
    }
    return { from, to: Math.max(from, newest), applied };
  });
}
