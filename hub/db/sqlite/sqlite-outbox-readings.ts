import type Database from 'better-sqlite3';
import type { StoredOutboxItem } from '../hub-repository';
import { type OutboxRow, storedOutboxItemOf } from './sqlite-rows';

/** Reads a kiosk's newest stored outbox items, for the console (its primary key serves the order). */
export class SqliteOutboxReadings {
  readonly #newest;
  readonly #newestOfKind;

  constructor(db: Database.Database) {
    this.#newest = db.prepare('SELECT * FROM outbox_items WHERE kiosk_id = ? ORDER BY seq DESC LIMIT ?');
    this.#newestOfKind = db.prepare(
      'SELECT * FROM outbox_items WHERE kiosk_id = ? AND kind = ? ORDER BY seq DESC LIMIT ?',
    );
  }

  /** The newest items first, of one kind when given. */
  newest(kioskId: string, limit: number, kind?: string): StoredOutboxItem[] {
    const rows = (
      kind === undefined ? this.#newest.all(kioskId, limit) : this.#newestOfKind.all(kioskId, kind, limit)
    ) as OutboxRow[];
    return rows.map(storedOutboxItemOf);
  }
}
