import type { HubRepository, KioskRecord } from '../db/hub-repository';
import { EnrollmentService, type IssuedEnrollmentCode } from '../server/enrollment';

/**
 * What the hub's operator does by hand: create one-time enrollment codes, revoke kiosks, list
 * them. Works on the database file directly, also while the hub runs (WAL): a revocation
 * takes effect with the kiosk's next request, because every request reads the kiosk's row.
 */
export class HubAdmin {
  readonly #repository: HubRepository;
  readonly #now: () => Date;

  constructor(repository: HubRepository, now: () => Date = () => new Date()) {
    this.#repository = repository;
    this.#now = now;
  }

  /** A one-time code for a kiosk of `officeId` (optionally only for `kioskId`), valid `ttlHours`. */
  createCode(officeId: string, ttlHours: number, kioskId?: string): Promise<IssuedEnrollmentCode> {
    return new EnrollmentService({ repository: this.#repository, now: this.#now }).createCode(
      officeId,
      ttlHours,
      kioskId,
    );
  }

  /** Revokes a kiosk: its credential stops working; only a new one-time code re-enrolls it. */
  async revoke(kioskId: string): Promise<void> {
    if (!(await this.#repository.revokeKiosk(kioskId, this.#now().toISOString()))) {
      throw new Error(`no kiosk with id ${kioskId}`);
    }
  }

  /** Every enrolled kiosk, revoked ones included. */
  listKiosks(): Promise<KioskRecord[]> {
    return this.#repository.listKiosks();
  }
}

/** One kiosk as a line of the admin CLI's table (no credential hash: nothing to do with it). */
export function formatKioskLine(kiosk: KioskRecord): string {
  const state = kiosk.revokedAt === undefined ? 'active' : `revoked ${kiosk.revokedAt}`;
  return [
    kiosk.id,
    kiosk.officeId,
    `via ${kiosk.enrolledVia} ${kiosk.enrolledAt}`,
    `seen ${kiosk.lastSeenAt ?? 'never'}`,
    state,
  ].join('\t');
}
