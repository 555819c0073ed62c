import { describe } from 'vitest';
import { commandStoreContract } from '../../fleet/commands/command-store.contract';
import { SqliteCommandStore } from './sqlite-command-store';
import { sqliteStoresUnderContract } from './sqlite-store-test-support';

describe('the remote commands store on SQLite, under the shared contract', () => {
  commandStoreContract(sqliteStoresUnderContract((db) => new SqliteCommandStore(db)));
});
