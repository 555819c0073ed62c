import pg from 'pg';
import type { TestPostgres } from '../../../test/support/postgres';
import { endPool } from '../../../test/support/postgres-pools';
import type { StoreUnderContract } from '../store-contract';
import { migratePostgres } from './migrate-postgres';
import { POSTGRES_MIGRATIONS } from './migrations/migrations';

/**
 * Opens PostgreSQL stores for a contract suite: a fresh, migrated database per test on the test
 * file's server; `another` is a second pool on it (a second hub instance). The stores never own
 * their pool: `close` ends them all.
 */
export function postgresStoresUnderContract<S>(
  server: () => TestPostgres,
  make: (pool: pg.Pool) => S,
): () => Promise<StoreUnderContract<S>> {
  return async () => {
    const config = server().config(await server().createDatabase());
    const first = new pg.Pool(config);
    const pools = [first];
    await migratePostgres(first, POSTGRES_MIGRATIONS);
    return {
      store: make(first),
      another: async () => {
        const pool = new pg.Pool(config);
        pools.push(pool);
        return make(pool);
      },
      addOffice: async (id, name) => {
        await first.query("INSERT INTO offices (id, name, region_id) VALUES ($1, $2, 'r1')", [id, name]);
      },
      close: async () => {
        await Promise.all(pools.splice(0).map(endPool));
      },
    };
  };
}
