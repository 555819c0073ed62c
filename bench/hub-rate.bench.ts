/**
 * Hub latency at fixed arrival rates: kiosk-authenticated status lookups and "unchanged"
 * heartbeats of 500 simulated kiosks, sent on a schedule (bench/fixed-rate-load.ts: open loop,
 * latency from each request's due time) at 500 … 7,000 requests a second, 10 s each after a
 * warm-up, over kept-alive HTTP connections on 127.0.0.1 to a hub on a real SQLite file, or
 * (OKNO_BENCH_STORE=postgres) on a PostgreSQL server the bench starts for itself, durable as in
 * production (fsync and synchronous commits on).
 *
 * The hub runs in a child process (this bundle, OKNO_BENCH_HUB_ROLE=hub), so the generator's
 * event loop is not the hub's; the child reports its event-loop delay per phase (perf_hooks).
 * With OKNO_BENCH_INSTANCES=2 (PostgreSQL), two hub processes serve one database and one data
 * folder, and the generator sends each kiosk's requests to one of them, always the same, as a
 * balancer routing by kiosk id would (there is no HAProxy in the bench: it would measure itself).
 * Each variant of the hub (`OKNO_BENCH_VARIANTS`, by default the hub as shipped and the hub with
 * its latency fixes switched off) runs back to back on a fresh database, so the comparison sees the
 * same machine load; the load average is recorded with every phase (other work skews the figures).
 *
 * Rate limits are raised (500 kiosks at 5,000/s would hit them within a second); everything else
 * (authentication, zod validation, the lookup log, last-contact times) is the production path.
 * bench/results/hub-rate.json keeps the last run of each store and number of instances.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DEMO_APPLICATIONS } from '../hub/db/demo-seed';
import { healthChange, healthyState } from '../hub/fleet/fleet-test-support';
import { startTestPostgres, type TestPostgres } from '../test/support/postgres-server';
import { BENCH_TOKEN, enrollFleet, serveBenchHub, UNLIMITED_LOOKUPS } from './bench-hub-support';
import { readResults, writeResults } from './bench-support';
import { type FixedRateFigures, JsonPoster, runFixedRate, type SendOutcome } from './fixed-rate-load';
import {
  BenchInstances,
  BenchStore,
  combineReports,
  configurationKey,
  type HubReport,
  highestRates,
  instanceOfKiosk,
  mergeConfigurations,
} from './hub-rate-results';
import { type Poster, RawHttpPoster } from './raw-http-poster';

const KIOSKS = 500;
const RATES = (process.env.OKNO_BENCH_RATES ?? '500,1000,2000,3000,5000,7000').split(',').map(Number);
const SECONDS = Number(process.env.OKNO_BENCH_RATE_SECONDS ?? 10);
const WARM_UP_SECONDS = 3;
const WARM_UP_RATE = 1000;
/** Kept-alive connections from the generator: at 7,000/s and a 50 ms stall, 350 requests are in flight. */
const CONNECTIONS = 512;
/** The goal of issue 18: p99 within this at 5,000 lookups a second. */
const P99_GOAL_MS = 20;

/** A hub set-up the bench can measure: the store, and whether its latency fixes are on. */
const Variant = z.enum(['shipped', 'fixes-off']);
type Variant = z.infer<typeof Variant>;
const VARIANTS = z.array(Variant).parse((process.env.OKNO_BENCH_VARIANTS ?? 'fixes-off,shipped').split(','));
const STORE = BenchStore.parse(process.env.OKNO_BENCH_STORE ?? 'sqlite');
/**
 * The generator's HTTP client: `raw` (bench/raw-http-poster.ts, a few tens of µs of CPU per
 * request) by default; `node` is `http.request` (150–350 µs), which on 2 cores takes CPU the hub needs.
 */
const Client = z.enum(['raw', 'node']);
const CLIENT = Client.parse(process.env.OKNO_BENCH_CLIENT ?? 'raw');
const INSTANCES = BenchInstances.parse(process.env.OKNO_BENCH_INSTANCES ?? '1');
if (INSTANCES > 1 && STORE === 'sqlite') throw new Error('two hub instances need OKNO_BENCH_STORE=postgres');

