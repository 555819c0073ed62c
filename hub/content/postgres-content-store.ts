import type pg from 'pg';
import type { ContentStateReport } from '../../kiosk-config/src/content/content-state';
import { inTransaction } from '../db/postgres/postgres-transaction';
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
import { postgresContentWriteLock } from './postgres-content-write-lock';
import type { ContentWriteLock } from './repository-lock';

/** PostgreSQL's error code for a unique (or primary) key refused. */
const UNIQUE_VIOLATION = '23505';

/** A release row as `pg` reads it: bigint as text. */
type PgReleaseRow = Omit<ReleaseRow, 'total_bytes'> & { total_bytes: string };
/** A kiosk's report as `pg` reads it: bigints as text. */
type PgKioskStateRow = Omit<KioskStateRow, 'bytes_done' | 'bytes_total'> & {
  bytes_done: string | null;
  bytes_total: string | null;
};

const releaseOfPg = (row: PgReleaseRow) => releaseOf({ ...row, total_bytes: Number(row.total_bytes) });
const kioskStateOfPg = (row: PgKioskStateRow) =>
  kioskStateOf({
    ...row,
    bytes_done: row.bytes_done === null ? null : Number(row.bytes_done),
    bytes_total: row.bytes_total === null ? null : Number(row.bytes_total),
  });

/**
 * The content channel's rows in PostgreSQL (migration 6), on a pool it does not own. Text is
 * ordered bytewise (`COLLATE "C"`), as SQLite orders it, whatever the database's locale.
 *
 * A release version is given once across hub instances by the version's unique key: of two
 * publishes that drew the same `nextVersion`, the second's insert is refused (`version_taken`).
 */
export class PostgresContentStore implements ContentStore {
  readonly #pool: pg.Pool;

  /** On an already migrated database; the pool stays the caller's. */
  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /** An advisory lock in the database: the hub instances' repository folder is shared across machines. */
  writeLock(): ContentWriteLock {
    return postgresContentWriteLock(this.#pool);
  }

  async nextVersion(): Promise<number> {
    const { rows } = await this.#pool.query<{ v: number }>(
      'SELECT coalesce(max(version), 0) + 1 AS v FROM content_releases',
    );
    return rows[0]?.v ?? 1;
  }

  async insertRelease(release: ContentReleaseRecord): Promise<'stored' | 'version_taken'> {
    try {
      await this.#pool.query(
        `INSERT INTO content_releases (${RELEASE_INSERT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        releaseParameters(release),
      );
      return 'stored';
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) return 'version_taken';
      throw error;
    }
  }

  async findRelease(releaseId: string): Promise<ContentReleaseRecord | undefined> {
    const { rows } = await this.#pool.query<PgReleaseRow>('SELECT * FROM content_releases WHERE release_id = $1', [
      releaseId,
    ]);
    return rows[0] === undefined ? undefined : releaseOfPg(rows[0]);
  }

  async listReleases(): Promise<ContentReleaseRecord[]> {
    const { rows } = await this.#pool.query<PgReleaseRow>('SELECT * FROM content_releases ORDER BY version DESC');
    return rows.map(releaseOfPg);
  }

  async releasesFingerprint(): Promise<string> {
    const { rows } = await this.#pool.query<{ n: number; v: number; h: number }>(
      'SELECT count(*)::int AS n, coalesce(max(version), 0) AS v, count(halted_at)::int AS h FROM content_releases',
    );
    const row = rows[0] ?? { n: 0, v: 0, h: 0 };
    return `${row.n}:${row.v}:${row.h}`;
  }

  async halt(releaseId: string, at: string): Promise<boolean> {
    const { rowCount } = await this.#pool.query(
      'UPDATE content_releases SET halted_at = $1 WHERE release_id = $2 AND halted_at IS NULL',
      [at, releaseId],
    );
    return rowCount === 1;
  }

  async addGroupOffice(group: string, officeId: string): Promise<void> {
    await this.#pool.query(
      'INSERT INTO content_group_offices (group_name, office_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [group, officeId],
    );
  }

  async groupsOf(officeId: string): Promise<string[]> {
    const { rows } = await this.#pool.query<{ group_name: string }>(
      'SELECT group_name FROM content_group_offices WHERE office_id = $1 ORDER BY group_name COLLATE "C"',
      [officeId],
    );
    return rows.map((row) => row.group_name);
  }

  async recordKioskState(kioskId: string, report: ContentStateReport, reportedAt: string): Promise<void> {
    await this.#pool.query(
      `INSERT INTO content_kiosk_states (${KIOSK_STATE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (kiosk_id) DO UPDATE SET state = excluded.state, version = excluded.version,
         release_id = excluded.release_id, bytes_done = excluded.bytes_done, bytes_total = excluded.bytes_total,
         reason = excluded.reason, reported_at = excluded.reported_at
       WHERE excluded.reported_at >= content_kiosk_states.reported_at`,
      kioskStateParameters(kioskId, report, reportedAt),
    );
  }

  async kioskState(kioskId: string): Promise<KioskContentState | undefined> {
    const { rows } = await this.#pool.query<PgKioskStateRow>('SELECT * FROM content_kiosk_states WHERE kiosk_id = $1', [
      kioskId,
    ]);
    return rows[0] === undefined ? undefined : kioskStateOfPg(rows[0]);
  }

  async kioskStates(): Promise<KioskContentState[]> {
    const { rows } = await this.#pool.query<PgKioskStateRow>(
      'SELECT * FROM content_kiosk_states ORDER BY kiosk_id COLLATE "C"',
    );
    return rows.map(kioskStateOfPg);
  }

  async activeKiosks(): Promise<{ id: string; officeId: string }[]> {
    const { rows } = await this.#pool.query<{ id: string; office_id: string }>(
      'SELECT id, office_id FROM kiosks WHERE revoked_at IS NULL ORDER BY id COLLATE "C"',
    );
    return rows.map((row) => ({ id: row.id, officeId: row.office_id }));
  }

  async blobOrphans(): Promise<Map<string, string>> {
    const { rows } = await this.#pool.query<{ sha256: string; orphaned_at: string }>(
      'SELECT sha256, orphaned_at FROM content_blob_orphans',
    );
    return new Map(rows.map((row) => [row.sha256, row.orphaned_at]));
  }

  async updateBlobOrphans(mark: readonly string[], forget: readonly string[], at: string): Promise<void> {
    await inTransaction(this.#pool, async (client) => {
      await client.query(
        `INSERT INTO content_blob_orphans (sha256, orphaned_at) SELECT unnest($1::text[]), $2
         ON CONFLICT (sha256) DO NOTHING`,
        [mark, at],
      );
      await client.query('DELETE FROM content_blob_orphans WHERE sha256 = ANY($1::text[])', [forget]);
    });
  }

  async markFilesCollected(releaseId: string, at: string): Promise<void> {
    await this.#pool.query(
      'UPDATE content_releases SET files_collected_at = $1 WHERE release_id = $2 AND files_collected_at IS NULL',
      [at, releaseId],
    );
  }
}
