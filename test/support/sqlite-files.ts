import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll, afterEach } from 'vitest';
import { openSqliteDatabase } from '../../hub/db/sqlite/open-sqlite-database';

/** A fresh hub database file per test, and how to open connections to it. */
export interface SqliteFiles {
  /** The path of a new, not yet created database file. */
  newFile(): string;
  /** A migrated connection to `file` (a second one to the same file stands for a second hub process). */
  open(file: string): Database.Database;
}

/**
 * For a `describe` body of a SQLite store's contract tests: files in a temp folder removed after
 * the file's tests, connections closed after each test.
 */
export function useSqliteFiles(): SqliteFiles {
  const dir = mkdtempSync(path.join(tmpdir(), 'okno-sqlite-store-'));
  const opened: Database.Database[] = [];
  afterEach(() => {
    for (const db of opened.splice(0)) db.close();
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  let count = 0;
  return {
    newFile: () => {
      count += 1;
      return path.join(dir, `hub-${count}.sqlite`);
    },
    open: (file) => {
      const { db } = openSqliteDatabase(file);
      opened.push(db);
      return db;
    },
  };
}
