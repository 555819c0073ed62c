import path from 'node:path';
import pg from 'pg';
import type { ConsoleStore } from '../console/console-store';
import type { ContentStore } from '../content/content-store';
import { PostgresContentStore } from '../content/postgres-content-store';
import { SqliteContentStore } from '../content/sqlite-content-store';
import type { FleetRepository } from '../db/fleet-repository';
import type { HubRepository } from '../db/hub-repository';
import type { PaymentsRepository } from '../db/payments-repository';
import { migratePostgres } from '../db/postgres/migrate-postgres';
import { POSTGRES_MIGRATIONS } from '../db/postgres/migrations/migrations';
import { PostgresChangeSignals } from '../db/postgres/postgres-change-signals';
import { PostgresCommandStore } from '../db/postgres/postgres-command-store';
import { PostgresConsoleStore } from '../db/postgres/postgres-console-store';
import { PostgresFleetRepository } from '../db/postgres/postgres-fleet-repository';
import { PostgresHubRepository } from '../db/postgres/postgres-hub-repository';
import { PostgresPaymentsRepository } from '../db/postgres/postgres-payments-repository';
import { PostgresRateLimiter } from '../db/postgres/postgres-rate-limiter';
import { PostgresTechnicianStore } from '../db/postgres/postgres-technician-store';
import { openSqliteDatabase } from '../db/sqlite/open-sqlite-database';
import { SqliteBackgroundWriter } from '../db/sqlite/sqlite-background-writer';
import { SqliteCommandStore } from '../db/sqlite/sqlite-command-store';
import { SqliteConsoleStore } from '../db/sqlite/sqlite-console-store';
import { SqliteFleetRepository } from '../db/sqlite/sqlite-fleet-repository';
import { SqliteHubRepository } from '../db/sqlite/sqlite-hub-repository';
import { SqlitePaymentsRepository } from '../db/sqlite/sqlite-payments-repository';
import { SqliteTechnicianStore } from '../db/sqlite/sqlite-technician-store';
import type { CommandStore } from '../fleet/commands/command-store';
import type { HelpStore } from '../help/help-store';
import { PostgresHelpStore } from '../help/postgres-help-store';
import { SqliteHelpStore } from '../help/sqlite-help-store';
import { PostgresRatingStore } from '../rating/postgres-rating-store';
import type { RatingStore } from '../rating/rating-store';
import { SqliteRatingStore } from '../rating/sqlite-rating-store';
import type { TechnicianStore } from '../technician/technician-store';
import { type ChangeSignals, LocalChangeSignals } from './change-signals';
import type { HubLogger } from './hub-logger';
import { InMemoryLimiter, type KeyedLimiterFactory, memoryLimiters } from './rate-limiter';
import { SharedLimiter } from './shared-limiter';

/** Every store of a hub, on one database: SQLite (one file) or PostgreSQL (several instances). */
export interface HubStores {
  kind: 'sqlite' | 'postgres';
  repository: HubRepository;
  payments: PaymentsRepository;
  fleet: FleetRepository;
  console: ConsoleStore;
  commands: CommandStore;
  technician: TechnicianStore;
  ratings: RatingStore;
  help: HelpStore;
  content: ContentStore;
  /** Changes made by other instances (PostgreSQL's LISTEN/NOTIFY), or by this process alone (SQLite). */
  signals: ChangeSignals;
  /**
   * Makes the limits whose keys can reach several instances (per application number, client
   * address, office): shared through the database on PostgreSQL, in memory on SQLite (one process).
   */
  limiters: KeyedLimiterFactory;
  /**
   * The path the hub's files sit beside (the content repository and keys, the technician key):
   * the SQLite file, or `<dataDir>/hub` on PostgreSQL; undefined for a database in memory (tests),
   * which has no files.
   */
  filesAnchor: string | undefined;
  /** PostgreSQL's connection settings, for a connection of a job's own (the leader lock); undefined on SQLite. */
  postgresConnection: pg.ClientConfig | undefined;
  /** Stops the signals and closes the database (the repository owns the connection or the pool). */
  close(): Promise<void>;
}

/**
 * The SQLite stores on one file (created and migrated if needed), sharing one connection; the
 * lookup log, last contacts and WAL checkpoints on a background writer unless `backgroundWrites`
 * is false or the database is in memory.
 */
