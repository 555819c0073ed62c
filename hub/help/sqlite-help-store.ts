import type Database from 'better-sqlite3';
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

/**
 * The help requests and call-backs in SQLite (migration 0015). Synchronous underneath
 * (better-sqlite3), async at the interface (`PostgresHelpStore` is the other store).
 *
 * Erasing a number must leave no copy on disk: the table's writes run with `secure_delete` on
 * (SQLite then overwrites freed bytes instead of leaving them in the page), and a truncating
 * WAL checkpoint follows an erasure, so neither the database file nor the write-ahead log
 * keeps the old page.
 */
export class SqliteHelpStore implements HelpStore {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  async raise(request: HelpRequestRecord): Promise<{ ahead: number }> {
    this.#db
      .prepare(
        `INSERT INTO help_requests (request_id, kiosk_id, office_id, screen, raised_at)
         VALUES (?, ?, ?, ?, ?) ON CONFLICT (request_id) DO NOTHING`,
      )
      .run(request.requestId, request.kioskId, request.officeId, request.screen, request.raisedAt);
    return { ahead: this.#aheadOf('help_requests', 'office_id', 'answered_at', request.requestId) };
  }

  async openRequests(officeId: string): Promise<HelpRequestRecord[]> {
    const rows = this.#db
      .prepare(
        `SELECT ${HELP_REQUEST_COLUMNS} FROM help_requests
         WHERE office_id = ? AND answered_at IS NULL ORDER BY seq LIMIT ${OPEN_LIST_LIMIT}`,
      )
      .all(officeId) as HelpRequestRow[];
    return rows.map(helpRequestOf);
  }

  async markAnswered(officeId: string, requestId: string, by: string, at: string): Promise<boolean> {
    const result = this.#db
      .prepare(
        `UPDATE help_requests SET answered_at = ?, answered_by = ?
         WHERE request_id = ? AND office_id = ? AND answered_at IS NULL`,
      )
      .run(at, by, requestId, officeId);
    return result.changes === 1;
  }

  async queueCallback(callback: CallbackRecord): Promise<{ ahead: number }> {
    this.#secure(
      () =>
        this.#db
          .prepare(
            `INSERT INTO help_callbacks (request_id, kiosk_id, office_id, centre_id, screen, phone, requested_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (request_id) DO NOTHING`,
          )
          .run(
            callback.requestId,
            callback.kioskId,
            callback.officeId,
            callback.centreId,
            callback.screen,
            callback.phone,
            callback.requestedAt,
          ).changes,
    );
    return { ahead: this.#aheadOf('help_callbacks', 'centre_id', 'closed_at', callback.requestId) };
  }

  async openCallbacks(centreId: string): Promise<CallbackRecord[]> {
    const rows = this.#db
      .prepare(
        `SELECT ${CALLBACK_COLUMNS} FROM help_callbacks
         WHERE centre_id = ? AND closed_at IS NULL ORDER BY seq LIMIT ${OPEN_LIST_LIMIT}`,
      )
      .all(centreId) as CallbackRow[];
    return rows.map(callbackOf);
  }

  async closeCallback(
    centreId: string,
    requestId: string,
    outcome: CallbackOutcome,
    by: string,
    at: string,
  ): Promise<boolean> {
    const changes = this.#erasing(
      () =>
        this.#db
          .prepare(
            `UPDATE help_callbacks SET phone = NULL, closed_at = ?, outcome = ?, closed_by = ?
             WHERE request_id = ? AND centre_id = ? AND closed_at IS NULL`,
          )
          .run(at, outcome, by, requestId, centreId).changes,
    );
    return changes === 1;
  }

  async expireCallbacks(before: string, at: string): Promise<number> {
    return this.#erasing(
      () =>
        this.#db
          .prepare(
            `UPDATE help_callbacks SET phone = NULL, closed_at = ?, outcome = 'expired', closed_by = 'retention'
             WHERE closed_at IS NULL AND requested_at < ?`,
          )
          .run(at, before).changes,
    );
  }

  /** Runs an update that erases numbers so that their bytes leave the files too (see the class). */
  #erasing(update: () => number): number {
    const changes = this.#secure(update);
    if (changes > 0) this.#db.pragma('wal_checkpoint(TRUNCATE)');
    return changes;
  }

  /**
   * Runs a write of `help_callbacks` with `secure_delete` on. Every write of the table runs so,
   * since moving a cell within a page (an insert, a page split) frees bytes that may hold another
   * row's number. The connection is the hub's, shared: the pragma is on for this statement only
   * (better-sqlite3 is synchronous, so nothing else runs meanwhile).
   */
  #secure(write: () => number): number {
    this.#db.pragma('secure_delete = ON');
    try {
      return write();
    } finally {
      this.#db.pragma('secure_delete = OFF');
    }
  }

  /** How many open rows of the same office (or centre) as `requestId` were stored before it. */
  #aheadOf(table: string, scope: string, closed: string, requestId: string): number {
    const row = this.#db
      .prepare(
        `SELECT count(*) AS ahead FROM ${table} other, ${table} mine
         WHERE mine.request_id = ? AND other.${scope} = mine.${scope} AND other.${closed} IS NULL
           AND other.seq < mine.seq`,
      )
      .get(requestId) as { ahead: number } | undefined;
    return row?.ahead ?? 0;
  }
}
