import pg from 'pg';
import { describe } from 'vitest';
import { postgresMissing, useTestPostgres } from '../../../test/support/postgres';
import { endPool } from '../../../test/support/postgres-pools';
import { fleetRepositoryContract } from '../fleet-repository.contract';
import { migratePostgres } from './migrate-postgres';
import { POSTGRES_MIGRATIONS } from './migrations/migrations';
import { PostgresFleetRepository } from './postgres-fleet-repository';

describe.skipIf(postgresMissing())('the PostgreSQL fleet store, under the shared contract', () => {
  const server = useTestPostgres();

  // A migrated database per test; `another` is a second pool on it (a second hub instance).
  fleetRepositoryContract(async () => {
    const config = server().config(await server().createDatabase());
    const pools: pg.Pool[] = [];
    const open = () => {
      const pool = new pg.Pool(config);
      pools.push(pool);
      return new PostgresFleetRepository(pool);
    };
    const repository = open();
    await migratePostgres(pools[0] as pg.Pool, POSTGRES_MIGRATIONS);
    return {
      repository,
      another: async () => open(),
      close: async () => {
        await Promise.all(pools.splice(0).map(endPool));
      },
    };
  });
});
