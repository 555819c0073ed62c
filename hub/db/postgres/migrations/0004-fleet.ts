import type { Migration } from '../../migration';

/**
 * Fleet health and alerts (docs/operations/fleet.md; SQLite's 0010 and 0017): each kiosk's latest
 * health, a bounded history of its changes, the alerts, and the webhook's queue with its claim.
 *
 * Times are ISO text as in 0001, in the "C" collation so they compare and sort byte by byte as in
 * SQLite whatever the database's locale. JSON is kept as text: the webhook's body and the states
 * come back byte for byte (jsonb would reorder keys).
 */
export const postgresMigration0004Fleet: Migration = {
  version: 4,
  name: 'fleet',
  sql: `
-- One row per kiosk that ever reported; its row is locked by each write of that kiosk's health,
-- so two hub instances keep its history bound in turn.
CREATE TABLE kiosk_health (
  kiosk_id                text PRIMARY KEY,
  hash                    text,
  state_json              text,
  state_at                text COLLATE "C",
  last_seen_at            text COLLATE "C" NOT NULL,
  content_json            text,
  reconciliation_at       text COLLATE "C",
  reconciliation_matched  boolean
);

CREATE TABLE kiosk_health_history (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kiosk_id     text NOT NULL,
  hash         text NOT NULL,
  state_json   text NOT NULL,
  state_at     text COLLATE "C" NOT NULL,
  received_at  text COLLATE "C" NOT NULL
);
CREATE INDEX kiosk_health_history_kiosk ON kiosk_health_history (kiosk_id, id);
CREATE INDEX kiosk_health_history_received ON kiosk_health_history (received_at);

-- seq: the order alerts were stored in (SQLite's rowid), to break ties of opened_at.
CREATE TABLE alerts (
  id               text PRIMARY KEY,
  seq              bigint GENERATED ALWAYS AS IDENTITY,
  kiosk_id         text NOT NULL,
  rule             text NOT NULL,
  subject          text NOT NULL,
  severity         text NOT NULL CHECK (severity IN ('warning', 'critical')),
  summary          text NOT NULL,
  details_json     text NOT NULL,
  opened_at        text COLLATE "C" NOT NULL,
  reopened_at      text COLLATE "C",
  flap_count       integer NOT NULL DEFAULT 0,
  acknowledged_at  text COLLATE "C",
  acknowledged_by  text,
  closed_at        text COLLATE "C"
);
-- One open alert per kiosk, rule and subject, whichever hub instance opens it: the second
-- instance's insert (or re-opening) meets this index and is refused.
CREATE UNIQUE INDEX alerts_one_open ON alerts (kiosk_id, rule, subject) WHERE closed_at IS NULL;
CREATE INDEX alerts_episode ON alerts (kiosk_id, rule, subject, opened_at);
CREATE INDEX alerts_opened ON alerts (opened_at);

-- claimed_by/claimed_until: the deliverer holding the head of the queue and its lease's end.
CREATE TABLE alert_notifications (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  alert_id         text NOT NULL REFERENCES alerts (id),
  event            text NOT NULL CHECK (event IN ('opened', 'reopened', 'acknowledged', 'closed')),
  payload_json     text NOT NULL,
  created_at       text COLLATE "C" NOT NULL,
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  text COLLATE "C" NOT NULL,
  last_error       text,
  delivered_at     text COLLATE "C",
  claimed_by       text,
  claimed_until    text COLLATE "C"
);
CREATE INDEX alert_notifications_undelivered ON alert_notifications (id) WHERE delivered_at IS NULL;
CREATE INDEX alert_notifications_alert ON alert_notifications (alert_id);
`,
};
