/**
 * Months without a restart: N scripted visitor sessions (10 000 unless `OKNO_SOAK_SESSIONS` or
 * the first argument says otherwise) through the browser host in real Chromium, every journey in
 * turn (ticket, booking check-in typed or scanned, status lookup, card payment, documents list on
 * the office printer), each ending with the idle reset or «На главную».
 *
 * Three processes, so that each figure is the kiosk's own: this one drives Chromium
 * (playwright-core); the kiosk's (`soak-kiosk.ts`: core and browser host, `--expose-gc`); the
 * world's (`soak-world.ts`: the hub, the simulated printer, scanner and card terminal on PTYs).
 *
 * At each checkpoint (every 1 000 sessions, every 100 when N ≤ 2 000, at the end of warm-up and
 * at the end): the kiosk's heap after a forced GC, its open descriptors and children; the page's
 * JS heap, DOM nodes and listeners after a forced GC (CDP); Chromium's processes and their open
 * descriptors. After every idle reset: the page's DOM nodes and listeners against the same
 * moment before the first visit (the attract loop, which the idle reset starts at once, is part of
 * the page: both are read with it on screen, and compared only at the same step of the loop).
 * Each visit begins by touching the loop away, as a visitor does. Goal: heap growth after warm-up
 * ≤ 2 MB.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CDPSession, Page } from 'playwright-core';
import { launchChromium } from '../test/support/chromium';
import { writeDefaultConfig } from '../test/support/core-under-test';
import { KIOSK_VIEWPORT } from '../test/support/kiosk-in-chromium';
import { percentile, writeResults } from './bench-support';
import { touchThroughAttractLoop } from './page-tap';
import { endVisit, JOURNEYS, runVisit, stepTimes, type VisitContext, visitNumber } from './soak-journeys';
import { type KioskMeasure, SOAK_IDLE_RESET_SECONDS, serveSoakKiosk, spawnSoakKiosk } from './soak-kiosk';
import { childPids, commandName, openFdsOf, processTree } from './soak-procfs';
import { serveSoakWorld, spawnSoakWorld } from './soak-world';

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
}

/** The goal: the heaps grow by at most this after warm-up. */
const GOAL_BYTES = 2 * 1024 * 1024;
const MB = 1024 * 1024;

/** The page after a forced GC. */
interface PageMeasure {
  heapUsed: number;
  heapTotal: number;
  nodes: number;
  listeners: number;
  documents: number;
}

/** A visit that did not reach its end: what was on the screen, and the error. */
interface Failure {
  session: number;
  journey: string;
  ending: string;
  shown: string;
  error: string;
}

/** The page's DOM right after an idle reset, and the attract loop's step then (null: it moved while read). */
interface AfterIdleReset {
  /** The visit it ended (-1: the walk-away before the first visit). */
  session: number;
  nodes: number;
  listeners: number;
  loopStep: number | null;
}

/**
 * The kiosk and the page at the home screen before the first visit; and the page just after an
 * idle reset before the first visit (the home screen with the attract loop over it).
 */
interface Baseline {
  kiosk: KioskMeasure;
  page: PageMeasure;
  chromium: { processes: number; fds: number };
  afterIdleReset: AfterIdleReset;
}

/** Everything measured at a checkpoint. */
interface Checkpoint {
  sessions: number;
  elapsedS: number;
  kiosk: KioskMeasure;
  page: PageMeasure;
  chromium: { processes: number; fds: number };
  /** Session times (ms) since the previous checkpoint. */
  sessionMs: { p50: number; p95: number; max: number };
}

async function measurePage(cdp: CDPSession): Promise<PageMeasure> {
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const dom = await cdp.send('Memory.getDOMCounters');
  return {
    heapUsed: heap.usedSize,
    heapTotal: heap.totalSize,
    nodes: dom.nodes,
    listeners: dom.jsEventListeners,
    documents: dom.documents,
  };
}

/**
 * The page's DOM nodes and listeners after a forced GC, with the attract loop's step read before
 * and after (a slide lasts seconds; on a loaded machine the loop may move on while GC runs).
 */
