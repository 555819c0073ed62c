import { randomBytes } from 'node:crypto';
import { fail, ok, type Result } from '../../kiosk-config/src/contract/result';
import type { AdminAuditEntry, EnrollmentRefusal, HubRepository } from '../db/hub-repository';
import { hashesEqual, hashSecret, newCredential, newEnrollmentCode, normaliseEnrollmentCode } from './credentials';

/** An enrollment that gave the kiosk a fresh credential. */
export interface EnrolledKiosk {
  status: 'enrolled';
  kioskId: string;
  officeId: string;
  credential: string;
  via: 'code' | 'token';
}

/** A fleet token's request, waiting for an admin. */
export interface PendingEnrollment {
  status: 'pending';
  kioskId: string;
  officeId: string;
  requestId: string;
  isNew: boolean;
}

/** The outcome of an enrollment: a fresh credential, a request waiting for an admin, or why not (for the log only). */
export type EnrollOutcome = Result<
  EnrolledKiosk | PendingEnrollment,
  EnrollmentRefusal | 'unknown_secret' | 'request_secret_missing'
>;

/** Dependencies of `EnrollmentService`. */
export interface EnrollmentOptions {
  repository: HubRepository;
  /**
   * Fleet tokens (a mass roll-out's install image carries one). A token enrolls nobody by
   * itself: it files a request for one kiosk id, which an admin approves (`approve-kiosk`).
   */
  provisioningTokens?: readonly string[];
  /** The office kiosks requesting with a token join. */
  provisioningOfficeId?: string;
  /**
   * Demo hub only (`npm start`, tests): a token's request for a kiosk id never seen is approved
   * at once. Never on a real hub: `launchHub` allows it only with the demo data.
   */
  autoApproveNewKiosks?: boolean;
  now?: () => Date;
}

/** A freshly created one-time code; the clear code exists only here and on the operator's screen. */
export interface IssuedEnrollmentCode {
  code: string;
  officeId: string;
  kioskId: string;
  expiresAt: string;
}

/** What the caller of `enroll` knows of the request besides the secret. */
export interface EnrollContext {
  /** The kiosk's own secret naming its token request (required with a token). */
  requestSecret?: string;
  /** The client's address, shown to the admin who approves a request. */
  fromAddress?: string;
}

/**
 * Kiosk enrollment, per kiosk: a one-time code bound to one kiosk id and office gives a
 * credential; a fleet token only files a request an admin approves. A kiosk id that is enrolled
 * is never enrolled again (its credential keeps working) until an admin revokes it, and a kiosk
 * never moves to another office through enrollment.
 */
export class EnrollmentService {
  readonly #repository: HubRepository;
  readonly #tokenHashes: string[];
  readonly #provisioningOfficeId: string | undefined;
  readonly #autoApprove: boolean;
  readonly #now: () => Date;

  constructor(options: EnrollmentOptions) {
    this.#repository = options.repository;
    this.#tokenHashes = (options.provisioningTokens ?? []).map(hashSecret);
    this.#provisioningOfficeId = options.provisioningOfficeId;
    this.#autoApprove = options.autoApproveNewKiosks === true;
    this.#now = options.now ?? (() => new Date());
    if (this.#tokenHashes.length > 0 && this.#provisioningOfficeId === undefined) {
      throw new Error('provisioning tokens need provisioningOfficeId in the hub config: the office such kiosks join');
    }
  }

  /** Enrolls `kioskId` with what the technician typed or the config carried. */
  async enroll(kioskId: string, secret: string, context: EnrollContext = {}): Promise<EnrollOutcome> {
    const at = this.#now().toISOString();
    const credential = newCredential();
    const credentialHash = hashSecret(credential);
    const secretHash = hashSecret(secret);
    // Every token is compared, so the time taken does not say which one matched.
    const isToken = this.#tokenHashes.map((hash) => hashesEqual(hash, secretHash)).includes(true);
    if (isToken && this.#provisioningOfficeId !== undefined) {
      if (context.requestSecret === undefined)
        return fail('request_secret_missing', 'a fleet token needs a requestSecret');
      const result = await this.#repository.enrollWithToken({
        kioskId,
        officeId: this.#provisioningOfficeId,
        requestSecretHash: hashSecret(context.requestSecret),
        newRequestId: `req-${randomBytes(5).toString('hex')}`,
        credentialHash,
        at,
        ...(context.fromAddress === undefined ? {} : { fromAddress: context.fromAddress }),
        autoApproveNewKiosks: this.#autoApprove,
      });
      if (result.status === 'enrolled') {
        return ok({ status: 'enrolled', kioskId, officeId: result.officeId, credential, via: 'token' });
      }
      if (result.status === 'pending') {
        const { officeId, requestId, isNew } = result;
        return ok({ status: 'pending', kioskId, officeId, requestId, isNew });
      }
      return fail(result.reason, `refused: ${result.reason}`);
    }
    const codeHash = hashSecret(normaliseEnrollmentCode(secret));
    const result = await this.#repository.enrollWithCode({ codeHash, kioskId, credentialHash, at });
    if (result.ok) return ok({ status: 'enrolled', kioskId, officeId: result.value.officeId, credential, via: 'code' });
    const code = result.error.code;
    return code === 'unknown_code' ? fail('unknown_secret', 'no such code or token') : fail(code, result.error.message);
  }

  /**
   * Creates a one-time code for kiosk `kioskId` of `officeId`, valid `ttlHours`. Refused for a
   * kiosk id that is enrolled (revoke it first) or belongs to another office.
   */
  async createCode(officeId: string, ttlHours: number, kioskId: string, actor = 'hub'): Promise<IssuedEnrollmentCode> {
    if (!(await this.#repository.findOffice(officeId))) throw new Error(`no office with id ${officeId}`);
    const kiosk = await this.#repository.findKiosk(kioskId);
    if (kiosk && kiosk.revokedAt === undefined) {
      throw new Error(`kiosk ${kioskId} is enrolled; revoke it first (revoke-kiosk ${kioskId})`);
    }
    if (kiosk && kiosk.officeId !== officeId) {
      throw new Error(`kiosk ${kioskId} belongs to office ${kiosk.officeId}; a kiosk never moves office by enrollment`);
    }
    const code = newEnrollmentCode();
    const created = this.#now();
    const expiresAt = new Date(created.getTime() + ttlHours * 3_600_000).toISOString();
    const audit: AdminAuditEntry = {
      at: created.toISOString(),
      actor,
      action: 'create-enrollment-code',
      subject: kioskId,
      detail: { officeId, expiresAt },
    };
    await this.#repository.createEnrollmentCode(
      {
        codeHash: hashSecret(normaliseEnrollmentCode(code)),
        officeId,
        kioskId,
        createdAt: created.toISOString(),
        expiresAt,
      },
      audit,
    );
    return { code, officeId, kioskId, expiresAt };
  }
}
