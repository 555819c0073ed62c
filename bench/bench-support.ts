import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findAppRoot } from '../electron/services/app-root';

/** Nearest-rank percentile of samples sorted ascending; 0 when there are none. */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/** Nearest-rank percentile of samples in any order; NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  return percentileOfSorted(Float64Array.from(samples).sort(), p);
}

/** p50, p99 and max of latency samples (ms), nearest rank, rounded to 0.1 ms; zeros when empty. */
export interface LatencySummary {
  p50: number;
  p99: number;
  max: number;
}

/** The `LatencySummary` of samples in any order. */
export function summarise(samples: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(samples).sort();
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    p50: round(percentileOfSorted(sorted, 50)),
    p99: round(percentileOfSorted(sorted, 99)),
    max: round(sorted.length === 0 ? 0 : (sorted[sorted.length - 1] as number)),
  };
}

/** The file of a benchmark's results: bench/results/<name>.json. */
function resultsFile(name: string): string {
  return path.join(findAppRoot().dir, 'bench', 'results', `${name}.json`);
}

/** A benchmark's results written before (parsed JSON, for its caller to validate), or undefined. */
export function readResults(name: string): unknown {
  const file = resultsFile(name);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

/** Writes a benchmark's results as JSON under bench/results/ and returns the path. */
export function writeResults(name: string, results: Record<string, unknown>): string {
  const file = resultsFile(name);
  mkdirSync(path.dirname(file), { recursive: true });
  const machine = { node: process.version, platform: process.platform, arch: process.arch };
  writeFileSync(file, `${JSON.stringify({ name, at: new Date().toISOString(), machine, ...results }, null, 2)}\n`);
  return file;
}
