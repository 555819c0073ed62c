import type pg from 'pg';
import { inTransaction } from '../db/postgres/postgres-transaction';
import {
  CALLBACK_COLUMNS,
  type CallbackRow,
  callbackOf,
  HELP_REQUEST_COLUMNS,
  type HelpRequestRow,
  helpRequestOf,
  OPEN_LIST_LIMIT,
} from './help-rows';
import type { CallbackOutcome, CallbackRecord, HelpRequestRecord, HelpStore } from './help-store';

/** One of the two queues `ahead` counts in: its table, the column that scopes it, the one that closes a row. */
interface HelpQueue {
  readonly table: 'help_requests' | 'help_callbacks';
  readonly scope: 'office_id' | 'centre_id';
  readonly closed: 'answered_at' | 'closed_at';
}

const REQUESTS: HelpQueue = { table: 'help_requests', scope: 'office_id', closed: 'answered_at' };
const CALLBACKS: HelpQueue = { table: 'help_callbacks', scope: 'centre_id', closed: 'closed_at' };

/**
 * The help requests and call-backs in PostgreSQL (migration 6), on a pool it does not own.
 *
 * `ahead` must mean the same on every hub instance: an identity column hands out numbers in the
 * order they are drawn, not the order the rows commit, so two raises at once could each count the
 * other as not there yet. A raise therefore takes its office's (a call-back its centre's)
 * transaction-scoped advisory lock before it inserts: rows of one queue are numbered in commit order.
 *
 * An erased number is set to NULL and the table vacuumed at once, so the old row version leaves
 * the table's pages; PostgreSQL's write-ahead log keeps it until the log is recycled (see
 * docs/operations/hub.md, "PostgreSQL").
 */
export class PostgresHelpStore implements HelpStore {
  readonly #pool: pg.Pool;

  /** On an already migrated database; the pool stays the caller's. */
  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async raise(request: HelpRequestRecord): Promise<{ ahead: number }> {
    return this.#enqueue(REQUESTS, request.officeId, request.requestId, async (client) => {
      await client.query(
        `INSERT INTO help_requests (request_id, kiosk_id, office_id, screen, raised_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (request_id) DO NOTHING`,
        [request.requestId, request.kioskId, request.officeId, request.screen, request.raisedAt],
      );
    });
  }

  async openRequests(officeId: string): Promise<HelpRequestRecord[]> {
    const { rows } = await this.#pool.query<HelpRequestRow>(
      `SELECT ${HELP_REQUEST_COLUMNS} FROM help_requests
       WHERE office_id = $1 AND answered_at IS NULL ORDER BY seq LIMIT ${OPEN_LIST_LIMIT}`,
      [officeId],
    );
    return rows.map(helpRequestOf);
  }

  async markAnswered(officeId: string, requestId: string, by: string, at: string): Promise<boolean> {
    const { rowCount } = await this.#pool.query(
      `UPDATE help_requests SET answered_at = $1, answered_by = $2
       WHERE request_id = $3 AND office_id = $4 AND answered_at IS NULL`,
      [at, by, requestId, officeId],
    );
    return rowCount === 1;
  }

  async queueCallback(callback: CallbackRecord): Promise<{ ahead: number }> {
    return this.#enqueue(CALLBACKS, callback.centreId, callback.requestId, async (client) => {
      await client.query(
        `INSERT INTO help_callbacks (request_id, kiosk_id, office_id, centre_id, screen, phone, requested_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (request_id) DO NOTHING`,
        [
          callback.requestId,
          callback.kioskId,
          callback.officeId,
          callback.centreId,
          callback.screen,
          callback.phone,
          callback.requestedAt,
        ],
      );
    });
  }

  async openCallbacks(centreId: string): Promise<CallbackRecord[]> {
    const { rows } = await this.#pool.query<CallbackRow>(
      `SELECT ${CALLBACK_COLUMNS} FROM help_callbacks
       WHERE centre_id = $1 AND closed_at IS NULL ORDER BY seq LIMIT ${OPEN_LIST_LIMIT}`,
      [centreId],
    );
    return rows.map(callbackOf);
  }

  async closeCallback(
    centreId: string,
    requestId: string,
    outcome: CallbackOutcome,
    by: string,
    at: string,
  ): Promise<boolean> {
    const changes = await this.#erasing(
      `UPDATE help_callbacks SET phone = NULL, closed_at = $1, outcome = $2, closed_by = $3
       WHERE request_id = $4 AND centre_id = $5 AND closed_at IS NULL`,
      [at, outcome, by, requestId, centreId],
    );
    return changes === 1;
  }

  async expireCallbacks(before: string, at: string): Promise<number> {
    return this.#erasing(
      `UPDATE help_callbacks SET phone = NULL, closed_at = $1, outcome = 'expired', closed_by = 'retention'
       WHERE closed_at IS NULL AND requested_at < $2`,
      [at, before],
    );
  }

  /** Runs an update that erases numbers, then vacuums the table so the old row versions go (see the class). */
  async #erasing(sql: string, params: unknown[]): Promise<number> {
    const { rowCount } = await this.#pool.query(sql, params);
    const changes = rowCount ?? 0;
    // VACUUM cannot run in a transaction: on a connection of the pool, by itself.
    if (changes > 0) await this.#pool.query('VACUUM help_callbacks');
    return changes;
  }

  /**
   * Inserts a row of a queue (`insert`, a no-op for a retry) and counts the open rows of its
   * office or centre stored before it, holding the queue's lock (see the class).
   */
  async #enqueue(
    queue: HelpQueue,
    scopeId: string,
    requestId: string,
    insert: (client: pg.PoolClient) => Promise<void>,
  ): Promise<{ ahead: number }> {
    return inTransaction(this.#pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`${queue.table}:${scopeId}`]);
      await insert(client);
      const { rows } = await client.query<{ ahead: number }>(
        `SELECT count(*)::int AS ahead FROM ${queue.table} other, ${queue.table} mine
         WHERE mine.request_id = $1 AND other.${queue.scope} = mine.${queue.scope}
           AND other.${queue.closed} IS NULL AND other.seq < mine.seq`,
        [requestId],
      );
      return { ahead: rows[0]?.ahead ?? 0 };
    });
  }
}
