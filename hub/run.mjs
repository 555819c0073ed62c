// Bundles the hub's command-line entries with esbuild into dist/hub/ and, unless the command is
// `build`, runs one:  node hub/run.mjs main [--port 8080 …]  |  node hub/run.mjs admin list-kiosks
// Dependencies stay in node_modules (better-sqlite3 is native). Deployments run the bundles
// directly: node dist/hub/main.js.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);
const [command = 'main', ...rest] = process.argv.slice(2);
const entries = { main: 'main.ts', admin: 'admin.ts' };
if (command !== 'build' && !(command in entries)) {
  process.stderr.write('usage: node hub/run.mjs build | main [flags] | admin <command>\n');
  process.exit(2);
}
await build({
  entryPoints: Object.values(entries).map((file) => path.join(here, file)),
  outdir: path.join(root, 'dist', 'hub'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
if (command === 'build') process.exit(0);
const bundle = path.join(root, 'dist', 'hub', entries[command].replace(/\.ts$/, '.js'));
const result = spawnSync(process.execPath, ['--enable-source-maps', bundle, ...rest], { stdio: 'inherit' });
process.exit(result.status ?? 1);
