import { describe } from 'vitest';
import { postgresMissing, useTestPostgres } from '../../../test/support/postgres';
import { consoleStoreContract } from '../../console/console-store.contract';
import { PostgresConsoleStore } from './postgres-console-store';
import { postgresStoresUnderContract } from './postgres-store-test-support';

describe.skipIf(postgresMissing())('the console store on PostgreSQL, under the shared contract', () => {
  const server = useTestPostgres();
  consoleStoreContract(postgresStoresUnderContract(server, (pool) => new PostgresConsoleStore(pool)));
});
