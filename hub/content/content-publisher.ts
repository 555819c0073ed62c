import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import { type ReleaseFile, ReleaseManifest } from '../../kiosk-config/src/content/release-manifest';
import { type ContentFolderFile, readContentFolder } from './content-folder';
import { ContentRepository, sha256Hex } from './content-repository';
import { audienceColumns, type ContentReleaseRecord, type ContentStore, type ReleaseAudience } from './content-store';
import { loadOrCreateOnlineKeys } from './online-keys';
import type { ContentWriteLock } from './repository-lock';
import type { SigningKey } from './signing-keys';
import { SqliteContentStore } from './sqlite-content-store';
import { type OnlineKeys, publishTargets } from './tuf-roles';

/**
 * The hub's content channel: the TUF repository on disk, its rows, the hub's online keys, and the
 * lock every writer of the repository's signed files holds (the store's: `ContentStore.writeLock`).
 */
export interface ContentChannel {
  readonly repo: ContentRepository;
  readonly store: ContentStore;
  readonly online: OnlineKeys;
  readonly writeLock: ContentWriteLock;
}

/**
 * Where the channel lives, beside the hub's database: `content/repository/` (public, signed
 * files) and `content/keys/` (the online keys, 0700/0600), so the hub and the admin CLI agree
 * from the database path alone.
 */
export function contentPaths(dbPath: string): { repositoryDir: string; keysDir: string } {
  const base = join(dirname(dbPath), 'content');
  return { repositoryDir: join(base, 'repository'), keysDir: join(base, 'keys') };
}

/** Opens the channel on a hub's SQLite database (creating the online keys on first use). */
export function openContentChannel(db: Database.Database, dbPath: string): ContentChannel {
  const paths = contentPaths(dbPath);
  const store = new SqliteContentStore(db);
  return {
    repo: new ContentRepository(paths.repositoryDir),
    store,
    online: loadOrCreateOnlineKeys(paths.keysDir),
    writeLock: store.writeLock(paths.repositoryDir),
  };
}

/** What a publish needs besides the folder. */
export interface PublishOptions {
  readonly audience: ReleaseAudience;
  /** 1…100: the share of the audience's kiosks that get it now. */
  readonly stagePercent: number;
  readonly publisherKey: SigningKey;
  readonly now: Date;
  readonly actor: string;
}

/** A publish's outcome: the release, or every problem that stopped it (nothing was written). */
export type PublishOutcome = { ok: true; release: ContentReleaseRecord } | { ok: false; problems: string[] };

/** A release id that says when and for whom: `2026-12-06-office-mfc-demo-01-v7`. */
function releaseIdFor(audience: ReleaseAudience, version: number, now: Date): string {
  const { kind, id } = audienceColumns(audience);
  const slug = `${kind}${id === '' ? '' : `-${id}`}`
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .slice(0, 60);
  return `${now.toISOString().slice(0, 10)}-${slug}-v${version}`;
}

/** Reads and checks a folder, then publishes it (see `publishFiles`). */
export async function publishFolder(
  channel: ContentChannel,
  dir: string,
  options: PublishOptions,
): Promise<PublishOutcome> {
  const folder = readContentFolder(dir);
  if ('problems' in folder) return { ok: false, problems: folder.problems };
  return publishFiles(channel, folder.files, options);
}

/**
 * Publishes checked files as a new release: blobs (each once, by hash), the manifest (the one
 * new target), targets signed with the publisher's key, snapshot and timestamp with the hub's, then the release's row.
 * A kiosk sees it on its next poll of the timestamp, if the director gives it this release.
 */
export async function publishFiles(
  channel: ContentChannel,
  files: readonly ContentFolderFile[],
  options: PublishOptions & { restoresRelease?: string },
): Promise<PublishOutcome> {
  return channel.writeLock.run(() => publishLocked(channel, files, options));
}

