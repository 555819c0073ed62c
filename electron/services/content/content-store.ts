import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, type FileHandle, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { ReleaseManifest } from '../../../kiosk-config/src/content/release-manifest';
import { fail, ok, type Result } from '../../../kiosk-config/src/index';
import { parseJson } from '../parse-json';
import { crashPoint } from '../storage/crash-point';
import { syncFolder, writeFileDurably } from '../storage/durable-file';

/**
 * The crash points of the store's activation and rollback, in the order they are passed (tests
 * kill the process at each and check that it restarts on one whole release).
 */
export const CONTENT_CRASH_POINTS = [
  'content:after-blob-rename',
  'content:after-trial-file',
  'content:after-previous-pointer',
  'content:after-current-pointer',
  'content:after-refused',
  'content:after-rollback-current',
] as const;

/** How many releases the store keeps (current, previous and one more); their blobs are never collected. */
export const KEPT_RELEASES = 3;

/** How many refused release ids the store remembers (the oldest are forgotten first). */
const REMEMBERED_REFUSALS = 100;

/** What a blob must be to enter the store: its bytes' length and sha256. */
export interface ExpectedBlob {
  sha256: string;
  length: number;
}

/** Why a file did not enter the store as a blob (the file is deleted either way). */
export type BlobRejection = 'length_mismatch' | 'hash_mismatch';

/** Why a release cannot be activated. */
export type ActivationRefusal = 'unknown_release' | 'missing_blobs' | 'trial_under_way';

/** The release on trial: what `current` pointed to before, so a rollback restores both pointers exactly. */
interface TrialRecord {
  releaseId: string;
  /** `current` before the switch (undefined: the kiosk had no content yet). */
  fallbackId?: string;
  /** `previous` before the switch. */
  priorPreviousId?: string;
  startedAt: string;
}

/** What the store repaired when it opened, for the updater to report. */
export type StoreRecovery =
  /** `current` named a release that is missing or incomplete: the store went back to `previous` (or to none). */
  | { kind: 'current_unusable'; releaseId: string; fallbackId?: string }
  /** The kiosk stopped while a release was on trial: it was rolled back and refused. */
  | { kind: 'trial_interrupted'; releaseId: string; fallbackId?: string }
  /** The kiosk stopped during a switch that had not yet changed `current`: the pointers were restored. */
  | { kind: 'switch_undone'; releaseId: string };

/** Options of `ContentStore.open`. */
export interface ContentStoreOptions {
  /** The kiosk's data folder; the store lives in `<dataDir>/content/`. */
  dataDir: string;
}

/** A release id as a folder name: the manifest's own rule, checked again before any path is built. */
const RELEASE_ID = /^[a-z0-9][a-z0-9-]{0,99}$/;
const SHA256 = /^[0-9a-f]{64}$/;

/**
 * The kiosk's content on disk (`<dataDir>/content/`): verified blobs by sha256, release manifests,
 * and the `current`/`previous` pointers that say which release the screens show.
 *
 * Every change is durable before it counts: a blob enters only after its length and hash are
 * checked, read-only (0444), by rename; a pointer is replaced by temp + fsync + rename + fsync of
 * the folder. So a crash at any instant leaves `current` naming one whole release, never a mix
 * (`open` repairs what a crash interrupted; see `StoreRecovery`). Nothing is written by a name
 * that comes from content: blobs are named by hash, releases by their checked id.
 */
export class ContentStore {
  readonly root: string;
  readonly #blobs: string;
  readonly #partial: string;
  readonly #releases: string;
  #recoveries: StoreRecovery[] = [];

  private constructor(dataDir: string) {
    this.root = path.join(dataDir, 'content');
    this.#blobs = path.join(this.root, 'blobs');
    this.#partial = path.join(this.root, 'partial');
    this.#releases = path.join(this.root, 'releases');
  }

