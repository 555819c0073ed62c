import type { Migration } from '../../migration';

/**
 * «Позвать сотрудника», the ratings and the content channel's rows on PostgreSQL: the SQLite
 * store's migrations 0015 (help), 0016 (ratings), 0009 and 0013 (content), in one.
 *
 * `ratings.ticket_id` has no foreign key to `tickets` here: the queue's tables are another
 * migration's, and the rating service checks the ticket before it stores a rating.
 */
export const postgresMigration0006HelpRatingContent: Migration = {
  version: 6,
  name: 'help-rating-content',
  sql: `
-- seq: the order the office's console shows. A raise takes the office's advisory lock before its
-- seq is drawn, so the order of seq is the order of commits and two hub instances agree on «ahead».
CREATE TABLE help_requests (
  seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id   text NOT NULL UNIQUE,
  kiosk_id     text NOT NULL,
  office_id    text NOT NULL,
  screen       text NOT NULL,
  raised_at    text NOT NULL,
  answered_at  text,
  answered_by  text
);
CREATE INDEX help_requests_open ON help_requests (office_id, seq) WHERE answered_at IS NULL;

-- phone: personal data, NULL once the call is made or the call-back expired.
CREATE TABLE help_callbacks (
  seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id   text NOT NULL UNIQUE,
  kiosk_id     text NOT NULL,
  office_id    text NOT NULL,
  centre_id    text NOT NULL,
  screen       text NOT NULL,
  phone        text,
  requested_at text NOT NULL,
  closed_at    text,
  outcome      text CHECK (outcome IN ('called', 'expired')),
  closed_by    text,
  CHECK ((closed_at IS NULL) = (phone IS NOT NULL))
);
CREATE INDEX help_callbacks_open ON help_callbacks (centre_id, seq) WHERE closed_at IS NULL;
CREATE INDEX help_callbacks_requested ON help_callbacks (requested_at) WHERE closed_at IS NULL;

-- ticket_id: only the key that lets a ticket be rated once (whichever instance gets the rating).
CREATE TABLE ratings (
  ticket_id   text PRIMARY KEY,
  office_id   text NOT NULL,
  service_id  text NOT NULL,
  "window"    text,
  day         text NOT NULL,
  score       integer NOT NULL CHECK (score BETWEEN 1 AND 5),
  source      text NOT NULL CHECK (source IN ('follow_page', 'kiosk'))
);
CREATE INDEX ratings_office_day ON ratings (office_id, day);

CREATE TABLE rating_reasons (
  ticket_id  text NOT NULL REFERENCES ratings (ticket_id),
  reason     text NOT NULL CHECK (reason IN ('service_time', 'waiting_time', 'staff', 'comfort', 'information')),
  PRIMARY KEY (ticket_id, reason)
);
`,
};
