import { isLowScore, type RatingReason } from '../../kiosk-config/src/hub/rating-api';
import type { RatingGroup } from './rating-store';

/**
 * The ratings' summary as both stores build it from the same two queries (their SQL is in each
 * store): one count per service and window, one per reason and score.
 */

/** `SELECT service_id, window, count, score_sum … GROUP BY service_id, window`, counts as numbers. */
export interface RatingGroupRow {
  service_id: string;
  window: string | null;
  count: number;
  score_sum: number;
}

/** `SELECT service_id, window, reason, score, count … GROUP BY service_id, window, reason, score`. */
export interface RatingReasonRow {
  service_id: string;
  window: string | null;
  reason: RatingReason;
  score: number;
  count: number;
}

/** The groups in the order of `groups`, each with its reasons tallied as shortcomings (a low score) or strengths. */
export function ratingGroupsOf(groups: readonly RatingGroupRow[], reasons: readonly RatingReasonRow[]): RatingGroup[] {
  const key = (serviceId: string, window: string | null) => JSON.stringify([serviceId, window]);
  const byKey = new Map<string, RatingGroup>();
  for (const row of groups) {
    byKey.set(key(row.service_id, row.window), {
      serviceId: row.service_id,
      ...(row.window === null ? {} : { window: row.window }),
      count: row.count,
      scoreSum: row.score_sum,
      reasons: {},
    });
  }
  for (const row of reasons) {
    const group = byKey.get(key(row.service_id, row.window));
    if (!group) continue;
    const tally = group.reasons[row.reason] ?? { low: 0, high: 0 };
    if (isLowScore(row.score)) tally.low += row.count;
    else tally.high += row.count;
    group.reasons[row.reason] = tally;
  }
  return [...byKey.values()];
}
