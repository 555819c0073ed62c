import { describe } from 'vitest';
import { consoleStoreContract } from '../../console/console-store.contract';
import { SqliteConsoleStore } from './sqlite-console-store';
import { sqliteStoresUnderContract } from './sqlite-store-test-support';

describe('the console store on SQLite, under the shared contract', () => {
  consoleStoreContract(sqliteStoresUnderContract((db) => new SqliteConsoleStore(db)));
});
