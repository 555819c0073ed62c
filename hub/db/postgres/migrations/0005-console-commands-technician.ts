import type { Migration } from '../../migration';

/**
 * The web console, remote commands and the technician mode on PostgreSQL: the tables of the
 * SQLite store's migrations 0012 (console), 0011 (remote commands) and 0014 (technician tokens
 * and audit), with the same columns, so both stores map rows alike (`console-rows.ts`,
 * `command-rows.ts`, `technician-rows.ts`). Times are ISO text as in 0001; JSON is jsonb, read
 * back as text.
 */
export const postgresMigration0005ConsoleCommandsTechnician: Migration = {
  version: 5,
  name: 'console-commands-technician',
  sql: `
CREATE TABLE console_users (
  login                text PRIMARY KEY,
  role                 text NOT NULL CHECK (role IN ('regional_admin', 'office_head', 'technician')),
  office_id            text REFERENCES offices (id),
  password_hash        text NOT NULL,
  created_at           text NOT NULL,
  password_changed_at  text NOT NULL,
  disabled_at          text,
  CHECK (role <> 'office_head' OR office_id IS NOT NULL)
);

-- id_hash: SHA-256 of the cookie's session id (the id itself is never stored). Any hub instance
-- behind the load balancer finds the session here.
CREATE TABLE console_sessions (
  id_hash       text PRIMARY KEY,
  login         text NOT NULL REFERENCES console_users (login),
  csrf_token    text NOT NULL,
  created_at    text NOT NULL,
  last_seen_at  text NOT NULL,
  expires_at    text NOT NULL
);
CREATE INDEX console_sessions_login ON console_sessions (login);

-- key: 'user:<login>' or 'ip:<address>'. failures is counted by one atomic upsert, never read
-- and written back, so the instances' counts add up.
CREATE TABLE console_sign_in_limits (
  key              text PRIMARY KEY,
  failures         integer NOT NULL,
  last_failure_at  text NOT NULL,
  locked_until     text
);

CREATE TABLE console_audit (
  id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at       text NOT NULL,
  actor    text NOT NULL,
  action   text NOT NULL,
  subject  text NOT NULL,
  address  text,
  detail   jsonb NOT NULL
);
CREATE INDEX console_audit_at ON console_audit (at);

-- seq: the order commands were stored in (SQLite's rowid): ties of created_at, and the number
-- the hub polls to notice commands another process issued.
CREATE TABLE remote_commands (
  id                 text PRIMARY KEY,
  seq                bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  kiosk_id           text NOT NULL,
  kind               text NOT NULL,
  params_json        jsonb NOT NULL,
  issuer             text NOT NULL,
  created_at         text NOT NULL,
  expires_at         text NOT NULL,
  state              text NOT NULL CHECK (state IN ('pending', 'delivered', 'done', 'refused', 'failed', 'expired')),
  delivered_at       text,
  finished_at        text,
  reason             text,
  attachment_sha256  text
);
CREATE INDEX remote_commands_kiosk ON remote_commands (kiosk_id, created_at);
CREATE INDEX remote_commands_open ON remote_commands (state, kiosk_id) WHERE state IN ('pending', 'delivered');

CREATE TABLE remote_command_attachments (
  command_id   text PRIMARY KEY REFERENCES remote_commands (id),
  media_type   text NOT NULL,
  sha256       text NOT NULL,
  size_bytes   integer NOT NULL,
  data         bytea NOT NULL,
  received_at  text NOT NULL
);

CREATE TABLE remote_command_audit (
  seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  command_id  text NOT NULL,
  kiosk_id    text NOT NULL,
  at          text NOT NULL,
  event       text NOT NULL CHECK (event IN ('issued', 'delivered', 'acknowledged', 'expired', 'attachment')),
  actor       text NOT NULL,
  detail      text
);
CREATE INDEX remote_command_audit_kiosk ON remote_command_audit (kiosk_id, seq);

-- Never the token's text: it is a bearer pass until it expires.
CREATE TABLE technician_tokens (
  nonce       text PRIMARY KEY,
  person      text NOT NULL,
  scope_kind  text NOT NULL CHECK (scope_kind IN ('kiosk', 'office')),
  scope_id    text NOT NULL,
  issued_at   text NOT NULL,
  expires_at  text NOT NULL,
  issuer      text NOT NULL
);
CREATE INDEX technician_tokens_issued ON technician_tokens (issued_at);

-- item_id: the outbox item's id; a resend to any instance is skipped (ON CONFLICT DO NOTHING).
CREATE TABLE technician_audit (
  seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kiosk_id     text NOT NULL,
  item_id      text NOT NULL UNIQUE,
  at           text NOT NULL,
  event        text NOT NULL CHECK (event IN ('entry', 'entry_refused', 'action', 'exit')),
  person       text,
  method       text,
  action       text,
  reason       text,
  detail_json  jsonb,
  received_at  text NOT NULL
);
CREATE INDEX technician_audit_kiosk ON technician_audit (kiosk_id, seq);
`,
};
