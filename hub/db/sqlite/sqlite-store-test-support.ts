import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll } from 'vitest';
import type { StoreUnderContract } from '../store-contract';
import { openSqliteDatabase } from './open-sqlite-database';

/**
 * Opens SQLite stores for a contract suite: a file per test in a folder removed after the file's
 * tests; `another` is a second connection to the same file (a second hub process).
 */
export function sqliteStoresUnderContract<S>(make: (db: Database.Database) => S): () => Promise<StoreUnderContract<S>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'okno-sqlite-contract-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  let count = 0;
  return async () => {
    count += 1;
    const file = path.join(dir, `hub-${count}.sqlite`);
    const first = openSqliteDatabase(file).db;
    const opened = [first];
    return {
      store: make(first),
      another: async () => {
        const { db } = openSqliteDatabase(file);
        opened.push(db);
        return make(db);
      },
      addOffice: async (id, name) => {
        first.prepare("INSERT INTO offices (id, name, region_id) VALUES (?, ?, 'r1')").run(id, name);
      },
      close: async () => {
        for (const db of opened.splice(0)) db.close();
      },
    };
  };
}
