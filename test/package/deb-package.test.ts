import { type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAppRoot } from '../../electron/services/app-root';

/**
 * The browser-host .deb (scripts/package-deb.mjs), installed into a clean Debian 12 root made by
 * mmdebstrap: its files, owners and modes, the kiosk user, the masked units, the native modules
 * loading as the kiosk user, a second install changing nothing, a purge giving tty1 back, the
 * units checked by systemd-analyze, and lintian without errors. Needs root (chroot, file owners),
 * as on CI.
 */
const repo = findAppRoot().dir;
const isRoot = process.getuid?.() === 0;
if (!isRoot) {
  process.stderr.write('test/package/deb-package.test.ts: SKIPPED, needs root (chroot, dpkg into a Debian root)\n');
}

/** What the root gets from Debian: the package's dependencies but cage, chromium and Xwayland (large; forced). */
const rootPackages = [
  'adduser',
  'alsa-utils',
  'espeak-ng',
  'systemd',
  'libstdc++6',
  'libgcc-s1',
  'libudev1',
  'libusb-1.0-0',
];
const forcedDependencies = ['cage', 'chromium', 'xwayland'];
const rootArgs = ['--variant=minbase', `--include=${rootPackages.join(',')}`, '--quiet', 'bookworm'];
/** Older than this, the cached root is made again (security updates, a changed archive). */
const rootMaxAgeMs = 7 * 24 * 3600 * 1000;

function run(command: string, args: string[], input?: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, { encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024 });
}

function ok(command: string, args: string[]): string {
  const result = run(command, args);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

/**
 * A tarball of the clean root, made once and reused: every run unpacks a fresh copy, so nothing a
 * test does to its root reaches the cache. Written under a temporary name, then renamed.
 */
function cachedRootTarball(): string {
  const cacheDir =
    process.env.OKNO_PACKAGE_TEST_CACHE ??
    path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'okno', 'package-test');
  const key = createHash('sha256').update(rootArgs.join(' ')).digest('hex').slice(0, 16);
  const tarball = path.join(cacheDir, `debian-bookworm-${key}.tar`);
  if (existsSync(tarball) && Date.now() - statSync(tarball).mtimeMs < rootMaxAgeMs) return tarball;
  mkdirSync(cacheDir, { recursive: true });
  const partial = `${tarball}.${process.pid}.partial`;
  ok('mmdebstrap', ['--format=tar', ...rootArgs, partial]);
  renameSync(partial, tarball);
  return tarball;
}

/** dpkg-query's format for one field of the package's status. */
function field(name: string): string {
  return `-f=\${${name}}`;
}

function lintianErrors(deb: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('lintian', ['--tag-display-limit', '0', deb], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', () => resolve(out.split('\n').filter((line) => line.startsWith('E: '))));
  });
}

