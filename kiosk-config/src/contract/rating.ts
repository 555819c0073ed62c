import { z } from 'zod';
import { RatingReason, RatingScore } from '../hub/rating-api';

/**
 * Rating the service at the kiosk (docs/accessibility/rating.md): on the home screen a visitor
 * scans their ticket's QR (the follow link of this kiosk's hub) and rates the visit 1–5 with the
 * reasons of ИАС МКГУ. The main side keeps the scanned ticket in the visitor's session only; the
 * renderer never holds the token beyond the text it passes on.
 */

/** What a scanned text may be rated for. */
export const KioskRatingOffer = z.discriminatedUnion('outcome', [
  /** The visit may be rated: what the screen shows of it. */
  z
    .object({
      outcome: z.literal('open'),
      serviceName: z.string().max(200),
      number: z.string().max(32),
      window: z.string().max(32).optional(),
    })
    .strict(),
  /** The hub is out of reach: the rating is taken all the same and delivered when the link is back. */
  z.object({ outcome: z.literal('offline') }).strict(),
  z.object({ outcome: z.literal('already_rated') }).strict(),
  /** The visit has not ended yet. */
  z.object({ outcome: z.literal('not_yet') }).strict(),
  /** The time to rate has passed, or the visit did not take place. */
  z.object({ outcome: z.literal('closed') }).strict(),
  z.object({ outcome: z.literal('not_found') }).strict(),
  /** Not a ticket's link of this kiosk's hub: the screen does nothing. */
  z.object({ outcome: z.literal('not_a_ticket') }).strict(),
]);
export type KioskRatingOffer = z.infer<typeof KioskRatingOffer>;

/** What a rating at the kiosk ended with: `stored` at the hub, `queued` in the outbox, or why not. */
export const KioskRatingOutcome = z.enum(['stored', 'queued', 'already_rated', 'not_yet', 'closed', 'not_found']);
export type KioskRatingOutcome = z.infer<typeof KioskRatingOutcome>;

/** The rating's calls, spread into the contract (`kiosk-api.ts`). */
export const ratingCalls = {
  /** A scanned text on the home screen: whether it is a ticket of this kiosk's hub, and what may be rated. */
  'rating.offer': { input: z.object({ text: z.string().max(2048) }).strict(), output: KioskRatingOffer },
  /** Rates the ticket of the last `rating.offer` of this session (`not_found` without one). */
  'rating.submit': {
    input: z.object({ score: RatingScore, reasons: z.array(RatingReason).max(5) }).strict(),
    output: z.object({ outcome: KioskRatingOutcome }).strict(),
  },
} as const;
