import type pg from 'pg';
import { inTransaction } from '../db/postgres/postgres-transaction';
import { type RatingGroupRow, type RatingReasonRow, ratingGroupsOf } from './rating-groups';
import type { NewRating, RatingGroup, RatingStore } from './rating-store';

/**
 * The ratings in PostgreSQL (migration 6), on a pool it does not own. The ticket's primary key
 * keeps one rating per ticket whichever hub instance gets it: `ON CONFLICT DO NOTHING` tells a
 * second one, and its reasons are not written.
 */
export class PostgresRatingStore implements RatingStore {
  readonly #pool: pg.Pool;

  /** On an already migrated database; the pool stays the caller's. */
  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async insert(rating: NewRating): Promise<'stored' | 'already_rated'> {
    return inTransaction(this.#pool, async (client) => {
      const { rowCount } = await client.query(
        `INSERT INTO ratings (ticket_id, office_id, service_id, "window", day, score, source)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (ticket_id) DO NOTHING`,
        [
          rating.ticketId,
          rating.officeId,
          rating.serviceId,
          rating.window ?? null,
          rating.day,
          rating.score,
          rating.source,
        ],
      );
      if (rowCount !== 1) return 'already_rated';
      if (rating.reasons.length > 0) {
        await client.query('INSERT INTO rating_reasons (ticket_id, reason) SELECT $1, unnest($2::text[])', [
          rating.ticketId,
          rating.reasons,
        ]);
      }
      return 'stored';
    });
  }

  async isRated(ticketId: string): Promise<boolean> {
    const { rowCount } = await this.#pool.query('SELECT 1 FROM ratings WHERE ticket_id = $1', [ticketId]);
    return rowCount === 1;
  }

  async summarize(officeId: string, fromDay: string, toDay: string): Promise<RatingGroup[]> {
    // Ordered as SQLite orders: bytewise ("C"), a missing window first.
    const [groups, reasons] = await Promise.all([
      this.#pool.query<RatingGroupRow>(
        `SELECT service_id, "window", count(*)::int AS count, sum(score)::int AS score_sum FROM ratings
         WHERE office_id = $1 AND day BETWEEN $2 AND $3
         GROUP BY service_id, "window" ORDER BY service_id COLLATE "C", "window" COLLATE "C" NULLS FIRST`,
        [officeId, fromDay, toDay],
      ),
      this.#pool.query<RatingReasonRow>(
        `SELECT r.service_id, r."window", x.reason, r.score, count(*)::int AS count
         FROM ratings r JOIN rating_reasons x ON x.ticket_id = r.ticket_id
         WHERE r.office_id = $1 AND r.day BETWEEN $2 AND $3
         GROUP BY r.service_id, r."window", x.reason, r.score
         ORDER BY r.service_id COLLATE "C", r."window" COLLATE "C" NULLS FIRST, x.reason COLLATE "C", r.score`,
        [officeId, fromDay, toDay],
      ),
    ]);
    return ratingGroupsOf(groups.rows, reasons.rows);
  }
}
