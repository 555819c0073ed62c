import type { Result } from '../../kiosk-config/src/contract/result';
import type { ApplicationStatus, OutboxItem } from '../../kiosk-config/src/hub/hub-api';
import type { QueueRepository, TicketMerge, TicketMergeOutcome } from './queue-repository';

export type * from './queue-repository';

/**
 * The hub's storage, as the rest of the hub sees it.
 *
 * Small on purpose and asynchronous although SQLite answers synchronously: a PostgreSQL
 * implementation (for fleets that outgrow one file) plugs in behind the same interface. Each
 * method that changes more than one row is one transaction.
 */
export interface HubRepository extends HubCoreRepository, QueueRepository {
  /** The offices that have a catalogue (a queue the hub runs), by name. */
  listQueueOffices(): Promise<OfficeRecord[]>;
  /**
   * As `HubCoreRepository.appendOutbox`; `merges` (by item id) are applied to the queue in the
   * same transaction, each only when its item is newly stored.
   */
  appendOutbox(
    kioskId: string,
    items: readonly OutboxItem[],
    receivedAt: string,
    merges?: readonly TicketMerge[],
  ): Promise<OutboxAppendResult>;
}

/**
 * The part of `HubRepository` outside the queue: reference data, kiosks and their enrollment,
 * the admin audit, the lookup log, the outbox. Both stores implement it (and the queue); the
 * contract suites (hub-core-repository.contract.ts, queue-repository.contract.ts) run the same
 * tests against each.
 */
export interface HubCoreRepository {
  /** Adds or replaces an office (back-office import, demo seed). */
  upsertOffice(office: OfficeRecord): Promise<void>;
  /** Adds or replaces a service. */
  upsertService(service: ServiceRecord): Promise<void>;
  /** Adds or replaces an application by its normalised number. */
  upsertApplication(application: ApplicationRecord): Promise<void>;
  /** An application with its service and office, by normalised number. */
  findApplication(number: string): Promise<ApplicationLookupRecord | undefined>;
  findOffice(id: string): Promise<OfficeRecord | undefined>;
  findKiosk(id: string): Promise<KioskRecord | undefined>;
  listKiosks(): Promise<KioskRecord[]>;
  /**
   * Enrolls a kiosk with a one-time code, atomically: the code is spent only if it is known,
   * unused, unexpired and bound to this kiosk id, and the kiosk id is new or revoked in the
   * code's office. An active kiosk id is never re-enrolled: its credential keeps working.
   */
  enrollWithCode(request: CodeEnrollment): Promise<EnrollmentResult>;
  /**
   * A fleet token's enrollment, atomically: files a pending request (new request secret), tells
   * it is still pending, or hands out the credential of an approved request, once.
   */
  enrollWithToken(request: TokenEnrollment): Promise<TokenEnrollmentResult>;
  /** Stores a code and its audit row together. */
  createEnrollmentCode(code: EnrollmentCodeRecord, audit: AdminAuditEntry): Promise<void>;
  /** Marks a kiosk revoked and writes the audit row; false when there is no such kiosk. */
  revokeKiosk(id: string, at: string, audit: AdminAuditEntry): Promise<boolean>;
  /** Enrollment requests, the newest first; only undecided ones with `pendingOnly`. */
  listEnrollmentRequests(options?: { pendingOnly?: boolean }): Promise<EnrollmentRequestRecord[]>;
  /**
   * Approves or rejects a pending request and writes the audit row. Approving one request of a
   * kiosk id rejects that id's other pending requests.
   */
  decideEnrollmentRequest(decision: EnrollmentDecision, audit: AdminAuditEntry): Promise<EnrollmentDecisionResult>;
  /** Appends an admin action to the audit table. */
  appendAdminAudit(entry: AdminAuditEntry): Promise<void>;
  /** The newest audit rows first. */
  listAdminAudit(limit: number): Promise<AdminAuditEntry[]>;
  /** Records the kiosk's last contact (fleet health). */
  touchKiosk(id: string, at: string): Promise<void>;

