/**
 * (c) of the content bench: does a download over a 256 kbit/s link make the kiosk slower to
 * answer a tap? The whole kiosk as `npm start` runs it in the browser host (demo hub embedded,
 * the core, real Chromium), its hub link through the bench's paced proxy. A visitor's journey
 * (home → «Талон» → a category → a service → home) is tapped `journeys` times with no download,
 * then as many times while the kiosk's own content channel (`core.content.check()`: tuf-js, the
 * blob downloader, the store) fetches a 2 MB release over the link, then as many again once it is done.
 *
 * Two figures per tap, measured in the page:
 * - Event Timing (`PerformanceObserver` type `event`, the data INP is computed from): each
 *   interaction's longest event duration (input → next paint, 8 ms steps; under 16 ms is not
 *   reported, counted as 0); INP-like = p98 over the interactions;
 * - tap → frame: the click's `timeStamp` to the frame after the next screen is in the DOM.
 */
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { pngOfLength } from '../electron/services/content/content-test-support';
import { type ContentChannel, contentPaths, openContentChannel } from '../hub/content/content-publisher';
import { initChannelRepository } from '../hub/content/content-test-support';
import type { SigningKey } from '../hub/content/signing-keys';
import { openSqliteDatabase } from '../hub/db/sqlite/open-sqlite-database';
import { startBenchKioskInChromium } from './bench-kiosk';
import { publishToAll } from './bench-publish';
import { percentile } from './bench-support';
import { LinkProxy } from './link-proxy';

const LINK_BYTES_PER_SECOND = 256_000 / 8;
const JOURNEY = ['home-ticket', 'category-passports', 'service-passport-rf', 'nav-home'] as const;

/** One interaction's longest event (Event Timing), and its `click` event's duration. */
interface Interaction {
  event: string;
  ms: number;
  clickMs: number;
}

/** What the page gives back per tap. */
interface TapTiming {
  tapToFrameMs: number;
}

/** Latencies of one phase (no download, or during it). */
export interface PhaseLatency {
  taps: number;
  /** p98 of each interaction's longest Event Timing duration (0 when under 16 ms). */
  inpLikeMs: number;
  eventTimingMs: { p50: number; p98: number; max: number; reported: number };
  /**
   * The `click` events alone (their handlers change the screen): a pointerdown's duration runs to
   * the next paint, which comes only after the click, so it also holds the gap between the
   * harness's press and release (CDP round trips), which a loaded machine stretches.
   */
  clickEventMs: { p50: number; p98: number; max: number };
  /** The three slowest interactions: their longest event's type and duration. */
  slowest: Interaction[];
  tapToFrameMs: { p50: number; p95: number; p98: number; max: number };
}

export interface ContentInpResult {
  releaseBytes: number;
  linkBitsPerSecond: number;
  /** From `check()` to every blob in the store, over the paced link. */
  downloadSeconds: number;
  bytesThroughProxy: number;
  /** The download was still under way when the last tap of the second phase was measured. */
  downloadOutlastedTaps: boolean;
  idle: PhaseLatency;
  downloading: PhaseLatency;
  /** The same journeys once the download is over (before the release goes on trial). */
  idleAfter: PhaseLatency;
  difference: { inpLikeMs: number; clickEventP98Ms: number; tapToFrameP50Ms: number; tapToFrameP98Ms: number };
}

/** The browser globals the in-page scripts use (this file is type-checked for Node). */
interface PageWindow {
  document: {
    body: object;
    addEventListener(type: 'click', listener: (event: { timeStamp: number }) => void, capture: boolean): void;
  };
  MutationObserver: new (
    callback: () => void,
  ) => { observe(target: object, options: { childList: boolean; subtree: boolean }): void; disconnect(): void };
  PerformanceObserver: new (
    callback: (list: { getEntries(): { interactionId?: number; duration: number; name: string }[] }) => void,
  ) => {
    observe(options: { type: 'event'; durationThreshold: number; buffered: boolean }): void;
    takeRecords(): { interactionId?: number; duration: number; name: string }[];
  };
  requestAnimationFrame(callback: () => void): number;
  performance: { now(): number };
  oknoBench?: { interactions: Map<number, Interaction>; taps: TapTiming[]; flush(): void };
}

