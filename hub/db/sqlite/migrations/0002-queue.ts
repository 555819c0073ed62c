import type { Migration } from '../migrate';

/**
 * The queue (docs/queue.md): offices' time zones and catalogues, kiosks' offline tags, tickets
 * with their per-day counters and follow links, bookings, operator tokens.
 */
export const migration0002Queue: Migration = {
  version: 2,
  name: 'queue',
  sql: `
-- time_zone: the office's wall clock (hours; numbers restart at its midnight).
-- catalogue: a CatalogueFile as JSON, validated by the hub when written and when read.
ALTER TABLE offices ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Europe/Moscow';
ALTER TABLE offices ADD COLUMN catalogue TEXT;
ALTER TABLE offices ADD COLUMN catalogue_updated_at TEXT;

-- offline_tag: the kiosk's block of offline numbers (К1, К2…), the smallest free one of its
-- office, given at its first setup request. Kept when revoked, so old numbers never collide.
ALTER TABLE kiosks ADD COLUMN offline_tag TEXT;
CREATE UNIQUE INDEX kiosks_offline_tag ON kiosks (office_id, offline_tag) WHERE offline_tag IS NOT NULL;

-- last: the newest number handed out in a queue (prefix) on an office day.
CREATE TABLE ticket_counters (
  office_id  TEXT NOT NULL,
  prefix     TEXT NOT NULL,
  day        TEXT NOT NULL,
  last       INTEGER NOT NULL,
  PRIMARY KEY (office_id, prefix, day)
) STRICT, WITHOUT ROWID;

-- ticket_id: the kiosk's id of the request, so a retry finds the ticket it already got.
-- day: the office's date at issue. seq: the counter's value (NULL for offline tickets, whose
-- number carries the kiosk's tag). Times are UTC ISO 8601, so they sort as text.
-- The implicit rowid breaks ties in the call order.
CREATE TABLE tickets (
  ticket_id    TEXT PRIMARY KEY,
  office_id    TEXT NOT NULL REFERENCES offices (id),
  day          TEXT NOT NULL,
  prefix       TEXT NOT NULL,
  seq          INTEGER,
  number       TEXT NOT NULL,
  service_id   TEXT NOT NULL,
  kiosk_id     TEXT,
  issued_at    TEXT NOT NULL,
  source       TEXT NOT NULL CHECK (source IN ('kiosk', 'booking', 'offline')),
  priority     INTEGER NOT NULL CHECK (priority IN (0, 1)),
  state        TEXT NOT NULL CHECK (state IN ('waiting', 'called', 'served', 'no_show', 'dropped')),
  window       TEXT,
  called_at    TEXT,
  finished_at  TEXT,
  printed      TEXT CHECK (printed IS NULL OR printed IN ('yes', 'no', 'unknown')),
  UNIQUE (office_id, day, number)
) STRICT;
CREATE INDEX tickets_queue ON tickets (office_id, day, state);
CREATE INDEX tickets_served ON tickets (office_id, prefix, finished_at) WHERE state = 'served';
CREATE INDEX tickets_called ON tickets (office_id, prefix, called_at) WHERE called_at IS NOT NULL;
CREATE INDEX tickets_at_window ON tickets (office_id, window) WHERE state = 'called';

-- token_hash: SHA-256 of a follow link's token; the token itself is never stored. A ticket may
-- have several (a retried request gets a fresh link; every link handed out keeps working).
CREATE TABLE follow_tokens (
  token_hash  TEXT PRIMARY KEY,
  ticket_id   TEXT NOT NULL REFERENCES tickets (ticket_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX follow_tokens_ticket ON follow_tokens (ticket_id);

-- slot_start: UTC ISO 8601. ticket_id: set exactly while checked in.
CREATE TABLE bookings (
  code        TEXT PRIMARY KEY CHECK (length(code) = 8),
  office_id   TEXT NOT NULL REFERENCES offices (id),
  service_id  TEXT NOT NULL,
  slot_start  TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('booked', 'checked_in', 'cancelled')),
  ticket_id   TEXT REFERENCES tickets (ticket_id),
  CHECK ((state = 'checked_in') = (ticket_id IS NOT NULL))
) STRICT;
CREATE INDEX bookings_ticket ON bookings (ticket_id) WHERE ticket_id IS NOT NULL;

-- token_hash: SHA-256 of the operator's bearer token, shown once by the admin CLI.
CREATE TABLE operator_tokens (
  id          TEXT PRIMARY KEY,
  token_hash  TEXT NOT NULL UNIQUE,
  office_id   TEXT NOT NULL REFERENCES offices (id),
  label       TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  revoked_at  TEXT
) STRICT;
`,
};
