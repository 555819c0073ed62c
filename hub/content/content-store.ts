import type Database from 'better-sqlite3';
import type { ContentStateReport } from '../../kiosk-config/src/content/content-state';
import type { ReleaseManifest } from '../../kiosk-config/src/content/release-manifest';

/** Who a release is for. */
export type ReleaseAudience = ReleaseManifest['audience'];

/** A published release and its roll-out. */
export interface ContentReleaseRecord {
  readonly releaseId: string;
  readonly version: number;
  readonly audience: ReleaseAudience;
  /** The share of the audience's kiosks that get it (by a stable hash of the kiosk id). */
  readonly stagePercent: number;
  /** Set by `content halt`: no kiosk that does not run it already is given it. */
  readonly haltedAt?: string;
  /** A rollback: the release whose files this one carries again. */
  readonly restoresRelease?: string;
  readonly manifestSha256: string;
  readonly totalBytes: number;
  readonly fileCount: number;
  readonly createdAt: string;
  readonly createdBy: string;
  /** Set by the blob collection: some of its files are gone, it can no longer be rolled back to. */
  readonly filesCollectedAt?: string;
}

/** What a kiosk last reported about its content. */
export interface KioskContentState extends ContentStateReport {
  readonly kioskId: string;
  readonly reportedAt: string;
}

interface ReleaseRow {
  release_id: string;
  version: number;
  audience_kind: 'office' | 'group' | 'all';
  audience_id: string;
  stage_percent: number;
  halted_at: string | null;
  restores_release: string | null;
  manifest_sha256: string;
  total_bytes: number;
  file_count: number;
  created_at: string;
  created_by: string;
  files_collected_at: string | null;
}

function audienceOf(row: ReleaseRow): ReleaseAudience {
  if (row.audience_kind === 'office') return { kind: 'office', officeId: row.audience_id };
  if (row.audience_kind === 'group') return { kind: 'group', group: row.audience_id };
  return { kind: 'all' };
}

/** The audience as its two columns. */
export function audienceColumns(audience: ReleaseAudience): { kind: ReleaseAudience['kind']; id: string } {
  if (audience.kind === 'office') return { kind: 'office', id: audience.officeId };
  if (audience.kind === 'group') return { kind: 'group', id: audience.group };
  return { kind: 'all', id: '' };
}

function recordOf(row: ReleaseRow): ContentReleaseRecord {
  return {
    releaseId: row.release_id,
    version: row.version,
    audience: audienceOf(row),
    stagePercent: row.stage_percent,
    ...(row.halted_at === null ? {} : { haltedAt: row.halted_at }),
    ...(row.restores_release === null ? {} : { restoresRelease: row.restores_release }),
    manifestSha256: row.manifest_sha256,
    totalBytes: row.total_bytes,
    fileCount: row.file_count,
    createdAt: row.created_at,
    createdBy: row.created_by,
    ...(row.files_collected_at === null ? {} : { filesCollectedAt: row.files_collected_at }),
  };
}

/** The content channel's rows in the hub's SQLite file (migration 0009). */
export class SqliteContentStore {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  /** The next release version: one sequence for the whole hub, so versions only move forward. */
  nextVersion(): number {
    const row = this.#db.prepare('SELECT coalesce(max(version), 0) AS v FROM content_releases').get() as { v: number };
    return row.v + 1;
  }