describe.skipIf(!isRoot)('the kiosk .deb installed into a clean Debian 12 root', () => {
  let work: string;
  let deb: string;
  let root: string;
  let lintian: Promise<string[]>;

  const inRoot = (...args: string[]) => run('chroot', [root, ...args]);
  const at = (file: string) => path.join(root, file);
  const modeOf = (file: string) => statSync(at(file)).mode & 0o7777;
  const passwd = () => readFileSync(at('etc/passwd'), 'utf8');
  const kioskIds = () => {
    const line = passwd()
      .split('\n')
      .find((entry) => entry.startsWith('kiosk:'));
    const [, , uid, gid, , home, shell] = (line ?? '').split(':');
    return { uid: Number(uid), gid: Number(gid), home, shell, line };
  };
  const members = (group: string) =>
    (
      readFileSync(at('etc/group'), 'utf8')
        .split('\n')
        .find((entry) => entry.startsWith(`${group}:`)) ?? ''
    )
      .split(':')[3]
      ?.split(',') ?? [];

  beforeAll(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'okno-package-'));
    if (!existsSync(path.join(repo, 'dist/host/main.js'))) ok(process.execPath, [path.join(repo, 'scripts/build.mjs')]);
    ok(process.execPath, [path.join(repo, 'scripts/package-deb.mjs'), '--out', work, '--compression', 'gzip']);
    deb = path.join(work, `okno_${findAppRoot().version}_amd64.deb`);
    // lintian takes the longest: it runs while the root is made and the package installed.
    lintian = lintianErrors(deb);
    root = path.join(work, 'root');
    mkdirSync(root);
    ok('tar', ['-xf', cachedRootTarball(), '-C', root]);
    // Stand-ins for the forced dependencies' commands, so systemd-analyze can check ExecStart=.
    for (const command of ['usr/bin/cage', 'usr/bin/xinit']) writeFileSync(at(command), '#!/bin/sh\n', { mode: 0o755 });
    writeFileSync(at('tmp/okno.deb'), readFileSync(deb));
  }, 600_000);

  afterAll(() => {
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  it('installs with only cage, chromium and Xwayland missing (forced), and configures', () => {
    const install = inRoot('dpkg', '--force-depends', '-i', '/tmp/okno.deb');
    expect(install.status, install.stderr).toBe(0);
    expect(inRoot('dpkg-query', '-W', field('Status'), 'okno').stdout).toBe('install ok installed');
    const depends = inRoot('dpkg-query', '-W', field('Depends'), 'okno')
      .stdout.split(',')
      .map((entry) => entry.trim().split(' ')[0] ?? '');
    const installed = (name: string) =>
      inRoot('dpkg-query', '-W', field('Status'), name).stdout === 'install ok installed';
    const missing = depends.filter((name) => !installed(name));
    expect(missing.sort()).toEqual(forcedDependencies);
  });

  it('creates the kiosk system user, in the groups owning the devices', () => {
    const kiosk = kioskIds();
    expect(kiosk.line, 'no kiosk user in /etc/passwd').toBeDefined();
    expect(kiosk.uid).toBeLessThan(1000);
    expect(kiosk.home).toBe('/var/lib/okno');
    expect(kiosk.shell).toBe('/usr/sbin/nologin');
    expect(members('okno')).toContain('kiosk');
    expect(members('dialout')).toContain('kiosk');
    // No password to log in with.
    const shadow = readFileSync(at('etc/shadow'), 'utf8')
      .split('\n')
      .find((entry) => entry.startsWith('kiosk:'));
    expect(shadow?.split(':')[1]).toMatch(/^[*!]/);
  });

  it("keeps the data and the config the kiosk user's alone", () => {
    const { uid } = kioskIds();
    expect(modeOf('var/lib/okno')).toBe(0o700);
    expect(statSync(at('var/lib/okno')).uid).toBe(uid);
    for (const config of ['etc/okno/kiosk.json', 'etc/okno/catalogue.json']) {
      expect(modeOf(config), config).toBe(0o600);
      expect(statSync(at(config)).uid, config).toBe(uid);
      JSON.parse(readFileSync(at(config), 'utf8'));
    }
    const conffiles = inRoot('dpkg-query', '-W', field('Conffiles'), 'okno').stdout;
    for (const conffile of [
      '/etc/okno/kiosk.json',
      '/etc/okno/catalogue.json',
      '/etc/chromium/policies/managed/okno-kiosk.json',
      '/etc/X11/xorg.conf.d/10-okno-kiosk.conf',
    ]) {
      expect(conffiles).toContain(conffile);
    }
  });

  it('installs the session: launcher, units, drop-ins, udev rules, policies, hidden cursor', () => {
    for (const program of ['okno-kiosk', 'okno-screen', 'okno-kiosk-x11-session', '../node/bin/node']) {
      const file = path.join('opt/okno/bin', program);
      expect(modeOf(file), file).toBe(0o755);
      expect(statSync(at(file)).uid, file).toBe(0);
    }
    expect(readFileSync(at('usr/lib/sysctl.d/60-okno-kiosk.conf'), 'utf8')).toMatch(/^kernel\.sysrq = 0$/m);
    const logind = readFileSync(at('usr/lib/systemd/logind.conf.d/okno-kiosk.conf'), 'utf8');
    expect(logind).toMatch(/^NAutoVTs=0$/m);
    expect(logind).toMatch(/^ReserveVT=0$/m);
    const manager = readFileSync(at('usr/lib/systemd/system.conf.d/okno-kiosk.conf'), 'utf8');
    expect(manager).toMatch(/^RuntimeWatchdogSec=\S+$/m);
    expect(manager).toMatch(/^CtrlAltDelBurstAction=none$/m);
    const unit = readFileSync(at('lib/systemd/system/okno-kiosk.service'), 'utf8');
    for (const line of [
      'Type=notify',
      'NotifyAccess=all',
      'WatchdogSec=30',
      'Restart=always',
      'User=kiosk',
      'PAMName=login',
      'TTYPath=/dev/tty1',
      'ExecStart=/usr/bin/cage -- /opt/okno/bin/okno-kiosk',
    ]) {
      expect(unit.split('\n'), line).toContain(line);
    }
    expect(readFileSync(at('lib/udev/rules.d/99-okno-devices.rules'), 'utf8')).toContain('GROUP="okno"');
    const policy = JSON.parse(readFileSync(at('etc/chromium/policies/managed/okno-kiosk.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(policy.URLBlocklist).toEqual(['*']);
    // The policy allows one origin: the installed config's browser host must listen exactly there.
    const installedConfig = JSON.parse(readFileSync(at('etc/okno/kiosk.json'), 'utf8')) as { host?: { port?: number } };
    expect(policy.URLAllowlist).toContain(`http://127.0.0.1:${installedConfig.host?.port}`);
    expect(policy.DeveloperToolsAvailability).toBe(2);
    expect(modeOf('etc/chromium/policies/managed/okno-kiosk.json')).toBe(0o644);
    // The technician may set the clock as the kiosk user, and nothing else of timedated.
    const timeRule = readFileSync(at('usr/share/polkit-1/rules.d/50-okno-time.rules'), 'utf8');
    expect(timeRule).toContain('"org.freedesktop.timedate1.set-time"');
    expect(timeRule).toContain('subject.user === "kiosk"');
    expect(modeOf('usr/share/polkit-1/rules.d/50-okno-time.rules')).toBe(0o644);
    const cursor = readFileSync(at('opt/okno/share/icons/default/cursors/left_ptr'));
    expect(cursor.subarray(0, 4).toString('latin1')).toBe('Xcur');
    // Its one pixel is transparent (ARGB 0).
    expect(cursor.readUInt32LE(cursor.length - 4)).toBe(0);
    expect(readlinkSync(at('opt/okno/share/icons/default/cursors/pointer'))).toBe('left_ptr');
  });

  it('takes tty1 and Ctrl+Alt+Del away, and enables the kiosk and its timers', () => {
    expect(readlinkSync(at('etc/systemd/system/getty@tty1.service'))).toBe('/dev/null');
    expect(readlinkSync(at('etc/systemd/system/ctrl-alt-del.target'))).toBe('/dev/null');
    expect(readlinkSync(at('etc/systemd/system/graphical.target.wants/okno-kiosk.service'))).toBe(
      '/lib/systemd/system/okno-kiosk.service',
    );
    for (const timer of ['okno-kiosk-restart.timer', 'okno-screen-off.timer', 'okno-screen-on.timer']) {
      // readlink, not exists: the link's absolute target means the root's file, not this machine's.
      expect(readlinkSync(at(`etc/systemd/system/timers.target.wants/${timer}`)), timer).toBe(
        `/lib/systemd/system/${timer}`,
      );
    }
    // The X11 variant is there but not enabled: one session on tty1.
    expect(existsSync(at('etc/systemd/system/graphical.target.wants/okno-kiosk-x11.service'))).toBe(false);
  });

  it('has unit files systemd accepts', () => {
    const units = [
      'okno-kiosk.service',
      'okno-kiosk-x11.service',
      'okno-kiosk-restart.service',
      'okno-kiosk-restart.timer',
      'okno-screen@off.service',
      'okno-screen-off.timer',
      'okno-screen-on.timer',
    ].map((unit) => `/lib/systemd/system/${unit}`);
    const verify = run('systemd-analyze', ['verify', `--root=${root}`, '--man=no', ...units.map((unit) => at(unit))]);
    expect(verify.stderr).toBe('');
    expect(verify.status).toBe(0);
  });

  it('loads the native modules on the packaged Node, as the kiosk user', () => {
    const probe = [
      "const Database = require('better-sqlite3'); new Database(':memory:').prepare('select 1').get();",
      "require('@serialport/bindings-cpp').autoDetect();",
      "require('node-hid');",
      "require('pino-roll');",
      'console.log(process.versions.node, process.versions.modules);',
    ].join('\n');
    // A clean environment, as the unit gives: nothing of this machine's (NODE_EXTRA_CA_CERTS…).
    const loaded = run('env', [
      '-i',
      'PATH=/usr/sbin:/usr/bin:/sbin:/bin',
      'chroot',
      '--userspec=kiosk:kiosk',
      root,
      'sh',
      '-c',
      'cd /opt/okno/app && exec /opt/okno/node/bin/node -e "$0"',
      probe,
    ]);
    expect(loaded.stderr).toBe('');
    expect(loaded.stdout.trim()).toBe(`${process.versions.node} ${process.versions.modules}`);
  });

  it('has every package the bundles import, loadable from /opt/okno/app as the kiosk user', () => {
    // The bundles keep their npm imports (esbuild packages: 'external'): each must load from the
    // pruned node_modules, as the kiosk's modules are resolved at run time.
    const probe = [
      "import { readFileSync } from 'node:fs';",
      "import { isBuiltin } from 'node:module';",
      "const bundles = ['dist/host/main.js', 'dist/hub/embedded-hub-child.js'].map((file) => readFileSync(file, 'utf8'));",
      'const names = new Set(bundles.flatMap((code) => [...code.matchAll(/(?:\\bfrom\\s*|\\bimport\\s*\\(\\s*)"([^".][^"]*)"/g)].map((m) => m[1])));',
      'const packages = [...names].filter((name) => /^(@[\\w.-]+\\/)?[\\w.-]+(\\/[\\w./-]+)?$/.test(name) && !isBuiltin(name));',
      'for (const name of packages) await import(name);',
      "console.log(packages.sort().join(' '));",
    ].join('\n');
    const loaded = run('env', [
      '-i',
      'PATH=/usr/sbin:/usr/bin:/sbin:/bin',
      'chroot',
      '--userspec=kiosk:kiosk',
      root,
      'sh',
      '-c',
      'cd /opt/okno/app && exec /opt/okno/node/bin/node --input-type=module -e "$0"',
      probe,
    ]);
    expect(loaded.stderr).toBe('');
    const packages = loaded.stdout.trim().split(' ');
    for (const name of [
      'better-sqlite3',
      'fastify',
      'node-hid',
      'pdfkit',
      'pino',
      'pino-roll',
      'serialport',
      'ws',
      'zod',
    ]) {
      expect(packages).toContain(name);
    }
  });

  it("installs again without changing a thing, keeping the technician's config", () => {
    const edited = `${readFileSync(at('etc/okno/kiosk.json'), 'utf8').trimEnd()}\n\n`;
    writeFileSync(at('etc/okno/kiosk.json'), edited);
    const before = { passwd: passwd(), group: readFileSync(at('etc/group'), 'utf8') };
    const again = inRoot('dpkg', '--force-depends', '--force-confold', '-i', '/tmp/okno.deb');
    expect(again.status, again.stderr).toBe(0);
    expect(passwd()).toBe(before.passwd);
    expect(readFileSync(at('etc/group'), 'utf8')).toBe(before.group);
    expect(readFileSync(at('etc/okno/kiosk.json'), 'utf8')).toBe(edited);
    expect(modeOf('etc/okno/kiosk.json')).toBe(0o600);
    expect(modeOf('var/lib/okno')).toBe(0o700);
    expect(readlinkSync(at('etc/systemd/system/getty@tty1.service'))).toBe('/dev/null');
  });

  it('gives tty1 and Ctrl+Alt+Del back on purge, and removes its files and data', () => {
    const purge = inRoot('dpkg', '--purge', 'okno');
    expect(purge.status, purge.stderr).toBe(0);
    expect(existsSync(at('etc/systemd/system/getty@tty1.service'))).toBe(false);
    expect(existsSync(at('etc/systemd/system/ctrl-alt-del.target'))).toBe(false);
    expect(existsSync(at('etc/systemd/system/graphical.target.wants/okno-kiosk.service'))).toBe(false);
    expect(existsSync(at('opt/okno'))).toBe(false);
    expect(existsSync(at('var/lib/okno'))).toBe(false);
    expect(existsSync(at('etc/okno'))).toBe(false);
    // The user stays: its uid is never handed to another package's files.
    expect(kioskIds().line).toBeDefined();
  });

  it('passes lintian without errors (by-design findings overridden with reasons)', async () => {
    expect(await lintian).toEqual([]);
  }, 600_000);
});
