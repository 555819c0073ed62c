// The kiosk's .deb for the browser-host runtime, built with dpkg-deb (no Electron binary needed):
// Okno under /opt/okno on the Node that runs this script, shown by Debian's chromium inside cage,
// with the kiosk session, its drop-ins and policies from build/linux/. `npm run package` runs it
// where Electron's binary is missing; docs/operations/install-kiosk.md says what it installs.
//   node scripts/package-deb.mjs [--out release] [--compression gzip|xz]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { root } from './setup.mjs';

const linux = path.join(root, 'build', 'linux');

/**
 * Where each file of build/linux/ goes, with its mode. Files under /etc are conffiles: the
 * technician's edits survive upgrades.
 */
export const sessionFiles = [
  // The cage session and its launcher.
  ['okno-kiosk', '/opt/okno/bin/okno-kiosk', 0o755],
  ['okno-screen', '/opt/okno/bin/okno-screen', 0o755],
  ['systemd/okno-kiosk.service', '/lib/systemd/system/okno-kiosk.service', 0o644],
  ['systemd/okno-kiosk-restart.service', '/lib/systemd/system/okno-kiosk-restart.service', 0o644],
  ['systemd/okno-kiosk-restart.timer', '/lib/systemd/system/okno-kiosk-restart.timer', 0o644],
  ['systemd/okno-screen@.service', '/lib/systemd/system/okno-screen@.service', 0o644],
  ['systemd/okno-screen-off.timer', '/lib/systemd/system/okno-screen-off.timer', 0o644],
  ['systemd/okno-screen-on.timer', '/lib/systemd/system/okno-screen-on.timer', 0o644],
  // Vendor drop-ins (/usr/lib): the technician overrides them in /etc without editing ours.
  ['systemd/logind-okno-kiosk.conf', '/usr/lib/systemd/logind.conf.d/okno-kiosk.conf', 0o644],
  ['systemd/system-okno-kiosk.conf', '/usr/lib/systemd/system.conf.d/okno-kiosk.conf', 0o644],
  ['systemd/sysctl-okno-kiosk.conf', '/usr/lib/sysctl.d/60-okno-kiosk.conf', 0o644],
  ['99-okno-devices.rules', '/lib/udev/rules.d/99-okno-devices.rules', 0o644],
  // The X11 variant, for machines that must keep X (not enabled by the package).
  ['x11/okno-kiosk-x11.service', '/lib/systemd/system/okno-kiosk-x11.service', 0o644],
  ['x11/okno-kiosk-x11-session', '/opt/okno/bin/okno-kiosk-x11-session', 0o755],
  ['x11/10-okno-kiosk.conf', '/etc/X11/xorg.conf.d/10-okno-kiosk.conf', 0o644],
  // Chromium's managed policies: the kiosk's origin only, no DevTools, downloads, printing…
  ['chromium/okno-kiosk-policy.json', '/etc/chromium/policies/managed/okno-kiosk.json', 0o644],
  // The technician's «Взять время у центра»: the kiosk user may set the clock, nothing else.
  ['polkit/50-okno-time.rules', '/usr/share/polkit-1/rules.d/50-okno-time.rules', 0o644],
];

/** The kiosk's config, from the examples: conffiles, 0600, given to the kiosk user by postinst. */
const configFiles = [
  ['kiosk-config/examples/kiosk.real-devices.json', '/etc/okno/kiosk.json'],
  ['kiosk-config/defaults/demo-catalogue.json', '/etc/okno/catalogue.json'],
];

