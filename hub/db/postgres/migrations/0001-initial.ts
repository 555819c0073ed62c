import type { Migration } from '../../migration';

/**
 * The PostgreSQL store's first schema: what `HubRepository` keeps outside the queue (reference
 * data, kiosks and their enrollment, the admin audit, the lookup log, the outbox).
 *
 * Times are the records' UTC ISO 8601 text (`toISOString`), stored as text as the SQLite store
 * does: they round-trip byte for byte and sort as text, so both stores answer alike.
 */
export const postgresMigration0001Initial: Migration = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE offices (
  id         text PRIMARY KEY,
  name       text NOT NULL,
  address    text,
  region_id  text NOT NULL,
  time_zone  text NOT NULL DEFAULT 'Europe/Moscow'
);

CREATE TABLE services (
  id    text PRIMARY KEY,
  name  text NOT NULL
);

-- number: normalised (upper case, no spaces). phone_last4 only checks a second factor.
CREATE TABLE applications (
  number         text PRIMARY KEY,
  status         text NOT NULL CHECK (status IN ('accepted', 'in_progress', 'awaiting_applicant',
                   'ready_for_pickup', 'issued', 'refused', 'returned_to_agency', 'cancelled')),
  service_id     text NOT NULL REFERENCES services (id),
  office_id      text NOT NULL REFERENCES offices (id),
  "window"       text,
  filed_on       text NOT NULL,
  expected_on    text,
  storage_until  text,
  phone_last4    text CHECK (phone_last4 IS NULL OR length(phone_last4) = 4)
);

-- credential_hash: SHA-256 of the credential; the credential itself is never stored.
CREATE TABLE kiosks (
  id               text PRIMARY KEY,
  office_id        text NOT NULL REFERENCES offices (id),
  credential_hash  text NOT NULL,
  enrolled_at      text NOT NULL,
  enrolled_via     text NOT NULL CHECK (enrolled_via IN ('code', 'token')),
  revoked_at       text,
  last_seen_at     text
);

CREATE TABLE enrollment_codes (
  code_hash   text PRIMARY KEY,
  office_id   text NOT NULL REFERENCES offices (id),
  kiosk_id    text,
  created_at  text NOT NULL,
  expires_at  text NOT NULL,
  used_at     text,
  used_by     text
);

-- id: public (req-…), what the admin approves. secret_hash: SHA-256 of the secret only the
-- kiosk holds; with it the kiosk collects its credential once the request is approved.
CREATE TABLE kiosk_enrollment_requests (
  id            text PRIMARY KEY,
  secret_hash   text NOT NULL UNIQUE,
  kiosk_id      text NOT NULL,
  office_id     text NOT NULL REFERENCES offices (id),
  requested_at  text NOT NULL,
  from_address  text,
  decision      text CHECK (decision IN ('approved', 'rejected')),
  decided_at    text,
  decided_by    text,
  collected_at  text
);
CREATE INDEX kiosk_enrollment_requests_kiosk ON kiosk_enrollment_requests (kiosk_id);

-- What an admin did, by whom and when. detail: JSON, never a secret.
CREATE TABLE admin_audit (
  id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at       text NOT NULL,
  actor    text NOT NULL,
  action   text NOT NULL,
  subject  text NOT NULL,
  detail   jsonb NOT NULL
);
CREATE INDEX admin_audit_at ON admin_audit (at);

-- masked_number: maskApplicationNumber's output; the full number is never written here.
CREATE TABLE lookup_log (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at             text NOT NULL,
  kiosk_id       text NOT NULL,
  masked_number  text NOT NULL,
  outcome        text NOT NULL
);
CREATE INDEX lookup_log_at ON lookup_log (at);

-- last_seq: the newest arrival number a kiosk's items got. Its row is locked by each append of
-- that kiosk (SELECT … FOR UPDATE), so two hub instances number one kiosk's items in turn.
CREATE TABLE outbox_kiosks (
  kiosk_id  text PRIMARY KEY,
  last_seq  bigint NOT NULL
);

-- seq: arrival order per kiosk; (kiosk_id, item_id) makes a replay harmless, whichever hub
-- instance it reaches. payload: the JSON text as first stored (a replay is compared with it).
CREATE TABLE outbox_items (
  kiosk_id     text NOT NULL,
  item_id      text NOT NULL,
  seq          bigint NOT NULL,
  kind         text NOT NULL,
  at           text NOT NULL,
  payload      text NOT NULL,
  received_at  text NOT NULL,
  PRIMARY KEY (kiosk_id, item_id),
  UNIQUE (kiosk_id, seq)
);
CREATE INDEX outbox_items_received_at ON outbox_items (received_at);
`,
};
