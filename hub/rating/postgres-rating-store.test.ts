import { describe } from 'vitest';
import { postgresMissing, useTestPostgres } from '../../test/support/postgres';
import { usePools } from '../../test/support/postgres-pools';
import { migratePostgres } from '../db/postgres/migrate-postgres';
import { POSTGRES_MIGRATIONS } from '../db/postgres/migrations/migrations';
import { PostgresRatingStore } from './postgres-rating-store';
import { ratingStoreContract } from './rating-store.contract';

describe.skipIf(postgresMissing())('the PostgreSQL rating store, under the shared contract', () => {
  const server = useTestPostgres();
  const open = usePools();

  // A database per test; `another` is a second pool on it (a second hub instance).
  ratingStoreContract(async () => {
    const config = server().config(await server().createDatabase());
    const pool = open(config);
    await migratePostgres(pool, POSTGRES_MIGRATIONS);
    return {
      store: new PostgresRatingStore(pool),
      another: async () => new PostgresRatingStore(open(config)),
      // No foreign key to the queue's tickets here (see migration 6): nothing to create.
      ticketIssued: async () => {},
    };
  });
});
