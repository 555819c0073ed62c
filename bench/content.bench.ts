/**
 * The content channel's numbers (issue 13), against a real hub (a child process, its SQLite
 * file and content repository in a temp folder) over HTTP on 127.0.0.1. Every kiosk takes the
 * real path: `TufReleaseSource` (a tuf-js Updater from the pinned root: timestamp, snapshot,
 * targets, the release manifest, each checked by signature, version, length and hash), the
 * director, then each missing blob through `BlobDownloader` into a `ContentStore` (length and
 * sha256 from the signed manifest). Only `ContentUpdater`'s media checks are left out (the bench's
 * files are random bytes), except in (c), where the kiosk's own updater runs on real images.
 *
 * (a) bytes fetched ÷ bytes changed: a 50 MB release (60 files), then one in which one 200 KB
 *     file changed; every byte that reaches the kiosk (metadata, director, manifest, blob, HTTP
 *     heads) counted by a TCP proxy of the bench's own.
 * (b) the 50 MB release through that proxy cutting the link at seeded random moments every
 *     1–3 s (paced to 2 MB/s so that cuts land mid-download): bytes towards the kiosk ÷ size.
 * (c) the whole kiosk in the browser host with Chromium, its hub link paced to 256 kbit/s: the
 *     download's time, and the latency of taps with no download and during it (`content-inp.ts`).
 * (d) publish (from this process, as the admin CLI does: its own database handle) → N kiosks,
 *     each with the real `NudgeListener` on `GET /v1/events`, hold the verified release.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BlobDownloader } from '../electron/services/content/blob-downloader';
import { ContentStore } from '../electron/services/content/content-store';
import type { ReleaseSourceFailure } from '../electron/services/content/content-updater';
import { NudgeListener } from '../electron/services/content/nudge-listener';
import { TufReleaseSource } from '../electron/services/content/tuf-release-source';
import type { ContentFolderFile } from '../hub/content/content-folder';
import { type ContentChannel, openContentChannel } from '../hub/content/content-publisher';
import { initChannelRepository } from '../hub/content/content-test-support';
import type { SigningKey } from '../hub/content/signing-keys';
import { currentVersions } from '../hub/content/tuf-roles';
import { openSqliteDatabase } from '../hub/db/sqlite/open-sqlite-database';
import { gzipAnswer } from '../hub/server/routes/gzip-answer';
import type { ReleaseManifest } from '../kiosk-config/src/content/release-manifest';
import type { Result } from '../kiosk-config/src/index';
import { mulberry32 } from '../test/support/seeded-random';
import {
  type BenchKiosk,
  enrollFleet,
  serveBenchHub,
  spawnBenchHub,
  BENCH_TOKEN as TOKEN,
  UNLIMITED_RATE,
} from './bench-hub-support';
import { publishToAll } from './bench-publish';
import { percentile, writeResults } from './bench-support';
import { interactionLatencyDuringDownload } from './content-inp';
import { LinkProxy } from './link-proxy';

const KIOSKS = Number(process.env.OKNO_BENCH_KIOSKS ?? 500);
const MB = 1_000_000;
const CUT_SEED = 13;
/** Visitor journeys (4 taps each) per phase of (c). */
const JOURNEYS = Number(process.env.OKNO_BENCH_JOURNEYS ?? 15);

if (process.env.OKNO_BENCH_HUB_ROLE === 'hub') {
  await serveBenchHub({ config: { enrollLimitPerAddress: UNLIMITED_RATE } });
} else {
  await drive();
}

