import pg from 'pg';
import { describe } from 'vitest';
import { postgresMissing, useTestPostgres } from '../../../test/support/postgres';
import { endPool } from '../../../test/support/postgres-pools';
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
    const pool = new pg.Pool(config);
    await migratePostgres(pool, POSTGRES_MIGRATIONS);
    const hub = new PostgresHubRepository(pool);
    const others: pg.Pool[] = [];
    return {
      payments: new PostgresPaymentsRepository(pool),
      hub,
      another: async () => {
        const other = new pg.Pool(config);
        others.push(other);
        return new PostgresPaymentsRepository(other);
      },
      close: async () => {
        await Promise.all(others.map(endPool));
        // The hub store owns the first pool; the test server stops smartly, after it has closed.
        await hub.close();
      },
    };
  });
});
