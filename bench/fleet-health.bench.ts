/**
 * Fleet health: heartbeats of 5,000 simulated kiosks against one hub, over HTTP on 127.0.0.1,
 * the hub on a real SQLite file in a child process (this bundle with OKNO_BENCH_HUB_ROLE=hub).
 *
 * 1. Every kiosk enrolls and sends its whole state once (5 % with paper near its end: alerts open).
 * 2. Open-loop arrivals, as kiosks send them: at the real rate (5,000 kiosks / 60 s ≈ 83/s) and
 *    at a fixed higher rate, each an "unchanged" heartbeat of the next kiosk, a tenth of them a
 *    whole new state instead. Latency from the moment a request was due (no coordinated
 *    omission), and the hub process's CPU time over the phase (/proc/<pid>/stat).
 * 3. Bytes on the wire: one kiosk's real HubClient through a counting TCP proxy, idle heartbeats
 *    ("unchanged") over a kept-alive connection: request and response with all their headers.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CircuitBreaker } from '../electron/services/hub/circuit-breaker';
import { HubClient } from '../electron/services/hub/hub-client';
import { createLogger } from '../electron/services/logging/logger';
import { healthChange, healthyState, withPrinter } from '../hub/fleet/fleet-test-support';
import type { HealthChange } from '../kiosk-config/src/hub/fleet-health';
import { BENCH_TOKEN, enrollFleet, serveBenchHub, spawnBenchHub } from './bench-hub-support';
import { percentile, writeResults } from './bench-support';
import { LinkProxy } from './link-proxy';

const KIOSKS = Number(process.env.OKNO_BENCH_KIOSKS ?? 5000);
const HEARTBEAT_SECONDS = 60;
const REAL_RATE = KIOSKS / HEARTBEAT_SECONDS;
const REAL_SECONDS = Number(process.env.OKNO_BENCH_REAL_SECONDS ?? 60);
const HIGH_RATE = Number(process.env.OKNO_BENCH_HIGH_RATE ?? 1000);
const HIGH_SECONDS = Number(process.env.OKNO_BENCH_HIGH_SECONDS ?? 15);
/** The share of heartbeats carrying a changed state (the rest say "unchanged"). */
const CHANGED_SHARE = Number(process.env.OKNO_BENCH_CHANGED_SHARE ?? 0.1);
const IDLE_BEATS = 50;
const CLOCK_TICKS = 100; // getconf CLK_TCK on Linux

if (process.env.OKNO_BENCH_HUB_ROLE === 'hub') {
  await serveBenchHub({ enrollLimitPerAddress: { limit: 1_000_000_000, windowSeconds: 60 } });
} else {
  await drive();
}

interface BenchFleetKiosk {
  kioskId: string;
  headers: Record<string, string>;
  last: HealthChange;
}

interface PhaseFigures {
  ratePerSecond: number;
  seconds: number;
  requests: number;
  failures: number;
  latencyMs: { p50: number; p99: number; max: number };
  /** The hub process's CPU time over the phase, as a share of one core. */
  hubCpuShareOfOneCore: number;
}

