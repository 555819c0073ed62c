import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe } from 'vitest';
import { paymentsRepositoryContract } from '../payments-repository.contract';
import { openSqliteDatabase } from './open-sqlite-database';
import { SqliteHubRepository } from './sqlite-hub-repository';
import { SqlitePaymentsRepository } from './sqlite-payments-repository';

describe('the SQLite payments ledger, under the shared contract', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'okno-sqlite-payments-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  let count = 0;

  // A file per test; `another` is a second connection to it (a second hub process).
  paymentsRepositoryContract(async () => {
    count += 1;
    const file = path.join(dir, `hub-${count}.sqlite`);
    const { db } = openSqliteDatabase(file);
    const hub = new SqliteHubRepository(db);
    const others: ReturnType<typeof openSqliteDatabase>['db'][] = [];
    return {
      payments: new SqlitePaymentsRepository(db),
      hub,
      another: async () => {
        const other = openSqliteDatabase(file).db;
        others.push(other);
        return new SqlitePaymentsRepository(other);
      },
      close: async () => {
        for (const other of others) other.close();
        await hub.close();
      },
    };
  });
});