/** Debian packages the runtime needs; the libraries are the native modules' and Node's. */
const depends = [
  'adduser',
  'cage',
  'chromium',
  // The voice (docs/accessibility/voice.md): espeak-ng speaks; alsa-utils sets the volume (amixer),
  // reads the headphone jack and plays recorded prompts (aplay).
  'alsa-utils',
  'espeak-ng',
  'libc6 (>= 2.28)',
  'libgcc-s1',
  'libstdc++6',
  'libudev1',
  'libusb-1.0-0',
  'systemd',
  // cage 0.1.4 does not start without Xwayland.
  'xwayland',
];
// udisks2 mounts the technician's USB stick as the kiosk user; polkitd applies the clock rule.
const recommends = ['ddcutil', 'fonts-dejavu-core', 'polkitd', 'udisks2'];
const suggests = ['xinit', 'xserver-xorg', 'x11-xserver-utils', 'x11-xkb-utils'];

/** Folders of an npm package that no code loads at run time: tests, docs, CI, examples. */
const devOnlyFolders = new Set([
  'test',
  'tests',
  '__tests__',
  'benchmarks',
  'bench',
  '.github',
  'docs',
  'example',
  'examples',
  '.yarn',
]);
/** Files no code loads at run time: type declarations, sources in TypeScript, maps, tool configs. */
const devOnlyFile =
  /(\.d\.[cm]?ts|(?<!\.d)\.ts|\.map|\.md|^\.gitattributes|^\.npmignore|^\.eslintrc.*|^\.eslintignore|^eslint\.config\..*|^\.editorconfig|^\.prettierrc.*)$/;

/**
 * Whether a file of node_modules (its path relative to node_modules) goes into the package: not
 * what only builds or tests a package, nor other platforms' prebuilt binaries, nor the C/C++
 * sources of the native modules (their binaries are built or prebuilt already).
 */
function keepModuleFile(relative) {
  const parts = relative.split(path.sep);
  const name = parts[parts.length - 1];
  if (parts.slice(0, -1).some((part) => devOnlyFolders.has(part)) || devOnlyFile.test(name)) return false;
  const prebuilds = parts.indexOf('prebuilds');
  if (prebuilds >= 0 && parts.length > prebuilds + 1) {
    return parts[prebuilds + 1].includes(`linux-${process.arch}`) && !relative.includes('musl');
  }
  const within = (pkg) => {
    const at = parts.lastIndexOf(pkg);
    return at >= 0 ? parts.slice(at + 1).join('/') : undefined;
  };
  // better-sqlite3 is built by `npm install` for this Node's ABI: its binary, not its sources.
  const sqlite = within('better-sqlite3');
  if (sqlite !== undefined)
    return !/^(deps|src)\//.test(sqlite) && !/^build\/(?!Release\/better_sqlite3\.node$)/.test(sqlite);
  // node-hid loads its prebuilt binary; hidapi/ and src/ are the sources it was built from.
  const hid = within('node-hid');
  if (hid !== undefined) return !/^(hidapi|src)\//.test(hid);
  // date-fns (pino-roll's) is 5,000 files: its fp/ flavour and locales other than the default
  // en-US are never loaded, and every file costs in the package, its install and lintian.
  const dates = within('date-fns');
  if (dates !== undefined) return !/^fp(\/|\.)/.test(dates) && !/^locale\/(?!_lib\/|en-US[./])/.test(dates);
  return true;
}

/** The production dependencies' folders (`npm ls`), relative to the root, outermost first. */
function productionModules() {
  const listed = spawnSync('npm', ['ls', '--omit=dev', '--parseable', '--all'], { cwd: root, encoding: 'utf8' });
  if (listed.status !== 0 && listed.stdout.trim() === '') {
    throw new Error(`npm ls failed: ${listed.stderr}`);
  }
  return listed.stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.includes(`${path.sep}node_modules${path.sep}`))
    .map((line) => path.relative(root, line));
}

function copyModules(appDir) {
  for (const module of productionModules()) {
    const from = path.join(root, module);
    cpSync(from, path.join(appDir, module), {
      recursive: true,
      dereference: true,
      // Nested node_modules are listed by npm ls themselves (when they are production ones).
      filter: (source) => {
        const relative = path.relative(path.join(root, 'node_modules'), source);
        const inner = path.relative(from, source);
        if (inner.split(path.sep)[0] === 'node_modules') return false;
        if (inner.split(path.sep).includes('.bin')) return false;
        return statSync(source).isDirectory() || keepModuleFile(relative);
      },
    });
  }
}

