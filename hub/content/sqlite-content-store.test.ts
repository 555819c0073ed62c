import { describe } from 'vitest';
import { useSqliteFiles } from '../../test/support/sqlite-files';
import { contentStoreContract } from './content-store.contract';
import { SqliteContentStore } from './sqlite-content-store';

describe('the SQLite content store, under the shared contract', () => {
  const files = useSqliteFiles();

  // A file per test; `another` is a second connection to it (a second hub process).
  contentStoreContract(async () => {
    const file = files.newFile();
    const db = files.open(file);
    return {
      store: new SqliteContentStore(db),
      another: async () => new SqliteContentStore(files.open(file)),
      givenOffice: async (officeId) => {
        db.prepare("INSERT INTO offices (id, name, region_id) VALUES (?, 'МФЦ', 'r1')").run(officeId);
      },
      givenKiosk: async (kioskId, officeId, revoked) => {
        db.prepare(
          `INSERT INTO kiosks (id, office_id, credential_hash, enrolled_at, enrolled_via, revoked_at)
           VALUES (?, ?, 'x', '2026-12-01T00:00:00.000Z', 'code', ?)`,
        ).run(kioskId, officeId, revoked ? '2026-12-02T00:00:00.000Z' : null);
      },
    };
  });
});
