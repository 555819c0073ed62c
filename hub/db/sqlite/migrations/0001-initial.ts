import type { Migration } from '../migrate';

/** The first schema: reference data, kiosks and their enrollment, the lookup log, the outbox. */
export const migration0001Initial: Migration = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE offices (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  address    TEXT,
  region_id  TEXT NOT NULL
) STRICT;

CREATE TABLE services (
  id    TEXT PRIMARY KEY,
  name  TEXT NOT NULL
) STRICT;

-- number: normalised (upper case, no spaces). phone_last4 only checks a second factor.
CREATE TABLE applications (
  number         TEXT PRIMARY KEY,
  status         TEXT NOT NULL CHECK (status IN ('accepted', 'in_progress', 'awaiting_applicant',
                   'ready_for_pickup', 'issued', 'refused', 'returned_to_agency', 'cancelled')),
  service_id     TEXT NOT NULL REFERENCES services (id),
  office_id      TEXT NOT NULL REFERENCES offices (id),
  window         TEXT,
  filed_on       TEXT NOT NULL,
  expected_on    TEXT,
  storage_until  TEXT,
  phone_last4    TEXT CHECK (phone_last4 IS NULL OR length(phone_last4) = 4)
) STRICT;

-- credential_hash: SHA-256 of the credential; the credential itself is never stored.
CREATE TABLE kiosks (
  id               TEXT PRIMARY KEY,
  office_id        TEXT NOT NULL REFERENCES offices (id),
  credential_hash  TEXT NOT NULL,
  enrolled_at      TEXT NOT NULL,
  enrolled_via     TEXT NOT NULL CHECK (enrolled_via IN ('code', 'token')),
  revoked_at       TEXT,
  last_seen_at     TEXT
) STRICT;

CREATE TABLE enrollment_codes (
  code_hash   TEXT PRIMARY KEY,
  office_id   TEXT NOT NULL REFERENCES offices (id),
  kiosk_id    TEXT,
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  used_at     TEXT,
  used_by     TEXT
) STRICT;

-- masked_number: maskApplicationNumber's output; the full number is never written here.
CREATE TABLE lookup_log (
  id             INTEGER PRIMARY KEY,
  at             TEXT NOT NULL,
  kiosk_id       TEXT NOT NULL,
  masked_number  TEXT NOT NULL,
  outcome        TEXT NOT NULL
) STRICT;
CREATE INDEX lookup_log_at ON lookup_log (at);

-- seq: arrival order per kiosk; (kiosk_id, item_id) makes a replay harmless.
CREATE TABLE outbox_items (
  kiosk_id     TEXT NOT NULL,
  item_id      TEXT NOT NULL,
  seq          INTEGER NOT NULL,
  kind         TEXT NOT NULL,
  at           TEXT NOT NULL,
  payload      TEXT NOT NULL,
  received_at  TEXT NOT NULL,
  PRIMARY KEY (kiosk_id, item_id),
  UNIQUE (kiosk_id, seq)
) STRICT, WITHOUT ROWID;
`,
};
