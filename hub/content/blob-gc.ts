import { readdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { Sha256Hex } from '../../kiosk-config/src/content/release-manifest';
import { fsyncDirectory } from './atomic-file';
import { releaseForKiosk } from './content-director';
import { type ContentChannel, readReleaseManifest } from './content-publisher';
import { audienceColumns, type ContentReleaseRecord } from './content-store';
import { RepositoryBusyError } from './repository-lock';

/** How the collection decides. */
export interface BlobGcOptions {
  /** Each audience's newest releases kept whole (its kiosks may be rolled back to them). */
  readonly keepReleases: number;
  /** How long a blob stays unreferenced before it is deleted. */
  readonly graceMs: number;
  readonly now: Date;
}

/** What a collection did. */
export interface BlobGcOutcome {
  /** The releases whose files are all kept. */
  readonly keptReleases: number;
  /** Blobs found unreferenced for the first time (deleted after the grace period). */
  readonly newlyUnreferenced: number;
  /** Unreferenced blobs still within their grace period. */
  readonly waiting: number;
  readonly deletedBlobs: number;
  readonly deletedBytes: number;
  /** Releases that lost files in this run (no longer restorable by `content rollback`). */
  readonly collectedReleases: readonly string[];
}

/** A crashed publish's temp file in the blobs folder (`writeFileAtomic`'s name). */
const TEMP_FILE = /^\.[0-9a-f]{12}\.tmp$/;

/**
 * The releases a kiosk may still need: each audience's newest `keep` (halted ones count, so a
 * halt never makes room), every release the director assigns to a kiosk not revoked, and every
 * release a kiosk last reported (running, on trial, downloading or refused: it may still ask
 * for its files).
 */
export async function releasesToKeep(channel: ContentChannel, keep: number): Promise<Set<string>> {
  const releases = await channel.store.listReleases();
  const kept = new Set<string>();
  const perAudience = new Map<string, number>();
  for (const release of releases) {
    const { kind, id } = audienceColumns(release.audience);
    const key = `${kind}:${id}`;
    const seen = perAudience.get(key) ?? 0;
    if (seen < keep) kept.add(release.releaseId);
    perAudience.set(key, seen + 1);
  }
  for (const kiosk of await channel.store.activeKiosks()) {
    const assigned = await releaseForKiosk(channel.store, kiosk, releases);
    if (assigned !== undefined) kept.add(assigned.releaseId);
  }
  const known = new Set(releases.map((release) => release.releaseId));
  for (const state of await channel.store.kioskStates()) {
    if (state.releaseId !== undefined && known.has(state.releaseId)) kept.add(state.releaseId);
  }
  return kept;
}

/**
 * Deletes the blobs no kiosk may still need (see `releasesToKeep`), once they have been
 * unreferenced for the grace period: the first run that finds a blob unreferenced records when,
 * a later one deletes it if it is still unreferenced. Holds the channel's write lock throughout, so
 * no publish (which writes its blobs, then signs, then adds its release's row, all under the
 * lock) runs meanwhile; a crash leaves only records of blobs already gone, forgotten next time.
 * Throws `RepositoryBusyError` when a publish holds the lock, and stops, deleting nothing, when
 * the manifest of a release it keeps cannot be read.
 */
export async function collectUnusedBlobs(channel: ContentChannel, options: BlobGcOptions): Promise<BlobGcOutcome> {
  return channel.writeLock.run(() => collectLocked(channel, options));
}

async function collectLocked(channel: ContentChannel, options: BlobGcOptions): Promise<BlobGcOutcome> {
  const nothing = { newlyUnreferenced: 0, waiting: 0, deletedBlobs: 0, deletedBytes: 0, collectedReleases: [] };
  if (!channel.repo.isInitialised()) return { keptReleases: 0, ...nothing };
  const kept = await releasesToKeep(channel, options.keepReleases);
  const referenced = new Set<string>();
  for (const releaseId of kept) {
    for (const file of readReleaseManifest(channel, releaseId).files) referenced.add(file.sha256);
  }
  const at = options.now.toISOString();
  const deadline = options.now.getTime() - options.graceMs;
  const onDisk = readdirSync(channel.repo.blobsDir);
  const blobs = new Set(onDisk.filter((name) => Sha256Hex.safeParse(name).success));
  const orphans = await channel.store.blobOrphans();
  const mark: string[] = [];
  const forget: string[] = [...orphans.keys()].filter((sha256) => referenced.has(sha256) || !blobs.has(sha256));
  let waiting = 0;
  let deletedBlobs = 0;
  let deletedBytes = 0;
  for (const sha256 of blobs) {
    if (referenced.has(sha256)) continue;
    const since = orphans.get(sha256);
    if (since === undefined) {
      mark.push(sha256);
    } else if (Date.parse(since) <= deadline) {
      deletedBytes += removeFile(join(channel.repo.blobsDir, sha256));
      deletedBlobs += 1;
      forget.push(sha256);
    } else {
      waiting += 1;
    }
  }
  for (const name of onDisk.filter((name) => TEMP_FILE.test(name))) {
    const path = join(channel.repo.blobsDir, name);
    if (statSync(path).mtimeMs <= deadline) removeFile(path);
  }
  if (deletedBlobs > 0) fsyncDirectory(channel.repo.blobsDir);
  await channel.store.updateBlobOrphans(mark, forget, at);
  const collectedReleases = deletedBlobs > 0 ? await markCollectedReleases(channel, kept, at) : [];
  return {
    keptReleases: kept.size,
    newlyUnreferenced: mark.length,
    waiting,
    deletedBlobs,
    deletedBytes,
    collectedReleases,
  };
}

/** Deletes a file; its size, or 0 when it was gone already. */
function removeFile(path: string): number {
  try {
    const { size } = statSync(path);
    unlinkSync(path);
    return size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

/** Marks the releases not kept that now miss a file; their ids. */
async function markCollectedReleases(
  channel: ContentChannel,
  kept: ReadonlySet<string>,
  at: string,
): Promise<string[]> {
  const present = new Set(readdirSync(channel.repo.blobsDir));
  const collected = (await channel.store.listReleases())
    .filter((release: ContentReleaseRecord) => !kept.has(release.releaseId) && release.filesCollectedAt === undefined)
    .filter((release) =>
      readReleaseManifest(channel, release.releaseId).files.some((file) => !present.has(file.sha256)),
    )
    .map((release) => release.releaseId);
  for (const releaseId of collected) await channel.store.markFilesCollected(releaseId, at);
  return collected;
}

/** Where the daily collection reports. */
export interface BlobGcLog {
  info(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

const DAY_MS = 24 * 3_600_000;

/**
 * The hub's daily collection, called from its minute housekeeping: runs when a day has passed
 * since the last run that got the lock (a publish under way makes it try again next minute).
 */
export function createDailyBlobCollection(
  channel: ContentChannel,
  options: Omit<BlobGcOptions, 'now'>,
  log: BlobGcLog,
): (nowMs: number) => Promise<void> {
  let lastRun = Number.NEGATIVE_INFINITY;
  return async (nowMs) => {
    if (nowMs - lastRun < DAY_MS) return;
    try {
      const outcome = await collectUnusedBlobs(channel, { ...options, now: new Date(nowMs) });
      lastRun = nowMs;
      if (outcome.deletedBlobs > 0 || outcome.newlyUnreferenced > 0) {
        log.info({ ...outcome }, 'content blobs collected');
      }
    } catch (error) {
      if (error instanceof RepositoryBusyError) return;
      lastRun = nowMs; // logged once a day until fixed; nothing was deleted
      log.error({ err: error }, 'collecting unused content blobs failed');
    }
  };
}
