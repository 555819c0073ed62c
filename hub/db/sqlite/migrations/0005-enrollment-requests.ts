import type { Migration } from '../migrate';

/**
 * Per-kiosk enrollment (docs/security.md, "Enrollment and kiosk secrets"): a fleet token no
 * longer enrolls a kiosk by itself, it files a request an admin approves; and every admin action
 * (codes, approvals, revocations, operator tokens, catalogues) leaves a row in `admin_audit`.
 */
export const migration0005EnrollmentRequests: Migration = {
  version: 5,
  name: 'enrollment-requests',
  sql: `
-- id: public (req-…), what the admin approves. secret_hash: SHA-256 of the secret only the
-- kiosk holds; with it the kiosk collects its credential once the request is approved.
CREATE TABLE kiosk_enrollment_requests (
  id            TEXT PRIMARY KEY,
  secret_hash   TEXT NOT NULL UNIQUE,
  kiosk_id      TEXT NOT NULL,
  office_id     TEXT NOT NULL REFERENCES offices (id),
  requested_at  TEXT NOT NULL,
  from_address  TEXT,
  decision      TEXT CHECK (decision IN ('approved', 'rejected')),
  decided_at    TEXT,
  decided_by    TEXT,
  collected_at  TEXT
) STRICT;
CREATE INDEX kiosk_enrollment_requests_kiosk ON kiosk_enrollment_requests (kiosk_id);

-- What an admin did, by whom and when. detail: JSON, never a secret.
CREATE TABLE admin_audit (
  id       INTEGER PRIMARY KEY,
  at       TEXT NOT NULL,
  actor    TEXT NOT NULL,
  action   TEXT NOT NULL,
  subject  TEXT NOT NULL,
  detail   TEXT NOT NULL
) STRICT;
CREATE INDEX admin_audit_at ON admin_audit (at);
`,
};
