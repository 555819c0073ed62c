import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe } from 'vitest';
import { fleetRepositoryContract } from '../fleet-repository.contract';
import { openSqliteDatabase } from './open-sqlite-database';
import { SqliteFleetRepository } from './sqlite-fleet-repository';

describe('the SQLite fleet store, under the shared contract', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'okno-sqlite-fleet-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  let count = 0;

  // A file per test; `another` is a second connection to it (a second hub process).
  fleetRepositoryContract(async () => {
    count += 1;
    const file = path.join(dir, `hub-${count}.sqlite`);
    const opened: Array<ReturnType<typeof openSqliteDatabase>['db']> = [];
    const open = () => {
      const { db } = openSqliteDatabase(file);
      opened.push(db);
      return new SqliteFleetRepository(db);
    };
    return {
      repository: open(),
      another: async () => open(),
      close: async () => {
        for (const db of opened.splice(0)) db.close();
      },
    };
  });
});
