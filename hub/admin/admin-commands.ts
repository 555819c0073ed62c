import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { CatalogueFile } from '../../kiosk-config/src/catalogue/catalogue';
import type { HubRepository, KioskRecord, OperatorTokenRecord } from '../db/hub-repository';
import { hashSecret, newCredential } from '../server/credentials';
import { EnrollmentService, type IssuedEnrollmentCode } from '../server/enrollment';

/** A freshly created operator token; the clear token exists only here and on the admin's screen. */
export interface IssuedOperatorToken {
  id: string;
  token: string;
  officeId: string;
  label: string;
}

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

  /**
   * A bearer token for the operators of one office (call-next, finish, the queue), 256 random
   * bits; the hub keeps its SHA-256 only. `label` says who holds it («окно 3», «администратор»).
   */
  async createOperatorToken(officeId: string, label: string): Promise<IssuedOperatorToken> {
    if (!(await this.#repository.findOffice(officeId))) throw new Error(`no office with id ${officeId}`);
    const token = newCredential();
    const id = `op-${randomBytes(4).toString('hex')}`;
    await this.#repository.saveOperatorToken({
      id,
      tokenHash: hashSecret(token),
      officeId,
      label,
      createdAt: this.#now().toISOString(),
    });
    return { id, token, officeId, label };
  }

  /** Revokes an operator token by its id: its next request gets 401. */
  async revokeOperatorToken(id: string): Promise<void> {
    if (!(await this.#repository.revokeOperatorToken(id, this.#now().toISOString()))) {
      throw new Error(`no operator token with id ${id}`);
    }
  }

  /** Every operator token (without hashes), revoked ones included. */
  listOperatorTokens(): Promise<OperatorTokenRecord[]> {
    return this.#repository.listOperatorTokens();
  }

  /**
   * Stores an office's catalogue (CatalogueFile JSON) and, optionally, its time zone; kiosks get
   * it with their next setup request.
   */
  async setCatalogue(officeId: string, json: unknown, timeZone?: string): Promise<void> {
    const office = await this.#repository.findOffice(officeId);
    if (!office) throw new Error(`no office with id ${officeId}`);
    const parsed = CatalogueFile.safeParse(json);
    if (!parsed.success) throw new Error(`invalid catalogue:\n${z.prettifyError(parsed.error)}`);
    if (timeZone !== undefined) await this.#repository.upsertOffice({ ...office, timeZone });
    await this.#repository.setOfficeCatalogue(officeId, parsed.data, this.#now().toISOString());
  }
}

/** One operator token as a line of the admin CLI's table. */
export function formatOperatorTokenLine(token: OperatorTokenRecord): string {
  const state = token.revokedAt === undefined ? 'active' : `revoked ${token.revokedAt}`;
  return [token.id, token.officeId, token.label, `created ${token.createdAt}`, state].join('\t');
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