async function measureAfterIdleReset(page: Page, cdp: CDPSession, session: number): Promise<AfterIdleReset> {
  const loop = page.getByTestId('attract-loop');
  const step = () => loop.getAttribute('data-step', { timeout: 2000 }).catch(() => null);
  const before = await step();
  await cdp.send('HeapProfiler.collectGarbage');
  const dom = await cdp.send('Memory.getDOMCounters');
  const after = await step();
  return {
    session,
    nodes: dom.nodes,
    listeners: dom.jsEventListeners,
    loopStep: before !== null && before === after ? Number(before) : null,
  };
}

/**
 * A stand-in for CUPS's `lp` that queues every job, as cheap to start as the real one (a shell
 * script; the tests' Node fake would make each documents visit a second longer): it reads the
 * PDF from stdin and answers as `lp` does. Returns its path.
 */
async function writeQueueingLp(dir: string): Promise<string> {
  const file = path.join(dir, 'lp');
  await writeFile(file, '#!/bin/sh\ncat >/dev/null\necho "request id is $2-1 (0 file(s))"\n', { mode: 0o755 });
  return file;
}

/** Writes a heap snapshot of the page to `file` (for finding what grows); its path. */
async function pageHeapSnapshot(cdp: CDPSession, file: string): Promise<string> {
  const chunks: string[] = [];
  const collect = ({ chunk }: { chunk: string }) => chunks.push(chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', collect);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', collect);
  await writeFile(file, chunks.join(''));
  return file;
}

/** Chromium's processes (the browser launched by this process, and all it started). */
function chromium(): { processes: number; fds: number } {
  const browsers = childPids(process.pid).filter((pid) => commandName(pid).startsWith('chrom'));
  const tree = browsers.flatMap(processTree);
  return { processes: tree.length, fds: openFdsOf(tree) };
}

/** A count after warm-up: its value then, at the end, and the most it reached. */
function steady(after: Checkpoint[], warm: Checkpoint, pick: (point: Checkpoint) => number) {
  const values = after.map(pick);
  const last = values[values.length - 1] ?? pick(warm);
  return { atWarmup: pick(warm), last, max: Math.max(...values), unchanged: last === pick(warm) };
}

/** Least-squares slope of y over x. */
function slope(points: ReadonlyArray<readonly [number, number]>): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}

const mb = (bytes: number) => (bytes / MB).toFixed(2);

