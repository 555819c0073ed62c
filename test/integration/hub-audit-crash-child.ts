/**
 * The hub's store in a process the test kills (hub-audit-crash.test.ts): rounds of lookup-log
 * entries (flushed through the background writer, then told on stdout), each followed by an
 * outbox item (acknowledged, then told), and more entries left in the buffer, until SIGKILL.
 */
import { openSqliteDatabase } from '../../hub/db/sqlite/open-sqlite-database';
import { SqliteBackgroundWriter } from '../../hub/db/sqlite/sqlite-background-writer';
import { SqliteHubRepository } from '../../hub/db/sqlite/sqlite-hub-repository';

const file = process.argv[2];
if (!file) throw new Error('usage: hub-audit-crash-child <database file>');
const { db } = openSqliteDatabase(file);
const backgroundWriter = await SqliteBackgroundWriter.start(file);
// Only the flushes below write: the timer's would blur what the test can say.
const repository = new SqliteHubRepository(db, { backgroundWriter, bufferFlushMs: 3_600_000 });
const entry = (round: number, n: number) => ({
  at: new Date().toISOString(),
  kioskId: 'crash-kiosk',
  maskedNumber: `r${round}-${n}`,
  outcome: 'not_found' as const,
});

for (let round = 0; ; round++) {
  for (let n = 0; n < 20; n++) await repository.appendLookupLog(entry(round, n));
  // Listing the log flushes it first and waits for the writer: the round is committed.
  await repository.listLookupLog(1);
  process.stdout.write(`audit ${round}\n`);
  const id = `item-${round}`;
  await repository.appendOutbox(
    'crash-kiosk',
    [{ id, kind: 'status.lookup', at: new Date().toISOString(), payload: {} }],
    new Date().toISOString(),
  );
  process.stdout.write(`outbox ${id}\n`);
  // Within the documented window: buffered, not yet handed to the writer.
  await repository.appendLookupLog(entry(round, 99));
}