async function drive(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'okno-bench-fleet-'));
  const hub = spawnBenchHub(fileURLToPath(import.meta.url), path.join(dir, 'hub.sqlite'));
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  // Other work on the machine skews every figure: the load is recorded with them.
  const loadAtStart = loadavg()[0];
  try {
    const url = new URL(await hub.url);
    const enrollStart = performance.now();
    const enrolled = await enrollFleet(url.href.replace(/\/$/, ''), KIOSKS, BENCH_TOKEN, 'fleet-kiosk');
    const enrollSeconds = (performance.now() - enrollStart) / 1000;
    const kiosks: BenchFleetKiosk[] = enrolled.map((kiosk, i) => ({
      kioskId: kiosk.kioskId,
      headers: { ...kiosk.headers, 'content-type': 'application/json' },
      last: healthChange(
        i % 20 === 0 ? withPrinter(healthyState(), 'paper_near_end', new Date().toISOString()) : healthyState(),
      ),
    }));
    // Every kiosk's first, whole state.
    for (let start = 0; start < kiosks.length; start += 100) {
      await Promise.all(kiosks.slice(start, start + 100).map((kiosk) => post(agent, url, kiosk, kiosk.last)));
    }

    const real = await phase(agent, url, kiosks, REAL_RATE, REAL_SECONDS, hub.pid);
    const high = await phase(agent, url, kiosks, HIGH_RATE, HIGH_SECONDS, hub.pid);
    const wire = await bytesOnTheWire(url, enrolled[0]?.credential ?? '', kiosks[0] as BenchFleetKiosk);

    const bytesPerDay = Math.round(wire.idleBytesPerBeat * (86_400 / HEARTBEAT_SECONDS));
    // The same exchange at longer intervals: what the goal would take (docs/operations/fleet.md).
    const perDayAt = Object.fromEntries(
      [60, 300, 900].map((seconds) => [`${seconds}s`, Math.round((wire.idleBytesPerBeat * 86_400) / seconds)]),
    );
    const results = {
      kiosks: KIOSKS,
      heartbeatSeconds: HEARTBEAT_SECONDS,
      enrollSeconds: Math.round(enrollSeconds),
      changedShare: CHANGED_SHARE,
      realRate: real,
      highRate: high,
      wire: {
        ...wire,
        idleBytesPerKioskPerDay: bytesPerDay,
        idleBytesPerDayAtInterval: perDayAt,
        goalBytesPerDay: 100 * 1024,
      },
      loadAverage: {
        atStart: round1(loadAtStart ?? 0),
        atEnd: round1(loadavg()[0] ?? 0),
        cores: availableParallelism(),
      },
      goals: { p99Ms: 50, met: real.latencyMs.p99 <= 50, bytesPerDayMet: bytesPerDay <= 100 * 1024 },
      note:
        'Open-loop arrivals (latency counted from when each request was due); hub and load in separate processes ' +
        'on one 2-core machine; SQLite in WAL mode with synchronous=FULL; idle heartbeats write nothing but ' +
        'last-seen times, in batches every 5 s. Bytes: HTTP/1.1 over a kept-alive connection, no TLS.',
    };
    const file = writeResults('fleet-health', results);
    const line = (name: string, f: PhaseFigures) =>
      `${name}: ${f.ratePerSecond}/s for ${f.seconds} s, ${f.requests} requests (${f.failures} failed), p50 ${f.latencyMs.p50} ms, p99 ${f.latencyMs.p99} ms, max ${f.latencyMs.max} ms; hub CPU ${Math.round(f.hubCpuShareOfOneCore * 100)} % of one core`;
    console.log(`fleet health, ${KIOSKS} kiosks (enrolled in ${Math.round(enrollSeconds)} s)`);
    console.log(line('  real rate ', real));
    console.log(line('  high rate ', high));
    console.log(
      `  wire: idle heartbeat ${wire.idleBytesPerBeat} B (request ${wire.idleRequestBytes} + answer ${wire.idleAnswerBytes}), whole state ${wire.wholeStateBytes} B; ${Math.round(bytesPerDay / 1024)} KB per kiosk per day when nothing changes`,
    );
    console.log(`→ ${path.relative(process.cwd(), file)}`);
    if (real.failures + high.failures > 0) process.exitCode = 1;
  } finally {
    agent.destroy();
    await hub.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Heartbeats arriving at `rate` per second for `seconds`, round the fleet. */
async function phase(
  agent: Agent,
  url: URL,
  kiosks: BenchFleetKiosk[],
  rate: number,
  seconds: number,
  hubPid: number | undefined,
): Promise<PhaseFigures> {
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  let failures = 0;
  const cpuBefore = cpuSeconds(hubPid);
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  // Each turn sends every request due by now, then sleeps a little: a timer per request would lag at 1,000/s.
  for (let i = 0; i < total; ) {
    const dueNow = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
    for (; i < dueNow; i++) {
      const due = start + (i * 1000) / rate;
      const kiosk = kiosks[i % kiosks.length] as BenchFleetKiosk;
      let body: HealthChange | { unchanged: string } = { unchanged: kiosk.last.hash };
      if (CHANGED_SHARE > 0 && i % Math.round(1 / CHANGED_SHARE) === 0) {
        kiosk.last = healthChange(healthyState({ outboxBacklog: kiosk.last.state.outboxBacklog === 0 ? 1 : 0 }));
        body = kiosk.last;
      }
      inFlight.push(
        post(agent, url, kiosk, body).then(
          (status) => {
            if (status !== 200) failures++;
            latencies.push(performance.now() - due);
          },
          () => {
            failures++;
          },
        ),
      );
    }
    if (i < total) await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await Promise.all(inFlight);
  const wall = (performance.now() - start) / 1000;
  const cpu = cpuSeconds(hubPid) - cpuBefore;
  return {
    ratePerSecond: Math.round(rate),
    seconds,
    requests: total,
    failures,
    latencyMs: {
      p50: round1(percentile(latencies, 50)),
      p99: round1(percentile(latencies, 99)),
      max: round1(Math.max(...latencies)),
    },
    hubCpuShareOfOneCore: Math.round((cpu / wall) * 1000) / 1000,
  };
}

/** POSTs one heartbeat; its HTTP status. */
function post(agent: Agent, url: URL, kiosk: BenchFleetKiosk, body: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: '/v1/kiosks/heartbeat',
        method: 'POST',
        agent,
        headers: { ...kiosk.headers, 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Idle heartbeats of one kiosk's real HubClient through a counting proxy: bytes each way. */
async function bytesOnTheWire(
  url: URL,
  credential: string,
  kiosk: BenchFleetKiosk,
): Promise<{ idleBytesPerBeat: number; idleRequestBytes: number; idleAnswerBytes: number; wholeStateBytes: number }> {
  const proxy = new LinkProxy({ targetPort: Number(url.port) });
  const proxyUrl = await proxy.listen();
  const client = new HubClient({
    baseUrl: proxyUrl,
    kioskId: kiosk.kioskId,
    credential: () => credential,
    requestTimeoutMs: 4000,
    breaker: new CircuitBreaker({ failureThreshold: 3, openMs: 20_000 }),
    log: createLogger({ level: 'silent' }),
  });
  try {
    const whole = await client.call('heartbeat', kiosk.last);
    if (!whole.ok) throw new Error(`heartbeat failed: ${whole.error.code}`);
    const wholeStateBytes = proxy.bytesToHub + proxy.bytesToKiosk;
    const [toHub, toKiosk] = [proxy.bytesToHub, proxy.bytesToKiosk];
    for (let beat = 0; beat < IDLE_BEATS; beat++) {
      const answer = await client.call('heartbeat', { unchanged: kiosk.last.hash });
      if (!answer.ok || answer.value.outcome !== 'seen') throw new Error('an idle heartbeat was not seen');
    }
    const idleRequestBytes = Math.round((proxy.bytesToHub - toHub) / IDLE_BEATS);
    const idleAnswerBytes = Math.round((proxy.bytesToKiosk - toKiosk) / IDLE_BEATS);
    return { idleBytesPerBeat: idleRequestBytes + idleAnswerBytes, idleRequestBytes, idleAnswerBytes, wholeStateBytes };
  } finally {
    client.abortAll();
    await proxy.close();
  }
}

/** A process's user + system CPU time (s) from /proc; 0 when unknown. */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
