/**
 * The content channel's numbers (issue 13), against a real hub (a child process, its SQLite
 * file and content repository in a temp folder) over HTTP on 127.0.0.1:
 *
 * (a) bytes fetched ÷ bytes changed: a 50 MB release (60 files), then one in which one 200 KB
 *     file changed; the kiosk (the real `ContentStore` + `BlobDownloader`) holds the first.
 * (b) the 50 MB release through a TCP proxy of the bench's own that cuts the link at seeded
 *     random moments every 1–3 s (paced to 2 MB/s so that cuts land mid-download): bytes that
 *     crossed the proxy towards the kiosk ÷ the release's size.
 * (c) a 2 MB release over a 256 kbit/s link (the proxy paces the bytes): time, and the kiosk
 *     process's event-loop delay (`monitorEventLoopDelay`) during the download.
 * (d) publish (from this process, as the admin CLI does: its own database handle) → N simulated
 *     kiosks, each with the real `NudgeListener` on `GET /v1/events`, have fetched the release.
 *     Each kiosk does the light path, not a tuf-js Updater (too heavy for 500 in one process):
 *     timestamp, snapshot and targets metadata, its assignment, the manifest, and every blob with
 *     its sha256 checked in memory. Signatures are not verified in (d).
 *
 * The kiosk's fetches of metadata, assignment and manifest are plain GETs (the composition root's
 * updater uses tuf-js for those); blobs go through `BlobDownloader` in (a)–(c).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { BlobDownloader } from '../electron/services/content/blob-downloader';
import { ContentStore } from '../electron/services/content/content-store';
import { NudgeListener } from '../electron/services/content/nudge-listener';
import type { ContentFolderFile } from '../hub/content/content-folder';
import { type ContentChannel, openContentChannel, publishFiles } from '../hub/content/content-publisher';
import { initChannelRepository } from '../hub/content/content-test-support';
import type { SigningKey } from '../hub/content/signing-keys';
import { openSqliteDatabase } from '../hub/db/sqlite/open-sqlite-database';
import type { ReleaseManifest } from '../kiosk-config/src/content/release-manifest';
import { mulberry32 } from '../test/support/seeded-random';
import { type BenchKiosk, enrollFleet, serveBenchHub, spawnBenchHub, BENCH_TOKEN as TOKEN } from './bench-hub-support';
import { percentile, writeResults } from './bench-support';
import { LinkProxy } from './link-proxy';

const UNLIMITED = { limit: 1_000_000_000, windowSeconds: 60 };
const KIOSKS = Number(process.env.OKNO_BENCH_KIOSKS ?? 500);
const MB = 1_000_000;
const CUT_SEED = 13;

if (process.env.OKNO_BENCH_HUB_ROLE === 'hub') {
  await serveBenchHub({ enrollLimitPerAddress: UNLIMITED });
} else {
  await drive();
}

/** A GET's answer. */
interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One GET over node:http (a fresh connection: a cut proxy leaves no half-dead socket in a pool). */
function get(url: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
      response.on('error', reject);
    });
    request.setTimeout(30_000, () => request.destroy(new Error('timed out')));
    request.on('error', reject);
    request.end();
  });
}

