import type { FastifyBaseLogger, FastifyReply } from 'fastify';
import type { HubRateLimit } from '../../kiosk-config/src/hub/hub-endpoints';
import type { HubConfig } from './hub-config';
import { sendHubError } from './hub-errors';
import type { AuthenticatedKiosk } from './kiosk-auth';
import {
  hitKioskAndOffice,
  type KeyedLimiter,
  type KeyedLimiterFactory,
  MultiWindowLimiter,
  memoryLimiters,
  SlidingWindowLimiter,
} from './rate-limiter';

/** The limits config `KioskLimits` reads. */
export type KioskLimitsConfig = Pick<
  HubConfig,
  | 'ticketLimitsPerKiosk'
  | 'ticketLimitsPerOffice'
  | 'checkInLimitsPerKiosk'
  | 'checkInLimitsPerOffice'
  | 'checkInFailureLimitPerKiosk'
  | 'chargeLookupLimitsPerKiosk'
  | 'chargeLookupLimitsPerOffice'
  | 'helpRequestLimitsPerKiosk'
  | 'helpCallbackLimitsPerKiosk'
>;

/** What a limited kiosk request is (an endpoint's `rateLimit`), in the log and the 429's message. */
type LimitedAction = HubRateLimit;

/**
 * The per-kiosk and per-office limits of the kiosk routes that spend or reveal something:
 * walk-in tickets (numbers), booking check-ins (people's bookings), УИН lookups (charges), and
 * the wrong-booking-code limit; and the per-kiosk limits of the routes that take staff's time
 * (help requests, call-backs). The per-kiosk ones in this process's memory (the balancer sends a
 * kiosk's requests to one instance); the per-office ones by `limiters`, shared by the instances
 * on PostgreSQL (an office's kiosks reach several) (docs/operations/hub.md, "Limits").
 */
export class KioskLimits {
  readonly #perKiosk: Record<LimitedAction, MultiWindowLimiter>;
  /** Absent for an action limited per kiosk only (help: an office's kiosks together ask little). */
  readonly #perOffice: Record<LimitedAction, KeyedLimiter | undefined>;
  readonly #wrongCodes: SlidingWindowLimiter;

  constructor(config: KioskLimitsConfig, now: () => number = Date.now, limiters: KeyedLimiterFactory = memoryLimiters) {
    const options = { now };
    const perOffice = (name: string, limits: KioskLimitsConfig['ticketLimitsPerOffice']) =>
      limiters(name, limits, { personal: false, now });
    this.#perKiosk = {
      ticket: new MultiWindowLimiter(config.ticketLimitsPerKiosk, options),
      'check-in': new MultiWindowLimiter(config.checkInLimitsPerKiosk, options),
      'charge lookup': new MultiWindowLimiter(config.chargeLookupLimitsPerKiosk, options),
      help: new MultiWindowLimiter(config.helpRequestLimitsPerKiosk, options),
      'call-back': new MultiWindowLimiter(config.helpCallbackLimitsPerKiosk, options),
    };
    this.#perOffice = {
      ticket: perOffice('ticket-per-office', config.ticketLimitsPerOffice),
      'check-in': perOffice('check-in-per-office', config.checkInLimitsPerOffice),
      'charge lookup': perOffice('charge-lookup-per-office', config.chargeLookupLimitsPerOffice),
      help: undefined,
      'call-back': undefined,
    };
    this.#wrongCodes = new SlidingWindowLimiter(config.checkInFailureLimitPerKiosk, options);
  }

  /**
   * Counts one `action` of `kiosk` against its limits and its office's; when either is full,
   * answers 429 with Retry-After, logs it, and returns false (the route must stop).
   */
  async admit(
    action: LimitedAction,
    kiosk: AuthenticatedKiosk,
    reply: FastifyReply,
    log: FastifyBaseLogger,
  ): Promise<boolean> {
    if (action === 'check-in') {
      const slowed = this.#wrongCodes.check(kiosk.id);
      if (!slowed.allowed) {
        log.warn(
          { kioskId: kiosk.id, officeId: kiosk.officeId, retryAfterSeconds: slowed.retryAfterSeconds },
          'booking check-in refused: too many wrong codes from this kiosk',
        );
        sendHubError(reply, {
          code: 'rate_limited',
          message: 'too many wrong booking codes from this kiosk; try again later',
          retryAfterSeconds: slowed.retryAfterSeconds,
        });
        return false;
      }
    }
    const decision = await this.#hit(action, kiosk);
    if (decision.allowed) return true;
    log.warn({ kioskId: kiosk.id, officeId: kiosk.officeId, action, scope: decision.scope }, `${action} rate limited`);
    sendHubError(reply, {
      code: 'rate_limited',
      message: `too many ${action} requests from this ${decision.scope}`,
      retryAfterSeconds: decision.retryAfterSeconds,
    });
    return false;
  }

  /**
   * Counts a wrong booking code (`not_found`) from `kiosk`. The one that fills the window is
   * logged as a warning: the alert that someone may be guessing codes at this kiosk.
   */
  wrongBookingCode(kiosk: AuthenticatedKiosk, log: FastifyBaseLogger): void {
    this.#wrongCodes.hit(kiosk.id);
    if (!this.#wrongCodes.check(kiosk.id).allowed) {
      log.warn(
        { kioskId: kiosk.id, officeId: kiosk.officeId, alert: 'booking_code_guessing' },
        'booking check-in: wrong-code limit reached; this kiosk is slowed down',
      );
    }
  }

  /** Counts one `action` of `kiosk` where every window has room; otherwise which scope refused. */
  async #hit(action: LimitedAction, kiosk: AuthenticatedKiosk): ReturnType<typeof hitKioskAndOffice> {
    const perOffice = this.#perOffice[action];
    if (perOffice !== undefined) return hitKioskAndOffice(this.#perKiosk[action], perOffice, kiosk);
    const decision = this.#perKiosk[action].hit(kiosk.id);
    return decision.allowed ? decision : { ...decision, scope: 'kiosk' };
  }

  /** Frees memory (and the shared rows) of windows that have passed. */
  async sweep(): Promise<void> {
    for (const limiter of Object.values(this.#perKiosk)) limiter.sweep();
    this.#wrongCodes.sweep();
    for (const limiter of Object.values(this.#perOffice)) await limiter?.sweep();
  }
}