async function soak(): Promise<void> {
  const sessions = Number(process.argv[2] ?? process.env.OKNO_SOAK_SESSIONS ?? 10_000);
  if (!Number.isInteger(sessions) || sessions < JOURNEYS.length) throw new Error(`a soak of ${sessions} sessions?`);
  const every = sessions <= 2000 ? 100 : 1000;
  const warmup = Math.min(1000, Math.ceil(sessions / 10));
  const checkpointsAt = new Set<number>([warmup, sessions]);
  for (let n = every; n < sessions; n += every) checkpointsAt.add(n);

  const script = fileURLToPath(import.meta.url);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'okno-bench-soak-'));
  const bookings = Math.ceil(sessions / JOURNEYS.length);
  const world = await spawnSoakWorld(script, path.join(dataDir, 'hub.sqlite'), bookings);
  const lp = await writeQueueingLp(dataDir);
  const configPath = await writeDefaultConfig(dataDir, (config) => {
    config.session = { idleResetSeconds: SOAK_IDLE_RESET_SECONDS, idleWarningSeconds: 15 };
    config.devices = {
      printer: { profile: 'generic-80mm', connection: { kind: 'serial', path: world.printerPath, baudRate: 115200 } },
      scanner: { suffix: 'CR', connection: { kind: 'serial', path: world.scannerPath, baudRate: 9600 } },
      documentReader: null,
      paymentTerminal: { kind: 'zvt', connection: { kind: 'serial', path: world.terminalPath, baudRate: 9600 } },
    };
    config.officePrinter = { destination: 'office_a4', command: lp };
  });
  const kiosk = await spawnSoakKiosk(script, {
    configPath,
    hubUrl: world.hubUrl,
    logFile: path.join(dataDir, 'kiosk.log'),
  });
  const browser = await launchChromium();
  const page: Page = await browser.newPage({ viewport: KIOSK_VIEWPORT });
  page.setDefaultTimeout(20_000);
  const cdp = await page.context().newCDPSession(page);
  const context: VisitContext = { page, kiosk, world };

  const checkpoints: Checkpoint[] = [];
  const afterIdleResets: AfterIdleReset[] = [];
  const failures: Failure[] = [];
  let times: number[] = [];
  const allTimes: number[] = [];
  const byJourney = new Map<string, number[]>(JOURNEYS.map((journey) => [journey, []]));
  const started = Date.now();
  let baseline: Baseline | undefined;

  const checkpoint = async (done: number) => {
    const point: Checkpoint = {
      sessions: done,
      elapsedS: Math.round((Date.now() - started) / 1000),
      kiosk: await kiosk.measure(),
      page: await measurePage(cdp),
      chromium: chromium(),
      sessionMs: {
        p50: Math.round(percentile(times, 50)),
        p95: Math.round(percentile(times, 95)),
        max: Math.round(Math.max(...times)),
      },
    };
    checkpoints.push(point);
    times = [];
    printRow(point);
    if (process.env.OKNO_SOAK_SNAPSHOTS === '1' && (done === warmup || done === sessions)) {
      console.log(`kiosk heap snapshot: ${await kiosk.heapSnapshot()}`);
      console.log(
        `page heap snapshot: ${await pageHeapSnapshot(cdp, path.join(dataDir, `page-${done}.heapsnapshot`))}`,
      );
    }
  };

  try {
    await page.goto(kiosk.url);
    await page.getByTestId('screen-home').waitFor();
    const home = { kiosk: await kiosk.measure(), page: await measurePage(cdp), chromium: chromium() };
    // A passer-by touches the header and walks away: the idle reset, then the loop, as after a visit.
    await page.getByTestId('office-name').click();
    await endVisit(context, 'idle');
    // The loop's first start loads the other offered languages' catalogs, then draws their lines;
    // later starts find them loaded. (A kiosk offering Russian alone has none to wait for.)
    await page
      .locator('[data-testid="attract-hint"] .attract-other-language')
      .first()
      .waitFor({ timeout: 5000 })
      .catch(() => undefined);
    baseline = { ...home, afterIdleReset: await measureAfterIdleReset(page, cdp, -1) };
    console.log(
      `soak: ${sessions} sessions, checkpoints every ${every}, warm-up ${warmup}; home screen: ${baseline.page.nodes} DOM nodes, ${baseline.page.listeners} listeners; after an idle reset (attract loop at step ${baseline.afterIdleReset.loopStep}): ${baseline.afterIdleReset.nodes} DOM nodes, ${baseline.afterIdleReset.listeners} listeners; kiosk children: ${baseline.kiosk.children.join(', ') || 'none'}`,
    );
    printHeader();
    let consecutiveFailures = 0;
    for (let n = 0; n < sessions; n++) {
      const visit = visitNumber(n);
      const at = performance.now();
      try {
        await runVisit(context, visit, visit.round);
        consecutiveFailures = 0;
      } catch (error) {
        // Read through the locator, not a script in the page's own world (that would add a copy
        // of Playwright's injected script and its listeners to the page being measured).
        const shown = await page
          .locator('[data-testid^="screen-"]')
          .first()
          .getAttribute('data-testid', { timeout: 2000 })
          .catch(() => null);
        const screens = [shown ?? 'no screen'];
        await page.screenshot({ path: path.join(dataDir, `failure-${n}.png`) });
        failures.push({
          session: n,
          journey: visit.journey,
          ending: visit.ending,
          shown: screens.join(', '),
          error: String(error).split('\n').slice(0, 3).join(' '),
        });
        console.log(`session ${n} (${visit.journey}) failed on ${screens.join(', ')}: ${failures.at(-1)?.error}`);
        consecutiveFailures += 1;
        if (consecutiveFailures >= 3) throw error;
        await recover(context);
      }
      const ms = performance.now() - at;
      times.push(ms);
      allTimes.push(ms);
      byJourney.get(visit.journey)?.push(ms);
      if (visit.ending === 'idle') afterIdleResets.push(await measureAfterIdleReset(page, cdp, n));
      if (checkpointsAt.has(n + 1)) await checkpoint(n + 1);
    }
  } finally {
    await browser.close();
    await kiosk.stop();
    await world.stop();
  }

  if (baseline === undefined) throw new Error('the soak never reached the home screen');
  const results = {
    ...summarise(sessions, warmup, baseline, checkpoints, afterIdleResets, failures, allTimes),
    journeyMs: Object.fromEntries(
      [...byJourney].map(([journey, ms]) => [
        journey,
        { p50: Math.round(percentile(ms, 50)), p95: Math.round(percentile(ms, 95)) },
      ]),
    ),
    // Where a session's time goes, per session on average.
    stepMsPerSession: Object.fromEntries(
      [...stepTimes].map(([kind, total]) => [
        kind,
        { ms: Math.round(total.ms / sessions), count: Math.round((total.count / sessions) * 10) / 10 },
      ]),
    ),
  };
  console.log(`per session: ${JSON.stringify(results.stepMsPerSession)}`);
  const file = writeResults('soak', results);
  console.log(`→ ${path.relative(process.cwd(), file)}`);
}

