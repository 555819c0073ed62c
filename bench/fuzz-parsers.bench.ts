/**
 * Fuzz benchmark of the parsers of device bytes and scanned codes (`fuzz-targets.ts`): a million
 * cases per parser by default (`OKNO_FUZZ_CASES`), half of them random bytes and half mutated
 * valid inputs. It reports cases per second (wall clock, and per CPU second, which a busy machine
 * does not skew) and the slowest case per parser, and fails (exit 1) if any case threw, printing
 * the first such case as hex to reproduce it, or if one case takes over 250 ms (work that grows
 * too fast with the input). Each parser runs in a worker thread that publishes the case in hand:
 * a parser that hangs (no progress for `OKNO_FUZZ_HANG_MS`, 10 s) is stopped and reported with
 * that case. The generator is seeded (`OKNO_FUZZ_SEED`), so a run can be repeated exactly.
 *
 * Run: `node bench/run.mjs fuzz` (or `npm run bench -- fuzz`). Results: bench/results/fuzz-parsers.json.
 */
import path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { writeResults } from './bench-support';
import { type FuzzTarget, fuzzTargets } from './fuzz-targets';

const CASES = Number(process.env.OKNO_FUZZ_CASES ?? 1_000_000);
const SEED = Number(process.env.OKNO_FUZZ_SEED ?? 0x5eed);
/** A single case slower than this is reported as a possible hang. */
const SLOW_CASE_MS = 250;
const WARM_UP_CASES = 1000;
/** A parser making no progress for this long is stopped and reported as hung. */
const HANG_MS = Number(process.env.OKNO_FUZZ_HANG_MS ?? 10_000);
/** Room for the case in hand in the buffer shared with the main thread. */
const CASE_BYTES = 1 << 16;
/** Bytes that steer parsers into their interesting branches when inserted by a mutation. */
const DICTIONARY = [0x0d, 0x0a, 0x09, 0x1d, 0x1b, 0x10, 0x5d, 0x7c, 0x3d, 0x28, 0x29, 0x30, 0x31, 0x32, 0x00, 0xff];

/** xorshift32: fast, seedable, good enough to pick bytes. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
}

/** Makes the next case: random bytes, or a seed with a few mutations. */
function caseMaker(target: FuzzTarget, next: () => number): () => Uint8Array {
  const maxLength = target.maxLength ?? 64;
  const seeds = target.seeds ?? [];
  const scratch = new Uint8Array(Math.max(maxLength, ...seeds.map((s) => s.length)) + 16);
  return () => {
    const r = next();
    if (seeds.length === 0 || (r & 1) === 0) {
      const length = (r >>> 1) % (maxLength + 1);
      for (let i = 0; i < length; i += 4) {
        const word = next();
        scratch[i] = word;
        scratch[i + 1] = word >>> 8;
        scratch[i + 2] = word >>> 16;
        scratch[i + 3] = word >>> 24;
      }
      return scratch.slice(0, length);
    }
    const seed = seeds[(r >>> 1) % seeds.length] ?? new Uint8Array();
    const bytes = Array.from(seed);
    const mutations = 1 + ((r >>> 8) % 4);
    for (let m = 0; m < mutations; m++) {
      const pick = next();
      const at = bytes.length === 0 ? 0 : (pick >>> 4) % bytes.length;
      switch (pick & 3) {
        case 0:
          bytes[at] = (pick >>> 20) & 0xff;
          break;
        case 1:
          bytes.splice(at, 0, DICTIONARY[(pick >>> 20) % DICTIONARY.length] ?? 0);
          break;
        case 2:
          bytes.splice(at, 1 + ((pick >>> 20) % 8));
          break;
        default:
          bytes.length = Math.min(bytes.length, at);
      }
    }
    return Uint8Array.from(bytes);
  };
}

interface TargetResult {
  name: string;
  cases: number;
  seconds: number;
  casesPerSecond: number;
  /** CPU time (user + system) of the loop: the figure to compare when the machine is busy. */
  cpuSeconds: number;
  casesPerCpuSecond: number;
  slowestCaseMs: number;
  exceptions: number;
  firstFailure?: { caseHex: string; error: string };
  /** The parser stopped making progress on this case (it was then stopped). */
  hung?: { caseHex: string; afterCases: number };
}

/** Where a worker publishes its progress: cases done and the case in hand (length, bytes). */
interface Progress {
  counters: Int32Array;
  caseBytes: Uint8Array;
}

function sharedProgress(buffer: SharedArrayBuffer): Progress {
  return { counters: new Int32Array(buffer, 0, 2), caseBytes: new Uint8Array(buffer, 8, CASE_BYTES) };
}

