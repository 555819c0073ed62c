import { describe } from 'vitest';
import { postgresMissing, useTestPostgres } from '../../test/support/postgres';
import { usePools } from '../../test/support/postgres-pools';
import { migratePostgres } from '../db/postgres/migrate-postgres';
import { POSTGRES_MIGRATIONS } from '../db/postgres/migrations/migrations';
import { helpStoreContract } from './help-store.contract';
import { PostgresHelpStore } from './postgres-help-store';

describe.skipIf(postgresMissing())('the PostgreSQL help store, under the shared contract', () => {
  const server = useTestPostgres();
  const open = usePools();

  // A database per test; `another` is a second pool on it (a second hub instance).
  helpStoreContract(async () => {
    const config = server().config(await server().createDatabase());
    const pool = open(config);
    await migratePostgres(pool, POSTGRES_MIGRATIONS);
    return {
      store: new PostgresHelpStore(pool),
      another: async () => new PostgresHelpStore(open(config)),
      storedPhones: async () =>
        (await pool.query<{ phone: string }>('SELECT phone FROM help_callbacks WHERE phone IS NOT NULL')).rows.map(
          (row) => row.phone,
        ),
    };
  });
});