/** After a failed visit: back to the home screen by the idle reset, as a kiosk would get there. */
async function recover(context: VisitContext): Promise<void> {
  await touchThroughAttractLoop(context.page);
  if (await context.kiosk.countdownArmed()) {
    await context.kiosk.idleReset();
  } else if ((await context.page.getByTestId('nav-home').count()) > 0) {
    await context.page.getByTestId('nav-home').click();
  }
  await context.page.getByTestId('screen-home').waitFor();
}

function printHeader(): void {
  console.log(
    [
      'sessions',
      'elapsed',
      'ms p50/p95',
      'kiosk heap MB',
      'rss MB',
      'fds',
      'children',
      'page heap MB',
      'DOM nodes',
      'listeners',
      'chromium procs/fds',
    ].join(' | '),
  );
}

function printRow(point: Checkpoint): void {
  console.log(
    [
      String(point.sessions).padStart(8),
      `${point.elapsedS} s`.padStart(7),
      `${point.sessionMs.p50}/${point.sessionMs.p95}`.padStart(10),
      mb(point.kiosk.heapUsed).padStart(13),
      mb(point.kiosk.rss).padStart(6),
      String(point.kiosk.fds).padStart(3),
      String(point.kiosk.children.length).padStart(8),
      mb(point.page.heapUsed).padStart(12),
      String(point.page.nodes).padStart(9),
      String(point.page.listeners).padStart(9),
      `${point.chromium.processes}/${point.chromium.fds}`.padStart(18),
    ].join(' | '),
  );
}