/** A cursor theme whose every cursor is one transparent pixel: the pointer is hidden in cage and Chromium. */
function writeHiddenCursorTheme(stage) {
  const dir = path.join(stage, 'opt/okno/share/icons/default/cursors');
  mkdirSync(dir, { recursive: true });
  const nominal = 24;
  // Xcursor file: header, one table-of-contents entry, one 1×1 image chunk (ARGB 0: transparent).
  const file = Buffer.alloc(16 + 12 + 36 + 4);
  file.write('Xcur', 0, 'latin1');
  file.writeUInt32LE(16, 4);
  file.writeUInt32LE(0x10000, 8);
  file.writeUInt32LE(1, 12);
  const image = 0xfffd0002;
  file.writeUInt32LE(image, 16);
  file.writeUInt32LE(nominal, 20);
  file.writeUInt32LE(28, 24);
  [36, image, nominal, 1, 1, 1, 0, 0, 0, 0].forEach((value, i) => {
    file.writeUInt32LE(value, 28 + i * 4);
  });
  writeFileSync(path.join(dir, 'left_ptr'), file);
  // Every name cage and Chromium ask for: X's and CSS's.
  const names = [
    'default',
    'arrow',
    'top_left_arrow',
    'pointer',
    'hand1',
    'hand2',
    'text',
    'xterm',
    'crosshair',
    'wait',
    'watch',
    'progress',
    'left_ptr_watch',
    'grab',
    'grabbing',
    'move',
    'fleur',
    'all-scroll',
    'not-allowed',
    'no-drop',
    'help',
    'question_arrow',
    'context-menu',
    'cell',
    'copy',
    'alias',
    'col-resize',
    'row-resize',
    'n-resize',
    's-resize',
    'e-resize',
    'w-resize',
    'ne-resize',
    'nw-resize',
    'se-resize',
    'sw-resize',
    'ew-resize',
    'ns-resize',
    'nesw-resize',
    'nwse-resize',
    'sb_h_double_arrow',
    'sb_v_double_arrow',
    'zoom-in',
    'zoom-out',
    'vertical-text',
  ];
  for (const name of names) symlinkSync('left_ptr', path.join(dir, name));
  writeFileSync(
    path.join(stage, 'opt/okno/share/icons/default/index.theme'),
    '[Icon Theme]\nName=default\nComment=Okno kiosk: every cursor transparent\n',
  );
}

/** Modes as Debian expects them whatever the checkout's umask: 0755 folders and programs, 0644 the rest. */
function normalizeModes(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      chmodSync(full, 0o755);
      normalizeModes(full);
    } else if (entry.isFile()) {
      // Nothing under app/ is run directly: Node loads the scripts, dlopen() the native modules.
      chmodSync(full, 0o644);
    }
  }
}

function install(stage, from, to, mode) {
  const target = path.join(stage, to);
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(from, target);
  chmodSync(target, mode);
}

/** The Node that runs this script, stripped of its debug symbols: the one CI tested the app on. */
function installNode(stage) {
  const target = path.join(stage, 'opt/okno/node/bin/node');
  install(stage, process.execPath, '/opt/okno/node/bin/node', 0o755);
  const stripped = spawnSync('strip', ['--strip-unneeded', target], { stdio: 'inherit' });
  if (stripped.status !== 0) throw new Error('strip failed on the Node binary');
  const prefix = path.dirname(path.dirname(process.execPath));
  const license = [
    path.join(prefix, 'LICENSE'),
    path.join(prefix, 'share/doc/node/LICENSE'),
    '/usr/share/doc/nodejs/LICENSE',
  ].find((candidate) => existsSync(candidate));
  if (license === undefined) throw new Error(`no LICENSE found for the Node binary at ${process.execPath}`);
  install(stage, license, '/usr/share/doc/okno/node-LICENSE', 0o644);
}