/** A GET that must answer 200, retried through a cut link. */
async function get200(url: string, headers: Record<string, string>): Promise<Buffer> {
  for (let attempt = 1; ; attempt++) {
    try {
      const answer = await get(url, headers);
      if (answer.status === 200) return answer.body;
      throw new Error(`${url}: ${answer.status}`);
    } catch (error) {
      if (attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** What a kiosk fetches before any blob: the TUF metadata, its assignment, the release manifest. */
async function fetchRelease(hubUrl: string, kiosk: BenchKiosk): Promise<{ manifest: ReleaseManifest; bytes: number }> {
  const metadata = `${hubUrl}/v1/content/metadata`;
  const timestamp = await get200(`${metadata}/timestamp.json`, kiosk.headers);
  const snapshotVersion = JSON.parse(timestamp.toString()).signed.meta['snapshot.json'].version as number;
  const snapshot = await get200(`${metadata}/${snapshotVersion}.snapshot.json`, kiosk.headers);
  const targetsVersion = JSON.parse(snapshot.toString()).signed.meta['targets.json'].version as number;
  const targets = await get200(`${metadata}/${targetsVersion}.targets.json`, kiosk.headers);
  const assignment = await get200(`${hubUrl}/v1/content/assignment`, kiosk.headers);
  const { releaseTarget } = JSON.parse(assignment.toString()) as { releaseTarget: string | null };
  if (releaseTarget === null) throw new Error(`${kiosk.kioskId} has no release assigned`);
  const manifest = await get200(`${hubUrl}/v1/content/targets/${releaseTarget}`, kiosk.headers);
  const bytes = timestamp.length + snapshot.length + targets.length + assignment.length + manifest.length;
  return { manifest: JSON.parse(manifest.toString()) as ReleaseManifest, bytes };
}

/** The kiosk's sync: the release's metadata, then each blob it lacks through the real downloader. */
async function syncRelease(
  hubUrl: string,
  kiosk: BenchKiosk,
  store: ContentStore,
): Promise<{ manifest: ReleaseManifest; metadataBytes: number; blobBytes: number; attempts: number }> {
  const { manifest, bytes } = await fetchRelease(hubUrl, kiosk);
  const downloader = new BlobDownloader({
    hubUrl,
    credential: () => kiosk.credential,
    kioskId: kiosk.kioskId,
    store,
    stallTimeoutMs: 10_000,
    maxFailuresWithoutProgress: 20,
  });
  let blobBytes = 0;
  let attempts = 0;
  for (const blob of await store.missingBlobs(manifest)) {
    const done = await downloader.download(blob);
    if (!done.ok) throw new Error(`blob ${blob.sha256}: ${done.error.code} (${done.error.message})`);
    blobBytes += done.value.bytesReceived;
    attempts += done.value.attempts;
  }
  const missing = await store.missingBlobs(manifest);
  if (missing.length > 0) throw new Error(`${missing.length} blobs still missing`);
  return { manifest, metadataBytes: bytes, blobBytes, attempts };
}

/** The 50 MB release: 10 videos of 4 MB and 50 images of 200 KB. */
function fiftyMegabytes(): ContentFolderFile[] {
  return [
    ...Array.from({ length: 10 }, (_, n) => ({
      path: `attract/${n}.mp4`,
      kind: 'video' as const,
      bytes: randomBytes(4 * MB),
    })),
    ...Array.from({ length: 50 }, (_, n) => ({
      path: `images/${n}.webp`,
      kind: 'image' as const,
      bytes: randomBytes(200_000),
    })),
  ];
}

function size(files: readonly ContentFolderFile[]): number {
  return files.reduce((sum, file) => sum + file.bytes.length, 0);
}

function round(value: number, digits = 4): number {
  return Number(value.toFixed(digits));
}

async function drive(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'okno-bench-content-'));
  const dbPath = path.join(dir, 'hub.sqlite');
  const hub = spawnBenchHub(fileURLToPath(import.meta.url), dbPath);
  const { db } = openSqliteDatabase(dbPath);
  try {
    const url = await hub.url;
    const hubPort = Number(new URL(url).port);
    // The admin's side, in this process: its own database handle, as `hub content publish`.
    const channel = openContentChannel(db, dbPath);
    const publisherKey = initChannelRepository(channel);
    const publish = (files: ContentFolderFile[]) => publishRelease(channel, publisherKey, files);
    const [kioskA, kioskB, kioskC] = await enrollFleet(url, 3, TOKEN, 'bench-content');
    if (kioskA === undefined || kioskB === undefined || kioskC === undefined) throw new Error('enrollment failed');

    // (a) one 200 KB file changed in a 50 MB release.
    const first = fiftyMegabytes();
    publish(first);
    const storeA = await ContentStore.open({ dataDir: path.join(dir, 'kiosk-a') });
    const initial = await syncRelease(url, kioskA, storeA);
    const second = first.map((file, n) => (n === 10 ? { ...file, bytes: randomBytes(200_000) } : file));
    const changedBytes = 200_000;
    publish(second);
    const delta = await syncRelease(url, kioskA, storeA);
    const a = {
      releaseBytes: size(second),
      files: second.length,
      changedBytes,
      firstReleaseBlobBytes: initial.blobBytes,
      blobBytesFetched: delta.blobBytes,
      metadataBytesFetched: delta.metadataBytes,
      blobRatio: round(delta.blobBytes / changedBytes),
      ratioWithMetadata: round((delta.blobBytes + delta.metadataBytes) / changedBytes),
    };
    console.log(
      `(a) one 200 KB file changed in ${(a.releaseBytes / MB).toFixed(1)} MB (${a.files} files): blobs fetched ${a.blobBytesFetched} B, ` +
        `ratio ${a.blobRatio}; with metadata (timestamp, snapshot, targets, assignment, manifest: ${a.metadataBytesFetched} B) ${a.ratioWithMetadata}`,
    );

    // (b) the 50 MB release through a link cut every 1–3 s.
    const cutting = new LinkProxy({
      targetPort: hubPort,
      bytesPerSecond: 2 * MB,
      cuts: { minMs: 1_000, maxMs: 3_000, random: mulberry32(CUT_SEED) },
    });
    const cutUrl = await cutting.listen();
    const storeB = await ContentStore.open({ dataDir: path.join(dir, 'kiosk-b') });
    const startedB = performance.now();
    const viaCuts = await syncRelease(cutUrl, kioskB, storeB);
    const secondsB = (performance.now() - startedB) / 1000;
    await cutting.close();
    const b = {
      releaseBytes: size(second),
      linkBytesPerSecond: 2 * MB,
      cutEveryMs: [1_000, 3_000],
      seed: CUT_SEED,
      cuts: cutting.cuts,
      seconds: round(secondsB, 1),
      blobRequests: viaCuts.attempts,
      bytesThroughProxy: cutting.bytesToKiosk,
      blobBytesReceived: viaCuts.blobBytes,
      ratio: round(cutting.bytesToKiosk / size(second)),
    };
    console.log(
      `(b) ${(b.releaseBytes / MB).toFixed(1)} MB over a link cut ${b.cuts} times in ${b.seconds} s: ${b.bytesThroughProxy} B through the proxy, ` +
        `ratio ${b.ratio} (blob bodies ${b.blobBytesReceived} B, ${b.blobRequests} blob requests)`,
    );

    // (c) 2 MB at 256 kbit/s: time, and the event loop meanwhile.
    const small = Array.from({ length: 4 }, (_, n) => ({
      path: `attract/slow-${n}.webp`,
      kind: 'image' as const,
      bytes: randomBytes(500_000),
    }));
    publish(small);
    const slow = new LinkProxy({ targetPort: hubPort, bytesPerSecond: 256_000 / 8 });
    const slowUrl = await slow.listen();
    const storeC = await ContentStore.open({ dataDir: path.join(dir, 'kiosk-c') });
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const startedC = performance.now();
    await syncRelease(slowUrl, kioskC, storeC);
    const secondsC = (performance.now() - startedC) / 1000;
    loop.disable();
    await slow.close();
    const c = {
      releaseBytes: size(small),
      linkBitsPerSecond: 256_000,
      seconds: round(secondsC, 1),
      bytesThroughProxy: slow.bytesToKiosk,
      eventLoopDelayMs: {
        p50: round(loop.percentile(50) / 1e6, 1),
        p99: round(loop.percentile(99) / 1e6, 1),
        max: round(loop.max / 1e6, 1),
      },
    };
    console.log(
      `(c) ${(c.releaseBytes / MB).toFixed(1)} MB at 256 kbit/s: ${c.seconds} s; event-loop delay p50 ${c.eventLoopDelayMs.p50} ms, ` +
        `p99 ${c.eventLoopDelayMs.p99} ms, max ${c.eventLoopDelayMs.max} ms`,
    );

    // (d) publish → N kiosks nudged over SSE have fetched the release.
    const d = await fleetAfterNudge(url, channel, publisherKey);
    console.log(
      `(d) ${d.kiosks} kiosks: nudged ${d.nudgedMs.first}–${d.nudgedMs.last} ms after publish; all fetched the release ` +
        `${d.allFetchedMs} ms after publish (per kiosk, publish → fetched p50 ${d.fetchedMs.p50} ms, p99 ${d.fetchedMs.p99} ms); ` +
        `${d.failures} failures`,
    );

    const file = writeResults('content', {
      a,
      b,
      c,
      d,
      note:
        'Hub in a child process (SQLite WAL, content repository on the temp folder), kiosks in this process. (a)–(c): the ' +
        "kiosk's ContentStore and BlobDownloader for blobs, plain GETs for metadata, assignment and manifest (no signature " +
        'check). (b) and (c): a node:net proxy of the bench between them, counting bytes written towards the kiosk. (d): ' +
        'the light path per kiosk (metadata, assignment, manifest, blobs with sha256 checked), not a tuf-js Updater; ' +
        'the hub notices a publish from another process by polling its releases table every 2 s.',
    });
    console.log(`→ ${path.relative(process.cwd(), file)}`);
    if (a.blobRatio > 1.05 || b.ratio > 1.05 || d.failures > 0) process.exitCode = 1;
  } finally {
    db.close();
    await hub.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

function publishRelease(channel: ContentChannel, publisherKey: SigningKey, files: ContentFolderFile[]): number {
  const outcome = publishFiles(channel, files, {
    audience: { kind: 'all' },
    stagePercent: 100,
    publisherKey,
    now: new Date(),
    actor: 'bench',
  });
  if (!outcome.ok) throw new Error(outcome.problems.join('\n'));
  return outcome.release.version;
}

/** (d): N kiosks listening on `GET /v1/events`, a publish, and the time until each has fetched the release. */
async function fleetAfterNudge(url: string, channel: ContentChannel, publisherKey: SigningKey) {
  const fleet = await enrollFleet(url, KIOSKS, TOKEN, 'bench-fleet');
  const files = [
    {
      path: 'texts.json',
      kind: 'texts' as const,
      bytes: Buffer.from(JSON.stringify({ ru: { 'home.title': 'Новое' } })),
    },
    { path: 'announcements/1.webp', kind: 'image' as const, bytes: randomBytes(50_000) },
    { path: 'attract/fleet.webp', kind: 'image' as const, bytes: randomBytes(100_000) },
  ];
  let target = Number.POSITIVE_INFINITY;
  let publishedAt = 0;
  const nudgedAt: number[] = [];
  const fetchedAt: number[] = [];
  let failures = 0;
  const listeners = fleet.map((kiosk) => {
    let started = false;
    const listener = new NudgeListener({
      hubUrl: url,
      headers: () => kiosk.headers,
      onNudge: (version) => {
        if (version < target || started) return;
        started = true;
        nudgedAt.push(performance.now() - publishedAt);
        fetchAll(url, kiosk).then(
          () => fetchedAt.push(performance.now() - publishedAt),
          () => {
            failures += 1;
          },
        );
      },
    });
    listener.start();
    return listener;
  });
  try {
    const deadline = Date.now() + 60_000;
    while (listeners.some((listener) => !listener.connected)) {
      if (Date.now() > deadline) throw new Error('the fleet did not connect within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    publishedAt = performance.now();
    target = publishRelease(channel, publisherKey, files);
    const fetchDeadline = Date.now() + 120_000;
    while (fetchedAt.length + failures < fleet.length) {
      if (Date.now() > fetchDeadline) throw new Error(`only ${fetchedAt.length} of ${fleet.length} kiosks fetched`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    for (const listener of listeners) listener.stop();
  }
  return {
    kiosks: fleet.length,
    releaseBytes: size(files),
    nudgedMs: { first: Math.round(Math.min(...nudgedAt)), last: Math.round(Math.max(...nudgedAt)) },
    allFetchedMs: Math.round(Math.max(...fetchedAt)),
    fetchedMs: { p50: Math.round(percentile(fetchedAt, 50)), p99: Math.round(percentile(fetchedAt, 99)) },
    failures,
  };
}

/** The light path of one kiosk: metadata, assignment, manifest, then every blob, each checked by its sha256. */
async function fetchAll(url: string, kiosk: BenchKiosk): Promise<void> {
  const { manifest } = await fetchRelease(url, kiosk);
  await Promise.all(
    manifest.files.map(async (file) => {
      const bytes = await get200(`${url}/v1/content/blobs/${file.sha256}`, kiosk.headers);
      if (createHash('sha256').update(bytes).digest('hex') !== file.sha256) throw new Error('hash mismatch');
    }),
  );
}
