// `npm run package`: the kiosk's packages in release/. Always `okno` (dpkg-deb, scripts/package-deb.mjs):
// the session, the kiosk user, the policies and the browser-host runtime. With Electron's binary
// downloaded (node_modules/electron/dist, see docs/operations/install-kiosk.md) also
// `okno-electron` (electron-builder, fuses flipped: build/electron-builder.yml), which depends
// on `okno` and which the session's launcher then runs instead of the browser host.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildBrowserHostDeb } from './package-deb.mjs';
import { ensureNodeModules, root, run } from './setup.mjs';

ensureNodeModules();
if (run(process.execPath, [path.join(root, 'scripts/build.mjs')]) !== 0) process.exit(1);

const electronDir = path.join(root, 'node_modules', 'electron');
const pathFile = path.join(electronDir, 'path.txt');
const electron = existsSync(pathFile)
  ? path.join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim())
  : undefined;

const deb = buildBrowserHostDeb({ outDir: 'release' });
console.log(`okno: built ${path.relative(root, deb)} (the session and the browser-host runtime)`);

if (electron !== undefined && existsSync(electron)) {
  console.log('okno: packaging the Electron shell (electron-builder, fuses set)');
  const status = run('npx', [
    'electron-builder',
    '--config',
    'build/electron-builder.yml',
    '--linux',
    'deb',
    `-c.electronDist=${path.dirname(electron)}`,
  ]);
  process.exit(status);
}
console.log('okno: no Electron binary here: no okno-electron package (the kiosk runs the browser host)');