/** Installs the page's recorders: Event Timing per interaction, and tap → frame per click. */
function installRecorders(): void {
  const page = globalThis as unknown as PageWindow;
  const interactions = new Map<number, Interaction>();
  const record = (entries: { interactionId?: number; duration: number; name: string }[]) => {
    for (const entry of entries) {
      if (!entry.interactionId) continue;
      const known = interactions.get(entry.interactionId) ?? { event: entry.name, ms: 0, clickMs: 0 };
      if (entry.duration >= known.ms) Object.assign(known, { event: entry.name, ms: entry.duration });
      if (entry.name === 'click') known.clickMs = entry.duration;
      interactions.set(entry.interactionId, known);
    }
  };
  const observer = new page.PerformanceObserver((list) => record(list.getEntries()));
  observer.observe({ type: 'event', durationThreshold: 16, buffered: true });
  const bench = { interactions, taps: [] as TapTiming[], flush: () => record(observer.takeRecords()) };
  page.oknoBench = bench;
  page.document.addEventListener(
    'click',
    (event) => {
      const tapped = event.timeStamp;
      const observer = new page.MutationObserver(() => {
        observer.disconnect();
        page.requestAnimationFrame(() => bench.taps.push({ tapToFrameMs: page.performance.now() - tapped }));
      });
      observer.observe(page.document.body, { childList: true, subtree: true });
    },
    true,
  );
}

/** Empties the recorders and returns what they held: each interaction's duration, and each tap's time to frame. */
function drainRecorders(): { interactions: Interaction[]; taps: number[] } {
  const bench = (globalThis as unknown as PageWindow).oknoBench;
  if (bench === undefined) throw new Error('the recorders are not installed');
  bench.flush();
  const result = { interactions: [...bench.interactions.values()], taps: bench.taps.map((t) => t.tapToFrameMs) };
  bench.interactions.clear();
  bench.taps.length = 0;
  return result;
}

function summarise(taps: number, recorded: { interactions: Interaction[]; taps: number[] }): PhaseLatency {
  // Interactions under 16 ms are not reported by Event Timing: they count as 0.
  const reported = recorded.interactions.map((i) => i.ms);
  const durations = [...reported, ...Array<number>(Math.max(0, taps - reported.length)).fill(0)];
  const clicks = [
    ...recorded.interactions.map((i) => i.clickMs),
    ...Array<number>(Math.max(0, taps - reported.length)).fill(0),
  ];
  const r = (n: number) => Number(n.toFixed(1));
  return {
    taps,
    inpLikeMs: r(percentile(durations, 98)),
    clickEventMs: { p50: r(percentile(clicks, 50)), p98: r(percentile(clicks, 98)), max: r(Math.max(...clicks)) },
    eventTimingMs: {
      p50: r(percentile(durations, 50)),
      p98: r(percentile(durations, 98)),
      max: r(Math.max(...durations)),
      reported: recorded.interactions.length,
    },
    slowest: [...recorded.interactions].sort((x, y) => y.ms - x.ms).slice(0, 3),
    tapToFrameMs: {
      p50: r(percentile(recorded.taps, 50)),
      p95: r(percentile(recorded.taps, 95)),
      p98: r(percentile(recorded.taps, 98)),
      max: r(Math.max(...recorded.taps)),
    },
  };
}

/** Taps one visitor journey, waiting for each screen; returns the taps made. */
async function tapJourney(page: Page): Promise<number> {
  for (const testId of JOURNEY) await page.getByTestId(testId).click();
  await page.getByTestId('screen-home').waitFor();
  return JOURNEY.length;
}

