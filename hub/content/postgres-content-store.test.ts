import { describe } from 'vitest';
import { postgresMissing, useTestPostgres } from '../../test/support/postgres';
import { usePools } from '../../test/support/postgres-pools';
import { migratePostgres } from '../db/postgres/migrate-postgres';
import { POSTGRES_MIGRATIONS } from '../db/postgres/migrations/migrations';
import { contentStoreContract } from './content-store.contract';
import { PostgresContentStore } from './postgres-content-store';

describe.skipIf(postgresMissing())('the PostgreSQL content store, under the shared contract', () => {
  const server = useTestPostgres();
  const open = usePools();

  // A database per test; `another` is a second pool on it (a second hub instance).
  contentStoreContract(async () => {
    const config = server().config(await server().createDatabase());
    const pool = open(config);
    await migratePostgres(pool, POSTGRES_MIGRATIONS);
    return {
      store: new PostgresContentStore(pool),
      another: async () => new PostgresContentStore(open(config)),
      givenOffice: async (officeId) => {
        await pool.query("INSERT INTO offices (id, name, region_id) VALUES ($1, 'МФЦ', 'r1')", [officeId]);
      },
      givenKiosk: async (kioskId, officeId, revoked) => {
        await pool.query(
          `INSERT INTO kiosks (id, office_id, credential_hash, enrolled_at, enrolled_via, revoked_at)
           VALUES ($1, $2, 'x', '2026-12-01T00:00:00.000Z', 'code', $3)`,
          [kioskId, officeId, revoked ? '2026-12-02T00:00:00.000Z' : null],
        );
      },
    };
  });
});
