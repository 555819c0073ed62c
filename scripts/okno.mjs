// The one entry behind `npm start`, `npm test` and `npm run bench`: set up what is missing,
// build, then run. Dependency-free so it works on a fresh clone before `npm ci`.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ensureNodeModules, ensureSystemCommands, root, run, startCommands, testCommands } from './setup.mjs';

const [command = 'start', ...rest] = process.argv.slice(2);

function build() {
  if (run(process.execPath, [path.join(root, 'scripts/build.mjs')]) !== 0) process.exit(1);
}

/** The Electron binary, when the electron package has downloaded it (never triggers a download). */
function electronBinary() {
  const dir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

function start() {
  ensureNodeModules();
  ensureSystemCommands(startCommands);
  build();
  const electron = electronBinary();
  const display = process.env.DISPLAY || process.env.WAYLAND_DISPLAY;
  if (electron && display) {
    console.log('Okno: Electron kiosk window (simulated devices unless OKNO_CONFIG says otherwise)');
    process.exit(run(electron, [path.join(root, 'dist/electron/main.js'), ...rest]));
  }
  process.exit(run(process.execPath, [path.join(root, 'dist/host/main.js'), ...rest]));
}

function test() {
  ensureNodeModules();
  ensureSystemCommands(testCommands);
  build();
  const steps = [
    ['typecheck', 'npx', ['tsc', '-p', 'tsconfig.node.json', '--noEmit']],
    ['typecheck (renderer)', 'npx', ['tsc', '-p', 'tsconfig.web.json', '--noEmit']],
    ['typecheck (renderer tests)', 'npx', ['tsc', '-p', 'tsconfig.web-tests.json', '--noEmit']],
    ['lint', 'npx', ['biome', 'ci', '.']],
    ['layers', 'npm', ['run', '--silent', 'lint:layers']],
  ];
  const failedSteps = [];
  for (const [name, bin, args] of steps) {
    console.log(`\nokno: ${name}`);
    if (run(bin, args) !== 0) failedSteps.push(name);
  }
  mkdirSync(path.join(root, 'test-artifacts'), { recursive: true });
  const report = path.join(root, 'test-artifacts', 'vitest.json');
  console.log('\nokno: vitest (unit, integration, end-to-end)');
  const vitestStatus = run('npx', [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile=${report}`,
    ...rest,
  ]);
  let passed = 0;
  let failed = 0;
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    passed = json.numPassedTests ?? 0;
    failed = (json.numFailedTests ?? 0) + (json.numFailedTestSuites ?? 0);
  }
  if (vitestStatus !== 0) failedSteps.push('vitest');
  if (vitestStatus !== 0 && failed === 0) failed = 1;
  if (failedSteps.length > 0) console.log(`\nokno: failed steps: ${failedSteps.join(', ')}`);
  console.log(`\n${passed} passed, ${failed + failedSteps.filter((s) => s !== 'vitest').length} failed`);
  process.exit(failedSteps.length === 0 ? 0 : 1);
}

function bench() {
  ensureNodeModules();
  ensureSystemCommands(startCommands);
  build();
  process.exit(run(process.execPath, [path.join(root, 'bench/run.mjs'), ...rest]));
}

const commands = { start, test, bench };
if (!(command in commands)) {
  console.error(`okno: unknown command "${command}" (start, test, bench)`);
  process.exit(2);
}
commands[command]();
