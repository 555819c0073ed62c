import type Database from 'better-sqlite3';
import { SqliteContentStore } from '../content/sqlite-content-store';
import { SqliteCommandStore } from '../db/sqlite/sqlite-command-store';
import { SqliteHubRepository } from '../db/sqlite/sqlite-hub-repository';
import { LocalChangeSignals } from '../server/change-signals';
import { createHubLogger } from '../server/hub-logger';
import type { CommandCliContext } from './command-cli';
import type { ContentCommandContext } from './content-cli';

/** The signals of a process of its own (as the CLI on SQLite): the running hub finds changes by its watch. */
function ownSignals(): LocalChangeSignals {
  return new LocalChangeSignals(() => {});
}

/** The stores `runContentCommand` works on, on a second connection to a hub's SQLite file (as admin.js opens it). */
export function sqliteContentParts(
  db: Database.Database,
  dbPath: string,
): Pick<ContentCommandContext, 'store' | 'filesAnchor' | 'signals' | 'logger'> {
  return {
    store: new SqliteContentStore(db),
    filesAnchor: dbPath,
    signals: ownSignals(),
    logger: createHubLogger({ level: 'silent' }),
  };
}

/** The stores `runCommandCommand` works on, on a second connection to a hub's SQLite file. */
export function sqliteCommandParts(
  db: Database.Database,
): Pick<CommandCliContext, 'store' | 'repository' | 'signals' | 'logger'> {
  return {
    store: new SqliteCommandStore(db),
    repository: new SqliteHubRepository(db),
    signals: ownSignals(),
    logger: createHubLogger({ level: 'silent' }),
  };
}
