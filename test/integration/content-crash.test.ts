import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobDownloader } from '../../electron/services/content/blob-downloader';
import { startBlobServer } from '../../electron/services/content/blob-server-test-support';
import { CONTENT_CRASH_POINTS, ContentStore, sha256OfFile } from '../../electron/services/content/content-store';
import { seededBytes, sha256Hex, tempDataDir, testRelease } from '../../electron/services/content/content-test-support';
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
 * The content store's promise under kill -9: a kiosk process killed half-way through a download
 * leaves a partial that the next process resumes byte-exactly; one switching to a new release
 * (and rolling it back) is killed at each crash point, and the restarted store shows one whole
 * release (every blob of it present and matching its hash), `rel-a` here, with no trial left open
 * and no temp file left behind.
 */
describe('content store under kill -9', () => {
  let entry: string;
  let downloadEntry: string;
  beforeAll(async () => {
    entry = await bundleCrashChild('content-crash-child');
    downloadEntry = await bundleCrashChild('content-download-child');
  });
  afterAll(async () => {
    await rm(entry, { force: true });
    await rm(downloadEntry, { force: true });
  });

  it('resumes a download killed half-way from the bytes the killed process wrote, and verifies the whole', async () => {
    const dataDir = await tempDataDir();
    const bytes = seededBytes(1024 * 1024, 41);
    const sha256 = sha256Hex(bytes);
    const half = bytes.length / 2;
    // The first answer stops after half the blob and stays open: the child is killed while it waits.
    const server = await startBlobServer({
      blobs: new Map([[sha256, bytes]]),
      credential: 'c',
      misbehave: (index) => (index === 0 ? { stallAfter: half } : undefined),
    });
    try {
      const store = await ContentStore.open({ dataDir });
      const partial = store.partialPath(sha256);
      const { signal } = await runCrashChild(downloadEntry, [dataDir, server.url, 'c', sha256, String(bytes.length)], {
        watch: (child) => {
          const poll = setInterval(async () => {
            const size = await stat(partial).then(
              (info) => info.size,
              () => 0,
            );
            if (size === half) child.kill('SIGKILL');
          }, 20);
          return () => clearInterval(poll);
        },
      });
      expect(signal).toBe('SIGKILL');

      const restarted = await ContentStore.open({ dataDir });
      const downloader = new BlobDownloader({
        hubUrl: server.url,
        kioskId: 'kiosk-1',
        credential: () => 'c',
        store: restarted,
      });
      const result = await downloader.download({ sha256, length: bytes.length });
      downloader.close();
      expect(result).toEqual({ ok: true, value: { bytesReceived: half, attempts: 1 } });
      expect(server.requests.map((request) => [request.status, request.range])).toEqual([
        [200, undefined],
        [206, `bytes=${half}-`],
      ]);
      expect(await sha256OfFile(restarted.blobPath(sha256))).toBe(sha256);
    } finally {
      await server.close();
    }
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
