/**
 * Fleet health: heartbeats of 5,000 simulated kiosks against one hub, over HTTP on 127.0.0.1,
 * the hub on a real SQLite file in a child process (this bundle with OKNO_BENCH_HUB_ROLE=hub).
 *
 * 1. Every kiosk enrolls and sends its whole state once (5 % with paper near its end: alerts open).
 * 2. Open-loop arrivals, as kiosks send them: at the real rate (5,000 kiosks / 60 s ≈ 83/s) and
 *    at a fixed higher rate, each an "unchanged" heartbeat of the next kiosk, a tenth of them a
 *    whole new state instead. Latency from the moment a request was due (no coordinated
 *    omission), and the hub process's CPU time over the phase (/proc/<pid>/stat).
 * 3. Liveness from the event stream: every kiosk opens `GET /v1/events` (5,000 open streams; the
 *    hub's memory before and after), then heartbeats at the rate of kiosks whose stream is open
 *    (5,000 / 900 s ≈ 5.6/s) for 60 s while the hub writes its keep-alive to every stream: p99,
 *    the hub's CPU, and the keep-alives the kiosks received.
 * 4. Bytes on the wire, each through a counting TCP proxy with the kiosk's real client: idle
 *    heartbeats ("unchanged") of its HubClient over a kept-alive connection, and its NudgeListener's
 *    stream (opening it, then keep-alives, from a hub writing them every 5 s): request and
 *    response with all their headers. A day when nothing changes is then 1,440 keep-alives, 96
 *    heartbeats, and the stream's openings (each followed by a heartbeat).
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, type IncomingMessage, request } from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NudgeListener } from '../electron/services/content/nudge-listener';
import { CircuitBreaker } from '../electron/services/hub/circuit-breaker';
import { HubClient } from '../electron/services/hub/hub-client';
import { kioskAuthHeaders } from '../electron/services/hub/kiosk-auth-headers';
import { createLogger } from '../electron/services/logging/logger';
import { fleetConfig, healthChange, healthyState, withPrinter } from '../hub/fleet/fleet-test-support';
import { createHubLogger } from '../hub/server/hub-logger';
import { launchHub } from '../hub/server/start-hub';
import type { HealthChange } from '../kiosk-config/src/hub/fleet-health';
import { BENCH_TOKEN, enrollFleet, serveBenchHub, spawnBenchHub, UNLIMITED_RATE } from './bench-hub-support';
import { percentile, writeResults } from './bench-support';
import { LinkProxy } from './link-proxy';

const KIOSKS = Number(process.env.OKNO_BENCH_KIOSKS ?? 5000);
/** A kiosk without an open event stream heartbeats this often; the hub's keep-alive interval too. */
const HEARTBEAT_SECONDS = 60;
/** A kiosk with its event stream open heartbeats this often. */
const STREAM_HEARTBEAT_SECONDS = 900;
const REAL_RATE = KIOSKS / HEARTBEAT_SECONDS;
const STREAM_RATE = KIOSKS / STREAM_HEARTBEAT_SECONDS;
const STREAM_SECONDS = Number(process.env.OKNO_BENCH_STREAM_SECONDS ?? 60);
/** The wire measurement's hub writes its keep-alive this often (s): the bytes do not depend on it. */
const WIRE_KEEP_ALIVE_SECONDS = 5;
const WIRE_KEEP_ALIVES = 4;
/** Openings of the stream a day assumed for a rural link (a cut, a hub restart): one an hour. */
const STREAM_OPENINGS_PER_DAY = 24;
const DAY_SECONDS = 86_400;
const REAL_SECONDS = Number(process.env.OKNO_BENCH_REAL_SECONDS ?? 60);
const HIGH_RATE = Number(process.env.OKNO_BENCH_HIGH_RATE ?? 1000);
const HIGH_SECONDS = Number(process.env.OKNO_BENCH_HIGH_SECONDS ?? 15);
/** The share of heartbeats carrying a changed state (the rest say "unchanged"). */
const CHANGED_SHARE = Number(process.env.OKNO_BENCH_CHANGED_SHARE ?? 0.1);
const IDLE_BEATS = 50;
const CLOCK_TICKS = 100; // getconf CLK_TCK on Linux

