import type { Migration } from '../../migration';

/**
 * The queue (docs/queue.md): offices' catalogues, kiosks' offline tags, tickets with their
 * per-day counters and follow links, bookings and their day keys, operator tokens: SQLite's
 * 0002-queue and 0004-offline-bookings in one.
 *
 * Times and office days are UTC ISO 8601 / `YYYY-MM-DD` text, as in 0001; the ones compared or
 * ordered are `COLLATE "C"` (byte order, as SQLite's), so a database made with another locale
 * sorts them alike.
 */
export const postgresMigration0002Queue: Migration = {
  version: 2,
  name: 'queue',
  sql: `
-- catalogue: a CatalogueFile as JSON text (as validated and written), checked again when read.
ALTER TABLE offices ADD COLUMN catalogue text;
ALTER TABLE offices ADD COLUMN catalogue_updated_at text;

-- offline_tag: the kiosk's block of offline numbers (К1, К2…), the smallest free one of its
-- office, given at its first setup request. Kept when revoked, so old numbers never collide.
ALTER TABLE kiosks ADD COLUMN offline_tag text;
CREATE UNIQUE INDEX kiosks_offline_tag ON kiosks (office_id, offline_tag) WHERE offline_tag IS NOT NULL;

-- last: the newest number handed out in a queue (prefix) on an office day. Taken by
-- INSERT … ON CONFLICT DO UPDATE … RETURNING, whose row lock holds until the ticket's transaction
-- ends: two hub instances number one queue in turn, without gaps.
CREATE TABLE ticket_counters (
  office_id  text NOT NULL,
  prefix     text NOT NULL,
  day        text NOT NULL,
  last       integer NOT NULL,
  PRIMARY KEY (office_id, prefix, day)
);

-- id: the order tickets were stored (SQLite's rowid): breaks ties in the call order.
-- ticket_id: the kiosk's id of the request, so a retry finds the ticket it already got.
-- seq: the counter's value (NULL for offline tickets, whose number carries the kiosk's tag).
-- kiosk_seq: an offline ticket's number in its kiosk's count of the day.
-- booking_problem: an offline check-in whose booking was already used (used_twice, with the
-- number of the ticket that used it in booking_used_by), cancelled meanwhile, or unknown.
CREATE TABLE tickets (
  id               bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  ticket_id        text PRIMARY KEY,
  office_id        text NOT NULL REFERENCES offices (id),
  day              text COLLATE "C" NOT NULL,
  prefix           text NOT NULL,
  seq              integer,
  number           text NOT NULL,
  service_id       text NOT NULL,
  kiosk_id         text,
  issued_at        text COLLATE "C" NOT NULL,
  source           text NOT NULL CHECK (source IN ('kiosk', 'booking', 'offline')),
  priority         boolean NOT NULL,
  state            text NOT NULL CHECK (state IN ('waiting', 'called', 'served', 'no_show', 'dropped')),
  "window"         text,
  called_at        text COLLATE "C",
  finished_at      text COLLATE "C",
  printed          text CHECK (printed IS NULL OR printed IN ('yes', 'no', 'unknown')),
  kiosk_seq        integer,
  booking_problem  text CHECK (booking_problem IS NULL OR booking_problem IN ('used_twice', 'cancelled', 'unknown')),
  booking_used_by  text,
  UNIQUE (office_id, day, number)
);
CREATE INDEX tickets_queue ON tickets (office_id, day, state);
CREATE INDEX tickets_served ON tickets (office_id, prefix, finished_at) WHERE state = 'served';
CREATE INDEX tickets_called ON tickets (office_id, prefix, called_at) WHERE called_at IS NOT NULL;
CREATE INDEX tickets_at_window ON tickets (office_id, "window") WHERE state = 'called';

-- token_hash: SHA-256 of a follow link's token; the token itself is never stored. A ticket may
-- have several (a retried request gets a fresh link; every link handed out keeps working).
CREATE TABLE follow_tokens (
  token_hash  text PRIMARY KEY,
  ticket_id   text NOT NULL REFERENCES tickets (ticket_id)
);
CREATE INDEX follow_tokens_ticket ON follow_tokens (ticket_id);

-- slot_start: UTC ISO 8601. ticket_id: set exactly while checked in.
CREATE TABLE bookings (
  code        text PRIMARY KEY CHECK (length(code) = 8),
  office_id   text NOT NULL REFERENCES offices (id),
  service_id  text NOT NULL,
  slot_start  text COLLATE "C" NOT NULL,
  state       text NOT NULL CHECK (state IN ('booked', 'checked_in', 'cancelled')),
  ticket_id   text REFERENCES tickets (ticket_id),
  CHECK ((state = 'checked_in') = (ticket_id IS NOT NULL))
);
CREATE INDEX bookings_ticket ON bookings (ticket_id) WHERE ticket_id IS NOT NULL;
CREATE INDEX bookings_office_slot ON bookings (office_id, slot_start);

-- key: 32 random bytes (base64url) for HMAC-SHA256 of the office's booking codes on that day,
-- made once (INSERT … ON CONFLICT DO NOTHING: of two instances at once, the first stored wins).
CREATE TABLE booking_day_keys (
  office_id  text NOT NULL REFERENCES offices (id),
  day        text NOT NULL,
  key        text NOT NULL,
  PRIMARY KEY (office_id, day)
);

-- token_hash: SHA-256 of the operator's bearer token, shown once by the admin CLI.
CREATE TABLE operator_tokens (
  id          text PRIMARY KEY,
  token_hash  text NOT NULL UNIQUE,
  office_id   text COLLATE "C" NOT NULL REFERENCES offices (id),
  label       text NOT NULL,
  created_at  text COLLATE "C" NOT NULL,
  revoked_at  text
);
`,
};
