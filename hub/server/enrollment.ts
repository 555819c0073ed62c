import type { EnrollmentRefusal, HubRepository } from '../db/hub-repository';
import { hashesEqual, hashSecret, newCredential, newEnrollmentCode, normaliseEnrollmentCode } from './credentials';

/** The outcome of an enrollment: a fresh credential, or why not (for the log only). */
export type EnrollOutcome =
  | { ok: true; kioskId: string; officeId: string; credential: string; via: 'code' | 'token' }
  | { ok: false; reason: EnrollmentRefusal | 'unknown_secret' };

/** Dependencies of `EnrollmentService`. */
export interface EnrollmentOptions {
  repository: HubRepository;
  /** Tokens that enroll any number of kiosks (a fleet's install image carries one). */
  provisioningTokens?: readonly string[];
  /** The office kiosks enrolled with a token join. */
  provisioningOfficeId?: string;
  now?: () => Date;
}

/** A freshly created one-time code; the clear code exists only here and on the operator's screen. */
export interface IssuedEnrollmentCode {
  code: string;
  officeId: string;
  kioskId?: string;
  expiresAt: string;
}

/**
 * Kiosk enrollment: exchanges a one-time code or a provisioning token for a new credential.
 * Re-enrolling replaces the kiosk's credential, so the old one stops working at once.
 */
export class EnrollmentService {
  readonly #repository: HubRepository;
  readonly #tokenHashes: string[];
  readonly #provisioningOfficeId: string | undefined;
  readonly #now: () => Date;

  constructor(options: EnrollmentOptions) {
    this.#repository = options.repository;
    this.#tokenHashes = (options.provisioningTokens ?? []).map(hashSecret);
    this.#provisioningOfficeId = options.provisioningOfficeId;
    this.#now = options.now ?? (() => new Date());
    if (this.#tokenHashes.length > 0 && this.#provisioningOfficeId === undefined) {
      throw new Error('provisioning tokens need provisioningOfficeId in the hub config: the office such kiosks join');
    }
  }

  /** Enrolls `kioskId` with what the technician typed or the config carried. */
  async enroll(kioskId: string, secret: string): Promise<EnrollOutcome> {
    const at = this.#now().toISOString();
    const credential = newCredential();
    const credentialHash = hashSecret(credential);
    const secretHash = hashSecret(secret);
    // Every token is compared, so the time taken does not say which one matched.
    const isToken = this.#tokenHashes.map((hash) => hashesEqual(hash, secretHash)).includes(true);
    if (isToken && this.#provisioningOfficeId !== undefined) {
      const result = await this.#repository.enrollWithToken({
        kioskId,
        officeId: this.#provisioningOfficeId,
        credentialHash,
        at,
      });
      return result.ok ? { ok: true, kioskId, officeId: result.officeId, credential, via: 'token' } : result;
    }
    const codeHash = hashSecret(normaliseEnrollmentCode(secret));
    const result = await this.#repository.enrollWithCode({ codeHash, kioskId, credentialHash, at });
    if (result.ok) return { ok: true, kioskId, officeId: result.officeId, credential, via: 'code' };
    return { ok: false, reason: result.reason === 'unknown_code' ? 'unknown_secret' : result.reason };
  }

  /** Creates a one-time code for an office (and optionally one kiosk id), valid `ttlHours`. */
  async createCode(officeId: string, ttlHours: number, kioskId?: string): Promise<IssuedEnrollmentCode> {
    if (!(await this.#repository.findOffice(officeId))) throw new Error(`no office with id ${officeId}`);
    const code = newEnrollmentCode();
    const created = this.#now();
    const expiresAt = new Date(created.getTime() + ttlHours * 3_600_000).toISOString();
    await this.#repository.createEnrollmentCode({
      codeHash: hashSecret(normaliseEnrollmentCode(code)),
      officeId,
      ...(kioskId === undefined ? {} : { kioskId }),
      createdAt: created.toISOString(),
      expiresAt,
    });
    return { code, officeId, ...(kioskId === undefined ? {} : { kioskId }), expiresAt };
  }
}