function fuzz(target: FuzzTarget, progress: Progress): TargetResult {
  const next = random(SEED ^ hash(target.name));
  const make = caseMaker(target, next);
  let exceptions = 0;
  let firstFailure: TargetResult['firstFailure'];
  let slowest = 0;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < CASES; i++) {
    const bytes = make();
    const length = Math.min(bytes.length, CASE_BYTES);
    progress.caseBytes.set(bytes.subarray(0, length));
    Atomics.store(progress.counters, 1, length);
    Atomics.store(progress.counters, 0, i);
    const before = performance.now();
    try {
      target.run(bytes);
    } catch (error) {
      exceptions++;
      firstFailure ??= {
        caseHex: Buffer.from(bytes).toString('hex'),
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      };
    }
    let took = performance.now() - before;
    // The first cases run before the JIT has compiled the parser: not a hang.
    if (i < WARM_UP_CASES) continue;
    // On a busy machine a case may just have been descheduled: time it again before calling it slow.
    if (took > SLOW_CASE_MS) took = Math.min(took, retime(target, bytes));
    if (took > slowest) slowest = took;
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const result: TargetResult = {
    name: target.name,
    cases: CASES,
    seconds: round(seconds),
    casesPerSecond: Math.round(CASES / seconds),
    cpuSeconds: round(cpuSeconds),
    casesPerCpuSecond: Math.round(CASES / cpuSeconds),
    slowestCaseMs: round(slowest),
    exceptions,
  };
  if (firstFailure) result.firstFailure = firstFailure;
  return result;
}

/** The fastest of three more runs of a case, in ms (a throw counts as done). */
function retime(target: FuzzTarget, bytes: Uint8Array): number {
  let fastest = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 3; run++) {
    const before = performance.now();
    try {
      target.run(bytes);
    } catch {
      // Counted on the first run.
    }
    fastest = Math.min(fastest, performance.now() - before);
  }
  return fastest;
}

function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const round = (value: number) => Number(value.toFixed(3));

/** Runs one target in a worker thread, watching that it makes progress. */
function runInWorker(index: number, target: FuzzTarget): Promise<TargetResult> {
  const buffer = new SharedArrayBuffer(8 + CASE_BYTES);
  const progress = sharedProgress(buffer);
  const worker = new Worker(new URL(import.meta.url), { workerData: { index, buffer } });
  return new Promise((resolve) => {
    let lastCount = -1;
    let lastChange = Date.now();
    const finish = (result: TargetResult) => {
      clearInterval(watch);
      void worker.terminate();
      resolve(result);
    };
    const watch = setInterval(() => {
      const count = Atomics.load(progress.counters, 0);
      if (count !== lastCount) {
        lastCount = count;
        lastChange = Date.now();
        return;
      }
      if (Date.now() - lastChange < HANG_MS) return;
      const length = Atomics.load(progress.counters, 1);
      const caseHex = Buffer.from(progress.caseBytes.subarray(0, length)).toString('hex');
      finish({
        ...emptyResult(target.name),
        hung: { caseHex, afterCases: count },
      });
    }, 250);
    worker.once('message', (result: TargetResult) => finish(result));
    worker.once('error', (error) =>
      finish({ ...emptyResult(target.name), exceptions: 1, firstFailure: { caseHex: '', error: String(error) } }),
    );
  });
}

function emptyResult(name: string): TargetResult {
  return {
    name,
    cases: 0,
    seconds: 0,
    casesPerSecond: 0,
    cpuSeconds: 0,
    casesPerCpuSecond: 0,
    slowestCaseMs: 0,
    exceptions: 0,
  };
}

async function main(): Promise<void> {
  const results: TargetResult[] = [];
  console.log(`fuzzing ${fuzzTargets.length} parsers, ${CASES.toLocaleString('en')} cases each (seed ${SEED})`);
  for (const [index, target] of fuzzTargets.entries()) {
    const result = await runInWorker(index, target);
    results.push(result);
    const flags = [
      result.hung ? `HUNG after ${result.hung.afterCases} cases, on ${result.hung.caseHex}` : '',
      result.exceptions > 0
        ? `${result.exceptions} EXCEPTIONS, first: ${result.firstFailure?.error} on ${result.firstFailure?.caseHex}`
        : '',
      result.slowestCaseMs > SLOW_CASE_MS ? `slowest case ${result.slowestCaseMs} ms: too slow` : '',
    ].filter((f) => f !== '');
    console.log(
      `${target.name.padEnd(24)} ${result.casesPerSecond.toLocaleString('en').padStart(11)} cases/s (${result.casesPerCpuSecond.toLocaleString('en')} per CPU s)  ${String(result.seconds).padStart(7)} s  slowest ${result.slowestCaseMs} ms${flags.length > 0 ? `  ${flags.join('; ')}` : ''}`,
    );
  }
  const failed = results.filter((r) => r.hung || r.exceptions > 0 || r.slowestCaseMs > SLOW_CASE_MS);
  const file = writeResults('fuzz-parsers', { casesPerTarget: CASES, seed: SEED, targets: results });
  console.log(
    `${failed.length === 0 ? 'no exception, no hang, no slow case' : `${failed.length} parser(s) failed: ${failed.map((r) => r.name).join(', ')}`} → ${path.relative(process.cwd(), file)}`,
  );
  process.exit(failed.length === 0 ? 0 : 1);
}

if (isMainThread) {
  await main();
} else {
  const { index, buffer } = workerData as { index: number; buffer: SharedArrayBuffer };
  const target = fuzzTargets[index];
  if (target === undefined) throw new Error(`no fuzz target ${index}`);
  parentPort?.postMessage(fuzz(target, sharedProgress(buffer)));
}
