import type { Migration } from '../migrate';

/**
 * Content blob garbage collection (docs/operations/content.md, "Garbage collection"): when each
 * unreferenced blob was first found unreferenced (it is deleted a grace period later, if still
 * unreferenced), and when a release lost files to the collection (it can no longer be rolled
 * back to).
 */
export const migration0013ContentBlobGc: Migration = {
  version: 13,
  name: 'content-blob-gc',
  sql: `
CREATE TABLE content_blob_orphans (
  sha256       TEXT PRIMARY KEY,
  orphaned_at  TEXT NOT NULL
) STRICT, WITHOUT ROWID;

ALTER TABLE content_releases ADD COLUMN files_collected_at TEXT;
`,
};
