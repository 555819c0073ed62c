import type { Migration } from '../migrate';

/**
 * Remote commands (docs/operations/fleet.md, "Remote commands"): each command for one kiosk with
 * its state, the files some of them bring back (compressed logs, a screenshot), and the audit of
 * every step (issued, handed out, acknowledged, expired), kept apart from the admin audit so a
 * busy fleet's commands do not bury the enrollment changes.
 */
export const migration0011RemoteCommands: Migration = {
  version: 11,
  name: 'remote-commands',
  sql: `
CREATE TABLE remote_commands (
  id            TEXT PRIMARY KEY,
  kiosk_id      TEXT NOT NULL,
  kind          TEXT NOT NULL,
  params_json   TEXT NOT NULL,
  issuer        TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  expires_at    TEXT NOT NULL,
  state         TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'done', 'refused', 'failed', 'expired')),
  delivered_at  TEXT,
  finished_at   TEXT,
  reason        TEXT,
  attachment_sha256 TEXT
) STRICT;
CREATE INDEX remote_commands_kiosk ON remote_commands (kiosk_id, created_at);
CREATE INDEX remote_commands_open ON remote_commands (state, kiosk_id) WHERE state IN ('pending', 'delivered');

CREATE TABLE remote_command_attachments (
  command_id   TEXT PRIMARY KEY REFERENCES remote_commands (id),
  media_type   TEXT NOT NULL,
  sha256       TEXT NOT NULL,
  size_bytes   INTEGER NOT NULL,
  data         BLOB NOT NULL,
  received_at  TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE remote_command_audit (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  command_id   TEXT NOT NULL,
  kiosk_id     TEXT NOT NULL,
  at           TEXT NOT NULL,
  event        TEXT NOT NULL CHECK (event IN ('issued', 'delivered', 'acknowledged', 'expired', 'attachment')),
  actor        TEXT NOT NULL,
  detail       TEXT
) STRICT;
CREATE INDEX remote_command_audit_kiosk ON remote_command_audit (kiosk_id, seq);
`,
};
