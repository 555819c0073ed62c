import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { maskApplicationNumber } from '../../kiosk-config/src/hub/application-number';
import type {
  ApplicationStatusView,
  SecondFactor,
  SecondFactorKind,
  StatusLookupResponse,
} from '../../kiosk-config/src/hub/hub-api';
import type { ApplicationLookupRecord, HubRepository, LookupOutcome } from '../db/hub-repository';
import type { HubConfig } from './hub-config';
import type { AuthenticatedKiosk } from './kiosk-auth';
import {
  InMemoryLimiter,
  type KeyedLimiter,
  type KeyedLimiterFactory,
  memoryLimiters,
  SlidingWindowLimiter,
} from './rate-limiter';

/** A lookup's answer: the contract's response, or «too many, come back later». */
export type LookupAnswer =
  | { kind: 'response'; response: StatusLookupResponse }
  | { kind: 'rate_limited'; retryAfterSeconds: number; scope: 'kiosk' | 'number' };

/** Dependencies of `StatusLookupService`. */
export interface StatusLookupOptions {
  repository: HubRepository;
  config: Pick<HubConfig, 'lookupLimitPerKiosk' | 'lookupLimitPerNumber' | 'regions'>;
  /** Clock for rate limits and the log (ms). */
  now?: () => number;
  /** Makes the per-number limit (shared by the hub's instances on PostgreSQL); in memory by default. */
  limiters?: KeyedLimiterFactory;
}

/** Statuses for which an expected date means something to the visitor. */
const EXPECTED_DATE_STATUSES = new Set(['accepted', 'in_progress', 'awaiting_applicant']);

/**
 * What a kiosk may show of an application: status, service, where to go, dates. Built field by
 * field from the record, so nothing personal (and not `phoneLast4`) can slip through.
 */
export function applicationStatusView(record: ApplicationLookupRecord): ApplicationStatusView {
  const { application, office, service } = record;
  const view: ApplicationStatusView = {
    status: application.status,
    serviceName: service.name,
    office:
      office.address === undefined
        ? { id: office.id, name: office.name }
        : { id: office.id, name: office.name, address: office.address },
    filedOn: application.filedOn,
  };
  if (application.window !== undefined) view.window = application.window;
  if (application.expectedOn !== undefined && EXPECTED_DATE_STATUSES.has(application.status)) {
    view.expectedOn = application.expectedOn;
  }
  // The storage deadline only matters while the result waits on the shelf.
  if (application.storageUntil !== undefined && application.status === 'ready_for_pickup') {
    view.storageUntil = application.storageUntil;
  }
  return view;
}

/**
 * Status lookups: rate limits per kiosk and per number, the region's second factor, the
 * lookup log (masked numbers only).
 *
 * The second factor is the application's region's; a number that does not exist stands in the
 * kiosk's own region. There, it is answered `second_factor_required` without a factor and
 * `second_factor_mismatch` with one, exactly like an existing number with a wrong factor, after
 * the same work (`#answer`): neither the answer nor its time tells whether a number exists.
 */
export class StatusLookupService {
  readonly #repository: HubRepository;
  readonly #regions: HubConfig['regions'];
  readonly #now: () => number;
  /** In this instance's memory: the balancer sends a kiosk's requests to one instance. */
  readonly #perKiosk: SlidingWindowLimiter;
  /** A number can be looked up from any kiosk, through any instance: shared on PostgreSQL. */
  readonly #perNumber: KeyedLimiter;

