import type Database from 'better-sqlite3';
import { type RatingGroupRow, type RatingReasonRow, ratingGroupsOf } from './rating-groups';
import type { NewRating, RatingGroup, RatingStore } from './rating-store';

/** The ratings in the hub's SQLite file (migration 0016). Synchronous underneath: better-sqlite3. */
export class SqliteRatingStore implements RatingStore {
  readonly #db: Database.Database;
  readonly #insert: Database.Statement;
  readonly #insertReason: Database.Statement;
  readonly #rated: Database.Statement;
  readonly #groups: Database.Statement;
  readonly #reasons: Database.Statement;

  constructor(db: Database.Database) {
    this.#db = db;
    // OR IGNORE: the primary key refuses a second rating of a ticket; `changes` tells which happened.
    this.#insert = db.prepare(
      `INSERT OR IGNORE INTO ratings (ticket_id, office_id, service_id, window, day, score, source)
       VALUES (@ticketId, @officeId, @serviceId, @window, @day, @score, @source)`,
    );
    this.#insertReason = db.prepare('INSERT INTO rating_reasons (ticket_id, reason) VALUES (?, ?)');
    this.#rated = db.prepare('SELECT 1 FROM ratings WHERE ticket_id = ?');
    this.#groups = db.prepare(
      `SELECT service_id, window, COUNT(*) AS count, SUM(score) AS score_sum FROM ratings
       WHERE office_id = ? AND day BETWEEN ? AND ?
       GROUP BY service_id, window ORDER BY service_id, window`,
    );
    this.#reasons = db.prepare(
      `SELECT r.service_id, r.window, x.reason, r.score, COUNT(*) AS count
       FROM ratings r JOIN rating_reasons x ON x.ticket_id = r.ticket_id
       WHERE r.office_id = ? AND r.day BETWEEN ? AND ?
       GROUP BY r.service_id, r.window, x.reason, r.score`,
    );
  }

  async insert(rating: NewRating): Promise<'stored' | 'already_rated'> {
    const write = this.#db.transaction((): 'stored' | 'already_rated' => {
      const { changes } = this.#insert.run({
        ticketId: rating.ticketId,
        officeId: rating.officeId,
        serviceId: rating.serviceId,
        window: rating.window ?? null,
        day: rating.day,
        score: rating.score,
        source: rating.source,
      });
      if (changes === 0) return 'already_rated';
      for (const reason of rating.reasons) this.#insertReason.run(rating.ticketId, reason);
      return 'stored';
    });
    return write.immediate();
  }

  async isRated(ticketId: string): Promise<boolean> {
    return this.#rated.get(ticketId) !== undefined;
  }

  async summarize(officeId: string, fromDay: string, toDay: string): Promise<RatingGroup[]> {
    return ratingGroupsOf(
      this.#groups.all(officeId, fromDay, toDay) as RatingGroupRow[],
      this.#reasons.all(officeId, fromDay, toDay) as RatingReasonRow[],
    );
  }
}