/** A step of the TUF path, retried while the link is cut (the updater's next poll would retry it). */
async function untilOk<T>(step: () => Promise<Result<T, ReleaseSourceFailure>>, what: string): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const result = await step();
    if (result.ok) return result.value;
    if (result.error.code !== 'offline' || attempt >= 30)
      throw new Error(`${what}: ${result.error.code} (${result.error.message})`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The kiosk's trust path: the real `TufReleaseSource` (tuf-js) under `dir`, pinned to the repository's first root. */
function kioskSource(hubUrl: string, kiosk: BenchKiosk, dir: string, pinnedRoot: Buffer): TufReleaseSource {
  return new TufReleaseSource({
    hubUrl,
    kioskId: kiosk.kioskId,
    credential: () => kiosk.credential,
    metadataDir: path.join(dir, 'content', 'tuf'),
    pinnedRoot,
    requestTimeoutMs: 30_000,
  });
}

/**
 * What the kiosk's updater does for a new release (`ContentUpdater.check`, less the media checks
 * the bench's random bytes would fail): refresh the signed metadata, ask the director, fetch the
 * verified manifest, then each blob the store lacks through the real downloader.
 */
async function syncRelease(
  hubUrl: string,
  kiosk: BenchKiosk,
  store: ContentStore,
  source: TufReleaseSource,
  onManifest: () => void = () => undefined,
): Promise<{ manifest: ReleaseManifest; blobBytes: number; attempts: number }> {
  await untilOk(() => source.refresh(), 'metadata refresh');
  const assignment = await untilOk(() => source.assignment(), 'assignment');
  if (assignment.releaseTarget === null) throw new Error(`${kiosk.kioskId} has no release assigned`);
  const target = assignment.releaseTarget;
  const manifest = await untilOk(() => source.manifest(target), 'manifest');
  onManifest();
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
  try {
    for (const blob of await store.missingBlobs(manifest)) {
      const done = await downloader.download(blob);
      if (!done.ok) throw new Error(`blob ${blob.sha256}: ${done.error.code} (${done.error.message})`);
      blobBytes += done.value.bytesReceived;
      attempts += done.value.attempts;
    }
  } finally {
    downloader.close();
  }
  const missing = await store.missingBlobs(manifest);
  if (missing.length > 0) throw new Error(`${missing.length} blobs still missing`);
  return { manifest, blobBytes, attempts };
}

/** The bodies of what the kiosk fetched for the newest release, as the hub sends them to Node's fetch (gzip). */
function metadataBodies(
  channel: ContentChannel,
  releaseId: string,
): Record<string, { bytes: number; onTheWire: number }> {
  const versions = currentVersions(channel.repo);
  const manifestPath = channel.repo.releasePath(`releases/${releaseId}.json`) ?? '';
  const files: Record<string, Buffer> = {
    timestamp: channel.repo.metadataBytes('timestamp.json'),
    snapshot: channel.repo.metadataBytes(`${versions.snapshot}.snapshot.json`),
    targets: channel.repo.metadataBytes(`${versions.targets}.targets.json`),
    manifest: readFileSync(manifestPath),
  };
  return Object.fromEntries(
    Object.entries(files).map(([name, bytes]) => [
      name,
      { bytes: bytes.length, onTheWire: gzipAnswer(bytes, 'gzip').body.length },
    ]),
  );
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

    const pinnedRoot = channel.repo.metadataBytes('1.root.json');

    // (a) one 200 KB file changed in a 50 MB release: every byte the kiosk receives, counted by a proxy.
    const first = fiftyMegabytes();
    await publish(first);
    const counting = new LinkProxy({ targetPort: hubPort });
    const countingUrl = await counting.listen();
    const dirA = path.join(dir, 'kiosk-a');
    const storeA = await ContentStore.open({ dataDir: dirA });
    const sourceA = kioskSource(countingUrl, kioskA, dirA, pinnedRoot);
    const initial = await syncRelease(countingUrl, kioskA, storeA, sourceA);
    const second = first.map((file, n) => (n === 10 ? { ...file, bytes: randomBytes(200_000) } : file));
    const changedBytes = 200_000;
    await publish(second);
    const before = counting.bytesToKiosk;
    const delta = await syncRelease(countingUrl, kioskA, storeA, sourceA);
    const bytesFetched = counting.bytesToKiosk - before;
    await counting.close();
    const bodies = metadataBodies(channel, delta.manifest.releaseId);
    const a = {
      goal: 'bytes fetched ÷ bytes changed ≤ 1.05',
      releaseBytes: size(second),
      files: second.length,
      changedBytes,
      firstReleaseBlobBytes: initial.blobBytes,
      blobBytesFetched: delta.blobBytes,
      bytesFetched,
      overheadBytes: bytesFetched - delta.blobBytes,
      metadataBodies: bodies,
      blobRatio: round(delta.blobBytes / changedBytes),
      ratio: round(bytesFetched / changedBytes),
    };
    const described = Object.entries(bodies)
      .map(([name, body]) => `${name} ${body.bytes} B (${body.onTheWire} gzipped)`)
      .join(', ');
    console.log(
      `(a) one 200 KB file changed in ${(a.releaseBytes / MB).toFixed(1)} MB (${a.files} files), real TUF path: ` +
        `${a.bytesFetched} B reached the kiosk (blob ${a.blobBytesFetched} B; metadata, director, manifest and HTTP heads ` +
        `${a.overheadBytes} B: ${described}) → ratio ${a.ratio} (goal ≤ 1.05)`,
    );

    // (b) the 50 MB release through a link cut every 1–3 s.
    const cutting = new LinkProxy({
      targetPort: hubPort,
      bytesPerSecond: 2 * MB,
      cuts: { minMs: 1_000, maxMs: 3_000, random: mulberry32(CUT_SEED) },
    });
    const cutUrl = await cutting.listen();
    const dirB = path.join(dir, 'kiosk-b');
    const storeB = await ContentStore.open({ dataDir: dirB });
    const startedB = performance.now();
    const viaCuts = await syncRelease(cutUrl, kioskB, storeB, kioskSource(cutUrl, kioskB, dirB, pinnedRoot));
    const secondsB = (performance.now() - startedB) / 1000;
    await cutting.close();
    const b = {
      goal: 'total bytes ≤ 1.05 × release size',
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
        `ratio ${b.ratio} (goal ≤ 1.05; blob bodies ${b.blobBytesReceived} B, ${b.blobRequests} blob requests)`,
    );

    // (c) the whole kiosk in Chromium: taps with no download, then during a 2 MB download at 256 kbit/s.
    const c = { goal: 'completes at 256 kbit/s; INP unchanged', ...(await interactionLatencyDuringDownload(JOURNEYS)) };
    console.log(
      `(c) ${(c.releaseBytes / MB).toFixed(1)} MB at 256 kbit/s by the kiosk's own content channel: ${c.downloadSeconds} s ` +
        `(goal: completes). Taps in Chromium (${c.idle.taps} idle, ${c.downloading.taps} during the download${c.downloadOutlastedTaps ? '' : ', which ended before the last tap'}): ` +
        `INP-like (p98 of Event Timing) idle ${c.idle.inpLikeMs} → downloading ${c.downloading.inpLikeMs} → idle after ${c.idleAfter.inpLikeMs} ms ` +
        `(difference ${c.difference.inpLikeMs} ms, goal: unchanged); click events p98 ${c.idle.clickEventMs.p98} → ${c.downloading.clickEventMs.p98} → ${c.idleAfter.clickEventMs.p98} ms; ` +
        `tap → frame p50 ${c.idle.tapToFrameMs.p50} → ${c.downloading.tapToFrameMs.p50} → ${c.idleAfter.tapToFrameMs.p50} ms, ` +
        `p98 ${c.idle.tapToFrameMs.p98} → ${c.downloading.tapToFrameMs.p98} → ${c.idleAfter.tapToFrameMs.p98} ms`,
    );

    // (d) publish → N kiosks nudged over SSE have fetched the release.
    const d = await fleetAfterNudge(url, channel, publisherKey, path.join(dir, 'fleet'));
    console.log(
      `(d) ${d.kiosks} kiosks, each the real path (tuf-js Updater via TufReleaseSource, BlobDownloader, ContentStore): ` +
        `nudged ${d.nudgedMs.first}–${d.nudgedMs.last} ms after publish; all had the verified manifest ${d.allManifestsVerifiedMs} ms and held the whole release ` +
        `${d.allFetchedMs} ms after publish (goal: measured; per kiosk p50 ${d.fetchedMs.p50} ms, p99 ${d.fetchedMs.p99} ms); ` +
        `${d.failures} failures`,
    );

    const file = writeResults('content', {
      a,
      b,
      c,
      d,
      note:
        'Hub in a child process (SQLite WAL, content repository on the temp folder) for (a), (b), (d); kiosks in this ' +
        'process, each on the real path: TufReleaseSource (tuf-js Updater, the pinned root, every signature, length and ' +
        'hash checked), the director, BlobDownloader into a ContentStore (only the media checks of ContentUpdater are ' +
        "left out: the bench's files are random bytes). (a) and (b): a node:net proxy of the bench between them, counting " +
        'every byte written towards the kiosk (HTTP heads included). (c): the kiosk as npm start runs it in the browser ' +
        'host (demo hub embedded, its hub link through the proxy paced to 256 kbit/s), its own content channel ' +
        'downloading while Playwright taps a journey in Chromium. (d): the hub notices a publish from another process by ' +
        'polling its releases table every 2 s.',
    });
    console.log(`→ ${path.relative(process.cwd(), file)}`);
    if (a.ratio > 1.05 || b.ratio > 1.05 || d.failures > 0) process.exitCode = 1;
  } finally {
    db.close();
    await hub.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function publishRelease(
  channel: ContentChannel,
  publisherKey: SigningKey,
  files: ContentFolderFile[],
): Promise<number> {
  return (await publishToAll(channel, publisherKey, files)).version;
}

/** (d): N kiosks listening on `GET /v1/events`, a publish, and the time until each holds the verified release. */
async function fleetAfterNudge(url: string, channel: ContentChannel, publisherKey: SigningKey, fleetDir: string) {
  const fleet = await enrollFleet(url, KIOSKS, TOKEN, 'bench-fleet');
  const pinnedRoot = channel.repo.metadataBytes('1.root.json');
  const kiosks = await Promise.all(
    fleet.map(async (kiosk) => {
      const dir = path.join(fleetDir, kiosk.kioskId);
      return { kiosk, dir, store: await ContentStore.open({ dataDir: dir }) };
    }),
  );
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
  const manifestAt: number[] = [];
  const errors: string[] = [];
  const listeners = kiosks.map(({ kiosk, dir, store }) => {
    let started = false;
    const listener = new NudgeListener({
      hubUrl: url,
      headers: () => kiosk.headers,
      onNudge: (version) => {
        if (version < target || started) return;
        started = true;
        nudgedAt.push(performance.now() - publishedAt);
        const verified = () => manifestAt.push(performance.now() - publishedAt);
        syncRelease(url, kiosk, store, kioskSource(url, kiosk, dir, pinnedRoot), verified).then(
          () => fetchedAt.push(performance.now() - publishedAt),
          (error: unknown) => errors.push(String(error)),
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
    target = await publishRelease(channel, publisherKey, files);
    const fetchDeadline = Date.now() + 300_000;
    while (fetchedAt.length + errors.length < fleet.length) {
      if (Date.now() > fetchDeadline) throw new Error(`only ${fetchedAt.length} of ${fleet.length} kiosks fetched`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    for (const listener of listeners) listener.stop();
  }
  if (errors.length > 0) console.error(`(d) first failure: ${errors[0]}`);
  return {
    goal: 'time from publish to every kiosk holding the release (measured)',
    kiosks: fleet.length,
    path: 'real: TufReleaseSource (tuf-js Updater) + BlobDownloader + ContentStore per kiosk',
    releaseBytes: size(files),
    nudgedMs: { first: Math.round(Math.min(...nudgedAt)), last: Math.round(Math.max(...nudgedAt)) },
    allManifestsVerifiedMs: Math.round(Math.max(...manifestAt)),
    allFetchedMs: Math.round(Math.max(...fetchedAt)),
    fetchedMs: { p50: Math.round(percentile(fetchedAt, 50)), p99: Math.round(percentile(fetchedAt, 99)) },
    failures: errors.length,
  };
}
