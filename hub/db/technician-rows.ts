import type { TechnicianAuditEntry } from '../../kiosk-config/src/hub/technician-audit';
import type { IssuedTechnicianToken, StoredTechnicianAudit } from '../technician/technician-store';

/* The technician mode's rows as both stores keep them (the same column names in SQLite and PostgreSQL), and the records made of them. */

/** A row of `technician_tokens`. */
export interface TechnicianTokenRow {
  nonce: string;
  person: string;
  scope_kind: 'kiosk' | 'office';
  scope_id: string;
  issued_at: string;
  expires_at: string;
  issuer: string;
}

export function issuedTechnicianTokenOf(row: TechnicianTokenRow): IssuedTechnicianToken {
  return {
    nonce: row.nonce,
    person: row.person,
    scope: { kind: row.scope_kind, id: row.scope_id },
    issuedAt: row.issued_at,
    expiresAt: row.expires_at,
    issuer: row.issuer,
  };
}

/** A row of `technician_audit`; `detail_json` is the JSON text. */
export interface TechnicianAuditRow {
  kiosk_id: string;
  at: string;
  event: TechnicianAuditEntry['event'];
  person: string | null;
  method: 'qr' | 'pin' | null;
  action: string | null;
  reason: string | null;
  detail_json: string | null;
  received_at: string;
}

export function storedTechnicianAuditOf(row: TechnicianAuditRow): StoredTechnicianAudit {
  return {
    kioskId: row.kiosk_id,
    at: row.at,
    event: row.event,
    ...(row.person === null ? {} : { person: row.person }),
    ...(row.method === null ? {} : { method: row.method }),
    ...(row.action === null ? {} : { action: row.action }),
    ...(row.reason === null ? {} : { reason: row.reason }),
    ...(row.detail_json === null ? {} : { detail: JSON.parse(row.detail_json) as TechnicianAuditEntry['detail'] }),
    receivedAt: row.received_at,
  };
}

/** The columns of one audit line after the kiosk id and item id, in `technician_audit`'s order. */
export function technicianAuditValues(entry: TechnicianAuditEntry, receivedAt: string) {
  return [
    entry.at,
    entry.event,
    entry.person ?? null,
    entry.method ?? null,
    entry.action ?? null,
    entry.reason ?? null,
    entry.detail === undefined ? null : JSON.stringify(entry.detail),
    receivedAt,
  ];
}
