/**
 * How long the kiosk screen is dark when its browser goes (issue 16: within 2 s), with the built
 * browser host and real Chromium on an X display of its own (Xvfb, windows as on a kiosk: the
 * warm spare needs them), and, in the same run, the peer that says what the machine's load does
 * to any Chromium: a bare Chromium with the kiosk's flags to the first paint of a blank local page.
 *
 * Each round starts a host with the warm spare (the default) and one without (every relaunch
 * cold, as before the spare), in turn, so that both meet the same load; in each, the browser is
 * killed (SIGKILL: a crash, the first failure, relaunched at once) and then its page frozen (an
 * endless loop: found by the missing heartbeat after `frozenAfterSeconds`, 3 here). With the
 * spare, each loss waits for the spare to be ready first, as a kiosk's has been since the page
 * came up.
 *
 * The relaunch time of a crash is from the kill to the new home screen drawn (its largest paint)
 * with its heartbeat through (the host's own `relaunchMs` ends at the heartbeat, which may come
 * first); of a freeze, from its detection (the silence itself is the configured wait); the second
 * failure's back-off (1 s, the policy's) is left out of both, and given. Phases, from the host's
 * log and the new page's own timing: `detectMs` (the loss noticed: the browser's exit, or for a
 * freeze its kill and exit), `launchMs` (browser spawned, or the page handed to the spare),
 * `navigateMs` (to the kiosk document's navigation start: the browser's start, the boot page, the
 * one-time address), `firstPaintMs`, `homeMs` (the largest paint: the home screen, after the
 * socket and `kiosk.info`), `upMs` (the first heartbeat reaching the host after it: negative when
 * the heartbeat came first).
 *
 * Needs `npm run build` (the host runs from dist/). `OKNO_BENCH_RELAUNCHES`: rounds (default 10).
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { kioskBrowserArgs } from '../electron/host/find-browser';
import { CHROMIUM_PATH } from '../test/support/chromium';
import { type LogLine, SupervisedHost, startXvfb } from '../test/support/supervised-host';
import { percentile, writeResults } from './bench-support';

const ROUNDS = Number(process.env.OKNO_BENCH_RELAUNCHES ?? 10);
const FROZEN_AFTER_SECONDS = 3;

type Mode = 'warm' | 'cold';
type Loss = 'crash' | 'freeze';

interface Sample {
  mode: Mode;
  loss: Loss;
  /** From the loss (crash) or its detection (freeze) to the home screen drawn and answering, less the back-off. */
  relaunchMs: number;
  backOffMs: number;
  warm: boolean;
  phases: Record<'detectMs' | 'launchMs' | 'navigateMs' | 'firstPaintMs' | 'homeMs' | 'upMs', number>;
}

/** The new page's own timing: its navigation start, first paint and largest paint, as epoch ms. */
const PAGE_TIMING = `new Promise((resolve) => {
  const origin = performance.timeOrigin;
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  new PerformanceObserver((list) => {
    const largest = list.getEntries().at(-1);
    resolve({ origin, firstPaint: origin + (paint ? paint.startTime : 0), home: origin + largest.startTime });
  }).observe({ type: 'largest-contentful-paint', buffered: true });
})`;

const at = (line: LogLine) => Number(line.time);

async function measureLoss(host: SupervisedHost, mode: Mode, loss: Loss, n: number): Promise<Sample> {
  const up = await host.pageUp(n);
  if (mode === 'warm') await host.waitForLog((line) => line.msg === 'spare browser ready', n);
  let lostAt: number;
  if (loss === 'crash') {
    lostAt = Date.now();
    process.kill(Number(up.pid), 'SIGKILL');
  } else {
    await host.evaluate('setTimeout(() => { for (;;) {} }, 0); true');
    lostAt = at(await host.waitForLog((line) => line.msg === 'kiosk page frozen: no heartbeat'));
  }
  const next = await host.pageUp(n + 1);
  const timing = (await host.evaluate(PAGE_TIMING)) as { origin: number; firstPaint: number; home: number };
  const log = await host.log();
  const exited = log.filter(
    (line) => line.msg === 'kiosk browser exited' || line.msg === 'kiosk page frozen: no heartbeat',
  );
  const failed = log.filter((line) => line.msg === 'kiosk page failed: bringing it back').at(-1);
  const started = log.filter((line) => line.msg === 'kiosk browser started').at(-1);
  if (failed === undefined || started === undefined) throw new Error('the host logged no relaunch');
  const backOffMs = Number(failed.delayMs);
  // A freeze's detection is its log line; its browser's kill and exit follow, before the launch.
  const detectedAt = loss === 'crash' ? at(exited.at(-1) ?? failed) : at(failed);
  const launchFrom = detectedAt + backOffMs;
  return {
    mode,
    loss,
    // The home screen drawn and the heartbeat through: whichever comes last.
    relaunchMs: Math.max(at(next), Math.round(timing.home)) - lostAt - backOffMs,
    backOffMs,
    warm: started.warm === true,
    phases: {
      detectMs: detectedAt - lostAt,
      launchMs: at(started) - launchFrom,
      navigateMs: Math.round(timing.origin) - at(started),
      firstPaintMs: Math.round(timing.firstPaint - timing.origin),
      homeMs: Math.round(timing.home - timing.firstPaint),
      upMs: at(next) - Math.round(timing.home),
    },
  };
}

