import type { RatingReason } from '../../kiosk-config/src/hub/rating-api';

/** Where a rating was given. */
export type RatingSource = 'follow_page' | 'kiosk';

/** A rating as stored: where the visit was, the score and reasons; the ticket's id is only the once-only key. */
export interface NewRating {
  ticketId: string;
  officeId: string;
  serviceId: string;
  window?: string;
  /** The office day of the visit, `YYYY-MM-DD`. */
  day: string;
  score: number;
  reasons: readonly RatingReason[];
  source: RatingSource;
}

/** The ratings of one service at one window over the days asked. */
export interface RatingGroup {
  serviceId: string;
  /** Undefined for visits finished without a window (none today; kept for old rows). */
  window?: string;
  count: number;
  /** The sum of scores (the average is `scoreSum / count`). */
  scoreSum: number;
  /** How often each reason was chosen with a low score (shortcomings) and with a high one (strengths). */
  reasons: Partial<Record<RatingReason, { low: number; high: number }>>;
}

/**
 * The ratings' storage (migration 0016). One rating per ticket: a second one is refused by the
 * store itself (a unique key), so two requests racing cannot both be counted.
 */
export interface RatingStore {
  /** Stores a rating; `already_rated` when its ticket has one (nothing is written). */
  insert(rating: NewRating): Promise<'stored' | 'already_rated'>;
  /** Whether the ticket was rated. */
  isRated(ticketId: string): Promise<boolean>;
  /** The office's ratings of the office days `[fromDay, toDay]`, by service and window. */
  summarize(officeId: string, fromDay: string, toDay: string): Promise<RatingGroup[]>;
}
