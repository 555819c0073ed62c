import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_CRASH_POINTS, ContentStore, sha256OfFile } from '../../electron/services/content/content-store';
import { tempDataDir, testRelease } from '../../electron/services/content/content-test-support';
import { CRASH_AT_ENV } from '../../electron/services/storage/crash-point';
import { bundleCrashChild, runCrashChild } from '../support/crash-child';

/** A data folder whose store shows release `rel-a` (confirmed). */
async function dataDirWithReleaseA(): Promise<string> {
  const dataDir = await tempDataDir();
  const store = await ContentStore.open({ dataDir });
  const a = testRelease('rel-a', 1, [{ path: 'texts/ru.json', bytes: 'release a' }]);
  for (const bytes of a.blobs.values()) await store.putBlob(bytes);
  await store.saveRelease(a.manifest);
  const began = await store.beginTrial('rel-a');
  if (!began.ok) throw new Error(began.error.message);
  await store.confirmTrial('rel-a');
  return dataDir;
}

/** Where the kiosk must be after a restart, by the point it was killed at. */
const AFTER_RESTART: Record<(typeof CONTENT_CRASH_POINTS)[number], { refused: string[] }> = {
  'content:after-blob-rename': { refused: [] },
  'content:after-trial-file': { refused: [] },
  'content:after-previous-pointer': { refused: [] },
  // `current` already named rel-b: the trial was interrupted, so rel-b is rolled back and refused.
  'content:after-current-pointer': { refused: ['rel-b'] },
  'content:after-refused': { refused: ['rel-b'] },
  'content:after-rollback-current': { refused: ['rel-b'] },
};

/**
 * The content store's promise under kill -9: a kiosk process switching to a new release (and
 * rolling it back) is killed at each crash point; the restarted store shows one whole release
 * (every blob of it present and matching its hash), `rel-a` here, with no trial left open and no
 * temp file left behind.
 */
describe('content store under kill -9', () => {
  let entry: string;
  beforeAll(async () => {
    entry = await bundleCrashChild('content-crash-child');
  });
  afterAll(async () => {
    await rm(entry, { force: true });
  });

  it('runs to its end without a crash point', async () => {
    const dataDir = await dataDirWithReleaseA();
    const env = { ...process.env };
    delete env[CRASH_AT_ENV];
    expect((await runCrashChild(entry, [dataDir], { env })).stdout).toBe('done\n');
  });

  for (const point of CONTENT_CRASH_POINTS) {
    it(`restarts on one whole release after a kill at ${point}`, async () => {
      const dataDir = await dataDirWithReleaseA();
      const { signal } = await runCrashChild(entry, [dataDir], { env: { ...process.env, [CRASH_AT_ENV]: point } });
      expect(signal).toBe('SIGKILL');

      const store = await ContentStore.open({ dataDir });
      const current = await store.current();
      expect(current?.releaseId).toBe('rel-a');
      for (const file of current?.files ?? [])
        expect(await sha256OfFile(store.blobPath(file.sha256))).toBe(file.sha256);
      expect(await store.trialReleaseId()).toBeUndefined();
      expect(await store.refusedReleases()).toEqual(AFTER_RESTART[point].refused);
      const content = path.join(dataDir, 'content');
      for (const dir of [content, path.join(content, 'blobs'), path.join(content, 'partial')]) {
        expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
      }
    });
  }
});