  appendLookupLog(entry: LookupLogEntry): Promise<void>;
  /** The newest entries first. */
  listLookupLog(limit: number): Promise<LookupLogEntry[]>;
  /** Deletes entries older than `before` (ISO time); returns how many. */
  pruneLookupLog(before: string): Promise<number>;

  /**
   * Stores a kiosk's outbox batch in order, atomically. An item whose id this kiosk already
   * sent is a replay: reported in `duplicates` and not stored again, even when two hub
   * instances receive it at once.
   */
  appendOutbox(kioskId: string, items: readonly OutboxItem[], receivedAt: string): Promise<OutboxAppendResult>;
  /**
   * Deletes stored outbox items that arrived before `before` (ISO time), except each kiosk's
   * newest, so arrival numbers (`seq`) keep counting up; returns how many. A replay of a deleted
   * item would be stored again: the retention is far longer than a kiosk keeps an unacknowledged
   * item before re-sending it (docs/security.md, "Retention").
   */
  pruneOutbox(before: string): Promise<number>;
  /** How many items, and how many payload bytes, a kiosk stored that arrived at `since` (ISO time) or later. */
  outboxVolume(kioskId: string, since: string): Promise<OutboxVolume>;
  /** A kiosk's stored items in the order they arrived. */
  listOutbox(kioskId: string, options?: { afterSeq?: number; limit?: number }): Promise<StoredOutboxItem[]>;

