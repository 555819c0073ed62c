import { describe } from 'vitest';
import { postgresMissing, useTestPostgres } from '../../../test/support/postgres';
import { technicianStoreContract } from '../../technician/technician-store.contract';
import { postgresStoresUnderContract } from './postgres-store-test-support';
import { PostgresTechnicianStore } from './postgres-technician-store';

describe.skipIf(postgresMissing())('the technician store on PostgreSQL, under the shared contract', () => {
  const server = useTestPostgres();
  technicianStoreContract(postgresStoresUnderContract(server, (pool) => new PostgresTechnicianStore(pool)));
});
