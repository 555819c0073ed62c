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
      const names = SQLITE_MIGRATIONS.map((m) => `${String(m.version).padStart(4, '0')}-${m.name}`);
      expect(migration).toEqual({ from: 0, to: Math.max(...SQLITE_MIGRATIONS.map((m) => m.version)), applied: names });
      expect(names.slice(0, 2)).toEqual(['0001-initial', '0002-queue']);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      const tables = (
        db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
          name: string;
        }[]
      ).map((t) => t.name);
      // Later migrations add their own tables; these are the first two's.
      expect(tables).toEqual(
        expect.arrayContaining([
          'applications',
          'bookings',
          'enrollment_codes',
          'follow_tokens',
          'kiosks',
          'lookup_log',
          'offices',
          'operator_tokens',
          'outbox_items',
          'schema_migrations',
          'services',
          'ticket_counters',
          'tickets',
        ]),
      );
      expect(db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all()).toEqual(
        SQLITE_MIGRATIONS.map(({ version, name }) => ({ version, name })),
      );
    } finally {
      db.close();
    }
  });

  it('applies nothing the second time, and only what is new after an upgrade', () => {
    const file = path.join(dir, 'hub.sqlite');
    openSqliteDatabase(file).db.close();
    const again = openSqliteDatabase(file);
    expect(again.migration.applied).toEqual([]);
    const newest = Math.max(...SQLITE_MIGRATIONS.map((m) => m.version));
    const next = [
      ...SQLITE_MIGRATIONS,
      { version: newest + 1, name: 'kiosk-notes', sql: 'ALTER TABLE kiosks ADD COLUMN note TEXT' },
    ];
    expect(migrate(again.db, next)).toEqual({
      from: newest,
      to: newest + 1,
      applied: [`${String(newest + 1).padStart(4, '0')}-kiosk-notes`],
    });
    again.db.close();
  });

  it('rolls back a failing migration as a whole and leaves the version where it was', () => {
    const db = new Database(path.join(dir, 'hub.sqlite'));
    try {
      migrate(db, SQLITE_MIGRATIONS);
      const newest = Math.max(...SQLITE_MIGRATIONS.map((m) => m.version));
      const broken = {
        version: newest + 1,
        name: 'broken',
        sql: 'CREATE TABLE half (x INTEGER); SELECT * FROM no_such_table;',
      };
      expect(() => migrate(db, [...SQLITE_MIGRATIONS, broken])).toThrow(/no_such_table/);
      expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half'").get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT max(version) AS v FROM schema_migrations').get()).toEqual({ v: newest });
    } finally {
      db.close();
    }
  });

  it('upgrades a version-1 database to the queue schema, keeping its offices and kiosks', () => {
    const file = path.join(dir, 'hub.sqlite');
    const old = new Database(file);
    migrate(old, SQLITE_MIGRATIONS.slice(0, 1));
    old.prepare("INSERT INTO offices (id, name, region_id) VALUES ('o1', 'Office', 'r')").run();
    old
      .prepare(
        "INSERT INTO kiosks (id, office_id, credential_hash, enrolled_at, enrolled_via) VALUES ('k1', 'o1', 'h', 't', 'code')",
      )
      .run();
    old.close();
    const { db, migration } = openSqliteDatabase(file);
    try {
      expect(migration.from).toBe(1);
      expect(migration.applied[0]).toBe('0002-queue');
      expect(db.prepare('SELECT time_zone, catalogue FROM offices').get()).toEqual({
        time_zone: 'Europe/Moscow',
        catalogue: null,
      });
      expect(db.prepare('SELECT offline_tag FROM kiosks').get()).toEqual({ offline_tag: null });
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
