import type { Migration } from '../migrate';

/**
 * The web console (docs/operations/fleet.md, «Web console»): its users with their scrypt
 * password hashes, server-side sessions (by the SHA-256 of the cookie's id), the sign-in
 * counters behind the growing lock-out (so a restart does not forgive), and the audit of every
 * sign-in, failure and action.
 */
export const migration0012Console: Migration = {
  version: 12,
  name: 'console',
  sql: `
CREATE TABLE console_users (
  login               TEXT PRIMARY KEY,
  role                TEXT NOT NULL CHECK (role IN ('regional_admin', 'office_head', 'technician')),
  office_id           TEXT REFERENCES offices (id),
  password_hash       TEXT NOT NULL,
  created_at          TEXT NOT NULL,
  password_changed_at TEXT NOT NULL,
  disabled_at         TEXT,
  CHECK (role <> 'office_head' OR office_id IS NOT NULL)
) STRICT;

CREATE TABLE console_sessions (
  id_hash       TEXT PRIMARY KEY,
  login         TEXT NOT NULL REFERENCES console_users (login),
  csrf_token    TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  last_seen_at  TEXT NOT NULL,
  expires_at    TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX console_sessions_login ON console_sessions (login);

-- key: 'user:<login>' or 'ip:<address>'.
CREATE TABLE console_sign_in_limits (
  key              TEXT PRIMARY KEY,
  failures         INTEGER NOT NULL,
  last_failure_at  TEXT NOT NULL,
  locked_until     TEXT
) STRICT, WITHOUT ROWID;

CREATE TABLE console_audit (
  id       INTEGER PRIMARY KEY,
  at       TEXT NOT NULL,
  actor    TEXT NOT NULL,
  action   TEXT NOT NULL,
  subject  TEXT NOT NULL,
  address  TEXT,
  detail   TEXT NOT NULL
) STRICT;
CREATE INDEX console_audit_at ON console_audit (at);
`,
};
