// Set-up that `npm start`, `npm test` and `npm run bench` run first, with no dependencies of
// its own (it runs before node_modules exists): npm packages, then Debian packages.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { postgresBinDir } from './postgres-bin.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Runs a command with inherited output; returns its exit status. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

/** Installs the npm dependencies when node_modules is missing or older than the lock file. */
export function ensureNodeModules() {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  const stale = !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs);
  if (!stale) return;
  // `npm install` with the committed lock file. The lock is committed exactly as this npm writes
  // it (with other platforms' optional packages, npm/cli#8320), so the install leaves it
  // unchanged and a fresh clone's `git status` clean; test/integration/lock-file.test.ts checks it.
  console.log('okno: installing npm dependencies (npm install, from package-lock.json)…');
  if (run('npm', ['install', '--no-audit', '--no-fund']) !== 0) {
    console.error('okno: npm install failed; see the output above');
    process.exit(1);
  }
}

/** Which Debian package provides each command we need. */
export const packagesByCommand = {
  socat: 'socat',
  chromium: 'chromium',
  // Voice guidance: the kiosk speaks offline with Debian's espeak-ng (docs/accessibility/voice.md).
  'espeak-ng': 'espeak-ng',
  // Its volume and headphone jack (`amixer`), recorded prompts (`aplay`).
  amixer: 'alsa-utils',
  // The kiosk session's escape tests (test/kiosk-session/): cage headless, keys and screenshots
  // under Wayland; Xvfb and xdotool for the X11 variant.
  cage: 'cage',
  // cage 0.1.4 does not start without Xwayland.
  Xwayland: 'xwayland',
  grim: 'grim',
  Xvfb: 'xvfb',
  xdotool: 'xdotool',
  xdpyinfo: 'x11-utils',
  // The supervision test's stand-in for systemd's notify socket (test/support/fake-systemd.ts).
  python3: 'python3',
  // The package test (test/package/): a clean Debian root, lintian, and what packaging runs.
  mmdebstrap: 'mmdebstrap',
  lintian: 'lintian',
  strip: 'binutils',
  'systemd-analyze': 'systemd',
  // The hub's PostgreSQL store's tests start a throwaway server (test/support/postgres.ts).
  initdb: 'postgresql',
  // The hub's two-instance test runs HAProxy in front (test/support/haproxy.ts) on a
  // self-signed certificate.
  haproxy: 'haproxy',
  openssl: 'openssl',
};

/** The commands `npm start` and `npm run bench` need: the simulators' PTYs, the browser, the voice and its mixer. */
export const startCommands = ['socat', 'chromium', 'espeak-ng', 'amixer'];
/** The commands `npm test` needs: every one above. */
export const testCommands = Object.keys(packagesByCommand);
/** Fonts with Cyrillic for the UI and the paper previews. */
const extraPackages = ['fonts-dejavu-core'];

function hasCommand(command) {
  // PostgreSQL's server programs are not on PATH (scripts/postgres-bin.mjs).
  if (command === 'initdb') return postgresBinDir() !== undefined;
  // Debian puts haproxy in /usr/sbin, which is not on every user's PATH.
  if (command === 'haproxy') return existsSync('/usr/sbin/haproxy') || existsSync('/usr/bin/haproxy');
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Makes sure the system commands exist; installs them with apt-get when running as root on
 * Debian, else stops with the exact command to run.
 */
export function ensureSystemCommands(commands) {
  const missing = commands.filter((command) => !hasCommand(command));
  if (missing.length === 0) return;
  const packages = [...missing.map((command) => packagesByCommand[command] ?? command), ...extraPackages];
  const command = `apt-get update && apt-get install -y ${packages.join(' ')}`;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !hasCommand('apt-get')) {
    console.error(`okno: missing ${missing.join(', ')}. Install with:\n  sudo sh -c '${command}'`);
    process.exit(1);
  }
  console.log(`okno: installing ${packages.join(', ')} with apt-get…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (
    run('apt-get', ['update', '-qq'], { env }) !== 0 ||
    run('apt-get', ['install', '-y', '-qq', ...packages], { env }) !== 0
  ) {
    console.error(`okno: apt-get failed. Try by hand:\n  ${command}`);
    process.exit(1);
  }
}
