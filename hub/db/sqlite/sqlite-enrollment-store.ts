import type Database from 'better-sqlite3';
import { ok } from '../../../kiosk-config/src/contract/result';
import {
  type CodeRow,
  codeRefusal,
  DEMO_AUTO_APPROVER,
  followUpDecision,
  type KioskStateRow,
  kioskRefusal,
  type RequestRow,
  refused,
  requestFromRow,
} from '../enrollment-rules';
import type {
  AdminAuditEntry,
  CodeEnrollment,
  EnrollmentCodeRecord,
  EnrollmentDecision,
  EnrollmentDecisionResult,
  EnrollmentMethod,
  EnrollmentRequestRecord,
  EnrollmentResult,
  TokenEnrollment,
  TokenEnrollmentResult,
} from '../hub-repository';

interface AuditRow {
  at: string;
  actor: string;
  action: string;
  subject: string;
  detail: string;
}

function prepare(db: Database.Database) {
  return {
    kiosk: db.prepare('SELECT office_id, enrolled_at, enrolled_via, revoked_at, last_seen_at FROM kiosks WHERE id = ?'),
    saveKiosk: db.prepare(
      `INSERT INTO kiosks (id, office_id, credential_hash, enrolled_at, enrolled_via)
       VALUES (@kioskId, @officeId, @credentialHash, @at, @via)
       ON CONFLICT (id) DO UPDATE SET
         credential_hash = excluded.credential_hash, enrolled_at = excluded.enrolled_at,
         enrolled_via = excluded.enrolled_via, revoked_at = NULL
       -- A kiosk never changes office through enrollment (checked before; this makes sure).
       WHERE kiosks.office_id = excluded.office_id`,
    ),
    findCode: db.prepare('SELECT office_id, kiosk_id, expires_at, used_at FROM enrollment_codes WHERE code_hash = ?'),
    spendCode: db.prepare('UPDATE enrollment_codes SET used_at = ?, used_by = ? WHERE code_hash = ?'),
    createCode: db.prepare(
      `INSERT INTO enrollment_codes (code_hash, office_id, kiosk_id, created_at, expires_at)
       VALUES (@codeHash, @officeId, @kioskId, @createdAt, @expiresAt)`,
    ),
    revoke: db.prepare('UPDATE kiosks SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
    requestBySecret: db.prepare('SELECT * FROM kiosk_enrollment_requests WHERE secret_hash = ?'),
    requestById: db.prepare('SELECT * FROM kiosk_enrollment_requests WHERE id = ?'),
    insertRequest: db.prepare(
      `INSERT INTO kiosk_enrollment_requests (id, secret_hash, kiosk_id, office_id, requested_at, from_address)
       VALUES (@id, @secretHash, @kioskId, @officeId, @at, @fromAddress)`,
    ),
    decide: db.prepare(
      `UPDATE kiosk_enrollment_requests SET decision = @decision, decided_at = @at, decided_by = @by
       WHERE id = @id AND decision IS NULL`,
    ),
    rejectOthers: db.prepare(
      `UPDATE kiosk_enrollment_requests SET decision = 'rejected', decided_at = @at, decided_by = @by
       WHERE kiosk_id = @kioskId AND id <> @id AND decision IS NULL`,
    ),
    collect: db.prepare('UPDATE kiosk_enrollment_requests SET collected_at = ? WHERE id = ?'),
    listRequests: db.prepare('SELECT * FROM kiosk_enrollment_requests ORDER BY requested_at DESC, id'),
    listPending: db.prepare(
      'SELECT * FROM kiosk_enrollment_requests WHERE decision IS NULL ORDER BY requested_at DESC, id',
    ),
    insertAudit: db.prepare(
      'INSERT INTO admin_audit (at, actor, action, subject, detail) VALUES (@at, @actor, @action, @subject, @detail)',
    ),
    listAudit: db.prepare('SELECT at, actor, action, subject, detail FROM admin_audit ORDER BY id DESC LIMIT ?'),
  };
}

/**
 * Kiosk enrollment on SQLite: one-time codes, fleet-token requests an admin approves, the admin
 * audit. Every change is one IMMEDIATE transaction, so two enrollments of one kiosk id cannot
 * both pass the «not enrolled yet» check.
 */
export class SqliteEnrollmentStore {
  readonly #db: Database.Database;
  readonly #s: ReturnType<typeof prepare>;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#s = prepare(db);
  }

  enrollWithCode(request: CodeEnrollment): EnrollmentResult {
    return this.#db
      .transaction((): EnrollmentResult => {
        const code = this.#s.findCode.get(request.codeHash) as CodeRow | undefined;
        const refusal = codeRefusal(code, request) ?? (code && this.#blocksEnrollment(request.kioskId, code.office_id));
        if (refusal || !code) return refused(refusal ?? 'unknown_code');
        this.#s.spendCode.run(request.at, request.kioskId, request.codeHash);
        this.#saveKiosk(request, code.office_id, 'code');
        return ok({ officeId: code.office_id });
      })
      .immediate();
  }

  enrollWithToken(request: TokenEnrollment): TokenEnrollmentResult {
    return this.#db
      .transaction((): TokenEnrollmentResult => {
        const existing = this.#s.requestBySecret.get(request.requestSecretHash) as RequestRow | undefined;
        if (existing) return this.#followUp(existing, request);
        const refusal = this.#blocksEnrollment(request.kioskId, request.officeId);
        if (refusal) return { status: 'refused', reason: refusal };
        const isKnown = this.#s.kiosk.get(request.kioskId) !== undefined;
        this.#s.insertRequest.run({
          id: request.newRequestId,
          secretHash: request.requestSecretHash,
          kioskId: request.kioskId,
          officeId: request.officeId,
          at: request.at,
          fromAddress: request.fromAddress ?? null,
        });
        if (request.autoApproveNewKiosks === true && !isKnown) {
          this.#s.decide.run({
            id: request.newRequestId,
            decision: 'approved',
            at: request.at,
            by: DEMO_AUTO_APPROVER,
          });
          this.#saveKiosk(request, request.officeId, 'token');
          this.#s.collect.run(request.at, request.newRequestId);
          return { status: 'enrolled', officeId: request.officeId };
        }
        return { status: 'pending', officeId: request.officeId, requestId: request.newRequestId, isNew: true };
      })
      .immediate();
  }

  /** A kiosk asking again with the secret of its request. */
  #followUp(row: RequestRow, request: TokenEnrollment): TokenEnrollmentResult {
    const decision = followUpDecision(row, this.#s.kiosk.get(row.kiosk_id) as KioskStateRow | undefined, request);
    if (decision.status !== 'collect') return decision;
    this.#saveKiosk(request, row.office_id, 'token');
    this.#s.collect.run(request.at, row.id);
    return { status: 'enrolled', officeId: row.office_id };
  }

  #saveKiosk(
    request: { kioskId: string; credentialHash: string; at: string },
    officeId: string,
    via: EnrollmentMethod,
  ): void {
    const { kioskId, credentialHash, at } = request;
    this.#s.saveKiosk.run({ kioskId, officeId, credentialHash, at, via });
  }

  /** Why `kioskId` cannot be (re-)enrolled into `officeId`, if it cannot. */
  #blocksEnrollment(kioskId: string, officeId: string): 'kiosk_enrolled' | 'office_mismatch' | undefined {
    return kioskRefusal(this.#s.kiosk.get(kioskId) as KioskStateRow | undefined, officeId);
  }

  createCode(code: EnrollmentCodeRecord, audit: AdminAuditEntry): void {
    this.#db.transaction(() => {
      this.#s.createCode.run(code);
      this.#audit(audit);
    })();
  }

  /** True when the kiosk exists (revoked now or before). */
  revoke(id: string, at: string, audit: AdminAuditEntry): boolean {
    return this.#db.transaction(() => {
      if (this.#s.kiosk.get(id) === undefined) return false;
      this.#s.revoke.run(at, id);
      this.#audit(audit);
      return true;
    })();
  }

  listRequests(pendingOnly: boolean): EnrollmentRequestRecord[] {
    return ((pendingOnly ? this.#s.listPending : this.#s.listRequests).all() as RequestRow[]).map(requestFromRow);
  }

  decide(decision: EnrollmentDecision, audit: AdminAuditEntry): EnrollmentDecisionResult {
    return this.#db
      .transaction((): EnrollmentDecisionResult => {
        const row = this.#s.requestById.get(decision.requestId) as RequestRow | undefined;
        if (!row) return refused('not_found');
        if (row.decision !== null) return refused('already_decided');
        if (decision.decision === 'approved') {
          const refusal = this.#blocksEnrollment(row.kiosk_id, row.office_id);
          if (refusal) return refused(refusal);
          this.#s.rejectOthers.run({ kioskId: row.kiosk_id, id: row.id, at: decision.at, by: decision.by });
        }
        this.#s.decide.run({ id: row.id, decision: decision.decision, at: decision.at, by: decision.by });
        this.#audit(audit);
        return ok(requestFromRow(this.#s.requestById.get(row.id) as RequestRow));
      })
      .immediate();
  }

  appendAudit(entry: AdminAuditEntry): void {
    this.#audit(entry);
  }

  listAudit(limit: number): AdminAuditEntry[] {
    return (this.#s.listAudit.all(limit) as AuditRow[]).map((row) => ({
      at: row.at,
      actor: row.actor,
      action: row.action,
      subject: row.subject,
      detail: JSON.parse(row.detail) as AdminAuditEntry['detail'],
    }));
  }

  #audit(entry: AdminAuditEntry): void {
    this.#s.insertAudit.run({ ...entry, detail: JSON.stringify(entry.detail) });
  }
}
