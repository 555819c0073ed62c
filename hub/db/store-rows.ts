import type { ApplicationStatus } from '../../kiosk-config/src/hub/hub-api';
import type {
  ApplicationLookupRecord,
  ApplicationRecord,
  EnrollmentMethod,
  KioskRecord,
  LookupLogEntry,
  LookupOutcome,
  OfficeRecord,
  StoredOutboxItem,
} from './hub-repository';

/* Rows as both stores keep them (the same column names in SQLite and PostgreSQL), and the records made of them. */

/**
 * Copies the non-null optional fields of a row into a record: SQL says «no value» with NULL, the
 * records (exact optional properties) by leaving the field out.
 */
export function withOptional<T extends object>(record: T, optional: Record<string, string | number | null>): T {
  const result = { ...record } as Record<string, unknown>;
  for (const [key, value] of Object.entries(optional)) if (value !== null) result[key] = value;
  return result as T;
}

/** A row of `outbox_items`. */
export interface OutboxRow {
  kiosk_id: string;
  item_id: string;
  seq: number;
  kind: string;
  at: string;
  payload: string;
  received_at: string;
}

/** A stored outbox item from its row. */
export function storedOutboxItemOf(row: OutboxRow): StoredOutboxItem {
  return {
    kioskId: row.kiosk_id,
    seq: row.seq,
    id: row.item_id,
    kind: row.kind,
    at: row.at,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    receivedAt: row.received_at,
  };
}

/** A row of `offices` (the columns both stores have). */
export interface OfficeRow {
  id: string;
  name: string;
  address: string | null;
  region_id: string;
  time_zone: string;
}

/** A row of `kiosks`; `offline_tag` only where the store runs the queue. */
export interface KioskRow {
  id: string;
  office_id: string;
  credential_hash: string;
  enrolled_at: string;
  enrolled_via: EnrollmentMethod;
  revoked_at: string | null;
  last_seen_at: string | null;
  offline_tag?: string | null;
}

export function officeFromRow(row: OfficeRow): OfficeRecord {
  return withOptional<OfficeRecord>(
    { id: row.id, name: row.name, regionId: row.region_id, timeZone: row.time_zone },
    { address: row.address },
  );
}

export function kioskFromRow(row: KioskRow): KioskRecord {
  return withOptional<KioskRecord>(
    {
      id: row.id,
      officeId: row.office_id,
      credentialHash: row.credential_hash,
      enrolledAt: row.enrolled_at,
      enrolledVia: row.enrolled_via,
    },
    { revokedAt: row.revoked_at, lastSeenAt: row.last_seen_at, offlineTag: row.offline_tag ?? null },
  );
}

/** Whether the runtime knows an IANA zone (`Europe/Moscow`). */
function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Throws for an office whose time zone the runtime does not know (its day would be wrong). */
export function assertKnownTimeZone(office: OfficeRecord): void {
  if (office.timeZone !== undefined && !isTimeZone(office.timeZone)) {
    throw new Error(`office ${office.id}: unknown time zone ${office.timeZone}`);
  }
}

/** An application joined with its service and office (`findApplication`'s query). */
export interface ApplicationRow {
  number: string;
  status: ApplicationStatus;
  service_id: string;
  office_id: string;
  window: string | null;
  filed_on: string;
  expected_on: string | null;
  storage_until: string | null;
  phone_last4: string | null;
  service_name: string;
  office_name: string;
  office_address: string | null;
  office_region_id: string;
  office_time_zone: string;
}

export function applicationLookupFromRow(row: ApplicationRow): ApplicationLookupRecord {
  return {
    application: withOptional<ApplicationRecord>(
      {
        number: row.number,
        status: row.status,
        serviceId: row.service_id,
        officeId: row.office_id,
        filedOn: row.filed_on,
      },
      {
        window: row.window,
        expectedOn: row.expected_on,
        storageUntil: row.storage_until,
        phoneLast4: row.phone_last4,
      },
    ),
    service: { id: row.service_id, name: row.service_name },
    office: officeFromRow({
      id: row.office_id,
      name: row.office_name,
      address: row.office_address,
      region_id: row.office_region_id,
      time_zone: row.office_time_zone,
    }),
  };
}

/** A row of `lookup_log`. */
export interface LookupLogRow {
  at: string;
  kiosk_id: string;
  masked_number: string;
  outcome: LookupOutcome;
}

export function lookupLogEntryFromRow(row: LookupLogRow): LookupLogEntry {
  return { at: row.at, kioskId: row.kiosk_id, maskedNumber: row.masked_number, outcome: row.outcome };
}