/** One host: a crash, then a freeze. */
async function round(mode: Mode): Promise<Sample[]> {
  const host = await SupervisedHost.start({
    display: 'xvfb',
    supervision: { warmSpare: mode === 'warm', frozenAfterSeconds: FROZEN_AFTER_SECONDS },
  });
  try {
    return [await measureLoss(host, mode, 'crash', 1), await measureLoss(host, mode, 'freeze', 2)];
  } finally {
    await host.stop();
  }
}

/** A blank page that reports its first painted frame, served on 127.0.0.1. */
async function paintServer(): Promise<{ server: Server; url: string; painted: () => Promise<number> }> {
  let onPaint: (() => void) | undefined;
  const server = createServer((request, response) => {
    if (request.url === '/painted') {
      onPaint?.();
      response.end();
      return;
    }
    response.setHeader('content-type', 'text/html');
    // Two frames: the first is drawn once the second is asked for.
    response.end(
      "<!doctype html><body style='background:#fff'><script>requestAnimationFrame(() => requestAnimationFrame(() => fetch('/painted')))</script>",
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    server,
    url: `http://127.0.0.1:${address.port}/`,
    painted: () =>
      new Promise((resolve) => {
        onPaint = () => resolve(Date.now());
      }),
  };
}

/** The peer: a bare Chromium with the kiosk's flags, from its spawn to its first painted frame. */
async function peer(display: string, url: string, painted: () => Promise<number>): Promise<number> {
  const profile = await mkdtemp(path.join(tmpdir(), 'okno-bench-peer-'));
  const args = kioskBrowserArgs(url, profile, {
    kiosk: true,
    runAsRoot: process.getuid?.() === 0,
    screenSize: { width: 1080, height: 1920 },
    display: 'x11',
  });
  const paint = painted();
  const startedAt = Date.now();
  const browser: ChildProcess = spawn(CHROMIUM_PATH, args, {
    env: { ...process.env, DISPLAY: display, WAYLAND_DISPLAY: '' },
    stdio: 'ignore',
  });
  try {
    return (await paint) - startedAt;
  } finally {
    const exited = new Promise((resolve) => browser.once('exit', resolve));
    browser.kill('SIGKILL');
    await exited;
    await rm(profile, { recursive: true, force: true });
  }
}

function summary(values: number[]) {
  return { p50: percentile(values, 50), p95: percentile(values, 95), max: Math.max(...values) };
}

const loadBefore = loadavg()[0] ?? 0;
const xvfb = await startXvfb();
const blank = await paintServer();
const samples: Sample[] = [];
const peerMs: number[] = [];
try {
  for (let i = 0; i < ROUNDS; i += 1) {
    peerMs.push(await peer(xvfb.display, blank.url, blank.painted));
    for (const mode of ['warm', 'cold'] as const) samples.push(...(await round(mode)));
  }
} finally {
  blank.server.close();
  xvfb.server.kill('SIGTERM');
}

const figures = Object.fromEntries(
  (['warm', 'cold'] as const).flatMap((mode) =>
    (['crash', 'freeze'] as const).map((loss) => {
      const these = samples.filter((sample) => sample.mode === mode && sample.loss === loss);
      const phases = Object.fromEntries(
        Object.keys(these[0]?.phases ?? {}).map((phase) => [
          phase,
          percentile(
            these.map((sample) => sample.phases[phase as keyof Sample['phases']]),
            50,
          ),
        ]),
      );
      return [
        `${mode}-${loss}`,
        {
          relaunchMs: summary(these.map((sample) => sample.relaunchMs)),
          phasesP50: phases,
          fromSpare: these.filter((sample) => sample.warm).length,
        },
      ];
    }),
  ),
);
const results = {
  rounds: ROUNDS,
  frozenAfterSeconds: FROZEN_AFTER_SECONDS,
  goalMs: 2000,
  relaunch: figures,
  peerFirstPaintMs: summary(peerMs),
  loadAverage1m: { before: loadBefore, after: loadavg()[0] },
  samples,
  peerSamples: peerMs,
};
const file = writeResults('browser-relaunch', results);
const line = (key: string) => {
  const figure = figures[key] as { relaunchMs: { p50: number; p95: number } };
  return `${key} p50 ${figure.relaunchMs.p50} ms, p95 ${figure.relaunchMs.p95} ms`;
};
process.stdout.write(
  `browser relaunch over ${ROUNDS} of each: ${['warm-crash', 'warm-freeze', 'cold-crash', 'cold-freeze'].map(line).join('; ')}; peer (bare Chromium to first paint) p50 ${results.peerFirstPaintMs.p50} ms, p95 ${results.peerFirstPaintMs.p95} ms (load ${loadBefore.toFixed(1)} → ${(loadavg()[0] ?? 0).toFixed(1)}) -> ${file}\n`,
);
