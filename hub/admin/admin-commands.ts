import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { z } from 'zod';
import { CatalogueFile } from '../../kiosk-config/src/catalogue/catalogue';
import type {
  AdminAuditEntry,
  EnrollmentRequestRecord,
  HubRepository,
  KioskRecord,
  OperatorTokenRecord,
} from '../db/hub-repository';
import { hashSecret, newCredential } from '../server/credentials';
import { EnrollmentService, type IssuedEnrollmentCode } from '../server/enrollment';

/** A freshly created operator token; the clear token exists only here and on the admin's screen. */
export interface IssuedOperatorToken {
  id: string;
  token: string;
  officeId: string;
  label: string;
}

/** Options of `HubAdmin`. */
export interface HubAdminOptions {
  now?: () => Date;
  /** Who acts, for the audit: `OKNO_ADMIN_ACTOR`, else the OS user running the CLI. */
  actor?: string;
}

/** The admin's name for the audit: `OKNO_ADMIN_ACTOR`, else the OS user. */
export function defaultAdminActor(): string {
  const named = process.env.OKNO_ADMIN_ACTOR?.trim();
  if (named) return named.slice(0, 64);
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/**
 * What the hub's operator does by hand: one-time enrollment codes bound to a kiosk id, approval
 * of fleet-token requests, revocations, operator tokens, catalogues. Each change writes a row of
 * the admin audit (who, what, when). Works on the database file directly, also while the hub
 * runs (WAL): a revocation takes effect with the kiosk's next request, because every request
 * reads the kiosk's row.
 */
export class HubAdmin {
  readonly #repository: HubRepository;
  readonly #now: () => Date;
  readonly #actor: string;

  constructor(repository: HubRepository, options: HubAdminOptions = {}) {
    this.#repository = repository;
    this.#now = options.now ?? (() => new Date());
    this.#actor = options.actor ?? defaultAdminActor();
  }

  /** A one-time code for kiosk `kioskId` of `officeId`, valid `ttlHours`. */
  createCode(officeId: string, ttlHours: number, kioskId: string): Promise<IssuedEnrollmentCode> {
    return new EnrollmentService({ repository: this.#repository, now: this.#now }).createCode(
      officeId,
      ttlHours,
      kioskId,
      this.#actor,
    );
  }

  /**
   * Revokes a kiosk: its credential stops working at once; only then may it be enrolled again
   * (a new code for the same office, or an approved request).
   */
  async revoke(kioskId: string): Promise<void> {
    const at = this.#now().toISOString();
    const kiosk = await this.#repository.findKiosk(kioskId);
    const audit = this.#audit('revoke-kiosk', kioskId, kiosk ? { officeId: kiosk.officeId } : {});
    if (!(await this.#repository.revokeKiosk(kioskId, at, audit))) {
      throw new Error(`no kiosk with id ${kioskId}`);
    }
  }

  /** Fleet-token enrollment requests waiting for a decision, the newest first. */
  listPending(): Promise<EnrollmentRequestRecord[]> {
    return this.#repository.listEnrollmentRequests({ pendingOnly: true });
  }

  /** Approves a request: the kiosk collects its credential with its next ask. */
  approve(requestId: string): Promise<EnrollmentRequestRecord> {
    return this.#decide(requestId, 'approved');
  }

  /** Rejects a request: the kiosk is refused and must start over. */
  reject(requestId: string): Promise<EnrollmentRequestRecord> {
    return this.#decide(requestId, 'rejected');
  }

  /** The newest admin actions first. */
  listAudit(limit = 100): Promise<AdminAuditEntry[]> {
    return this.#repository.listAdminAudit(limit);
  }

  async #decide(requestId: string, decision: 'approved' | 'rejected'): Promise<EnrollmentRequestRecord> {
    const at = this.#now().toISOString();
    const request = (await this.#repository.listEnrollmentRequests()).find((r) => r.id === requestId);
    const audit = this.#audit(decision === 'approved' ? 'approve-kiosk' : 'reject-kiosk', requestId, {
      ...(request ? { kioskId: request.kioskId, officeId: request.officeId } : {}),
    });
    const result = await this.#repository.decideEnrollmentRequest({ requestId, decision, at, by: this.#actor }, audit);
    if (result.ok) return result.value;
    const reasons = {
      not_found: `no enrollment request with id ${requestId} (see list-pending)`,
      already_decided: `request ${requestId} was decided already`,
      kiosk_enrolled: `kiosk ${request?.kioskId} is enrolled; revoke it first`,
      office_mismatch: `kiosk ${request?.kioskId} belongs to another office`,
    };
    throw new Error(reasons[result.error.code]);
  }

  #audit(action: string, subject: string, detail: AdminAuditEntry['detail']): AdminAuditEntry {
    return { at: this.#now().toISOString(), actor: this.#actor, action, subject, detail };
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
    await this.#repository.appendAdminAudit(this.#audit('create-operator-token', id, { officeId, label }));
    return { id, token, officeId, label };
  }

  /** Revokes an operator token by its id: its next request gets 401. */
  async revokeOperatorToken(id: string): Promise<void> {
    if (!(await this.#repository.revokeOperatorToken(id, this.#now().toISOString()))) {
      throw new Error(`no operator token with id ${id}`);
    }
    await this.#repository.appendAdminAudit(this.#audit('revoke-operator-token', id, {}));
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
    await this.#repository.appendAdminAudit(
      this.#audit('set-catalogue', officeId, {
        services: parsed.data.services.length,
        ...(timeZone === undefined ? {} : { timeZone }),
      }),
    );
  }
}

/** One operator token as a line of the admin CLI's table. */
export function formatOperatorTokenLine(token: OperatorTokenRecord): string {
  const state = token.revokedAt === undefined ? 'active' : `revoked ${token.revokedAt}`;
  return [token.id, token.officeId, token.label, `created ${token.createdAt}`, state].join('\t');
}

/** One enrollment request as a line of the admin CLI's table. */
export function formatRequestLine(request: EnrollmentRequestRecord): string {
  const state =
    request.decision === undefined
      ? 'pending'
      : `${request.decision} ${request.decidedAt ?? ''} by ${request.decidedBy ?? '?'}`.trim();
  return [
    request.id,
    request.kioskId,
    request.officeId,
    `requested ${request.requestedAt}`,
    `from ${request.fromAddress ?? 'unknown'}`,
    state,
  ].join('\t');
}

/** One audit row as a line of the admin CLI's table. */
export function formatAuditLine(entry: AdminAuditEntry): string {
  return [entry.at, entry.actor, entry.action, entry.subject, JSON.stringify(entry.detail)].join('\t');
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
