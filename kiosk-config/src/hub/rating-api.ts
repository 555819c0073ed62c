import { z } from 'zod';
import { FOLLOW_TOKEN } from './follow-link';
import { HubError } from './hub-api';

/**
 * Rating the service (docs/accessibility/rating.md): after a ticket's visit ended, a score 1–5 and
 * the reasons of ИАС МКГУ «Ваш контроль», given once per ticket from the follow page or a kiosk.
 * Nothing personal: the hub keeps the office, service, window, score and reasons, keyed by the
 * ticket's id only so a ticket is rated once.
 */

/**
 * The criteria of ИАС МКГУ «Ваш контроль», as reasons: with a low score (1–3) what went wrong,
 * with a high one (4–5) what was good.
 */
export const RATING_REASONS = ['service_time', 'waiting_time', 'staff', 'comfort', 'information'] as const;
export const RatingReason = z.enum(RATING_REASONS);
export type RatingReason = z.infer<typeof RatingReason>;

/** The score: 1 (very bad) to 5 (excellent). */
export const RatingScore = z.number().int().min(1).max(5);

/** Scores up to this one are low: their reasons are shortcomings; above it, strengths. */
export const LOW_SCORE_MAX = 3;

/** Whether the reasons of this score say what went wrong (else what was good). */
export function isLowScore(score: number): boolean {
  return score <= LOW_SCORE_MAX;
}

/** The reasons chosen: each at most once, in the order of `RATING_REASONS`. */
export const RatingReasons = z
  .array(RatingReason)
  .max(RATING_REASONS.length)
  .transform((reasons) => RATING_REASONS.filter((reason) => reasons.includes(reason)));

/** A rating as given (the follow page's form or a kiosk). */
export const RatingInput = z.object({ score: RatingScore, reasons: RatingReasons }).strict();
export type RatingInput = z.output<typeof RatingInput>;

/** A follow token as a QR carries it (`follow-link.ts`). */
export const FollowToken = z.string().regex(FOLLOW_TOKEN);

/**
 * What can be rated for a ticket: `open` (with what the visitor sees of the visit and until when),
 * `already_rated`, `not_yet` (the visit has not ended), `closed` (the time to rate has passed, or
 * the visit did not take place), `not_found` (an unknown or malformed token).
 */
export const RatingOffer = z.discriminatedUnion('outcome', [
  z
    .object({
      outcome: z.literal('open'),
      officeName: z.string(),
      serviceName: z.string(),
      number: z.string(),
      window: z.string().optional(),
      /** The last office day a rating is taken (`YYYY-MM-DD`). */
      lastDay: z.string(),
    })
    .strict(),
  z.object({ outcome: z.literal('already_rated') }).strict(),
  z.object({ outcome: z.literal('not_yet') }).strict(),
  z.object({ outcome: z.literal('closed') }).strict(),
  z.object({ outcome: z.literal('not_found') }).strict(),
]);
export type RatingOffer = z.infer<typeof RatingOffer>;

/** What a rating ended with: `stored`, or why not (as the offer's outcomes). */
export const RatingAnswer = z.object({
  outcome: z.enum(['stored', 'already_rated', 'not_yet', 'closed', 'not_found']),
});
export type RatingAnswer = z.infer<typeof RatingAnswer>;

/** The outbox kind of a rating a kiosk took while the hub was out of reach. */
export const RATING_OUTBOX_KIND = 'rating.submitted';

/**
 * A rating in the outbox: the follow token's SHA-256 (hex), never the token, whose text is the key
 * to the ticket's page. The hub finds the ticket by the hash, the only form of the token it keeps.
 */
export const RatingOutboxItem = z
  .object({
    followTokenHash: z.string().regex(/^[0-9a-f]{64}$/),
    score: RatingScore,
    reasons: z.array(RatingReason).max(RATING_REASONS.length),
  })
  .strict();
export type RatingOutboxItem = z.infer<typeof RatingOutboxItem>;

const KioskOfferRequest = z.object({ followToken: FollowToken }).strict();
const KioskRatingRequest = z.object({ followToken: FollowToken, score: RatingScore, reasons: RatingReasons }).strict();
const FollowTokenParams = z.object({ token: z.string() }).strict();

/** The rating's endpoints, spread into the hub's table (`hub-endpoints.ts`). */
export const ratingEndpoints = {
  followRating: {
    method: 'POST',
    path: '/q/:token/rating',
    auth: 'none',
    params: FollowTokenParams,
    summary: 'Rate the visit from the follow page (HTML form)',
    description:
      "The follow page's form (`application/x-www-form-urlencoded`: `score` 1–5, `reason` repeated). The " +
      'unguessable token in the path is the key, so no other site can post it. Answers 303 to the follow page, which thanks the visitor; a second rating changes nothing and the page says the visit was rated; a bad form answers the page again with 400.',
    tags: ['follow'],
  },
  kioskRatingOffer: {
    method: 'POST',
    path: '/v1/kiosk/rating/offer',
    auth: 'kiosk',
    body: KioskOfferRequest,
    responses: { 200: RatingOffer, 400: HubError, 401: HubError },
    summary: 'What a scanned ticket may be rated for',
    description:
      "A kiosk read a ticket's QR (its follow link) on the home screen: `open` with the office, service, number and " +
      'window, or why not (`already_rated`, `not_yet`, `closed`, `not_found`).',
    tags: ['rating'],
  },
  kioskRating: {
    method: 'POST',
    path: '/v1/kiosk/rating',
    auth: 'kiosk',
    body: KioskRatingRequest,
    responses: { 200: RatingAnswer, 400: HubError, 401: HubError },
    summary: 'Rate a visit at the kiosk',
    description:
      'The score 1–5 and reasons for the ticket of the follow token: `stored`, or why not. Once per ticket: a ' +
      'second rating (or a retry) answers `already_rated` and changes nothing.',
    tags: ['rating'],
  },
} as const;
