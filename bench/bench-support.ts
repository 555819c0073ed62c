import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findAppRoot } from '../electron/services/app-root';

/** Percentile of sorted-or-not samples (nearest rank). */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** Writes a benchmark's results as JSON under bench/results/ and returns the path. */
export function writeResults(name: string, results: Record<string, unknown>): string {
  const dir = path.join(findAppRoot().dir, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  const machine = { node: process.version, platform: process.platform, arch: process.arch };
  writeFileSync(file, `${JSON.stringify({ name, at: new Date().toISOString(), machine, ...results }, null, 2)}\n`);
  return file;
}
