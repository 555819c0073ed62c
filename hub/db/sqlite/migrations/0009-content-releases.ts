import type { Migration } from '../migrate';

/**
 * The content channel (docs/operations/content.md): releases and their roll-out, the offices of
 * each content group, and what each kiosk last reported about its content (`content.state`).
 * The signed files themselves live in the TUF repository on disk, not here.
 */
export const migration0009ContentReleases: Migration = {
  version: 9,
  name: 'content-releases',
  sql: `
-- version: one sequence for the whole hub, so a kiosk moved from one audience to another
-- still only ever sees versions go up. audience_id: the office id, the group name, or '' for all.
CREATE TABLE content_releases (
  release_id       TEXT PRIMARY KEY,
  version          INTEGER NOT NULL UNIQUE,
  audience_kind    TEXT NOT NULL CHECK (audience_kind IN ('office', 'group', 'all')),
  audience_id      TEXT NOT NULL,
  stage_percent    INTEGER NOT NULL CHECK (stage_percent BETWEEN 1 AND 100),
  halted_at        TEXT,
  restores_release TEXT REFERENCES content_releases (release_id),
  manifest_sha256  TEXT NOT NULL,
  total_bytes      INTEGER NOT NULL,
  file_count       INTEGER NOT NULL,
  created_at       TEXT NOT NULL,
  created_by       TEXT NOT NULL
) STRICT;
CREATE INDEX content_releases_audience ON content_releases (audience_kind, audience_id, version);

CREATE TABLE content_group_offices (
  group_name  TEXT NOT NULL,
  office_id   TEXT NOT NULL REFERENCES offices (id),
  PRIMARY KEY (group_name, office_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE content_kiosk_states (
  kiosk_id     TEXT PRIMARY KEY,
  state        TEXT NOT NULL,
  version      INTEGER,
  release_id   TEXT,
  bytes_done   INTEGER,
  bytes_total  INTEGER,
  reason       TEXT,
  reported_at  TEXT NOT NULL
) STRICT, WITHOUT ROWID;
`,
};