function installApp(stage) {
  const app = path.join(stage, 'opt/okno/app');
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  mkdirSync(app, { recursive: true });
  // Only what findAppRoot and Node's ESM loader read: the name, the version, the module type.
  writeFileSync(
    path.join(app, 'package.json'),
    `${JSON.stringify({ name: pkg.name, version: pkg.version, private: true, type: pkg.type, license: pkg.license }, null, 2)}\n`,
  );
  for (const part of ['dist/host', 'dist/hub', 'dist/renderer']) {
    const from = path.join(root, part);
    if (!existsSync(from)) throw new Error(`${part} is missing: run npm run build first`);
    cpSync(from, path.join(app, part), { recursive: true, filter: (source) => !source.endsWith('.map') });
  }
  for (const part of ['defaults', 'examples', 'printer-profiles', 'payment-profiles']) {
    cpSync(path.join(root, 'kiosk-config', part), path.join(app, 'kiosk-config', part), { recursive: true });
  }
  copyModules(app);
  normalizeModes(app);
  const sqlite = path.join(app, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
  if (spawnSync('strip', ['--strip-unneeded', sqlite], { stdio: 'inherit' }).status !== 0) {
    throw new Error('strip failed on better-sqlite3');
  }
  return pkg;
}

/** Loads each native module on the staged Node from the staged tree: a wrong ABI fails the build here. */
function checkNativeModules(stage) {
  const app = path.join(stage, 'opt/okno/app');
  const probe = [
    "const Database = require('better-sqlite3'); new Database(':memory:').prepare('select 1').get();",
    "require('@serialport/bindings-cpp').autoDetect();",
    "require('node-hid').devices();",
    // The log roller and its date-fns, pruned above.
    "require('pino-roll');",
  ].join('\n');
  const result = spawnSync(path.join(stage, 'opt/okno/node/bin/node'), ['-e', probe], { cwd: app, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`a native module does not load on the packaged Node:\n${result.stderr}`);
}

function writeDocs(stage, pkg, date) {
  const doc = path.join(stage, 'usr/share/doc/okno');
  mkdirSync(doc, { recursive: true });
  writeFileSync(
    path.join(doc, 'copyright'),
    [
      'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/',
      'Upstream-Name: okno',
      '',
      'Files: *',
      'Copyright: Okno',
      'License: proprietary',
      ' All rights reserved.',
      '',
      'Files: opt/okno/node/*',
      'Copyright: Node.js contributors',
      'License: Expat',
      ' The full text, with the licenses of the libraries Node.js bundles, is in',
      ' /usr/share/doc/okno/node-LICENSE.',
      '',
      'Files: opt/okno/app/node_modules/*',
      'Copyright: their authors',
      'License: various',
      " Each package's license is in its own folder under /opt/okno/app/node_modules.",
      '',
    ].join('\n'),
  );
  const changelog = [
    `okno (${pkg.version}) bookworm; urgency=medium`,
    '',
    `  * Okno kiosk ${pkg.version}, browser-host runtime.`,
    '',
    ` -- Okno <okno@okno.invalid>  ${date.toUTCString().replace('GMT', '+0000')}`,
    '',
  ].join('\n');
  writeFileSync(path.join(doc, 'changelog.gz'), gzipSync(changelog, { level: 9 }));
  install(stage, path.join(root, 'docs/operations/install-kiosk.md'), '/usr/share/doc/okno/install-kiosk.md', 0o644);
  install(stage, path.join(linux, 'deb/lintian-overrides'), '/usr/share/lintian/overrides/okno', 0o644);
}

function listFiles(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listFiles(full, base);
    return entry.isFile() ? [path.relative(base, full)] : [];
  });
}

function duKilobytes(dir) {
  return listFiles(dir).reduce((sum, file) => sum + Math.ceil(statSync(path.join(dir, file)).size / 1024), 0);
}

