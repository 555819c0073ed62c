/**
 * Second factor timing: in the phone-check region, a wrong factor for an existing number and any
 * factor for a number that does not exist must answer the same, in the same time
 * (docs/operations/hub.md, «Second factor»). Over HTTP on 127.0.0.1 against a real SQLite file,
 * the two kinds of lookup interleaved (so that load and warm-up hit both alike); it prints and
 * keeps the median and p95 of each and the difference of the medians. The hub's rate limits are
 * raised for the run; everything else is the production path.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HubAdmin } from '../hub/admin/admin-commands';
import { createHubLogger } from '../hub/server/hub-logger';
import { launchHub } from '../hub/server/start-hub';
import { UNLIMITED_LOOKUPS } from './bench-hub-support';
import { percentile, writeResults } from './bench-support';

const PAIRS = Number(process.env.OKNO_BENCH_PAIRS ?? 500);
/** An application of `mfc-demo-03` (region `demo-phone`, phone digits 4321) and a number that does not exist. */
const EXISTING = 'КУВД-003/2025-7788990';
const MISSING = 'КУВД-003/2025-7788991';

const dir = await mkdtemp(path.join(tmpdir(), 'okno-bench-factor-'));
const hub = await launchHub({
  dbPath: path.join(dir, 'hub.sqlite'),
  seedDemo: true,
  config: UNLIMITED_LOOKUPS,
  logger: createHubLogger({ level: 'warn' }),
});
try {
  const code = await new HubAdmin(hub.repository).createCode('mfc-demo-03', 1, 'kiosk-bench-factor');
  const enrolled = (await (
    await fetch(`${hub.url}/v1/kiosks/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kioskId: 'kiosk-bench-factor', enrollmentCode: code.code }),
    })
  ).json()) as { kioskId: string; credential: string };
  const headers = {
    'content-type': 'application/json',
    authorization: `Bearer ${enrolled.credential}`,
    'x-okno-kiosk': enrolled.kioskId,
  };
  const bodies = new Set<string>();
  const ask = async (applicationNumber: string, digits: string): Promise<number> => {
    const started = performance.now();
    const response = await fetch(`${hub.url}/v1/status/lookup`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ applicationNumber, secondFactor: { kind: 'phone_last4', value: digits } }),
    });
    const text = await response.text();
    const ms = performance.now() - started;
    bodies.add(`${response.status} ${text}`);
    return ms;
  };
  // Warm-up, then the measured pairs, in alternating order.
  for (let i = 0; i < 50; i += 1) await ask(i % 2 ? EXISTING : MISSING, '0000');
  const existing: number[] = [];
  const missing: number[] = [];
  for (let i = 0; i < PAIRS; i += 1) {
    const digits = String(i % 4000).padStart(4, '0');
    if (i % 2 === 0) {
      existing.push(await ask(EXISTING, digits === '4321' ? '4320' : digits));
      missing.push(await ask(MISSING, digits));
    } else {
      missing.push(await ask(MISSING, digits));
      existing.push(await ask(EXISTING, digits === '4321' ? '4320' : digits));
    }
  }
  const figures = (samples: number[]) => ({
    p50: round(percentile(samples, 50)),
    p95: round(percentile(samples, 95)),
  });
  const results = {
    pairs: PAIRS,
    answers: [...bodies],
    existingWrongFactorMs: figures(existing),
    missingNumberMs: figures(missing),
    medianDifferenceMs: round(percentile(existing, 50) - percentile(missing, 50)),
  };
  console.log(JSON.stringify(results, null, 2));
  console.log(`wrote ${writeResults('second-factor-timing', results)}`);
  if (bodies.size !== 1) {
    console.error('the two lookups answered differently');
    process.exitCode = 1;
  }
} finally {
  await hub.close();
  await rm(dir, { recursive: true, force: true });
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
