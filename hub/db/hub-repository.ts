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
export interface HubRepository extends QueueRepository {
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
   * Enrolls (or re-enrolls) a kiosk with a one-time code, atomically: the code is spent only
   * if it is known, unused, unexpired and not bound to another kiosk.
   */
  enrollWithCode(request: CodeEnrollment): Promise<EnrollmentResult>;
  /** Enrolls (or re-enrolls) a kiosk with a provisioning token; a revoked kiosk stays revoked. */
  enrollWithToken(request: TokenEnrollment): Promise<EnrollmentResult>;
  createEnrollmentCode(code: EnrollmentCodeRecord): Promise<void>;
  /** Marks a kiosk revoked; false when there is no such kiosk. */
  revokeKiosk(id: string, at: string): Promise<boolean>;
  /** Records the kiosk's last contact (fleet health). */
  touchKiosk(id: string, at: string): Promise<void>;

  appendLookupLog(entry: LookupLogEntry): Promise<void>;
  /** The newest entries first. */
  listLookupLog(limit: number): Promise<LookupLogEntry[]>;
  /** Deletes entries older than `before` (ISO time); returns how many. */
  pruneLookupLog(before: string): Promise<number>;

  /**
   * Stores a kiosk's outbox batch in order, atomically. An item whose id this kiosk already
   * sent is a replay: reported in `duplicates` and not stored again. `merges` (by item id) are
   * applied to the queue in the same transaction, each only when its item is newly stored.
   */
  appendOutbox(
    kioskId: string,
    items: readonly OutboxItem[],
    receivedAt: string,
    merges?: readonly TicketMerge[],
  ): Promise<OutboxAppendResult>;
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

/** A one-time enrollment code, by hash. */
export interface EnrollmentCodeRecord {
  codeHash: string;
  officeId: string;
  /** When set, only this kiosk id may use the code. */
  kioskId?: string;
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

/** Enrollment with a provisioning token. */
export interface TokenEnrollment {
  kioskId: string;
  officeId: string;
  credentialHash: string;
  at: string;
}

/** Why an enrollment was refused (logged, never told to the caller in detail). */
export type EnrollmentRefusal =
  | 'unknown_code'
  | 'code_used'
  | 'code_expired'
  | 'code_for_other_kiosk'
  | 'kiosk_revoked';

export type EnrollmentResult = { ok: true; officeId: string } | { ok: false; reason: EnrollmentRefusal };

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
