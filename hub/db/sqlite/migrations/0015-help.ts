import type { Migration } from '../migrate';

/**
 * «Позвать сотрудника» (docs/accessibility/help.md): help requests on the office's console (the
 * kiosk, the screen the visitor is on, the time; no personal data), and call-backs on the
 * call centre's (the visitor's phone number, erased (NULL) once the call is made or after a day).
 */
export const migration0015Help: Migration = {
  version: 15,
  name: 'help',
  sql: `
CREATE TABLE help_requests (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  request_id   TEXT NOT NULL UNIQUE,
  kiosk_id     TEXT NOT NULL,
  office_id    TEXT NOT NULL,
  screen       TEXT NOT NULL,
  raised_at    TEXT NOT NULL,
  answered_at  TEXT,
  answered_by  TEXT
) STRICT;
CREATE INDEX help_requests_open ON help_requests (office_id, answered_at, seq);

CREATE TABLE help_callbacks (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  request_id   TEXT NOT NULL UNIQUE,
  kiosk_id     TEXT NOT NULL,
  office_id    TEXT NOT NULL,
  centre_id    TEXT NOT NULL,
  screen       TEXT NOT NULL,
  phone        TEXT,
  requested_at TEXT NOT NULL,
  closed_at    TEXT,
  outcome      TEXT CHECK (outcome IN ('called', 'expired')),
  closed_by    TEXT,
  CHECK ((closed_at IS NULL) = (phone IS NOT NULL))
) STRICT;
CREATE INDEX help_callbacks_open ON help_callbacks (centre_id, closed_at, seq);
CREATE INDEX help_callbacks_requested ON help_callbacks (closed_at, requested_at);
`,
};
