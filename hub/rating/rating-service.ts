import {
  type RatingAnswer,
  type RatingInput,
  type RatingOffer,
  type RatingOutboxItem,
  RatingReasons,
} from '../../kiosk-config/src/hub/rating-api';
import { officeDate } from '../../kiosk-config/src/time/office-time';
import type { HubRepository } from '../db/hub-repository';
import type { TicketRecord } from '../db/queue-repository';
import type { HubLogger } from '../server/hub-logger';
import { type FollowedTicket, findFollowedTicketByHash } from '../server/queue/follow-view';
import { addDays } from '../server/queue/office-clock';
import { findService } from '../server/queue/office-context';
import type { RatingSource, RatingStore } from './rating-store';

/**
 * How many office days after the visit's day a rating is still taken: the day itself and three
 * more (a visitor who rates from home that evening or over a weekend is still counted; later the
 * memory of the visit is too vague to be worth a score).
 */
export const RATING_DAYS_AFTER_VISIT = 3;

/** What the rating service needs. */
export interface RatingServiceDeps {
  repository: HubRepository;
  store: RatingStore;
  logger: HubLogger;
  now: () => Date;
}

type Offered =
  | { offer: Extract<RatingOffer, { outcome: 'open' }>; ticket: TicketRecord }
  | { offer: Exclude<RatingOffer, { outcome: 'open' }> };

/**
 * Rating a visit, for the follow page and the kiosks: what a ticket may be rated for, and taking
 * the rating. A ticket is found by its follow token's SHA-256 (the only form the hub keeps).
 * Offered only once the operator finished the visit as served, until the end of the office day
 * `RATING_DAYS_AFTER_VISIT` days after it, and once.
 */
export class RatingService {
  constructor(private readonly deps: RatingServiceDeps) {}

  /**
   * What the ticket of this token hash may be rated for. `kioskOfficeId`: asked by a kiosk, which
   * rates only tickets of its own office; another office's ticket is `not_found` to it.
   */
  async offer(tokenHash: string, kioskOfficeId?: string): Promise<RatingOffer> {
    return this.offerFor(await this.#find(tokenHash, kioskOfficeId));
  }

  /** What a ticket the caller has already looked up (the follow page's) may be rated for. */
  async offerFor(followed: FollowedTicket | undefined): Promise<RatingOffer> {
    return (await this.#offered(followed)).offer;
  }

  /**
   * Takes a rating for the ticket of this token hash, if it is open to one; from a kiosk
   * (`kioskOfficeId`), only for a ticket of the kiosk's office.
   */
  async submit(
    tokenHash: string,
    rating: RatingInput,
    source: RatingSource,
    kioskOfficeId?: string,
  ): Promise<RatingAnswer> {
    const offered = await this.#offered(await this.#find(tokenHash, kioskOfficeId));
    if (!('ticket' in offered)) return { outcome: offered.offer.outcome };
    const { ticket } = offered;
    const outcome = await this.deps.store.insert({
      ticketId: ticket.ticketId,
      officeId: ticket.officeId,
      serviceId: ticket.serviceId,
      ...(ticket.window === undefined ? {} : { window: ticket.window }),
      day: ticket.day,
      score: rating.score,
      reasons: rating.reasons,
      source,
    });
    // Counts only: which ticket was rated how is nobody's business in a log.
    this.deps.logger.info({ officeId: ticket.officeId, source, outcome }, 'rating');
    return { outcome };
  }

  /** Takes a rating a kiosk delivered through its outbox; what it ended with is logged, never thrown. */
  async submitFromOutbox(item: RatingOutboxItem, kioskOfficeId: string): Promise<RatingAnswer> {
    const reasons = RatingReasons.parse(item.reasons);
    return this.submit(item.followTokenHash, { score: item.score, reasons }, 'kiosk', kioskOfficeId);
  }

  /** The ticket of this token hash; one of another office than `kioskOfficeId` (when given) is none. */
  async #find(tokenHash: string, kioskOfficeId: string | undefined): Promise<FollowedTicket | undefined> {
    const followed = await findFollowedTicketByHash(this.deps.repository, tokenHash);
    if (!followed || kioskOfficeId === undefined || followed.ticket.officeId === kioskOfficeId) return followed;
    // A kiosk scanning another office's ticket: someone's ticket carried elsewhere, or a probe.
    this.deps.logger.warn(
      { officeId: kioskOfficeId, ticketOfficeId: followed.ticket.officeId },
      'rating refused: the ticket is of another office than the kiosk',
    );
    return undefined;
  }

  async #offered(followed: FollowedTicket | undefined): Promise<Offered> {
    if (!followed?.context) return { offer: { outcome: 'not_found' } };
    const { ticket, context } = followed;
    const today = officeDate(this.deps.now(), context.timeZone);
    const lastDay = addDays(ticket.day, RATING_DAYS_AFTER_VISIT);
    if (today > lastDay) return { offer: { outcome: 'closed' } };
    if (ticket.state === 'waiting' || ticket.state === 'called') return { offer: { outcome: 'not_yet' } };
    // A visit that did not take place (no show, a dropped ticket) has nothing to rate.
    if (ticket.state !== 'served') return { offer: { outcome: 'closed' } };
    if (await this.deps.store.isRated(ticket.ticketId)) return { offer: { outcome: 'already_rated' } };
    return {
      ticket,
      offer: {
        outcome: 'open',
        officeName: context.office.name,
        serviceName: findService(context, ticket.serviceId)?.name ?? ticket.serviceId,
        number: ticket.number,
        ...(ticket.window === undefined ? {} : { window: ticket.window }),
        lastDay,
      },
    };
  }
}