  constructor(options: StatusLookupOptions) {
    this.#repository = options.repository;
    this.#regions = options.config.regions;
    this.#now = options.now ?? Date.now;
    this.#perKiosk = new SlidingWindowLimiter(options.config.lookupLimitPerKiosk, { now: this.#now });
    // Personal: keyed by an HMAC of the number, which the limiter holds for an hour, and an
    // application number is personal data that memory (a dump, a heap snapshot) must not hold.
    this.#perNumber = (options.limiters ?? memoryLimiters)('lookup-per-number', [options.config.lookupLimitPerNumber], {
      personal: true,
      now: this.#now,
    });
  }

  /** The per-number limiter's keys as kept in memory (for tests and audits: hashes only); none when shared. */
  perNumberKeys(): string[] {
    return this.#perNumber instanceof InMemoryLimiter ? this.#perNumber.trackedKeys() : [];
  }

  /** Looks up a normalised, valid number for a kiosk. */
  async lookup(kiosk: AuthenticatedKiosk, number: string, secondFactor?: SecondFactor): Promise<LookupAnswer> {
    const byKiosk = this.#perKiosk.hit(kiosk.id);
    if (!byKiosk.allowed) {
      await this.#log(kiosk, number, 'rate_limited_kiosk');
      return { kind: 'rate_limited', retryAfterSeconds: byKiosk.retryAfterSeconds, scope: 'kiosk' };
    }
    const byNumber = await this.#perNumber.hit(number);
    if (!byNumber.allowed) {
      await this.#log(kiosk, number, 'rate_limited_number');
      return { kind: 'rate_limited', retryAfterSeconds: byNumber.retryAfterSeconds, scope: 'number' };
    }
    const response = await this.#answer(kiosk, number, secondFactor);
    await this.#log(kiosk, number, response.outcome);
    return { kind: 'response', response };
  }

  /** Drops rate-limit entries that have left their windows (housekeeping). */
  async sweep(): Promise<void> {
    this.#perKiosk.sweep();
    await this.#perNumber.sweep();
  }

  /**
   * The answer, by the same steps whether the number exists or not: the application and the
   * kiosk's office are both read every time, and a factor is always compared (with a dummy when
   * there is no application), so neither the answer nor the work tells whether a number exists in
   * a region that asks for a factor. A missing number stands in the kiosk's region.
   */
  async #answer(kiosk: AuthenticatedKiosk, number: string, secondFactor?: SecondFactor): Promise<StatusLookupResponse> {
    const record = await this.#repository.findApplication(number);
    const kioskOffice = await this.#repository.findOffice(kiosk.officeId);
    const accepted = this.#factorsOf(record === undefined ? kioskOffice?.regionId : record.office.regionId);
    if (accepted.length > 0) {
      if (secondFactor === undefined || !accepted.includes(secondFactor.kind)) {
        return { outcome: 'second_factor_required', accepted };
      }
      const expected = record === undefined ? undefined : expectedFactor(record, secondFactor.kind);
      if (!factorValueMatches(expected, secondFactor.value)) return { outcome: 'second_factor_mismatch' };
    }
    if (record === undefined) return { outcome: 'not_found' };
    return { outcome: 'found', application: applicationStatusView(record) };
  }

  #factorsOf(regionId: string | undefined): SecondFactorKind[] {
    return regionId === undefined ? [] : [...(this.#regions[regionId]?.secondFactor ?? [])];
  }

  async #log(kiosk: AuthenticatedKiosk, number: string, outcome: LookupOutcome): Promise<void> {
    await this.#repository.appendLookupLog({
      at: new Date(this.#now()).toISOString(),
      kioskId: kiosk.id,
      maskedNumber: maskApplicationNumber(number),
      outcome,
    });
  }
}

/** The application's value of a factor, when it has one. */
function expectedFactor(record: ApplicationLookupRecord, kind: SecondFactorKind): string | undefined {
  switch (kind) {
    case 'filing_date':
      return record.application.filedOn;
    case 'phone_last4':
      return record.application.phoneLast4;
  }
}

/** Compared instead when there is nothing to compare with: random, so no visitor's factor matches it. */
const DUMMY_FACTOR = randomBytes(16).toString('hex');

/**
 * Whether the visitor's factor equals the expected one, in constant time: both are hashed to
 * equal lengths and compared with `timingSafeEqual`, and a missing expected value is compared as
 * a dummy (and never matches), so a missing application costs what a wrong factor costs.
 */
export function factorValueMatches(expected: string | undefined, given: string): boolean {
  const want = createHash('sha256')
    .update(expected ?? DUMMY_FACTOR)
    .digest();
  const got = createHash('sha256').update(given).digest();
  const same = timingSafeEqual(want, got);
  return same && expected !== undefined && expected.length > 0;
}
