// Builds what the kiosk runs: the renderer (Vite) and the main-side bundles (esbuild).
import path from 'node:path';
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { root } from './setup.mjs';

const started = Date.now();
await viteBuild({ configFile: path.join(root, 'renderer', 'vite.config.ts'), logLevel: 'warn' });

const node = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };
await Promise.all([
  // Electron's main process: ESM; dependencies stay in node_modules (native modules among them).
  esbuild({
    ...node,
    entryPoints: [path.join(root, 'electron/shell/main.ts')],
    outfile: path.join(root, 'dist/electron/main.js'),
    format: 'esm',
    packages: 'external',
  }),
  // The sandboxed preload can require nothing but electron: everything else is bundled in, as CommonJS.
  esbuild({
    ...node,
    entryPoints: [path.join(root, 'electron/preload/preload.ts')],
    outfile: path.join(root, 'dist/electron/preload.cjs'),
    format: 'cjs',
    external: ['electron'],
  }),
  // The embedded demo hub as a Node process of its own, for the Electron shell.
  esbuild({
    ...node,
    entryPoints: [path.join(root, 'electron/services/hub/embedded-hub-child.ts')],
    outfile: path.join(root, 'dist/hub/embedded-hub-child.js'),
    format: 'esm',
    packages: 'external',
  }),
  // The browser host.
  esbuild({
    ...node,
    entryPoints: [path.join(root, 'electron/host/main.ts')],
    outfile: path.join(root, 'dist/host/main.js'),
    format: 'esm',
    packages: 'external',
  }),
]);
console.log(`okno: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