export async function openSqliteStores(
  dbPath: string,
  options: { logger: HubLogger; backgroundWrites?: boolean },
): Promise<HubStores> {
  const { db } = openSqliteDatabase(dbPath);
  const inMemory = dbPath === ':memory:';
  const backgroundWriter =
    options.backgroundWrites === false || inMemory
      ? undefined
      : await SqliteBackgroundWriter.start(dbPath, {
          onCheckpointError: (error) => options.logger.warn({ err: error }, 'a timed WAL checkpoint failed'),
        }).catch((error: unknown) => {
          db.close();
          throw error;
        });
  const repository = new SqliteHubRepository(db, {
    onBackgroundError: (error) =>
      options.logger.error({ err: error }, 'writing the lookup log or last contacts failed'),
    ...(backgroundWriter ? { backgroundWriter } : {}),
  });
  return {
    kind: 'sqlite',
    repository,
    payments: new SqlitePaymentsRepository(db),
    fleet: new SqliteFleetRepository(db, backgroundWriter ? { backgroundWriter } : {}),
    console: new SqliteConsoleStore(db),
    commands: new SqliteCommandStore(db),
    technician: new SqliteTechnicianStore(db),
    ratings: new SqliteRatingStore(db),
    help: new SqliteHelpStore(db),
    content: new SqliteContentStore(db),
    signals: new LocalChangeSignals((error, topic) =>
      options.logger.error({ err: error, topic }, 'a change listener failed'),
    ),
    limiters: memoryLimiters,
    filesAnchor: inMemory ? undefined : dbPath,
    postgresConnection: undefined,
    close: () => repository.close(),
  };
}

/**
 * The PostgreSQL stores on one pool (`connectionString`: `postgres://user@host/database`; the
 * password from PGPASSWORD or ~/.pgpass), the database migrated first (once, under an advisory
 * lock, when several instances start together). The hub's files go in `dataDir`, which several
 * instances must share (docs/operations/hub.md). `listen: false` (the admin CLI) still sends
 * change signals but opens no LISTEN connection: other instances hear it, this process does not.
 * The lookup log and last contacts are written in batches that do not wait for the WAL flush,
 * unless `backgroundWrites` is false.
 */
export async function openPostgresStores(
  connectionString: string,
  options: { dataDir: string; logger: HubLogger; poolSize?: number; listen?: boolean; backgroundWrites?: boolean },
): Promise<HubStores> {
  const pool = new pg.Pool({ connectionString, max: options.poolSize ?? 20 });
  // A connection lost while idle (the server restarted, failed over, or ended it) leaves the pool,
  // which opens another when asked; unheard, its 'error' event would end the process. Message and
  // code only: the pool hangs the whole client (its connection settings) on the error.
  pool.on('error', (error: Error & { code?: string }) =>
    options.logger.warn(
      { code: error.code, reason: error.message },
      'a pooled PostgreSQL connection was lost; the pool opens new ones',
    ),
  );
  let signals: PostgresChangeSignals;
  let sharedKeyOf: (key: string) => string;
  try {
    await migratePostgres(pool, POSTGRES_MIGRATIONS);
    sharedKeyOf = await PostgresRateLimiter.sharedKeyOf(pool);
    signals =
      options.listen === false
        ? PostgresChangeSignals.sender({ pool, logger: options.logger })
        : await PostgresChangeSignals.start({ pool, connection: { connectionString }, logger: options.logger });
  } catch (error) {
    await pool.end();
    throw error;
  }
  const repository = new PostgresHubRepository(
    pool,
    options.backgroundWrites === false
      ? {}
      : {
          batchedWrites: {
            onError: (error) => options.logger.error({ err: error }, 'writing the lookup log or last contacts failed'),
          },
        },
  );
  return {
    kind: 'postgres',
    repository,
    payments: new PostgresPaymentsRepository(pool),
    fleet: new PostgresFleetRepository(pool),
    console: new PostgresConsoleStore(pool),
    commands: new PostgresCommandStore(pool),
    technician: new PostgresTechnicianStore(pool),
    ratings: new PostgresRatingStore(pool),
    help: new PostgresHelpStore(pool),
    content: new PostgresContentStore(pool),
    signals,
    limiters: (name, limits, limitOptions) =>
      new SharedLimiter({
        name,
        shared: new PostgresRateLimiter(pool, name, limits, {
          now: limitOptions.now,
          ...(limitOptions.personal ? { keyOf: sharedKeyOf } : {}),
        }),
        local: new InMemoryLimiter(limits, limitOptions),
        logger: options.logger,
      }),
    filesAnchor: path.join(options.dataDir, 'hub'),
    postgresConnection: { connectionString },
    close: async () => {
      await signals.close();
      await repository.close();
    },
  };
}
