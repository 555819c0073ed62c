/**
 * The simulated printer unplugged and plugged back into a running kiosk core, 100 times: the time
 * from its reappearance to "ready" (the device manager reporting it connected with no problem,
 * which is when `tickets.issue` prints again), and the process's open file descriptors before and
 * after (`/proc/self/fd`: the path watchers, ports and socat pipes must all be let go).
 *
 * Gaps are random between 0.1 and 2 s, and every 25th is long (`OKNO_BENCH_LONG_GAP_MS`, default
 * 35 s: past the point where the old blind backoff had grown to its 30 s cap). Reappearance is
 * taken at the start of the replug, so socat's own start-up counts against the figure.
 *
 * `OKNO_BENCH_CYCLES` (default 100), `OKNO_BENCH_SEED` replays the gaps. Exits 1 when p95 is over
 * 2 s or a descriptor was left open.
 */
import { readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { type StartedKioskCore, startKioskCore } from '../electron/services/composition-root';
import type { DeviceStatus, EventName } from '../kiosk-config/src/index';
import { seedCachedSetup } from '../test/support/kiosk-setup';
import { mulberry32 } from '../test/support/seeded-random';
import { writeBenchKioskConfig } from './bench-kiosk';
import { percentile, writeResults } from './bench-support';

const CYCLES = Number(process.env.OKNO_BENCH_CYCLES ?? 100);
const LONG_GAP_MS = Number(process.env.OKNO_BENCH_LONG_GAP_MS ?? 35_000);
const seed = Number(process.env.OKNO_BENCH_SEED ?? 20_261_206);
const random = mulberry32(seed);

const openFds = () => readdirSync('/proc/self/fd').length;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves at the first `devices.changed` whose printer passes `test` (rejects after 60 s). */
function printerChange(core: StartedKioskCore, test: (printer: DeviceStatus) => boolean, what: string) {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`${what}: not within 60 s`));
    }, 60_000);
    const unsubscribe = core.onEvent((name: EventName, payload: unknown) => {
      if (name !== 'devices.changed') return;
      const printer = (payload as { devices: DeviceStatus[] }).devices.find((d) => d.kind === 'printer');
      if (printer && test(printer)) {
        clearTimeout(timer);
        unsubscribe();
        resolve();
      }
    });
  });
}

const ready = (p: DeviceStatus) => p.connected && p.problems.length === 0;

const { dataDir, configPath } = await writeBenchKioskConfig('okno-bench-replug-', (config) => {
  config.devices.scanner = null;
  config.devices.documentReader = null;
  config.devices.paymentTerminal = null;
});
await seedCachedSetup(dataDir);
const core = await startKioskCore({ host: 'browser-host', configPath });

/** One unplug, a gap, one replug; returns ms from the replug's start to ready. */
async function cycle(gapMs: number): Promise<number> {
  const offline = printerChange(core, (p) => !p.connected, 'the printer offline');
  await core.simulators.unplug('printer');
  await offline;
  await delay(gapMs);
  const back = printerChange(core, ready, 'the printer ready again');
  const replugAt = performance.now();
  await core.simulators.replug('printer');
  await back;
  return performance.now() - replugAt;
}

const samples: Array<{ gapMs: number; readyMs: number }> = [];
let fdsBefore = 0;
let fdsAfter = 0;
try {
  // One cycle first: libuv and Node open some descriptors lazily, once (inotify's among them).
  await cycle(100);
  await delay(200);
  fdsBefore = openFds();
  for (let i = 1; i <= CYCLES; i++) {
    const gapMs = i % 25 === 0 ? LONG_GAP_MS : Math.round(100 + random() * 1900);
    samples.push({ gapMs, readyMs: await cycle(gapMs) });
    if (i % 10 === 0)
      console.log(`${i} cycles, last: gap ${gapMs} ms → ready in ${samples.at(-1)?.readyMs.toFixed(0)} ms`);
  }
  // Anything closing asynchronously (socat's pipes, ports) has had its turn.
  await delay(500);
  fdsAfter = openFds();
} finally {
  await core.close();
  await rm(dataDir, { recursive: true, force: true });
}

const readyMs = samples.map((s) => s.readyMs);
const longGaps = samples.filter((s) => s.gapMs === LONG_GAP_MS).map((s) => s.readyMs);
const round = (n: number) => Number(n.toFixed(1));
const p50 = percentile(readyMs, 50);
const p95 = percentile(readyMs, 95);
const results = {
  cycles: samples.length,
  seed,
  gapsMs: { shortFrom: 100, shortTo: 2000, long: LONG_GAP_MS, longCount: longGaps.length },
  reappearanceToReadyMs: {
    p50: round(p50),
    p95: round(p95),
    max: round(Math.max(...readyMs)),
    afterLongGaps: longGaps.map(round),
  },
  openFds: { before: fdsBefore, after: fdsAfter },
  note: 'a running kiosk core with the simulated printer (socat PTY, the real serialport and ESC/POS driver); reappearance = the start of the replug (socat restarted at the same link path), ready = devices.changed with the printer connected and no problem. Open fds of this process counted after one warm-up cycle and after the last.',
};
const file = writeResults('printer-replug', results);
console.log(
  `printer replug: ${samples.length} cycles, reappearance→ready p50 ${p50.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms, max ${Math.max(...readyMs).toFixed(0)} ms (after ${LONG_GAP_MS} ms gaps: ${longGaps.map((ms) => ms.toFixed(0)).join(', ')}); open fds ${fdsBefore} → ${fdsAfter} → ${path.relative(process.cwd(), file)}`,
);
if (p95 > 2000 || fdsAfter > fdsBefore) process.exit(1);
