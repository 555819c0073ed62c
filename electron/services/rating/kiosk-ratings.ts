import { createHash } from 'node:crypto';
import type { CallInput, CallOutput } from '../../../kiosk-config/src/contract/kiosk-api';
import type { KioskRatingOffer, KioskRatingOutcome } from '../../../kiosk-config/src/contract/rating';
import { fail, ok, type Result } from '../../../kiosk-config/src/contract/result';
import { followTokenOf } from '../../../kiosk-config/src/hub/follow-link';
import {
  RATING_OUTBOX_KIND,
  type RatingAnswer,
  type RatingOffer,
  type RatingOutboxItem,
} from '../../../kiosk-config/src/hub/rating-api';
import type { HubResult } from '../hub/hub-client';
import type { OutboxWriter } from '../hub/outbox';
import type { Logger } from '../logging/logger';
import { SessionKey, type VisitorSession } from '../session/visitor-session';

/** What the kiosk's ratings need. */
export interface KioskRatingsDeps {
  /** The hub's offer for a follow token (`HubClient.call('kioskRatingOffer', …)`). */
  offer: (followToken: string) => Promise<HubResult<RatingOffer>>;
  /** The hub's rating (`HubClient.call('kioskRating', …)`). */
  submit: (request: {
    followToken: string;
    score: number;
    reasons: RatingOutboxItem['reasons'];
  }) => Promise<HubResult<RatingAnswer>>;
  /** Where a rating goes while the hub is out of reach. */
  outbox: OutboxWriter;
  /** The base of this kiosk's hub's follow links (from the hub's setup), if known. */
  followBaseUrl: () => string | undefined;
  session: VisitorSession;
  log: Logger;
}

/** The ticket scanned in this session, in its memory only (gone at the idle reset). */
const scannedTicket = new SessionKey<{ followToken: string }>('rating.scannedTicket');

/**
 * Rating the service at the kiosk (`rating.offer`, `rating.submit`): a scanned ticket's follow link
 * of this kiosk's hub, what the hub says may be rated, and the rating, sent at once or, while the
 * hub is out of reach, durably through the outbox (it holds no personal data: the follow token's
 * SHA-256, the score and reasons). The token is never logged.
 */
export class KioskRatings {
  constructor(private readonly deps: KioskRatingsDeps) {}

  async offer({ text }: CallInput<'rating.offer'>): Promise<Result<CallOutput<'rating.offer'>>> {
    const followToken = followTokenOf(text, this.deps.followBaseUrl());
    if (followToken === undefined) return ok({ outcome: 'not_a_ticket' });
    const answer = await this.deps.offer(followToken);
    const offer: KioskRatingOffer = answer.ok ? kioskOfferOf(answer.value) : { outcome: 'offline' };
    if (!answer.ok) this.deps.log.info({ code: answer.error.code }, 'rating offer: hub out of reach, rating offline');
    if (offer.outcome === 'open' || offer.outcome === 'offline') this.deps.session.keep(scannedTicket, { followToken });
    return ok(offer);
  }

  async submit({ score, reasons }: CallInput<'rating.submit'>): Promise<Result<CallOutput<'rating.submit'>>> {
    const ticket = this.deps.session.recall(scannedTicket);
    if (ticket === undefined) return ok({ outcome: 'not_found' });
    const answer = await this.deps.submit({ followToken: ticket.followToken, score, reasons });
    let outcome: KioskRatingOutcome;
    if (answer.ok) {
      outcome = answer.value.outcome;
    } else {
      const item: RatingOutboxItem = { followTokenHash: sha256Hex(ticket.followToken), score, reasons };
      try {
        await this.deps.outbox.enqueue(RATING_OUTBOX_KIND, item);
      } catch (error) {
        // A full or failing disk: the rating cannot wait for the hub. Said plainly, not thrown.
        this.deps.log.error(
          { err: error instanceof Error ? error.message : String(error), hub: answer.error.code, score },
          'rating lost: the hub is out of reach and the outbox could not record it',
        );
        return fail('hub_unreachable', 'the hub is out of reach and the rating could not be kept for it');
      }
      outcome = 'queued';
    }
    this.deps.log.info({ outcome, score }, 'rating');
    return ok({ outcome });
  }
}

function kioskOfferOf(offer: RatingOffer): KioskRatingOffer {
  if (offer.outcome !== 'open') return offer;
  return {
    outcome: 'open',
    serviceName: offer.serviceName,
    number: offer.number,
    ...(offer.window === undefined ? {} : { window: offer.window }),
  };
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
