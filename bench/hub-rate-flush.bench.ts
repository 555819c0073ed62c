/**
 * What the lookup log costs the hub's event loop (issue 18's tail), with and without the
 * background writer, back to back on the same machine: 300 rounds of 500 `appendLookupLog` calls
 * (the batch size that triggers a flush) on a real SQLite file, each round's synchronous time on
 * the calling thread. Without the writer that is the insert transaction, its fsync
 * (`synchronous = FULL`) and every auto-checkpoint; with it, handing the batch to the worker.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { openSqliteDatabase } from '../hub/db/sqlite/open-sqlite-database';
import { SqliteBackgroundWriter } from '../hub/db/sqlite/sqlite-background-writer';
import { SqliteHubRepository } from '../hub/db/sqlite/sqlite-hub-repository';
import { summarise, writeResults } from './bench-support';

const ROUNDS = 300;
const BATCH = 500;
type Mode = 'fixes-off' | 'shipped';

const runs: { mode: Mode; blockMs: ReturnType<typeof summarise>; totalMs: number; loadAverage1m: number }[] = [];
for (const mode of ['fixes-off', 'shipped', 'fixes-off', 'shipped'] as const) {
  const dir = await mkdtemp(path.join(tmpdir(), 'okno-bench-flush-'));
  const file = path.join(dir, 'hub.sqlite');
  const { db } = openSqliteDatabase(file);
  const backgroundWriter = mode === 'shipped' ? await SqliteBackgroundWriter.start(file) : undefined;
  // Only the 500-entry threshold flushes (no timer), as at 5,000 lookups a second.
  const repository = new SqliteHubRepository(db, {
    bufferFlushMs: 3_600_000,
    ...(backgroundWriter ? { backgroundWriter } : {}),
  });
  const rounds: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    for (let n = 0; n < BATCH; n++) {
      await repository.appendLookupLog({
        at: new Date().toISOString(),
        kioskId: `bench-kiosk-${n}`,
        maskedNumber: '******1234',
        outcome: 'found',
      });
    }
    rounds.push(performance.now() - start);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await repository.close();
  await rm(dir, { recursive: true, force: true });
  const totalMs = Math.round(rounds.reduce((sum, ms) => sum + ms, 0));
  runs.push({ mode, blockMs: summarise(rounds), totalMs, loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100 });
}
const file = writeResults('hub-rate-flush', {
  rounds: ROUNDS,
  entriesPerRound: BATCH,
  runs,
  note: 'Time on the calling thread per 500 lookup-log entries; the load average shows the other work on the machine.',
});
for (const run of runs) {
  console.log(
    `${run.mode.padEnd(9)}: per ${BATCH} entries p50 ${run.blockMs.p50} ms, p99 ${run.blockMs.p99} ms, max ${run.blockMs.max} ms; ${run.totalMs} ms in all; load ${run.loadAverage1m}`,
  );
}
console.log(`→ ${path.relative(process.cwd(), file)}`);
