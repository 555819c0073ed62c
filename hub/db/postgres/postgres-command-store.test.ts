import { describe } from 'vitest';
import { postgresMissing, useTestPostgres } from '../../../test/support/postgres';
import { commandStoreContract } from '../../fleet/commands/command-store.contract';
import { PostgresCommandStore } from './postgres-command-store';
import { postgresStoresUnderContract } from './postgres-store-test-support';

describe.skipIf(postgresMissing())('the remote commands store on PostgreSQL, under the shared contract', () => {
  const server = useTestPostgres();
  commandStoreContract(postgresStoresUnderContract(server, (pool) => new PostgresCommandStore(pool)));
});
