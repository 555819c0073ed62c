import { fail } from '../../kiosk-config/src/contract/result';
import type {
  CodeEnrollment,
  EnrollmentMethod,
  EnrollmentRefusal,
  EnrollmentRequestRecord,
  TokenEnrollment,
} from './hub-repository';
import { withOptional } from './store-rows';

/**
 * Kiosk enrollment's rules, as pure functions over the rows both stores keep (same columns in
 * SQLite and PostgreSQL): each store reads the rows inside its transaction, asks these, and writes.
 */

/** What enrollment needs of a kiosk's row. */
export interface KioskStateRow {
  office_id: string;
  enrolled_at: string;
  enrolled_via: EnrollmentMethod;
  revoked_at: string | null;
  last_seen_at: string | null;
}

/** A row of `enrollment_codes` as enrollment reads it. */
export interface CodeRow {
  office_id: string;
  kiosk_id: string | null;
  expires_at: string;
  used_at: string | null;
}

/** A row of `kiosk_enrollment_requests`. */
export interface RequestRow {
  id: string;
  kiosk_id: string;
  office_id: string;
  requested_at: string;
  from_address: string | null;
  decision: 'approved' | 'rejected' | null;
  decided_at: string | null;
  decided_by: string | null;
  collected_at: string | null;
}

/** Who decides a request the demo hub approves by itself. */
export const DEMO_AUTO_APPROVER = 'demo-auto-approve';

export function requestFromRow(row: RequestRow): EnrollmentRequestRecord {
  return withOptional<EnrollmentRequestRecord>(
    { id: row.id, kioskId: row.kiosk_id, officeId: row.office_id, requestedAt: row.requested_at },
    {
      fromAddress: row.from_address,
      decision: row.decision,
      decidedAt: row.decided_at,
      decidedBy: row.decided_by,
      collectedAt: row.collected_at,
    },
  );
}

/** Why a one-time code cannot enroll this kiosk, if it cannot (the kiosk's own state aside). */
export function codeRefusal(code: CodeRow | undefined, request: CodeEnrollment): EnrollmentRefusal | undefined {
  if (!code) return 'unknown_code';
  if (code.used_at !== null) return 'code_used';
  if (code.expires_at <= request.at) return 'code_expired';
  if (code.kiosk_id === null) return 'code_unbound';
  if (code.kiosk_id !== request.kioskId) return 'code_for_other_kiosk';
  return undefined;
}

/** Why a kiosk (its row, if any) cannot be (re-)enrolled into `officeId`, if it cannot. */
export function kioskRefusal(
  kiosk: KioskStateRow | undefined,
  officeId: string,
): 'kiosk_enrolled' | 'office_mismatch' | undefined {
  if (!kiosk) return undefined;
  if (kiosk.revoked_at === null) return 'kiosk_enrolled';
  if (kiosk.office_id !== officeId) return 'office_mismatch';
  return undefined;
}

/**
 * A kiosk asking again with the secret of its request: still pending, refused, or to be enrolled
 * now (`collect`: the store saves the kiosk and marks the request collected).
 */
export function followUpDecision(
  row: RequestRow,
  kiosk: KioskStateRow | undefined,
  request: TokenEnrollment,
):
  | { status: 'pending'; officeId: string; requestId: string; isNew: false }
  | { status: 'refused'; reason: EnrollmentRefusal }
  | { status: 'collect' } {
  if (row.kiosk_id !== request.kioskId) return { status: 'refused', reason: 'request_for_other_kiosk' };
  if (row.decision === 'rejected') return { status: 'refused', reason: 'request_rejected' };
  if (row.decision === null) return { status: 'pending', officeId: row.office_id, requestId: row.id, isNew: false };
  if (row.collected_at !== null) {
    // The answer that carried the credential was lost (crash, cut link): the holder of the
    // request secret may collect again, as long as that credential was never used.
    const unused =
      kiosk !== undefined &&
      kiosk.revoked_at === null &&
      kiosk.enrolled_via === 'token' &&
      kiosk.enrolled_at === row.collected_at &&
      kiosk.last_seen_at === null;
    return unused ? { status: 'collect' } : { status: 'refused', reason: 'request_used' };
  }
  const refusal = kioskRefusal(kiosk, row.office_id);
  return refusal ? { status: 'refused', reason: refusal } : { status: 'collect' };
}

/** A refusal as a failed result; the code says why, for the log and the admin CLI. */
export function refused<C extends string>(code: C) {
  return fail(code, `refused: ${code}`);
}