  /** Opens (creating if need be) the store and repairs what a crash interrupted. */
  static async open(options: ContentStoreOptions): Promise<ContentStore> {
    const store = new ContentStore(options.dataDir);
    for (const dir of [store.root, store.#blobs, store.#partial, store.#releases])
      await mkdir(dir, { recursive: true });
    await store.#recover();
    return store;
  }

  /** What `open` repaired (empty after a clean stop). */
  get recoveries(): readonly StoreRecovery[] {
    return this.#recoveries;
  }

  /** Where the download of blob `sha256` is kept until it is whole. */
  partialPath(sha256: string): string {
    return path.join(this.#partial, `${checkedSha(sha256)}.part`);
  }

  /** Where verified blob `sha256` is (whether or not it is there yet). */
  blobPath(sha256: string): string {
    return path.join(this.#blobs, checkedSha(sha256));
  }

  /** Whether blob `sha256` is in the store (it was verified when it entered). */
  async hasBlob(sha256: string): Promise<boolean> {
    return (await sizeOf(this.blobPath(sha256))) !== undefined;
  }

  /** Opens blob `sha256` for reading (rejects with ENOENT when it is not in the store). */
  openBlob(sha256: string): Promise<FileHandle> {
    return open(this.blobPath(sha256), 'r');
  }

  /**
   * Moves `file` (a finished download) into the store as blob `expected.sha256`, if its length
   * and sha256 are what was expected. A file that is not is deleted: it is never checked again.
   */
  async adoptBlob(file: string, expected: ExpectedBlob): Promise<Result<void, BlobRejection>> {
    const target = this.blobPath(expected.sha256);
    const size = await sizeOf(file);
    if (size !== expected.length) {
      await rm(file, { force: true });
      return fail('length_mismatch', `${size ?? 0} bytes where ${expected.length} were expected`);
    }
    const actual = await sha256OfFile(file);
    if (actual !== expected.sha256) {
      await rm(file, { force: true });
      return fail('hash_mismatch', `the bytes hash to ${actual.slice(0, 12)}…, not ${expected.sha256.slice(0, 12)}…`);
    }
    const handle = await open(file, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await chmod(file, 0o444);
    await rename(file, target);
    crashPoint('content:after-blob-rename');
    await syncFolder(this.#blobs);
    await syncFolder(path.dirname(file));
    return ok(undefined);
  }

  /** Stores a blob from bytes in memory (small files; tests), verified like a download. */
  async putBlob(bytes: Uint8Array): Promise<string> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (await this.hasBlob(sha256)) return sha256;
    const file = this.partialPath(sha256);
    await writeFileDurably(file, bytes);
    const adopted = await this.adoptBlob(file, { sha256, length: bytes.length });
    if (!adopted.ok) throw new Error(`a blob written from memory failed its check: ${adopted.error.message}`);
    return sha256;
  }

  /** Keeps a release's manifest (already verified by TUF) so its blobs can be fetched and it can be activated. */
  async saveRelease(manifest: ReleaseManifest): Promise<void> {
    const dir = this.#releaseDir(manifest.releaseId);
    await mkdir(dir, { recursive: true });
    await writeFileDurably(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o644 });
    await syncFolder(this.#releases);
  }

  /** Release `releaseId`'s manifest, or undefined when it is not stored (or unreadable). */
  async release(releaseId: string): Promise<ReleaseManifest | undefined> {
    if (!RELEASE_ID.test(releaseId)) return undefined;
    const text = await readFile(path.join(this.#releaseDir(releaseId), 'manifest.json'), 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    const parsed = ReleaseManifest.safeParse(parseJson(text));
    return parsed.success && parsed.data.releaseId === releaseId ? parsed.data : undefined;
  }

  /** The blobs of `manifest` not yet in the store (each sha256 once). */
  async missingBlobs(manifest: ReleaseManifest): Promise<ExpectedBlob[]> {
    const missing = new Map<string, ExpectedBlob>();
    for (const file of manifest.files) {
      if (missing.has(file.sha256)) continue;
      if ((await sizeOf(this.blobPath(file.sha256))) !== file.length) {
        missing.set(file.sha256, { sha256: file.sha256, length: file.length });
      }
    }
    return [...missing.values()];
  }

  /** The release the screens show, if any. */
  async current(): Promise<ReleaseManifest | undefined> {
    const id = await this.#readPointer('current');
    return id === undefined ? undefined : this.release(id);
  }

  /** The release shown before the current one, if any. */
  async previous(): Promise<ReleaseManifest | undefined> {
    const id = await this.#readPointer('previous');
    return id === undefined ? undefined : this.release(id);
  }

  /** The id of the release on trial, if one is. */
  async trialReleaseId(): Promise<string | undefined> {
    return (await this.#readTrial())?.releaseId;
  }

  /**
   * Switches the screens to release `releaseId` on trial: `trial.json` first (what to go back to),
   * then `previous`, then `current`, each durable before the next. A crash before `current` is
   * written leaves the old release showing (and `open` restores `previous`); after, the trial is
   * interrupted and `open` rolls it back.
   */
  async beginTrial(releaseId: string): Promise<Result<void, ActivationRefusal>> {
    if ((await this.#readTrial()) !== undefined) return fail('trial_under_way', 'another release is on trial');
    const manifest = await this.release(releaseId);
    if (manifest === undefined) return fail('unknown_release', `release ${releaseId} is not stored`);
    const missing = await this.missingBlobs(manifest);
    if (missing.length > 0) return fail('missing_blobs', `${missing.length} file(s) of the release are not stored`);
    const fallbackId = await this.#readPointer('current');
    const priorPreviousId = await this.#readPointer('previous');
    const trial: TrialRecord = {
      releaseId,
      ...(fallbackId !== undefined ? { fallbackId } : {}),
      ...(priorPreviousId !== undefined ? { priorPreviousId } : {}),
      startedAt: new Date().toISOString(),
    };
    await writeFileDurably(this.#trialFile(), `${JSON.stringify(trial)}\n`, { mode: 0o644 });
    crashPoint('content:after-trial-file');
    if (fallbackId !== undefined) await this.#writePointer('previous', fallbackId);
    crashPoint('content:after-previous-pointer');
    await this.#writePointer('current', releaseId);
    crashPoint('content:after-current-pointer');
    return ok(undefined);
  }

  /** The release on trial proved healthy: it stays current, `trial.json` goes. */
  async confirmTrial(releaseId: string): Promise<boolean> {
    const trial = await this.#readTrial();
    if (trial?.releaseId !== releaseId) return false;
    await rm(this.#trialFile(), { force: true });
    await syncFolder(this.root);
    return true;
  }

  /**
   * Rolls the release on trial back: it is refused first (so it is never tried again, even if the
   * rollback is cut short), then `current` and `previous` get back what they named before the
   * switch, then `trial.json` goes. Returns the release rolled back to (undefined: none).
   */
  async rollBackTrial(): Promise<{ releaseId: string; fallbackId?: string } | undefined> {
    const trial = await this.#readTrial();
    if (trial === undefined) return undefined;
    await this.refuse(trial.releaseId);
    crashPoint('content:after-refused');
    await this.#restorePointers(trial);
    return { releaseId: trial.releaseId, ...(trial.fallbackId !== undefined ? { fallbackId: trial.fallbackId } : {}) };
  }

  /** Remembers that release `releaseId` must never be activated (it failed its trial or was bad). */
  async refuse(releaseId: string): Promise<void> {
    const refused = await this.refusedReleases();
    if (refused.includes(releaseId)) return;
    const kept = [...refused, releaseId].slice(-REMEMBERED_REFUSALS);
    await writeFileDurably(path.join(this.root, 'refused.json'), `${JSON.stringify(kept)}\n`, { mode: 0o644 });
  }

  /** The releases refused so far (oldest first). */
  async refusedReleases(): Promise<string[]> {
    const text = await readFile(path.join(this.root, 'refused.json'), 'utf8').catch(() => undefined);
    const value = text === undefined ? undefined : parseJson(text);
    return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
  }

  /**
   * Deletes releases beyond the `KEPT_RELEASES` kept (current, previous, the one on trial, then the
   * newest by version), refused ones first, then every blob and partial download no kept release
   * names. Call it when no download is under way (a partial it does not know of would be lost).
   */
  async collectGarbage(): Promise<{ releases: number; blobs: number }> {
    const pinned = new Set<string>();
    for (const id of [await this.#readPointer('current'), await this.#readPointer('previous')]) {
      if (id !== undefined) pinned.add(id);
    }
    const trial = await this.#readTrial();
    if (trial !== undefined) pinned.add(trial.releaseId);
    const refused = new Set(await this.refusedReleases());
    const stored: ReleaseManifest[] = [];
    for (const id of await readdir(this.#releases)) {
      const manifest = await this.release(id);
      if (manifest !== undefined) stored.push(manifest);
    }
    const kept = new Set(pinned);
    for (const manifest of stored.sort((a, b) => b.version - a.version)) {
      if (kept.size >= KEPT_RELEASES) break;
      if (!refused.has(manifest.releaseId)) kept.add(manifest.releaseId);
    }
    let releases = 0;
    for (const id of await readdir(this.#releases)) {
      if (kept.has(id)) continue;
      await rm(path.join(this.#releases, id), { recursive: true, force: true });
      releases += 1;
    }
    const referenced = new Set<string>();
    for (const manifest of stored) {
      if (kept.has(manifest.releaseId)) for (const file of manifest.files) referenced.add(file.sha256);
    }
    let blobs = 0;
    for (const name of await readdir(this.#blobs)) {
      if (referenced.has(name)) continue;
      await rm(path.join(this.#blobs, name), { force: true });
      blobs += 1;
    }
    for (const name of await readdir(this.#partial)) {
      if (!referenced.has(name.replace(/\.part$/, ''))) await rm(path.join(this.#partial, name), { force: true });
    }
    return { releases, blobs };
  }

  /** Repairs what a crash interrupted: temp files, a switch or rollback cut short, a `current` that is unusable. */
  async #recover(): Promise<void> {
    for (const dir of [this.root, this.#blobs, this.#partial]) await removeTempFiles(dir);
    for (const id of await readdir(this.#releases)) await removeTempFiles(path.join(this.#releases, id));
    for (const name of await readdir(this.#blobs)) {
      // A file that is not a blob's name has no business here (nothing else writes in this folder).
      if (!SHA256.test(name)) await rm(path.join(this.#blobs, name), { force: true, recursive: true });
    }
    const trial = await this.#readTrial();
    if (trial !== undefined) {
      const current = await this.#readPointer('current');
      if (current === trial.releaseId) {
        const rolled = await this.rollBackTrial();
        if (rolled !== undefined) this.#recoveries.push({ kind: 'trial_interrupted', ...rolled });
      } else {
        // `current` was never switched, or the rollback had already restored it: finish restoring.
        await this.#restorePointers(trial);
        this.#recoveries.push({ kind: 'switch_undone', releaseId: trial.releaseId });
      }
    }
    await this.#ensureUsableCurrent();
  }

  /** `current` must name a stored release with all its blobs; if not, `previous` (or none) takes its place. */
  async #ensureUsableCurrent(): Promise<void> {
    const currentId = await this.#readPointer('current');
    if (currentId === undefined || (await this.#isComplete(currentId))) return;
    const previousId = await this.#readPointer('previous');
    if (previousId !== undefined && previousId !== currentId && (await this.#isComplete(previousId))) {
      await this.#writePointer('current', previousId);
      await this.#removePointer('previous');
      this.#recoveries.push({ kind: 'current_unusable', releaseId: currentId, fallbackId: previousId });
    } else {
      await this.#removePointer('current');
      this.#recoveries.push({ kind: 'current_unusable', releaseId: currentId });
    }
  }

  async #isComplete(releaseId: string): Promise<boolean> {
    const manifest = await this.release(releaseId);
    return manifest !== undefined && (await this.missingBlobs(manifest)).length === 0;
  }

  async #restorePointers(trial: TrialRecord): Promise<void> {
    if (trial.fallbackId !== undefined) await this.#writePointer('current', trial.fallbackId);
    else await this.#removePointer('current');
    crashPoint('content:after-rollback-current');
    if (trial.priorPreviousId !== undefined) await this.#writePointer('previous', trial.priorPreviousId);
    else await this.#removePointer('previous');
    await rm(this.#trialFile(), { force: true });
    await syncFolder(this.root);
  }

  async #readTrial(): Promise<TrialRecord | undefined> {
    const text = await readFile(this.#trialFile(), 'utf8').catch(() => undefined);
    const value = text === undefined ? undefined : parseJson(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const record = value as Partial<TrialRecord>;
    const isId = (id: unknown): boolean => id === undefined || (typeof id === 'string' && RELEASE_ID.test(id));
    if (typeof record.releaseId !== 'string' || !RELEASE_ID.test(record.releaseId)) return undefined;
    if (!isId(record.fallbackId) || !isId(record.priorPreviousId)) return undefined;
    return record as TrialRecord;
  }

  async #readPointer(name: 'current' | 'previous'): Promise<string | undefined> {
    const text = await readFile(path.join(this.root, name), 'utf8').catch(() => undefined);
    const id = text?.trim();
    return id !== undefined && RELEASE_ID.test(id) ? id : undefined;
  }

  async #writePointer(name: 'current' | 'previous', releaseId: string): Promise<void> {
    await writeFileDurably(path.join(this.root, name), `${releaseId}\n`, { mode: 0o644 });
  }

  async #removePointer(name: 'current' | 'previous'): Promise<void> {
    await rm(path.join(this.root, name), { force: true });
    await syncFolder(this.root);
  }

  #trialFile(): string {
    return path.join(this.root, 'trial.json');
  }

  #releaseDir(releaseId: string): string {
    if (!RELEASE_ID.test(releaseId)) throw new Error('not a release id');
    return path.join(this.#releases, releaseId);
  }
}

/** The sha256 of a file's bytes, in lower-case hex. */
export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function checkedSha(sha256: string): string {
  if (!SHA256.test(sha256)) throw new Error('not a sha256');
  return sha256;
}

async function sizeOf(file: string): Promise<number | undefined> {
  return stat(file).then(
    (info) => (info.isFile() ? info.size : undefined),
    () => undefined,
  );
}

/** Removes the temp files `writeFileDurably` leaves when a crash stops it before its rename. */
async function removeTempFiles(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (name.startsWith('.') && name.endsWith('.tmp')) await rm(path.join(dir, name), { force: true });
  }
}
