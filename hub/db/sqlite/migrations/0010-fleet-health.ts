import type { Migration } from '../migrate';

/**
 * Fleet health and alerts (docs/operations/fleet.md): each kiosk's latest health state and a
 * bounded history of its changes, the alerts the rules opened, and the webhook notifications
 * waiting to be delivered (a queue in the database, so a hub restart loses none).
 */
export const migration0010FleetHealth: Migration = {
  version: 10,
  name: 'fleet-health',
  sql: `
-- One row per kiosk that ever reported. state_json: the kiosk's HealthState (no personal data);
-- state_at: when the kiosk saw it (its clock); content_json: its latest content.state report;
-- reconciliation_*: its terminal's latest end of day as the ledger reconciled it.
CREATE TABLE kiosk_health (
  kiosk_id                TEXT PRIMARY KEY,
  hash                    TEXT,
  state_json              TEXT,
  state_at                TEXT,
  last_seen_at            TEXT NOT NULL,
  content_json            TEXT,
  reconciliation_at       TEXT,
  reconciliation_matched  INTEGER
) STRICT, WITHOUT ROWID;

-- Each state change, newest kept (per kiosk: a count and an age, see the repository).
CREATE TABLE kiosk_health_history (
  id          INTEGER PRIMARY KEY,
  kiosk_id    TEXT NOT NULL,
  hash        TEXT NOT NULL,
  state_json  TEXT NOT NULL,
  state_at    TEXT NOT NULL,
  received_at TEXT NOT NULL
) STRICT;
CREATE INDEX kiosk_health_history_kiosk ON kiosk_health_history (kiosk_id, id);
CREATE INDEX kiosk_health_history_received ON kiosk_health_history (received_at);

-- An alert per (kiosk, rule, subject) episode; a re-opening within the flap window reuses it.
CREATE TABLE alerts (
  id               TEXT PRIMARY KEY,
  kiosk_id         TEXT NOT NULL,
  rule             TEXT NOT NULL,
  subject          TEXT NOT NULL,
  severity         TEXT NOT NULL CHECK (severity IN ('warning', 'critical')),
  summary          TEXT NOT NULL,
  details_json     TEXT NOT NULL,
  opened_at        TEXT NOT NULL,
  reopened_at      TEXT,
  flap_count       INTEGER NOT NULL DEFAULT 0,
  acknowledged_at  TEXT,
  acknowledged_by  TEXT,
  closed_at        TEXT
) STRICT;
CREATE INDEX alerts_open ON alerts (kiosk_id) WHERE closed_at IS NULL;
CREATE INDEX alerts_episode ON alerts (kiosk_id, rule, subject, opened_at);

-- Webhook notifications in order; delivered_at set once the receiver answered 2xx.
CREATE TABLE alert_notifications (
  id              INTEGER PRIMARY KEY,
  alert_id        TEXT NOT NULL REFERENCES alerts (id),
  event           TEXT NOT NULL CHECK (event IN ('opened', 'reopened', 'acknowledged', 'closed')),
  payload_json    TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error      TEXT,
  delivered_at    TEXT
) STRICT;
CREATE INDEX alert_notifications_undelivered ON alert_notifications (id) WHERE delivered_at IS NULL;
`,
};
