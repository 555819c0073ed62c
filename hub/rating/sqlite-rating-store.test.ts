import { describe } from 'vitest';
import { useSqliteFiles } from '../../test/support/sqlite-files';
import { ratingStoreContract } from './rating-store.contract';
import { SqliteRatingStore } from './sqlite-rating-store';

describe('the SQLite rating store, under the shared contract', () => {
  const files = useSqliteFiles();

  // A file per test; `another` is a second connection to it (a second hub process).
  ratingStoreContract(async () => {
    const file = files.newFile();
    const db = files.open(file);
    return {
      store: new SqliteRatingStore(db),
      another: async () => new SqliteRatingStore(files.open(file)),
      // The ratings' foreign key wants the ticket, and the ticket its office.
      ticketIssued: async (ticketId, officeId) => {
        db.prepare("INSERT OR IGNORE INTO offices (id, name, region_id) VALUES (?, 'МФЦ', 'r1')").run(officeId);
        db.prepare(
          `INSERT INTO tickets (ticket_id, office_id, day, prefix, number, service_id, issued_at, source, priority, state)
           VALUES (?, ?, '2026-12-07', 'А', ?, 'passport', '2026-12-07T09:00:00.000Z', 'kiosk', 0, 'served')`,
        ).run(ticketId, officeId, ticketId);
      },
    };
  });
});
