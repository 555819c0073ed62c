import type Database from 'better-sqlite3';
import type { ContentStateReport } from '../../kiosk-config/src/content/content-state';
import {
  KIOSK_STATE_COLUMNS,
  type KioskStateRow,
  kioskStateOf,
  kioskStateParameters,
  RELEASE_INSERT_COLUMNS,
  type ReleaseRow,
  releaseOf,
  releaseParameters,
} from './content-rows';
import type { ContentReleaseRecord, ContentStore, KioskContentState } from './content-store';
import { type ContentWriteLock, repositoryFileLock } from './repository-lock';

/**
 * The content channel's rows in the hub's SQLite file (migrations 0009, 0013). Synchronous
 * underneath (better-sqlite3), async at the interface (`PostgresContentStore` is the other store).
 */
export class SqliteContentStore implements ContentStore {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  /** The lock file: a SQLite hub and its admin CLI share one machine. */
  writeLock(repositoryDir: string): ContentWriteLock {
    return repositoryFileLock(repositoryDir);
  }

  async nextVersion(): Promise<number> {
    const row = this.#db.prepare('SELECT coalesce(max(version), 0) AS v FROM content_releases').get() as { v: number };
    return row.v + 1;
  }

  async insertRelease(release: ContentReleaseRecord): Promise<'stored' | 'version_taken'> {
    try {
      this.#db
        .prepare(`INSERT INTO content_releases (${RELEASE_INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(...releaseParameters(release));
      return 'stored';
    } catch (error) {
      // The version's (or the id's) unique key: another publish took it.
      const code = (error as { code?: string }).code;
      if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return 'version_taken';
      throw error;
    }
  }

  async findRelease(releaseId: string): Promise<ContentReleaseRecord | undefined> {
    const row = this.#db.prepare('SELECT * FROM content_releases WHERE release_id = ?').get(releaseId) as
      | ReleaseRow
      | undefined;
    return row === undefined ? undefined : releaseOf(row);
  }

  async listReleases(): Promise<ContentReleaseRecord[]> {
    const rows = this.#db.prepare('SELECT * FROM content_releases ORDER BY version DESC').all() as ReleaseRow[];
    return rows.map(releaseOf);
  }

  async releasesFingerprint(): Promise<string> {
    const row = this.#db
      .prepare('SELECT count(*) AS n, coalesce(max(version), 0) AS v, count(halted_at) AS h FROM content_releases')
      .get() as { n: number; v: number; h: number };
    return `${row.n}:${row.v}:${row.h}`;
  }

  async halt(releaseId: string, at: string): Promise<boolean> {
    return (
      this.#db
        .prepare('UPDATE content_releases SET halted_at = ? WHERE release_id = ? AND halted_at IS NULL')
        .run(at, releaseId).changes === 1
    );
  }

  async addGroupOffice(group: string, officeId: string): Promise<void> {
    this.#db
      .prepare('INSERT OR IGNORE INTO content_group_offices (group_name, office_id) VALUES (?, ?)')
      .run(group, officeId);
  }

  async groupsOf(officeId: string): Promise<string[]> {
    const rows = this.#db
      .prepare('SELECT group_name FROM content_group_offices WHERE office_id = ? ORDER BY group_name')
      .all(officeId) as { group_name: string }[];
    return rows.map((row) => row.group_name);
  }

  async recordKioskState(kioskId: string, report: ContentStateReport, reportedAt: string): Promise<void> {
    this.#db
      .prepare(
        `INSERT INTO content_kiosk_states (${KIOSK_STATE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (kiosk_id) DO UPDATE SET state = excluded.state, version = excluded.version,
           release_id = excluded.release_id, bytes_done = excluded.bytes_done, bytes_total = excluded.bytes_total,
           reason = excluded.reason, reported_at = excluded.reported_at
         WHERE excluded.reported_at >= content_kiosk_states.reported_at`,
      )
      .run(...kioskStateParameters(kioskId, report, reportedAt));
  }

  async kioskState(kioskId: string): Promise<KioskContentState | undefined> {
    const row = this.#db.prepare('SELECT * FROM content_kiosk_states WHERE kiosk_id = ?').get(kioskId) as
      | KioskStateRow
      | undefined;
    return row === undefined ? undefined : kioskStateOf(row);
  }

  async kioskStates(): Promise<KioskContentState[]> {
    const rows = this.#db.prepare('SELECT * FROM content_kiosk_states ORDER BY kiosk_id').all() as KioskStateRow[];
    return rows.map(kioskStateOf);
  }

  async activeKiosks(): Promise<{ id: string; officeId: string }[]> {
    const rows = this.#db.prepare('SELECT id, office_id FROM kiosks WHERE revoked_at IS NULL ORDER BY id').all() as {
      id: string;
      office_id: string;
    }[];
    return rows.map((row) => ({ id: row.id, officeId: row.office_id }));
  }

  async blobOrphans(): Promise<Map<string, string>> {
    const rows = this.#db.prepare('SELECT sha256, orphaned_at FROM content_blob_orphans').all() as {
      sha256: string;
      orphaned_at: string;
    }[];
    return new Map(rows.map((row) => [row.sha256, row.orphaned_at]));
  }

  async updateBlobOrphans(mark: readonly string[], forget: readonly string[], at: string): Promise<void> {
    const insert = this.#db.prepare('INSERT OR IGNORE INTO content_blob_orphans (sha256, orphaned_at) VALUES (?, ?)');
    const remove = this.#db.prepare('DELETE FROM content_blob_orphans WHERE sha256 = ?');
    this.#db.transaction(() => {
      for (const sha256 of mark) insert.run(sha256, at);
      for (const sha256 of forget) remove.run(sha256);
    })();
  }

  async markFilesCollected(releaseId: string, at: string): Promise<void> {
    this.#db
      .prepare('UPDATE content_releases SET files_collected_at = ? WHERE release_id = ? AND files_collected_at IS NULL')
      .run(at, releaseId);
  }
}