/** Runs the measurement (see the file's comment); `journeys` visitor journeys per phase. */
export async function interactionLatencyDuringDownload(journeys: number): Promise<ContentInpResult> {
  const admin: { db?: Database.Database; channel?: ContentChannel; publisherKey?: SigningKey; proxy?: LinkProxy } = {};
  const kiosk = await startBenchKioskInChromium({
    prefix: 'okno-bench-content-inp-',
    adjust: (config) => {
      config.session = { idleResetSeconds: 600, idleWarningSeconds: 15 };
      const dbPath = path.join(config.dataDir, 'hub', 'demo.sqlite');
      config.content = {
        pollSeconds: 86_400,
        trustedRootFile: path.join(contentPaths(dbPath).repositoryDir, 'metadata', '1.root.json'),
      };
    },
    beforeKiosk: async (hub) => {
      // The admin's side (`content init`), on its own database handle as the CLI does.
      admin.db = openSqliteDatabase(hub.dbPath).db;
      admin.channel = openContentChannel(admin.db, hub.dbPath);
      admin.publisherKey = initChannelRepository(admin.channel);
      admin.proxy = new LinkProxy({ targetPort: Number(new URL(hub.url).port), bytesPerSecond: LINK_BYTES_PER_SECOND });
      return admin.proxy.listen();
    },
  });
  try {
    const { page, core } = kiosk;
    const { channel, publisherKey, proxy } = admin;
    const store = core.content.store;
    if (channel === undefined || publisherKey === undefined || proxy === undefined || store === undefined) {
      throw new Error('the content channel did not start');
    }
    await page.getByTestId('screen-home').waitFor();
    await page.evaluate(installRecorders);
    // Warm-up: the first journeys pay for code loading and first renders in the page.
    for (let n = 0; n < 3; n++) await tapJourney(page);
    await page.evaluate(drainRecorders);

    const tapPhase = async () => {
      let taps = 0;
      for (let n = 0; n < journeys; n++) taps += await tapJourney(page);
      return summarise(taps, await page.evaluate(drainRecorders));
    };
    const idle = await tapPhase();

    const files = Array.from({ length: 4 }, (_, n) => ({
      path: `attract/slow-${n}.png`,
      kind: 'image' as const,
      bytes: pngOfLength(500_000, 100 + n),
    }));
    const published = await publishToAll(channel, publisherKey, files);
    const bytesBefore = proxy.bytesToKiosk;
    const started = performance.now();
    let downloaded: number | undefined;
    const checking = core.content.check();
    const allStored = (async () => {
      for (;;) {
        const manifest = await store.release(published.releaseId);
        if (manifest !== undefined && (await store.missingBlobs(manifest)).length === 0) {
          downloaded = performance.now();
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    // The taps begin once blob bytes flow (metadata and manifest come first).
    while (proxy.bytesToKiosk - bytesBefore < 50_000) await new Promise((resolve) => setTimeout(resolve, 50));
    const downloading = await tapPhase();
    const downloadOutlastedTaps = downloaded === undefined;
    await allStored;
    // Idle again once the download is done: what drifts between the phases (warm-up, the other
    // loads of a shared machine) shows as the difference between the two idle phases.
    const idleAfter = await tapPhase();
    // The visitor leaves: the release may now go on trial (the updater waits for no session).
    core.session.end('visitor');
    await checking;
    const downloadSeconds = Number((((downloaded ?? performance.now()) - started) / 1000).toFixed(1));
    return {
      releaseBytes: files.reduce((sum, file) => sum + file.bytes.length, 0),
      linkBitsPerSecond: LINK_BYTES_PER_SECOND * 8,
      downloadSeconds,
      bytesThroughProxy: proxy.bytesToKiosk - bytesBefore,
      downloadOutlastedTaps,
      idle,
      downloading,
      idleAfter,
      difference: {
        inpLikeMs: Number((downloading.inpLikeMs - idle.inpLikeMs).toFixed(1)),
        clickEventP98Ms: Number((downloading.clickEventMs.p98 - idle.clickEventMs.p98).toFixed(1)),
        tapToFrameP50Ms: Number((downloading.tapToFrameMs.p50 - idle.tapToFrameMs.p50).toFixed(1)),
        tapToFrameP98Ms: Number((downloading.tapToFrameMs.p98 - idle.tapToFrameMs.p98).toFixed(1)),
      },
    };
  } finally {
    await kiosk.close();
    await admin.proxy?.close();
    admin.db?.close();
  }
}
