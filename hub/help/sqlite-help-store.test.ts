import { describe } from 'vitest';
import { useSqliteFiles } from '../../test/support/sqlite-files';
import { helpStoreContract } from './help-store.contract';
import { SqliteHelpStore } from './sqlite-help-store';

describe('the SQLite help store, under the shared contract', () => {
  const files = useSqliteFiles();

  // A file per test; `another` is a second connection to it (a second hub process).
  helpStoreContract(async () => {
    const file = files.newFile();
    const db = files.open(file);
    return {
      store: new SqliteHelpStore(db),
      another: async () => new SqliteHelpStore(files.open(file)),
      storedPhones: async () =>
        (db.prepare('SELECT phone FROM help_callbacks WHERE phone IS NOT NULL').all() as { phone: string }[]).map(
          (row) => row.phone,
        ),
    };
  });
});
