import type { Migration } from '../migrate';

/**
 * The technician mode (docs/operations/technician/access.md): the QR tokens the hub signed (who
 * for, which kiosk or office, valid when, issued by whom; never the token's text, which is a
 * bearer pass) and each kiosk's technician audit as its outbox delivered it (entries, refused
 * sign-ins, actions, exits).
 */
export const migration0014TechnicianAccess: Migration = {
  version: 14,
  name: 'technician-access',
  sql: `
CREATE TABLE technician_tokens (
  nonce        TEXT PRIMARY KEY,
  person       TEXT NOT NULL,
  scope_kind   TEXT NOT NULL CHECK (scope_kind IN ('kiosk', 'office')),
  scope_id     TEXT NOT NULL,
  issued_at    TEXT NOT NULL,
  expires_at   TEXT NOT NULL,
  issuer       TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX technician_tokens_issued ON technician_tokens (issued_at);

CREATE TABLE technician_audit (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  kiosk_id     TEXT NOT NULL,
  item_id      TEXT NOT NULL UNIQUE,
  at           TEXT NOT NULL,
  event        TEXT NOT NULL CHECK (event IN ('entry', 'entry_refused', 'action', 'exit')),
  person       TEXT,
  method       TEXT,
  action       TEXT,
  reason       TEXT,
  detail_json  TEXT,
  received_at  TEXT NOT NULL
) STRICT;
CREATE INDEX technician_audit_kiosk ON technician_audit (kiosk_id, seq);
`,
};
