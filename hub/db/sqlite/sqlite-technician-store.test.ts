import { describe } from 'vitest';
import { technicianStoreContract } from '../../technician/technician-store.contract';
import { sqliteStoresUnderContract } from './sqlite-store-test-support';
import { SqliteTechnicianStore } from './sqlite-technician-store';

describe('the technician store on SQLite, under the shared contract', () => {
  technicianStoreContract(sqliteStoresUnderContract((db) => new SqliteTechnicianStore(db)));
});
