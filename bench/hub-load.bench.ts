/**
 * Hub load: status lookups and outbox posts from 500 simulated kiosks, over HTTP on 127.0.0.1
 * against a real SQLite file, measured with autocannon: throughput and p50/p99 latency.
 *
 * The hub runs in a child process (this same bundle, with OKNO_BENCH_HUB_ROLE=hub), so that
 * autocannon and the hub each have a core of a 2-core machine instead of sharing an event loop.
 *
 * The hub's rate limits (30 lookups/min per kiosk, 10/hour per number) are raised for the run:
 * at full speed 500 kiosks would hit them within a second and the bench would measure 429s.
 * Everything else (authentication per request, zod validation, the lookup log, the outbox's
 * fsync'd transactions) is the production path.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { DEMO_APPLICATIONS } from '../hub/db/demo-seed';
import {
  enrollFleet,
  serveBenchHub,
  spawnBenchHub,
  BENCH_TOKEN as TOKEN,
  UNLIMITED_LOOKUPS,
} from './bench-hub-support';
import { writeResults } from './bench-support';

const KIOSKS = 500;
const CONNECTIONS = Number(process.env.OKNO_BENCH_CONNECTIONS ?? 100);
const SECONDS = Number(process.env.OKNO_BENCH_SECONDS ?? 12);
const OUTBOX_BATCH = 10;

if (process.env.OKNO_BENCH_HUB_ROLE === 'hub') {
  await serveBenchHub({ config: UNLIMITED_LOOKUPS });
} else {
  await drive();
}

/** One phase's figures. */
interface PhaseFigures {
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

async function drive(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'okno-bench-hub-'));
  const hub = spawnBenchHub(fileURLToPath(import.meta.url), path.join(dir, 'hub.sqlite'));
  try {
    const url = await hub.url;
    const kiosks = await enrollAll(url);

    // Lookups: every request from the next kiosk, for the next number (found ones and misses).
    const numbers = [
      ...DEMO_APPLICATIONS.filter((demo) => demo.phoneLast4 === undefined).map((demo) => demo.number),
      '9000000001',
      '9000000002',
    ];
    let lookupCount = 0;
    const lookups = await run(url, '/v1/status/lookup', () => {
      const i = lookupCount++;
      return {
        headers: kiosks[i % KIOSKS] ?? {},
        body: JSON.stringify({ applicationNumber: numbers[i % numbers.length] }),
      };
    });

    // Outbox: batches of new items, each from the next kiosk.
    let outboxCount = 0;
    const outbox = await run(url, '/v1/outbox', () => {
      const i = outboxCount++;
      const at = new Date().toISOString();
      const items = Array.from({ length: OUTBOX_BATCH }, (_, n) => ({
        id: randomUUID(),
        // A kind the hub stores (it refuses unknown ones), about the size of the usual traffic.
        kind: 'status.lookup',
        at,
        payload: { maskedNumber: `***${String(n).padStart(4, '0')}`, outcome: 'not_found' },
      }));
      return { headers: kiosks[i % KIOSKS] ?? {}, body: JSON.stringify({ items }) };
    });

    const results = {
      kiosks: KIOSKS,
      connections: CONNECTIONS,
      secondsPerPhase: SECONDS,
      statusLookup: lookups,
      outbox: {
        ...outbox,
        itemsPerBatch: OUTBOX_BATCH,
        itemsPerSecond: Math.round(outbox.requestsPerSecond * OUTBOX_BATCH),
      },
      note:
        'Rate limits raised for the run (they would otherwise answer 429 within a second); hub and autocannon in ' +
        'separate processes on the same machine; SQLite in WAL mode with synchronous=FULL on the temp folder.',
    };
    const file = writeResults('hub-load', results);
    const line = (name: string, f: PhaseFigures) =>
      `${name}: ${f.requestsPerSecond} req/s, p50 ${f.latencyMs.p50} ms, p99 ${f.latencyMs.p99} ms (${f.requests} requests, ${f.non2xx} non-2xx, ${f.errors} errors)`;
    console.log(`hub load, ${KIOSKS} kiosks, ${CONNECTIONS} connections, ${SECONDS} s per phase`);
    console.log(line('  status lookups', lookups));
    console.log(`${line('  outbox posts  ', outbox)}, ${results.outbox.itemsPerSecond} items/s`);
    console.log(`→ ${path.relative(process.cwd(), file)}`);
    if (lookups.non2xx + outbox.non2xx + lookups.errors + outbox.errors > 0) process.exitCode = 1;
  } finally {
    await hub.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Enrolls the simulated fleet; returns each kiosk's headers for a JSON post. */
async function enrollAll(url: string): Promise<Record<string, string>[]> {
  const fleet = await enrollFleet(url, KIOSKS, TOKEN);
  return fleet.map((kiosk) => ({ 'content-type': 'application/json', ...kiosk.headers }));
}

/** Runs autocannon against one route for SECONDS, each request made by `next`. */
async function run(
  url: string,
  route: string,
  next: () => { headers: Record<string, string>; body: string },
): Promise<PhaseFigures> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        method: 'POST',
        path: route,
        setupRequest: (request) => ({ ...request, ...next() }),
      },
    ],
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}