function writeControl(stage, pkg, conffiles) {
  const debian = path.join(stage, 'DEBIAN');
  mkdirSync(debian, { recursive: true });
  const files = listFiles(stage).filter((file) => !file.startsWith('DEBIAN'));
  writeFileSync(
    path.join(debian, 'md5sums'),
    files
      .sort()
      .map(
        (file) =>
          `${createHash('md5')
            .update(readFileSync(path.join(stage, file)))
            .digest('hex')}  ${file}\n`,
      )
      .join(''),
  );
  writeFileSync(path.join(debian, 'conffiles'), `${conffiles.sort().join('\n')}\n`);
  const architecture = spawnSync('dpkg', ['--print-architecture'], { encoding: 'utf8' }).stdout.trim();
  writeFileSync(
    path.join(debian, 'control'),
    [
      'Package: okno',
      `Version: ${pkg.version}`,
      `Architecture: ${architecture}`,
      'Maintainer: Okno <okno@okno.invalid>',
      `Installed-Size: ${duKilobytes(stage)}`,
      `Depends: ${depends.join(', ')}`,
      `Recommends: ${recommends.join(', ')}`,
      `Suggests: ${suggests.join(', ')}`,
      'Section: misc',
      'Priority: optional',
      'Description: self-service kiosk of public-service offices (browser-host runtime)',
      ' The touch UI of a self-service terminal in a public-service office: queue',
      ' tickets, application status, state fees; receipt printer, scanners and',
      ' payment terminal over serial and HID.',
      ' .',
      " This package runs the kiosk on its own Node.js in Debian's Chromium, inside",
      ' the cage Wayland compositor on tty1 as the "kiosk" user: a locked session',
      ' with no desktop, no other console, no SysRq and no Ctrl+Alt+Del.',
      '',
    ].join('\n'),
  );
  for (const script of ['postinst', 'prerm', 'postrm']) {
    install(stage, path.join(linux, 'deb', script), `/DEBIAN/${script}`, 0o755);
  }
}

/**
 * Builds the .deb into `outDir`; returns its path. The build (dist/) must be current.
 * @param {{ outDir?: string, compression?: 'xz' | 'zstd' | 'gzip' }} [options]
 */
export function buildBrowserHostDeb(options = {}) {
  const outDir = path.resolve(root, options.outDir ?? 'release');
  const compression = options.compression ?? 'gzip';
  const stage = path.join(outDir, 'deb-stage');
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });

  for (const [from, to, mode] of sessionFiles) install(stage, path.join(linux, from), to, mode);
  for (const [from, to] of configFiles) install(stage, path.join(root, from), to, 0o600);
  writeHiddenCursorTheme(stage);
  installNode(stage);
  const pkg = installApp(stage);
  checkNativeModules(stage);
  writeDocs(stage, pkg, commitDate());
  const conffiles = listFiles(path.join(stage, 'etc')).map((file) => `/etc/${file}`);
  writeControl(stage, pkg, conffiles);

  const architecture = spawnSync('dpkg', ['--print-architecture'], { encoding: 'utf8' }).stdout.trim();
  const deb = path.join(outDir, `okno_${pkg.version}_${architecture}.deb`);
  const built = spawnSync('dpkg-deb', ['--root-owner-group', `-Z${compression}`, '--build', stage, deb], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (built.status !== 0) throw new Error('dpkg-deb failed');
  rmSync(stage, { recursive: true, force: true });
  return deb;
}

/** The last commit's date (reproducible across builds of one commit), or now outside git. */
function commitDate() {
  const git = spawnSync('git', ['log', '-1', '--format=%ct'], { cwd: root, encoding: 'utf8' });
  const seconds = Number.parseInt(git.stdout.trim(), 10);
  return Number.isFinite(seconds) ? new Date(seconds * 1000) : new Date();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const option = (name) => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const deb = buildBrowserHostDeb({ outDir: option('--out'), compression: option('--compression') });
  console.log(`okno: built ${path.relative(process.cwd(), deb)}`);
}