async function publishLocked(
  channel: ContentChannel,
  files: readonly ContentFolderFile[],
  options: PublishOptions & { restoresRelease?: string },
): Promise<PublishOutcome> {
  if (!Number.isInteger(options.stagePercent) || options.stagePercent < 1 || options.stagePercent > 100) {
    return { ok: false, problems: [`a stage of ${options.stagePercent}%: give a whole number from 1 to 100`] };
  }
  if (!channel.repo.isInitialised())
    return { ok: false, problems: ['no content repository yet: run "content init" first'] };
  const version = await channel.store.nextVersion();
  const releaseId = releaseIdFor(options.audience, version, options.now);
  const manifestFiles: ReleaseFile[] = files.map((file) => ({
    path: file.path,
    kind: file.kind,
    sha256: sha256Hex(file.bytes),
    length: file.bytes.length,
  }));
  const manifest = ReleaseManifest.safeParse({
    schema: 'okno.content-release/1',
    version,
    releaseId,
    createdAt: options.now.toISOString(),
    audience: options.audience,
    files: manifestFiles,
  });
  if (!manifest.success)
    return { ok: false, problems: manifest.error.issues.map((i) => `manifest: ${i.path.join('.')}: ${i.message}`) };
  const manifestBytes = Buffer.from(JSON.stringify(manifest.data));
  for (const file of files) channel.repo.putBlob(file.bytes);
  const release = channel.repo.putRelease(releaseId, manifestBytes);
  // Only the manifest is a TUF target: it signs each blob's length and sha256 (see `publishTargets`).
  publishTargets(channel.repo, {
    publisherKey: options.publisherKey,
    online: channel.online,
    add: [release],
    now: options.now.getTime(),
  });
  const record: ContentReleaseRecord = {
    releaseId,
    version,
    audience: options.audience,
    stagePercent: options.stagePercent,
    ...(options.restoresRelease === undefined ? {} : { restoresRelease: options.restoresRelease }),
    manifestSha256: sha256Hex(manifestBytes),
    totalBytes: manifestFiles.reduce((sum, file) => sum + file.length, 0),
    fileCount: manifestFiles.length,
    createdAt: options.now.toISOString(),
    createdBy: options.actor,
  };
  // The version's unique key, not the write lock, keeps a version from being given twice: the
  // lock is a file on SQLite, and a publish with another such lock may have drawn it too.
  if ((await channel.store.insertRelease(record)) === 'version_taken') {
    return {
      ok: false,
      problems: [`version ${version} was taken by another publish at the same moment: publish again`],
    };
  }
  return { ok: true, release: record };
}

/** The manifest of a published release, read back from the repository. */
export function readReleaseManifest(channel: ContentChannel, releaseId: string): ReleaseManifest {
  const path = channel.repo.releasePath(`releases/${releaseId}.json`);
  if (path === undefined) throw new Error(`not a release id: ${releaseId}`);
  return ReleaseManifest.parse(JSON.parse(readFileSync(path, 'utf8')));
}

/**
 * A rollback: a new release (a higher version, so kiosks accept it) with the files of an
 * earlier one of the same audience: `toReleaseId`, or else the newest before the newest.
 */
export async function rollBack(
  channel: ContentChannel,
  options: Omit<PublishOptions, 'stagePercent'> & { toReleaseId?: string },
): Promise<PublishOutcome> {
  const { kind, id } = audienceColumns(options.audience);
  const ofAudience = (await channel.store.listReleases()).filter((release) => {
    const columns = audienceColumns(release.audience);
    return columns.kind === kind && columns.id === id;
  });
  const target =
    options.toReleaseId === undefined
      ? ofAudience.slice(1).find((release) => release.haltedAt === undefined)
      : ofAudience.find((release) => release.releaseId === options.toReleaseId);
  if (target === undefined) {
    return { ok: false, problems: [`no earlier release of ${kind}${id === '' ? '' : ` ${id}`} to roll back to`] };
  }
  const manifest = readReleaseManifest(channel, target.releaseId);
  const files: ContentFolderFile[] = manifest.files.map((file) => {
    const blobPath = channel.repo.blobPath(file.sha256);
    if (blobPath === undefined) throw new Error(`release ${target.releaseId} names a bad hash`);
    return { path: file.path, kind: file.kind, bytes: readFileSync(blobPath) };
  });
  return publishFiles(channel, files, { ...options, stagePercent: 100, restoresRelease: target.releaseId });
}