  insertRelease(release: ContentReleaseRecord): void {
    const audience = audienceColumns(release.audience);
    this.#db
      .prepare(
        `INSERT INTO content_releases (release_id, version, audience_kind, audience_id, stage_percent, halted_at,
           restores_release, manifest_sha256, total_bytes, file_count, created_at, created_by)
         VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        release.releaseId,
        release.version,
        audience.kind,
        audience.id,
        release.stagePercent,
        release.restoresRelease ?? null,
        release.manifestSha256,
        release.totalBytes,
        release.fileCount,
        release.createdAt,
        release.createdBy,
      );
  }

  findRelease(releaseId: string): ContentReleaseRecord | undefined {
    const row = this.#db.prepare('SELECT * FROM content_releases WHERE release_id = ?').get(releaseId) as
      | ReleaseRow
      | undefined;
    return row === undefined ? undefined : recordOf(row);
  }

  /** Every release, the newest first. */
  listReleases(): ContentReleaseRecord[] {
    const rows = this.#db.prepare('SELECT * FROM content_releases ORDER BY version DESC').all() as ReleaseRow[];
    return rows.map(recordOf);
  }

  /**
   * A cheap summary of the releases table that changes whenever a release is added or halted
   * (the only writes to it): the hub polls it every few seconds to learn of a publish made by
   * the admin CLI in another process, and only then works out each kiosk's assignment.
   */
  releasesFingerprint(): string {
    const row = this.#db
      .prepare('SELECT count(*) AS n, coalesce(max(version), 0) AS v, count(halted_at) AS h FROM content_releases')
      .get() as { n: number; v: number; h: number };
    return `${row.n}:${row.v}:${row.h}`;
  }

  /** Halts a release's roll-out; false when there is no such release or it was halted already. */
  halt(releaseId: string, at: string): boolean {
    return (
      this.#db
        .prepare('UPDATE content_releases SET halted_at = ? WHERE release_id = ? AND halted_at IS NULL')
        .run(at, releaseId).changes === 1
    );
  }

  /** Puts an office into a content group. */
  addGroupOffice(group: string, officeId: string): void {
    this.#db
      .prepare('INSERT OR IGNORE INTO content_group_offices (group_name, office_id) VALUES (?, ?)')
      .run(group, officeId);
  }

  /** The content groups an office belongs to. */
  groupsOf(officeId: string): string[] {
    const rows = this.#db
      .prepare('SELECT group_name FROM content_group_offices WHERE office_id = ? ORDER BY group_name')
      .all(officeId) as { group_name: string }[];
    return rows.map((row) => row.group_name);
  }

  /** Keeps a kiosk's latest content report (an older one arriving late does not overwrite it). */
  recordKioskState(kioskId: string, report: ContentStateReport, reportedAt: string): void {
    this.#db
      .prepare(
        `INSERT INTO content_kiosk_states (kiosk_id, state, version, release_id, bytes_done, bytes_total, reason, reported_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (kiosk_id) DO UPDATE SET state = excluded.state, version = excluded.version,
           release_id = excluded.release_id, bytes_done = excluded.bytes_done, bytes_total = excluded.bytes_total,
           reason = excluded.reason, reported_at = excluded.reported_at
         WHERE excluded.reported_at >= content_kiosk_states.reported_at`,
      )
      .run(
        kioskId,
        report.state,
        report.version ?? null,
        report.releaseId ?? null,
        report.bytesDone ?? null,
        report.bytesTotal ?? null,
        report.reason ?? null,
        reportedAt,
      );
  }

  /** One kiosk's latest content report. */
  kioskState(kioskId: string): KioskContentState | undefined {
    return this.#states('SELECT * FROM content_kiosk_states WHERE kiosk_id = ?', kioskId)[0];
  }

  /** Every kiosk's latest content report. */
  kioskStates(): KioskContentState[] {
    return this.#states('SELECT * FROM content_kiosk_states ORDER BY kiosk_id');
  }

  #states(sql: string, ...params: string[]): KioskContentState[] {
    const rows = this.#db.prepare(sql).all(...params) as {
      kiosk_id: string;
      state: ContentStateReport['state'];
      version: number | null;
      release_id: string | null;
      bytes_done: number | null;
      bytes_total: number | null;
      reason: string | null;
      reported_at: string;
    }[];
    return rows.map((row) => ({
      kioskId: row.kiosk_id,
      state: row.state,
      reportedAt: row.reported_at,
      ...(row.version === null ? {} : { version: row.version }),
      ...(row.release_id === null ? {} : { releaseId: row.release_id }),
      ...(row.bytes_done === null ? {} : { bytesDone: row.bytes_done }),
      ...(row.bytes_total === null ? {} : { bytesTotal: row.bytes_total }),
      ...(row.reason === null ? {} : { reason: row.reason }),
    }));
  }

  /** The kiosks not revoked, as the director sees them (the blob collection keeps what they need). */
  activeKiosks(): { id: string; officeId: string }[] {
    const rows = this.#db.prepare('SELECT id, office_id FROM kiosks WHERE revoked_at IS NULL ORDER BY id').all() as {
      id: string;
      office_id: string;
    }[];
    return rows.map((row) => ({ id: row.id, officeId: row.office_id }));
  }

  /** Blobs found unreferenced by the collection, with when each was first found so. */
  blobOrphans(): Map<string, string> {
    const rows = this.#db.prepare('SELECT sha256, orphaned_at FROM content_blob_orphans').all() as {
      sha256: string;
      orphaned_at: string;
    }[];
    return new Map(rows.map((row) => [row.sha256, row.orphaned_at]));
  }

  /** Records blobs as unreferenced since `at`, and forgets others (referenced again, or deleted). */
  updateBlobOrphans(mark: readonly string[], forget: readonly string[], at: string): void {
    const insert = this.#db.prepare('INSERT OR IGNORE INTO content_blob_orphans (sha256, orphaned_at) VALUES (?, ?)');
    const remove = this.#db.prepare('DELETE FROM content_blob_orphans WHERE sha256 = ?');
    this.#db.transaction(() => {
      for (const sha256 of mark) insert.run(sha256, at);
      for (const sha256 of forget) remove.run(sha256);
    })();
  }

  /** Marks a release as having lost files to the collection. */
  markFilesCollected(releaseId: string, at: string): void {
    this.#db
      .prepare('UPDATE content_releases SET files_collected_at = ? WHERE release_id = ? AND files_collected_at IS NULL')
      .run(at, releaseId);
  }
}
