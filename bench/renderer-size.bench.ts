/**
 * Renderer JS size: builds the touch UI with Vite (the kiosk's own config) into a temporary
 * directory and reports, gzipped (level 9, as a server would send it; the kiosk reads it from
 * disk, so this is the measure of what a visitor's first screen parses): the entry chunk plus
 * every chunk it imports statically (what the first screen loads), and each language's chunk,
 * loaded only when a visitor picks that language. Goal: first screen ≤ 150 KB.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Manifest } from 'vite';
import { findAppRoot } from '../electron/services/app-root';
import { writeResults } from './bench-support';

const GOAL_KB = 150;
const root = findAppRoot().dir;
const outDir = mkdtempSync(path.join(tmpdir(), 'okno-renderer-size-'));

try {
  await build({
    configFile: path.join(root, 'renderer', 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, manifest: true },
  });
  const manifest = JSON.parse(readFileSync(path.join(outDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
  const gzippedKb = (file: string) => gzipSync(readFileSync(path.join(outDir, file)), { level: 9 }).length / 1024;

  // The first screen: the entry and, transitively, its static imports (never its dynamic ones).
  const entryKey = Object.keys(manifest).find((key) => manifest[key]?.isEntry === true);
  if (entryKey === undefined) throw new Error('the build has no entry chunk');
  const eager = new Set<string>();
  const visit = (key: string) => {
    if (eager.has(key)) return;
    eager.add(key);
    for (const imported of manifest[key]?.imports ?? []) visit(imported);
  };
  visit(entryKey);
  const eagerFiles = [...eager].map((key) => manifest[key]?.file ?? '').filter((file) => file.endsWith('.js'));
  const firstScreenKb = eagerFiles.reduce((sum, file) => sum + gzippedKb(file), 0);

  // Each language's chunk, by its catalog's index module.
  const languages: Record<string, number> = {};
  for (const [key, chunk] of Object.entries(manifest)) {
    const match = /i18n\/catalogs\/([a-z]{2})\/index\.ts$/u.exec(key);
    if (match?.[1] !== undefined && chunk.isDynamicEntry === true) languages[match[1]] = gzippedKb(chunk.file);
  }
  const allJsKb = Object.values(manifest)
    .map((chunk) => chunk.file)
    .filter((file, index, files) => file.endsWith('.js') && files.indexOf(file) === index)
    .reduce((sum, file) => sum + gzippedKb(file), 0);

  const round = (kb: number) => Math.round(kb * 10) / 10;
  const results = {
    firstScreenGzippedKb: round(firstScreenKb),
    goalKb: GOAL_KB,
    withinGoal: firstScreenKb <= GOAL_KB,
    eagerChunks: eagerFiles.map((file) => ({ file: path.basename(file), gzippedKb: round(gzippedKb(file)) })),
    languageChunksGzippedKb: Object.fromEntries(Object.entries(languages).map(([code, kb]) => [code, round(kb)])),
    allJsGzippedKb: round(allJsKb),
  };
  console.log(
    `renderer JS gzipped: first screen ${results.firstScreenGzippedKb} KB (goal ≤ ${GOAL_KB} KB, ${eagerFiles.length} chunks); ` +
      `languages on demand: ${Object.entries(results.languageChunksGzippedKb)
        .map(([code, kb]) => `${code} ${kb} KB`)
        .join(', ')}; all JS ${results.allJsGzippedKb} KB`,
  );
  console.log(`results: ${writeResults('renderer-size', results)}`);
  if (!results.withinGoal || Object.keys(languages).length === 0) process.exitCode = 1;
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
