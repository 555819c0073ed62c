import type { ContentStateReport } from '../../kiosk-config/src/content/content-state';
import {
  audienceColumns,
  type ContentReleaseRecord,
  type KioskContentState,
  type ReleaseAudience,
} from './content-store';

/**
 * The content tables' rows as both stores read them (the same columns in SQLite and PostgreSQL;
 * PostgreSQL's bigints converted to numbers by its store first), and how each becomes a record.
 */

/** A `content_releases` row as read. */
export interface ReleaseRow {
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

/** A `content_kiosk_states` row as read. */
export interface KioskStateRow {
  kiosk_id: string;
  state: ContentStateReport['state'];
  version: number | null;
  release_id: string | null;
  bytes_done: number | null;
  bytes_total: number | null;
  reason: string | null;
  reported_at: string;
}

function audienceOf(row: ReleaseRow): ReleaseAudience {
  if (row.audience_kind === 'office') return { kind: 'office', officeId: row.audience_id };
  if (row.audience_kind === 'group') return { kind: 'group', group: row.audience_id };
  return { kind: 'all' };
}

export function releaseOf(row: ReleaseRow): ContentReleaseRecord {
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

export function kioskStateOf(row: KioskStateRow): KioskContentState {
  return {
    kioskId: row.kiosk_id,
    state: row.state,
    reportedAt: row.reported_at,
    ...(row.version === null ? {} : { version: row.version }),
    ...(row.release_id === null ? {} : { releaseId: row.release_id }),
    ...(row.bytes_done === null ? {} : { bytesDone: row.bytes_done }),
    ...(row.bytes_total === null ? {} : { bytesTotal: row.bytes_total }),
    ...(row.reason === null ? {} : { reason: row.reason }),
  };
}

/** The columns of a `content_kiosk_states` row, in the order `kioskStateParameters` gives them. */
export const KIOSK_STATE_COLUMNS = 'kiosk_id, state, version, release_id, bytes_done, bytes_total, reason, reported_at';

/** A kiosk's report as the values of `KIOSK_STATE_COLUMNS`. */
export function kioskStateParameters(kioskId: string, report: ContentStateReport, reportedAt: string): unknown[] {
  return [
    kioskId,
    report.state,
    report.version ?? null,
    report.releaseId ?? null,
    report.bytesDone ?? null,
    report.bytesTotal ?? null,
    report.reason ?? null,
    reportedAt,
  ];
}

/** The columns of a new `content_releases` row, in the order `releaseParameters` gives them. */
export const RELEASE_INSERT_COLUMNS =
  'release_id, version, audience_kind, audience_id, stage_percent, restores_release, manifest_sha256, ' +
  'total_bytes, file_count, created_at, created_by';

/** A new release as the values of `RELEASE_INSERT_COLUMNS`. */
export function releaseParameters(release: ContentReleaseRecord): unknown[] {
  const { kind, id } = audienceColumns(release.audience);
  return [
    release.releaseId,
    release.version,
    kind,
    id,
    release.stagePercent,
    release.restoresRelease ?? null,
    release.manifestSha256,
    release.totalBytes,
    release.fileCount,
    release.createdAt,
    release.createdBy,
  ];
}
