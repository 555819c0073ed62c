import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { type MigrationReport, migrate } from './migrate';
import { SQLITE_MIGRATIONS } from './migrations/migrations';

/** An open, migrated hub database and what the migration did. */
export interface OpenedSqliteDatabase {
  db: Database.Database;
  migration: MigrationReport;
}

/**
 * Opens (creating if needed) the hub's SQLite file and migrates it.
 *
 * WAL lets lookups read while a write commits and lets the admin CLI work on a running hub's
 * file; `synchronous = FULL` because an outbox batch the hub has acknowledged is deleted on the
 * kiosk, so it must survive a power cut here. A busy timeout rides out the admin CLI's writes.
 */
export function openSqliteDatabase(file: string): OpenedSqliteDatabase {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const migration = migrate(db, SQLITE_MIGRATIONS);
    return { db, migration };
  } catch (error) {
    db.close();
    throw error;
  }
}
