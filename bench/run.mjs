// `npm run bench`: bundles each bench/*.bench.ts with esbuild and runs it in Node, one after
// another (benchmarks on a 2-core machine must not compete). Each writes JSON to bench/results/.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const all = readdirSync(here).filter((name) => name.endsWith('.bench.ts'));
const baseOf = (name) => name.slice(0, -'.bench.ts'.length);
// A whole name picks that bench only (`hub-rate` is not also `hub-rate-flush`); a part picks every bench containing it.
const picks = (name, o) => (all.some((n) => baseOf(n) === o) ? baseOf(name) === o : name.includes(o));
const benches = all.filter((name) => only.length === 0 || only.some((o) => picks(name, o)));
// Bundles go inside the repo so that their bare imports resolve from node_modules.
const out = path.join(here, '..', 'dist', 'bench');
mkdirSync(out, { recursive: true });
let failed = 0;
for (const name of benches) {
  const outfile = path.join(out, name.replace(/\.ts$/, '.mjs'));
  await build({
    entryPoints: [path.join(here, name)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  console.log(`\n== ${name}`);
  const status = spawnSync(process.execPath, [outfile], { stdio: 'inherit', cwd: path.dirname(here) }).status;
  if (status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
