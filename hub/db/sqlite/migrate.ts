import type Database from 'better-sqlite3';
import { type Migration, type MigrationReport, migrationLabel, newerDatabaseError, newestVersion } from '../migration';

export type { Migration, MigrationReport } from '../migration';

/**
 * Brings a database to the newest schema, each migration in its own transaction and recorded
 * in `schema_migrations`, so a crash mid-way leaves a consistent, resumable database.
 *
 * Refuses a database newer than this code (an older hub started on a newer file) rather than
 * guess what the newer columns mean.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[]): MigrationReport {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const row = db.prepare('SELECT max(version) AS version FROM schema_migrations').get() as {
    version: number | null;
  };
  const from = row.version ?? 0;
  const newest = newestVersion(migrations);
  if (from > newest) throw newerDatabaseError(from, newest);
  const applied: string[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (migration.version <= from) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
    })();
    applied.push(migrationLabel(migration));
  }
  return { from, to: Math.max(from, newest), applied };
}
