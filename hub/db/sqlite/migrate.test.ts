import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from './migrate';
import { SQLITE_MIGRATIONS } from './migrations/migrations';
import { openSqliteDatabase } from './open-sqlite-database';

describe('hub database migrations', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'okno-hub-migrate-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the schema from an empty file, in WAL mode, and records each version', () => {
    const file = path.join(dir, 'nested', 'hub.sqlite');
    const { db, migration } = openSqliteDatabase(file);
    try {
      expect(migration).toEqual({ from: 0, to: SQLITE_MIGRATIONS.length, applied: ['0001-initial'] });
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      const tables = (
        db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
          name: string;
        }[]
      ).map((t) => t.name);
      expect(tables).toEqual([
        'applications',
        'enrollment_codes',
        'kiosks',
        'lookup_log',
        'offices',
        'outbox_items',
        'schema_migrations',
        'services',
      ]);
      expect(db.prepare('SELECT version, name FROM schema_migrations').all()).toEqual([
        { version: 1, name: 'initial' },
      ]);
    } finally {
      db.close();
    }
  });

  it('applies nothing the second time, and only what is new after an upgrade', () => {
    const file = path.join(dir, 'hub.sqlite');
    openSqliteDatabase(file).db.close();
    const again = openSqliteDatabase(file);
    expect(again.migration.applied).toEqual([]);
    const next = [
      ...SQLITE_MIGRATIONS,
      { version: 2, name: 'kiosk-notes', sql: 'ALTER TABLE kiosks ADD COLUMN note TEXT' },
    ];
    expect(migrate(again.db, next)).toEqual({ from: 1, to: 2, applied: ['0002-kiosk-notes'] });
    again.db.close();
  });

  it('rolls back a failing migration as a whole and leaves the version where it was', () => {
    const db = new Database(path.join(dir, 'hub.sqlite'));
    try {
      migrate(db, SQLITE_MIGRATIONS);
      const broken = { version: 2, name: 'broken', sql: 'CREATE TABLE half (x INTEGER); SELECT * FROM no_such_table;' };
      expect(() => migrate(db, [...SQLITE_MIGRATIONS, broken])).toThrow(/no_such_table/);
      expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half'").get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT max(version) AS v FROM schema_migrations').get()).toEqual({ v: 1 });
    } finally {
      db.close();
    }
  });

  it('refuses a database newer than the code', () => {
    const file = path.join(dir, 'hub.sqlite');
    const { db } = openSqliteDatabase(file);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 'x')").run();
    db.close();
    expect(() => openSqliteDatabase(file)).toThrow(/schema version 99, newer than this hub knows/);
  });
});
