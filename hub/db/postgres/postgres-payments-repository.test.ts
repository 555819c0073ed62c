import pg from 'pg';
import { describe } from 'vitest';
import { postgresMissing, useTestPostgres } from '../../../test/support/postgres';
import { paymentsRepositoryContract } from '../payments-repository.contract';
import { migratePostgres } from './migrate-postgres';
import { POSTGRES_MIGRATIONS } from './migrations/migrations';
import { PostgresHubRepository } from './postgres-hub-repository';
import { PostgresPaymentsRepository } from './postgres-payments-repository';

describe.skipIf(postgresMissing())('the PostgreSQL payments ledger, under the shared contract', () => {
  const server = useTestPostgres();

  // A database per test, migrated once; `another` is a ledger on a second pool (a second hub
  // instance). The ledger never ends a pool: the hub store owns the first, the test the others.
  paymentsRepositoryContract(async () => {
    const config = server().config(await server().createDatabase());
    // `pool.end()` resolves once it has asked its connections to close; the races leave many
    // open, so wait for each to be gone, or the server's stop would cut them off mid-goodbye.
    const disconnected: Promise<void>[] = [];
    const openPool = () => {
      const pool = new pg.Pool(config);
      pool.on('connect', (client) => disconnected.push(new Promise((resolve) => client.once('end', resolve))));
      return pool;
    };
    const pool = openPool();
    await migratePostgres(pool, POSTGRES_MIGRATIONS);
    const hub = new PostgresHubRepository(pool);
    const others: pg.Pool[] = [];
    return {
      payments: new PostgresPaymentsRepository(pool),
      hub,
      another: async () => {
        const other = openPool();
        others.push(other);
        return new PostgresPaymentsRepository(other);
      },
      close: async () => {
        await Promise.all(others.map((other) => other.end()));
        await hub.close();
        await Promise.all(disconnected);
      },
    };
  });
});