  /** Throws when the storage cannot answer (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** An office where applications are filed and results collected. */
export interface OfficeRecord {
  id: string;
  name: string;
  address?: string;
  /** Decides the second factor (hub config `regions`). */
  regionId: string;
  /**
   * IANA zone of the office's wall clock (hours, the day numbers restart). Always set when read;
   * on write, absent keeps the stored one (Europe/Moscow for a new office).
   */
  timeZone?: string;
}

/** A public service, by its name as visitors know it. */
export interface ServiceRecord {
  id: string;
  name: string;
}

/** An application as the back office reports it. `phoneLast4` only checks a second factor. */
export interface ApplicationRecord {
  /** Normalised (`normaliseApplicationNumber`). */
  number: string;
  status: ApplicationStatus;
  serviceId: string;
  officeId: string;
  window?: string;
  filedOn: string;
  expectedOn?: string;
  storageUntil?: string;
  /** Never returned and never logged: compared with what the visitor types. */
  phoneLast4?: string;
}

/** An application joined with what a status view needs. */
export interface ApplicationLookupRecord {
  application: ApplicationRecord;
  service: ServiceRecord;
  office: OfficeRecord;
}

/** How a kiosk got its credential. */
export type EnrollmentMethod = 'code' | 'token';

/** An enrolled kiosk. Only the hash of its credential is kept. */
export interface KioskRecord {
  id: string;
  officeId: string;
  credentialHash: string;
  enrolledAt: string;
  enrolledVia: EnrollmentMethod;
  revokedAt?: string;
  lastSeenAt?: string;
  /** Its block of offline ticket numbers (`К1`…), once it asked for its setup. */
  offlineTag?: string;
}

/** A one-time enrollment code, by hash, bound to one kiosk id and office. */
export interface EnrollmentCodeRecord {
  codeHash: string;
  officeId: string;
  /**
   * Only this kiosk id may use the code. Codes of older hubs may have none: those are refused.
   */
  kioskId: string;
  createdAt: string;
  expiresAt: string;
}

/** Enrollment with a one-time code. */
export interface CodeEnrollment {
  codeHash: string;
  kioskId: string;
  credentialHash: string;
  at: string;
}

/** Enrollment with a fleet token: a request, identified by a secret the kiosk made. */
export interface TokenEnrollment {
  kioskId: string;
  /** The office the hub config puts such kiosks in. */
  officeId: string;
  /** SHA-256 of the kiosk's request secret. */
  requestSecretHash: string;
  /** The public id a new request gets (`req-…`). */
  newRequestId: string;
  /** Used only when the request is approved now. */
  credentialHash: string;
  at: string;
  /** The client address, shown to the admin who approves. */
  fromAddress?: string;
  /**
   * Demo hub only (`npm start`): a request for a kiosk id the hub has never seen is approved at
   * once. A known (revoked) id still waits for an admin.
   */
  autoApproveNewKiosks?: boolean;
}

/** Why an enrollment was refused (logged, never told to the caller in detail). */
export type EnrollmentRefusal =
  | 'unknown_code'
  | 'code_used'
  | 'code_expired'
  | 'code_for_other_kiosk'
  | 'code_unbound'
  | 'kiosk_enrolled'
  | 'kiosk_revoked'
  | 'office_mismatch'
  | 'request_for_other_kiosk'
  | 'request_rejected'
  | 'request_used';

export type EnrollmentResult = Result<{ officeId: string }, EnrollmentRefusal>;

/** What a fleet token's enrollment came to. */
export type TokenEnrollmentResult =
  | { status: 'enrolled'; officeId: string }
  | { status: 'pending'; officeId: string; requestId: string; isNew: boolean }
  | { status: 'refused'; reason: EnrollmentRefusal };

/** A fleet token's request to enroll a kiosk id (no secret: its hash stays in the database). */
export interface EnrollmentRequestRecord {
  id: string;
  kioskId: string;
  officeId: string;
  requestedAt: string;
  fromAddress?: string;
  decision?: 'approved' | 'rejected';
  decidedAt?: string;
  decidedBy?: string;
  collectedAt?: string;
}

/** An admin's decision on a request. */
export interface EnrollmentDecision {
  requestId: string;
  decision: 'approved' | 'rejected';
  at: string;
  by: string;
}

/** What deciding a request did. */
export type EnrollmentDecisionResult = Result<
  EnrollmentRequestRecord,
  'not_found' | 'already_decided' | 'kiosk_enrolled' | 'office_mismatch'
>;

/** One admin action: who did what to which subject. `detail` never holds a secret. */
export interface AdminAuditEntry {
  at: string;
  /** The OS user running the admin CLI (or `OKNO_ADMIN_ACTOR`). */
  actor: string;
  /** e.g. `create-enrollment-code`, `revoke-kiosk`, `approve-kiosk`. */
  action: string;
  /** A kiosk id, a request id, a token id, an office id. */
  subject: string;
  detail: Record<string, string | number | boolean>;
}

/** What the lookup log keeps of a lookup: no full number, no second factor. */
export type LookupOutcome =
  | 'found'
  | 'not_found'
  | 'second_factor_required'
  | 'second_factor_mismatch'
  | 'rate_limited_kiosk'
  | 'rate_limited_number';

/** One line of the lookup log. */
export interface LookupLogEntry {
  at: string;
  kioskId: string;
  /** `maskApplicationNumber`'s output. */
  maskedNumber: string;
  outcome: LookupOutcome;
}

/** Result of `appendOutbox`: ids newly stored and ids already stored before (replays). */
export interface OutboxAppendResult {
  accepted: string[];
  duplicates: string[];
  /** Replayed ids whose content differs from what was stored first (kept as first stored). */
  conflicting: string[];
  /** What each merge of a newly stored item did. */
  merged: TicketMergeOutcome[];
}

/** What a kiosk stored through the outbox within a window: items and their payloads' bytes. */
export interface OutboxVolume {
  items: number;
  bytes: number;
}

/** An outbox item as stored, with the order it arrived in for its kiosk. */
export interface StoredOutboxItem extends OutboxItem {
  kioskId: string;
  /** 1, 2, 3… per kiosk, in arrival order. */
  seq: number;
  receivedAt: string;
}
