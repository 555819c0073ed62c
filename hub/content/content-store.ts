import type { ContentStateReport } from '../../kiosk-config/src/content/content-state';
import type { ReleaseManifest } from '../../kiosk-config/src/content/release-manifest';
import type { ContentWriteLock } from './repository-lock';

/**
 * Where the hub keeps the content channel's rows (docs/operations/content.md): releases and
 * their roll-out, the offices of each content group, what each kiosk last reported, and the
 * blob collection's bookkeeping. The signed files themselves stay in the repository folder
 * (`ContentRepository`), never in the database. Behind an interface so that the SQLite store
 * (`sqlite-content-store.ts`) and the PostgreSQL one (`postgres-content-store.ts`) answer alike,
 * checked by `content-store.contract.ts`.
 */

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

/** The content channel's rows. */
export interface ContentStore {
  /** The next release version: one sequence for the whole hub, so versions only move forward. */
  nextVersion(): Promise<number>;
  /**
   * Stores a new release (never halted, no files collected yet). `version_taken` when a release
   * with its version (or id) is stored already, as when two publishes on two hub instances
   * drew the same `nextVersion`: nothing is written, a version is never given twice.
   */
  insertRelease(release: ContentReleaseRecord): Promise<'stored' | 'version_taken'>;
  findRelease(releaseId: string): Promise<ContentReleaseRecord | undefined>;
  /** Every release, the newest first. */
  listReleases(): Promise<ContentReleaseRecord[]>;
  /**
   * A cheap summary of the releases that changes whenever a release is added or halted (the only
   * writes that change an assignment): the hub polls it every few seconds to learn of a publish
   * made elsewhere (the admin CLI, another instance), and only then works out each kiosk's assignment.
   */
  releasesFingerprint(): Promise<string>;
  /** Halts a release's roll-out; false when there is no such release or it was halted already. */
  halt(releaseId: string, at: string): Promise<boolean>;
  /** Puts an office into a content group (again: nothing changes). */
  addGroupOffice(group: string, officeId: string): Promise<void>;
  /** The content groups an office belongs to, by name. */
  groupsOf(officeId: string): Promise<string[]>;
  /** Keeps a kiosk's latest content report (an older one arriving late does not overwrite it). */
  recordKioskState(kioskId: string, report: ContentStateReport, reportedAt: string): Promise<void>;
  /** One kiosk's latest content report. */
  kioskState(kioskId: string): Promise<KioskContentState | undefined>;
  /** Every kiosk's latest content report, by kiosk id. */
  kioskStates(): Promise<KioskContentState[]>;
  /** The kiosks not revoked, by id, as the director sees them (the blob collection keeps what they need). */
  activeKiosks(): Promise<{ id: string; officeId: string }[]>;
  /** Blobs found unreferenced by the collection, with when each was first found so. */
  blobOrphans(): Promise<Map<string, string>>;
  /** Records blobs as unreferenced since `at` (kept from an earlier record), and forgets others, in one transaction. */
  updateBlobOrphans(mark: readonly string[], forget: readonly string[], at: string): Promise<void>;
  /** Marks a release as having lost files to the collection (the first time only). */
  markFilesCollected(releaseId: string, at: string): Promise<void>;
  /**
   * The lock every writer of the signed files in `repositoryDir` holds (see `ContentWriteLock`),
   * valid as far as this store is shared: one machine for SQLite, every machine for PostgreSQL.
   */
  writeLock(repositoryDir: string): ContentWriteLock;
}

/** The audience as its two columns. */
export function audienceColumns(audience: ReleaseAudience): { kind: ReleaseAudience['kind']; id: string } {
  if (audience.kind === 'office') return { kind: 'office', id: audience.officeId };
  if (audience.kind === 'group') return { kind: 'group', id: audience.group };
  return { kind: 'all', id: '' };
}
