import type Database from 'better-sqlite3';

/** One versioned schema change. */
export interface Migration {
  /** 1, 2, 3…: applied in order, each once. */
  version: number;
  /** Short kebab-case name, recorded with the version. */
  name: string;
  sql: string;
}

/** What `migrate` did. */
export interface MigrationReport {
  from: number;
  to: number;
  applied: string[];
}

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
  const newest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  if (from > newest) {
    throw new Error(
      `the hub database is at schema version ${from}, newer than this hub knows (${newest}); upgrade the hub`,
    );
  }
  const applied: string[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (migration.version <= from) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
    })();
    applied.push(`${String(migration.version).padStart(4, '0')}-${migration.name}`);
  }
  return { from, to: Math.max(from, newest), applied };
}