if (process.env.OKNO_BENCH_HUB_ROLE === 'hub') {
  await serveBenchHub({ config: { enrollLimitPerAddress: UNLIMITED_RATE } });
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
    // Those 5,000 new states are written in the hub's next 5-second batch, in one transaction: set-up,
    // not the steady state a kiosk meets (states arrive spread out), so it lands before measuring.
    await new Promise((resolve) => setTimeout(resolve, 6000));

    const real = await phase(agent, url, kiosks, REAL_RATE, REAL_SECONDS, hub.pid);
    const high = await phase(agent, url, kiosks, HIGH_RATE, HIGH_SECONDS, hub.pid);
    const streams = await streamsPhase(agent, url, kiosks, hub.pid);
    const wire = await bytesOnTheWire(url, enrolled[0]?.credential ?? '', kiosks[0] as BenchFleetKiosk);
    const stream = await streamBytesOnTheWire(dir);

    // A day when nothing changes: keep-alives on the open stream, heartbeats every 15 min, and
    // each opening of the stream (its request and head) with the heartbeat that follows it.
    const keepAlivesPerDay = DAY_SECONDS / HEARTBEAT_SECONDS;
    const heartbeatsPerDay = DAY_SECONDS / STREAM_HEARTBEAT_SECONDS;
    const dayWith = (openings: number) => {
      const parts = {
        keepAlives: { count: keepAlivesPerDay, bytes: Math.round(keepAlivesPerDay * stream.bytesPerKeepAlive) },
        heartbeats: { count: heartbeatsPerDay, bytes: Math.round(heartbeatsPerDay * wire.idleBytesPerBeat) },
        streamOpenings: {
          count: openings,
          bytes: Math.round(openings * (stream.openingBytes + wire.idleBytesPerBeat)),
        },
      };
      return { ...parts, total: parts.keepAlives.bytes + parts.heartbeats.bytes + parts.streamOpenings.bytes };
    };
    const day = dayWith(1);
    const ruralDay = dayWith(STREAM_OPENINGS_PER_DAY);
    const bytesPerDay = ruralDay.total;
    // Without the stream (heartbeats every minute), as before: what the stream saves.
    const withoutStreamPerDay = Math.round(wire.idleBytesPerBeat * (DAY_SECONDS / HEARTBEAT_SECONDS));
    const results = {
      kiosks: KIOSKS,
      heartbeatSeconds: HEARTBEAT_SECONDS,
      streamHeartbeatSeconds: STREAM_HEARTBEAT_SECONDS,
      keepAliveSeconds: HEARTBEAT_SECONDS,
      enrollSeconds: Math.round(enrollSeconds),
      changedShare: CHANGED_SHARE,
      realRate: real,
      highRate: high,
      streams,
      wire: {
        ...wire,
        ...stream,
        idleBytesPerKioskPerDay: bytesPerDay,
        day: { oneStreamOpening: day, streamOpenedHourly: ruralDay },
        withoutStreamBytesPerDay: withoutStreamPerDay,
        goalBytesPerDay: 100 * 1024,
      },
      loadAverage: {
        atStart: round1(loadAtStart ?? 0),
        atEnd: round1(loadavg()[0] ?? 0),
        cores: availableParallelism(),
      },
      goals: {
        p99Ms: 50,
        met: real.latencyMs.p99 <= 50 && streams.heartbeats.latencyMs.p99 <= 50,
        bytesPerDayMet: bytesPerDay <= 100 * 1024,
      },
      note:
        'Open-loop arrivals (latency counted from when each request was due); hub and load in separate processes ' +
        'on one 2-core machine; SQLite in WAL mode with synchronous=FULL; idle heartbeats write nothing but ' +
        'last-seen times, in batches every 5 s. Bytes: HTTP/1.1, the TCP payload (no TLS, no TCP/IP headers): ' +
        'heartbeats over a kept-alive connection, the event stream as one long chunked answer. The real-rate ' +
        'phase is the rate of kiosks without an open stream (a heartbeat a minute each), the worst case.',
    };
    const file = writeResults('fleet-health', results);
    const line = (name: string, f: PhaseFigures) =>
      `${name}: ${f.ratePerSecond}/s for ${f.seconds} s, ${f.requests} requests (${f.failures} failed), p50 ${f.latencyMs.p50} ms, p99 ${f.latencyMs.p99} ms, max ${f.latencyMs.max} ms; hub CPU ${Math.round(f.hubCpuShareOfOneCore * 100)} % of one core`;
    console.log(`fleet health, ${KIOSKS} kiosks (enrolled in ${Math.round(enrollSeconds)} s)`);
    console.log(line('  real rate ', real));
    console.log(line('  high rate ', high));
    console.log(
      `  streams: ${streams.open} open (${streams.openSeconds} s to open), hub RSS ${streams.hubRssMiB.before} → ${streams.hubRssMiB.after} MiB; ${line('heartbeats', streams.heartbeats)}; ${streams.keepAlivesReceived} keep-alives received`,
    );
    console.log(
      `  wire: idle heartbeat ${wire.idleBytesPerBeat} B (request ${wire.idleRequestBytes} + answer ${wire.idleAnswerBytes}), whole state ${wire.wholeStateBytes} B; stream opening ${stream.openingBytes} B (request ${stream.openingRequestBytes} + head and announcement ${stream.openingAnswerBytes}), keep-alive ${stream.bytesPerKeepAlive} B`,
    );
    const breakdown = (d: typeof day) =>
      `${d.keepAlives.count} keep-alives ${kb(d.keepAlives.bytes)} + ${d.heartbeats.count} heartbeats ${kb(d.heartbeats.bytes)} + ${d.streamOpenings.count} openings ${kb(d.streamOpenings.bytes)} = ${kb(d.total)}`;
    console.log(`  a day when nothing changes, stream opened once: ${breakdown(day)}`);
    console.log(`  the same, stream opened every hour: ${breakdown(ruralDay)} (goal 100 KB)`);
    console.log(`  without the stream (a heartbeat a minute): ${kb(withoutStreamPerDay)}`);
    console.log(`→ ${path.relative(process.cwd(), file)}`);
    if (real.failures + high.failures + streams.heartbeats.failures > 0 || streams.open < KIOSKS) process.exitCode = 1;
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
    ratePerSecond: round1(rate),
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

interface StreamFigures {
  /** Streams open at once (one per kiosk). */
  open: number;
  openSeconds: number;
  /** The hub process's resident memory before the streams opened and with them open (MiB). */
  hubRssMiB: { before: number; after: number };
  /** Heartbeats at the rate of kiosks with an open stream, while the keep-alives go out. */
  heartbeats: PhaseFigures;
  /** Keep-alive lines the kiosks received over the phase (one per stream per minute). */
  keepAlivesReceived: number;
}

/**
 * Every kiosk opens its event stream (each its own socket, as kiosks do), then heartbeats arrive
 * at the rate of kiosks whose stream is open for `STREAM_SECONDS`, while the hub writes its
 * keep-alive to all of them (and marks them seen).
 */
async function streamsPhase(
  agent: Agent,
  url: URL,
  kiosks: BenchFleetKiosk[],
  hubPid: number | undefined,
): Promise<StreamFigures> {
  const before = rssMiB(hubPid);
  const start = performance.now();
  const open: IncomingMessage[] = [];
  let keepAlivesReceived = 0;
  let counting = false;
  for (let first = 0; first < kiosks.length; first += 100) {
    const batch = kiosks.slice(first, first + 100).map(
      (kiosk) =>
        new Promise<IncomingMessage>((resolve, reject) => {
          const req = request(
            { host: url.hostname, port: url.port, path: '/v1/events', agent: false, headers: kiosk.headers },
            (res) => {
              if (res.statusCode !== 200) reject(new Error(`events: ${res.statusCode}`));
              res.setEncoding('utf8');
              res.on('data', (chunk: string) => {
                if (counting) keepAlivesReceived += chunk.split(':\n\n').length - 1;
              });
              resolve(res);
            },
          );
          req.on('error', reject);
          req.end();
        }),
    );
    open.push(...(await Promise.all(batch)));
  }
  const openSeconds = round1((performance.now() - start) / 1000);
  // Settled: the opening's garbage collected, the first last-seen batch written.
  await new Promise((resolve) => setTimeout(resolve, 5000));
  const after = rssMiB(hubPid);
  counting = true;
  const heartbeats = await phase(agent, url, kiosks, STREAM_RATE, STREAM_SECONDS, hubPid);
  counting = false;
  for (const res of open) res.destroy();
  return { open: open.length, openSeconds, hubRssMiB: { before, after }, heartbeats, keepAlivesReceived };
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

interface StreamWire {
  openingBytes: number;
  openingRequestBytes: number;
  openingAnswerBytes: number;
  bytesPerKeepAlive: number;
}

/**
 * The kiosk's real NudgeListener through a counting proxy to a hub (in this process, on its own
 * database) writing its keep-alive every `WIRE_KEEP_ALIVE_SECONDS`: the bytes of opening the
 * stream (request, head, the keep-alive announcement), then of `WIRE_KEEP_ALIVES` keep-alives.
 */
async function streamBytesOnTheWire(dir: string): Promise<StreamWire> {
  const hub = await launchHub({
    dbPath: path.join(dir, 'wire-hub.sqlite'),
    seedDemo: true,
    provisioningTokens: [BENCH_TOKEN],
    autoApproveNewKiosks: true,
    config: { fleet: fleetConfig({ heartbeatSeconds: WIRE_KEEP_ALIVE_SECONDS }) },
    logger: createHubLogger({ level: 'warn' }),
  });
  const proxy = new LinkProxy({ targetPort: Number(new URL(hub.url).port) });
  let listener: NudgeListener | undefined;
  try {
    const [kiosk] = await enrollFleet(hub.url.replace(/\/$/, ''), 1, BENCH_TOKEN, 'wire-kiosk');
    if (kiosk === undefined) throw new Error('no kiosk enrolled');
    const proxyUrl = await proxy.listen();
    const opened = new Promise<void>((resolve) => {
      listener = new NudgeListener({
        hubUrl: proxyUrl,
        headers: () => kioskAuthHeaders(kiosk.kioskId, kiosk.credential),
      });
      listener.onConnection((connected) => connected && resolve());
      listener.start();
    });
    await opened;
    // The announcement follows the head at once; the first keep-alive is seconds away.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const openingRequestBytes = proxy.bytesToHub;
    const openingAnswerBytes = proxy.bytesToKiosk;
    // Each keep-alive is one write seconds apart: count them as the proxy's count moves.
    let seen = 0;
    let last = proxy.bytesToKiosk;
    while (seen < WIRE_KEEP_ALIVES) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      if (proxy.bytesToKiosk !== last) {
        seen += 1;
        last = proxy.bytesToKiosk;
      }
    }
    const keepAliveBytes = proxy.bytesToKiosk - openingAnswerBytes + (proxy.bytesToHub - openingRequestBytes);
    return {
      openingBytes: openingRequestBytes + openingAnswerBytes,
      openingRequestBytes,
      openingAnswerBytes,
      bytesPerKeepAlive: Math.round((keepAliveBytes / WIRE_KEEP_ALIVES) * 10) / 10,
    };
  } finally {
    listener?.stop();
    await proxy.close();
    await hub.close();
  }
}

/** A process's resident memory (MiB) from /proc; 0 when unknown. */
function rssMiB(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1] ?? 0);
    return Math.round(kib / 1024);
  } catch {
    return 0;
  }
}

function kb(bytes: number): string {
  return `${round1(bytes / 1024)} KB`;
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
