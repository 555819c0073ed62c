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

-- version: one sequence for the whole hub, so a kiosk moved from one audience to another still
-- only ever sees versions go up; UNIQUE, so two publishes on two instances never share one.
-- audience_id: the office id, the group name, or '' for all. The signed files themselves stay in
-- the content repository folder (shared storage when there are several instances), not here.
CREATE TABLE content_releases (
  release_id          text PRIMARY KEY,
  version             integer NOT NULL UNIQUE,
  audience_kind       text NOT NULL CHECK (audience_kind IN ('office', 'group', 'all')),
  audience_id         text NOT NULL,
  stage_percent       integer NOT NULL CHECK (stage_percent BETWEEN 1 AND 100),
  halted_at           text,
  restores_release    text REFERENCES content_releases (release_id),
  manifest_sha256     text NOT NULL,
  total_bytes         bigint NOT NULL,
  file_count          integer NOT NULL,
  created_at          text NOT NULL,
  created_by          text NOT NULL,
  files_collected_at  text
);
CREATE INDEX content_releases_audience ON content_releases (audience_kind, audience_id, version);

CREATE TABLE content_group_offices (
  group_name  text NOT NULL,
  office_id   text NOT NULL REFERENCES offices (id),
  PRIMARY KEY (group_name, office_id)
);
CREATE INDEX content_group_offices_office ON content_group_offices (office_id);

CREATE TABLE content_kiosk_states (
  kiosk_id     text PRIMARY KEY,
  state        text NOT NULL,
  version      integer,
  release_id   text,
  bytes_done   bigint,
  bytes_total  bigint,
  reason       text,
  reported_at  text NOT NULL
);

-- When the blob collection first found each unreferenced blob (deleted a grace period later).
CREATE TABLE content_blob_orphans (
  sha256       text PRIMARY KEY,
  orphaned_at  text NOT NULL
);
`,
};