/** What each store's variants are, for the results file. */
const NOTES: Record<BenchStore, string> = {
  sqlite:
    'Open loop (requests on a schedule, latency from the due time). Hub in a child process, generator in the ' +
    'parent, on the same 2-core machine (with other work: see loadAverage1m). Rate limits raised. SQLite in WAL mode; ' +
    '"fixes-off" is the hub before issue 18 (lookup log and last contacts committed on the event loop with ' +
    'synchronous=FULL, auto-checkpoints on the request path), "shipped" the hub as it is.',
  postgres:
    'Open loop (requests on a schedule, latency from the due time). Hubs in child processes, generator in the ' +
    'parent, PostgreSQL (started by the bench, fsync and synchronous_commit on) on the same 2-core machine (with ' +
    'other work: see loadAverage1m). Rate limits raised. "fixes-off" is the hub before issue 18 (each lookup-log ' +
    'row and last contact its own synchronous commit), "shipped" the hub as it is (those rows batched every 10 ms, ' +
    'committed with synchronous_commit=off for those batches only). Both read the office without its catalogue, ' +
    'with prepared statements.',
};

/** Messages between the bench and its hub process. */
const HubMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('listening'), url: z.string().url() }),
  z.object({
    type: z.literal('event-loop'),
    delayMs: z.object({ p50: z.number(), p99: z.number(), max: z.number() }),
    /** The hub process's CPU time (user + system) since the previous report, µs. */
    cpuMicros: z.number(),
  }),
]);
type HubMessage = z.infer<typeof HubMessage>;

if (process.env.OKNO_BENCH_HUB_ROLE === 'hub') {
  await serveHub(Variant.parse(process.env.OKNO_BENCH_HUB_VARIANT));
} else {
  await drive();
}

/** The hub's side: listens, reports its URL, then its event-loop delay and CPU time since the last report when asked. */
async function serveHub(variant: Variant): Promise<void> {
  const send = (message: HubMessage) => process.send?.(message);
  const delay = monitorEventLoopDelay({ resolution: 1 });
  const postgresUrl = process.env.OKNO_BENCH_HUB_POSTGRES;
  await serveBenchHub({
    config: UNLIMITED_LOOKUPS,
    backgroundWrites: variant !== 'fixes-off',
    announce: (url) => send({ type: 'listening', url }),
    ...(postgresUrl === undefined
      ? {}
      : { postgres: { url: postgresUrl, dataDir: z.string().parse(process.env.OKNO_BENCH_HUB_DATA_DIR) } }),
  });
  delay.enable();
  let cpuSince = process.cpuUsage();
  process.on('message', () => {
    const ms = (ns: number) => Math.round(ns / 1e5) / 10;
    send({
      type: 'event-loop',
      delayMs: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) },
      cpuMicros: cpuMicrosSince(cpuSince),
    });
    cpuSince = process.cpuUsage();
    delay.reset();
  });
}

/** A hub process of the bench. */
interface BenchHubProcess {
  url: string;
  /** The hub's event-loop delay and CPU time since the previous call. */
  report(): Promise<HubReport>;
  stop(): Promise<void>;
}

/** Where a hub process keeps its data: a SQLite file, or a PostgreSQL database and the instances' shared folder. */
type HubData = { dbPath: string } | { postgresUrl: string; dataDir: string };