function summarise(
  sessions: number,
  warmup: number,
  baseline: Baseline,
  checkpoints: Checkpoint[],
  afterIdleResets: AfterIdleReset[],
  failures: Failure[],
  allTimes: number[],
) {
  const warm = checkpoints.find((point) => point.sessions === warmup);
  const last = checkpoints[checkpoints.length - 1];
  if (!warm || !last) throw new Error('the soak ended before its warm-up');
  const after = checkpoints.filter((point) => point.sessions >= warmup);
  const growth = (pick: (point: Checkpoint) => number) => {
    const bytes = pick(last) - pick(warm);
    const perThousand = slope(after.map((point) => [point.sessions, pick(point)] as const)) * 1000;
    return {
      afterWarmupBytes: bytes,
      afterWarmupMB: Number(mb(bytes)),
      trendBytesPer1000Sessions: Math.round(perThousand),
      withinGoal: bytes <= GOAL_BYTES,
    };
  };
  // Like with like: the loop's slides differ in size, so only readings at the baseline's step count.
  const reference = baseline.afterIdleReset;
  const comparable = afterIdleResets.filter((r) => r.loopStep !== null && r.loopStep === reference.loopStep);
  const nodes = comparable.map((r) => r.nodes);
  const listeners = comparable.map((r) => r.listeners);
  const results = {
    sessions,
    journeys: JOURNEYS,
    warmupSessions: warmup,
    goal: 'heap growth after warm-up ≤ 2 MB (kiosk process and page); DOM nodes and listeners after each idle reset back to those after an idle reset before the first visit (the attract loop on screen, at the same step); descriptors and child processes unchanged',
    secondsTotal: Math.round(allTimes.reduce((s, t) => s + t, 0) / 1000),
    sessionMs: {
      p50: Math.round(percentile(allTimes, 50)),
      p95: Math.round(percentile(allTimes, 95)),
      mean: Math.round(allTimes.reduce((s, t) => s + t, 0) / allTimes.length),
      max: Math.round(Math.max(...allTimes)),
    },
    kioskHeap: growth((point) => point.kiosk.heapUsed),
    pageHeap: growth((point) => point.page.heapUsed),
    baseline: {
      kioskHeapUsed: baseline.kiosk.heapUsed,
      kioskFds: baseline.kiosk.fds,
      kioskChildren: baseline.kiosk.children,
      pageHeapUsed: baseline.page.heapUsed,
      homeDomNodes: baseline.page.nodes,
      homeListeners: baseline.page.listeners,
      afterIdleReset: reference,
      chromium: baseline.chromium,
    },
    afterIdleResets: {
      count: afterIdleResets.length,
      atBaselineStep: comparable.length,
      // Read while the loop had moved on (a slow machine): not compared, only counted.
      atOtherSteps: afterIdleResets.length - comparable.length,
      domNodes: { min: Math.min(...nodes), max: Math.max(...nodes), last: nodes[nodes.length - 1] },
      listeners: { min: Math.min(...listeners), max: Math.max(...listeners), last: listeners[listeners.length - 1] },
      nodesAboveBaseline: Math.max(...nodes) - reference.nodes,
      listenersAboveBaseline: Math.max(...listeners) - reference.listeners,
      // Where a count first rose above the baseline (which visit it followed): where to look.
      firstAbove: comparable.find((r) => r.nodes > reference.nodes || r.listeners > reference.listeners) ?? null,
    },
    // Against the end of warm-up: at the home screen the page's first connections are still open.
    kioskFds: steady(after, warm, (point) => point.kiosk.fds),
    kioskChildren: steady(after, warm, (point) => point.kiosk.children.length),
    chromiumProcesses: steady(after, warm, (point) => point.chromium.processes),
    chromiumFds: steady(after, warm, (point) => point.chromium.fds),
    failures,
    checkpoints,
    note: 'The attract loop the idle reset starts at once is part of the page: the after-idle-reset readings (and the checkpoints, which at an even count of sessions follow an idle reset) are taken with it on screen; each visit begins with the touch that ends it. Kiosk: its own process (core + browser host) with --expose-gc, process.memoryUsage() after gc(). Page: CDP HeapProfiler.collectGarbage, then Runtime.getHeapUsage and Memory.getDOMCounters. The hub and the device simulators run in a separate process (the world), so their stores of tickets and transactions are not counted as the kiosk’s. trendBytesPer1000Sessions: least-squares slope over the checkpoints after warm-up.',
  };
  console.log(
    `kiosk heap after warm-up: ${mb(results.kioskHeap.afterWarmupBytes)} MB (trend ${mb(results.kioskHeap.trendBytesPer1000Sessions)} MB/1000); page heap: ${mb(results.pageHeap.afterWarmupBytes)} MB (trend ${mb(results.pageHeap.trendBytesPer1000Sessions)} MB/1000); goal ≤ 2 MB`,
  );
  console.log(
    `after ${afterIdleResets.length} idle resets (${comparable.length} at the loop's step ${reference.loopStep}): DOM nodes ${results.afterIdleResets.domNodes.min}–${results.afterIdleResets.domNodes.max} (before the first visit ${reference.nodes}), listeners ${results.afterIdleResets.listeners.min}–${results.afterIdleResets.listeners.max} (before the first visit ${reference.listeners}); after warm-up → end: kiosk fds ${results.kioskFds.atWarmup} → ${results.kioskFds.last}, children ${results.kioskChildren.atWarmup} → ${results.kioskChildren.last}, Chromium processes ${results.chromiumProcesses.atWarmup} → ${results.chromiumProcesses.last} (fds ${results.chromiumFds.atWarmup} → ${results.chromiumFds.last}); session p50 ${results.sessionMs.p50} ms, p95 ${results.sessionMs.p95} ms; failures ${failures.length}`,
  );
  return results;
}

// The same bundle is the driver, the kiosk and the world: the role says which.
const role = process.env.OKNO_SOAK_ROLE;
if (role === 'world') {
  await serveSoakWorld(required('OKNO_SOAK_DB'), Number(required('OKNO_SOAK_BOOKINGS')));
} else if (role === 'kiosk') {
  await serveSoakKiosk(required('OKNO_SOAK_CONFIG'), required('OKNO_SOAK_HUB'));
} else {
  await soak();
}