async function forkHub(variant: Variant, data: HubData): Promise<BenchHubProcess> {
  const where =
    'dbPath' in data
      ? { OKNO_BENCH_HUB_DB: data.dbPath }
      : { OKNO_BENCH_HUB_POSTGRES: data.postgresUrl, OKNO_BENCH_HUB_DATA_DIR: data.dataDir };
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, ...where, OKNO_BENCH_HUB_ROLE: 'hub', OKNO_BENCH_HUB_VARIANT: variant },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = (type: HubMessage['type']) =>
    new Promise<HubMessage>((resolve, reject) => {
      const onMessage = (raw: unknown) => {
        const message = HubMessage.parse(raw);
        if (message.type !== type) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message);
      };
      const onExit = () => reject(new Error('the hub process ended'));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const listening = await next('listening');
  if (listening.type !== 'listening') throw new Error('unexpected message');
  return {
    url: listening.url.replace(/\/$/, ''),
    report: async () => {
      const reply = next('event-loop');
      child.send({ type: 'read' });
      const message = await reply;
      if (message.type !== 'event-loop') throw new Error('unexpected message');
      return { delayMs: message.delayMs, cpuMicros: message.cpuMicros };
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

/** One rate's figures, with the hub's event-loop delay, each side's CPU per request and the machine's load. */
interface RatePhase extends FixedRateFigures {
  /** The worst of the hub processes' (two instances: the worse instance's p50, p99, max). */
  hubEventLoopDelayMs: { p50: number; p99: number; max: number };
  /**
   * The hub processes' CPU time (user + system, every instance's) per request of the phase, µs:
   * the figure that other work on the machine skews least. PostgreSQL's own processes not counted.
   */
  hubCpuMicrosPerRequest: number;
  /** The generator's (this process's) CPU time per request, µs. */
  generatorCpuMicrosPerRequest: number;
  loadAverage1m: number;
}

/** One route at every rate. */
interface RouteFigures {
  phases: RatePhase[];
  /** The highest rate measured with p99 ≤ the goal and no failures (0 when none). */
  highestRateWithinGoal: number;
}

interface VariantFigures {
  variant: Variant;
  store: BenchStore;
  instances: number;
  statusLookup: RouteFigures;
  heartbeat: RouteFigures;
}

/** A route's traffic: the path and each request's instance, headers and body. */
interface RouteLoad {
  path: string;
  request: (index: number) => { instance: number; headers: Record<string, string>; body: string };
}

async function drive(): Promise<void> {
  const postgres = STORE === 'postgres' ? await startTestPostgres({ durable: true }) : undefined;
  const runs: VariantFigures[] = [];
  try {
    for (const variant of VARIANTS) runs.push(await measureVariant(variant, postgres));
  } finally {
    await postgres?.stop();
  }
  const key = configurationKey(STORE, INSTANCES);
  const latest = {
    at: new Date().toISOString(),
    kiosks: KIOSKS,
    connections: CONNECTIONS,
    client: CLIENT,
    secondsPerRate: SECONDS,
    warmUpSeconds: WARM_UP_SECONDS,
    p99GoalMs: P99_GOAL_MS,
    runs,
    note: `${NOTES[STORE]} Instances: ${INSTANCES}${INSTANCES > 1 ? ' hub processes on one database, each kiosk sent to one of them always (as a balancer routing by kiosk id; no balancer in the bench)' : ''}.`,
  };
  const configurations = mergeConfigurations(readResults('hub-rate'), key, latest);
  const file = writeResults('hub-rate', { p99GoalMs: P99_GOAL_MS, configurations });
  let failures = 0;
  for (const run of runs) {
    console.log(
      `hub at fixed rates, ${run.store}, ${run.instances} instance${run.instances > 1 ? 's' : ''}, ${run.variant}; generator client ${CLIENT}`,
    );
    for (const [name, route] of [
      ['status lookups', run.statusLookup],
      ['heartbeats    ', run.heartbeat],
    ] as const) {
      for (const phase of route.phases) {
        failures += phase.failures;
        console.log(
          `  ${name} ${String(phase.ratePerSecond).padStart(5)}/s: p50 ${phase.latencyMs.p50} ms, p99 ${phase.latencyMs.p99} ms, max ${phase.latencyMs.max} ms, ${phase.failures} failed of ${phase.requests}; send lag p99 ${phase.sendLagMs.p99} ms; hub event loop p99 ${phase.hubEventLoopDelayMs.p99} ms, max ${phase.hubEventLoopDelayMs.max} ms; CPU per request hub ${phase.hubCpuMicrosPerRequest} µs, generator ${phase.generatorCpuMicrosPerRequest} µs; load ${phase.loadAverage1m}`,
        );
      }
      console.log(`  ${name} highest rate with p99 ≤ ${P99_GOAL_MS} ms: ${route.highestRateWithinGoal}/s`);
    }
  }
  console.log(
    `highest rate with p99 ≤ ${P99_GOAL_MS} ms, per store and instances (the last run of each, ${path.relative(process.cwd(), file)}):`,
  );
  for (const line of highestRates(configurations)) {
    console.log(
      `  ${line.configuration.padEnd(11)} ${line.variant.padEnd(10)} status lookups ${String(line.statusLookups).padStart(5)}/s, heartbeats ${String(line.heartbeats).padStart(5)}/s (${line.at})`,
    );
  }
  if (failures > 0) process.exitCode = 1;
}

/** Where a variant's hubs keep their data, removed after the variant. */
async function hubData(dir: string, postgres: TestPostgres | undefined): Promise<HubData> {
  if (!postgres) return { dbPath: path.join(dir, 'hub.sqlite') };
  const dataDir = path.join(dir, 'hub-files');
  await mkdir(dataDir);
  return { postgresUrl: `postgres://okno@127.0.0.1:${postgres.port}/${await postgres.createDatabase()}`, dataDir };
}

/** A fresh hub (or two) of one variant: enrolls the fleet, then each route at each rate. */
async function measureVariant(variant: Variant, postgres: TestPostgres | undefined): Promise<VariantFigures> {
  const dir = await mkdtemp(path.join(tmpdir(), 'okno-bench-rate-'));
  const hubs: BenchHubProcess[] = [];
  const posters: Poster[] = [];
  try {
    const data = await hubData(dir, postgres);
    // One after the other: the first migrates and seeds, the next finds it done.
    for (let i = 0; i < INSTANCES; i++) hubs.push(await forkHub(variant, data));
    for (const hub of hubs) {
      posters.push(CLIENT === 'raw' ? new RawHttpPoster(hub.url, CONNECTIONS) : new JsonPoster(hub.url, CONNECTIONS));
    }
    const kiosks = await enrollFleet((hubs[0] as BenchHubProcess).url, KIOSKS, BENCH_TOKEN);
    const numbers = [
      ...DEMO_APPLICATIONS.filter((demo) => demo.phoneLast4 === undefined).map((demo) => demo.number),
      '9000000001',
      '9000000002',
    ];
    const kioskAt = (index: number) => {
      const kiosk = index % KIOSKS;
      return { ...(kiosks[kiosk] as (typeof kiosks)[number]), instance: instanceOfKiosk(kiosk, INSTANCES) };
    };
    const lookups: RouteLoad = {
      path: '/v1/status/lookup',
      request: (index) => ({
        instance: kioskAt(index).instance,
        headers: kioskAt(index).headers,
        body: JSON.stringify({ applicationNumber: numbers[index % numbers.length] }),
      }),
    };
    // Each kiosk's whole state once, to its instance; then, as kiosks mostly send, "unchanged" with its hash.
    const state = healthChange(healthyState());
    for (let start = 0; start < KIOSKS; start += 50) {
      const sent = await Promise.all(
        Array.from({ length: Math.min(50, KIOSKS - start) }, (_, n) => {
          const kiosk = kioskAt(start + n);
          const poster = posters[kiosk.instance] as Poster;
          return poster.post('/v1/kiosks/heartbeat', kiosk.headers, JSON.stringify(state));
        }),
      );
      if (sent.includes('failed')) throw new Error('a first heartbeat failed');
    }
    const unchanged = JSON.stringify({ unchanged: state.hash });
    const heartbeats: RouteLoad = {
      path: '/v1/kiosks/heartbeat',
      request: (index) => ({ instance: kioskAt(index).instance, headers: kioskAt(index).headers, body: unchanged }),
    };
    return {
      variant,
      store: STORE,
      instances: INSTANCES,
      statusLookup: await measureRoute(hubs, posters, lookups),
      heartbeat: await measureRoute(hubs, posters, heartbeats),
    };
  } finally {
    for (const poster of posters) poster.close();
    for (const hub of hubs) await hub.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** A warm-up, then each rate in turn. */
async function measureRoute(
  hubs: readonly BenchHubProcess[],
  posters: readonly Poster[],
  load: RouteLoad,
): Promise<RouteFigures> {
  const send = (index: number): Promise<SendOutcome> => {
    const { instance, headers, body } = load.request(index);
    return (posters[instance] as Poster).post(load.path, headers, body);
  };
  const reportAll = async () => combineReports(await Promise.all(hubs.map((hub) => hub.report())));
  await runFixedRate({ ratePerSecond: WARM_UP_RATE, seconds: WARM_UP_SECONDS, send });
  const phases: RatePhase[] = [];
  for (const rate of RATES) {
    await reportAll();
    const generatorCpu = process.cpuUsage();
    const figures = await runFixedRate({ ratePerSecond: rate, seconds: SECONDS, send });
    const generatorCpuMicros = cpuMicrosSince(generatorCpu);
    const report = await reportAll();
    const perRequest = (micros: number) => Math.round(micros / figures.requests);
    phases.push({
      ...figures,
      hubEventLoopDelayMs: report.delayMs,
      hubCpuMicrosPerRequest: perRequest(report.cpuMicros),
      generatorCpuMicrosPerRequest: perRequest(generatorCpuMicros),
      loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    });
  }
  const within = phases.filter((phase) => phase.failures === 0 && phase.latencyMs.p99 <= P99_GOAL_MS);
  return { phases, highestRateWithinGoal: Math.max(0, ...within.map((phase) => phase.ratePerSecond)) };
}

/** CPU time (user + system) of this process since `since`, µs. */
function cpuMicrosSince(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return used.user + used.system;
}
