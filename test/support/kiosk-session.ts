import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, chown, copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { findAppRoot } from '../../electron/services/app-root';
import { writeDefaultConfig } from './core-under-test';
import { freePort } from './free-port';
import { CdpConnection, type TargetInfo } from './kiosk-session-cdp';
import { parsePpm, parseXwd, type ScreenImage } from './kiosk-session-image';

const run = promisify(execFile);

/** The display server a kiosk session runs on: cage (headless) or Xvfb with no window manager. */
export type SessionDisplay = 'wayland' | 'x11';

/**
 * Which managed policy the session's Chromium gets: the repo's file as shipped, or the same with
 * DeveloperToolsAvailability left out. As shipped, DevTools are off for CDP connections too: the
 * test can list targets but not reach into the page, which page-level vectors need.
 */
export type SessionPolicy = 'as-shipped' | 'inspectable';

/** The unprivileged user the session runs as (cage refuses to run as root): nobody. */
const SESSION_UID = 65534;
const SESSION_GID = 65534;

const SCREEN = { width: 1280, height: 720 };

const appRoot = findAppRoot().dir;
const hostEntry = path.join(appRoot, 'dist', 'host', 'main.js');
const policyFile = path.join(appRoot, 'build', 'linux', 'chromium', 'okno-kiosk-policy.json');
const chromium = process.env.OKNO_TEST_CHROMIUM ?? '/usr/bin/chromium';

/** Why a session cannot run here, naming what to install or how to run; undefined when it can. */
export function sessionPrerequisitesProblem(display: SessionDisplay): string | undefined {
  if (process.getuid?.() !== 0) {
    return 'the kiosk-session tests need root (a private mount namespace and a bind mount over /etc/chromium): run them as root, as CI does';
  }
  const tools =
    display === 'wayland'
      ? ['unshare', 'setpriv', 'cage', 'grim', 'Xwayland']
      : ['unshare', 'setpriv', 'Xvfb', 'xdotool', 'xdpyinfo'];
  const missing = tools.filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
  if (!existsSync(chromium)) missing.push(chromium);
  if (missing.length > 0) {
    return `the kiosk-session tests need ${missing.join(', ')}: apt-get install cage grim xwayland xvfb xdotool x11-utils chromium (the set-up installs them)`;
  }
  if (!existsSync(hostEntry))
    return 'the browser host is not built: run `node scripts/build.mjs` (npm test does it first)';
  return undefined;
}

/**
 * An X display number with no server listening on it: its abstract socket is not open (the
 * sessions' Xvfb keeps its lock file and socket path in its own mount namespace, and a killed
 * run's leftovers in /tmp must not use the numbers up).
 */
function freeDisplayNumber(): number {
  const sockets = readFileSync('/proc/net/unix', 'utf8');
  for (let n = 70; n < 100; n += 1) {
    if (!sockets.includes(`@/tmp/.X11-unix/X${n}\n`)) return n;
  }
  throw new Error('no free X display number between :70 and :99');
}

/**
 * The repo's policy for this session: the allow-list names the session's origin and boot file
 * (the package writes the kiosk's own: http://127.0.0.1:<host.port> and its data folder's file).
 */
export async function sessionPolicy(options: { origin: string; bootFile: string; policy: SessionPolicy }) {
  const policy = JSON.parse(await readFile(policyFile, 'utf8')) as Record<string, unknown>;
  policy.URLAllowlist = [options.origin, `file://${options.bootFile}`];
  if (options.policy === 'inspectable') delete policy.DeveloperToolsAvailability;
  return policy;
}

/** The children of unshare: the PID namespace's first process. */
async function namespaceInit(unsharePid: number | undefined): Promise<number[]> {
  if (unsharePid === undefined) return [];
  const children = await readFile(`/proc/${unsharePid}/task/${unsharePid}/children`, 'utf8').catch(() => '');
  return children.split(/\s+/u).filter(Boolean).map(Number);
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A kiosk session: the real browser host and its Chromium under cage or Xvfb, as `nobody`. */
export class KioskSession {
  readonly display: SessionDisplay;
  readonly origin: string;
  readonly #dir: string;
  readonly #debugPort: number;
  readonly #child: ChildProcess;
  readonly #exited: Promise<void>;
  readonly #x11Display: number | undefined;
  #stderr = '';
  #cdp: CdpConnection | undefined;

  private constructor(init: {
    display: SessionDisplay;
    origin: string;
    dir: string;
    debugPort: number;
    child: ChildProcess;
    x11Display: number | undefined;
  }) {
    this.display = init.display;
    this.origin = init.origin;
    this.#dir = init.dir;
    this.#debugPort = init.debugPort;
    this.#child = init.child;
    this.#x11Display = init.x11Display;
    this.#exited = new Promise((resolve) => init.child.once('exit', () => resolve()));
    init.child.stderr?.on('data', (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString('utf8')).slice(-4000);
    });
  }

  /**
   * Starts the session: a private mount and PID namespace (the policy bind-mounted over
   * /etc/chromium there only; everything in it dies with it), the display server, the host as
   * `nobody` with a browser wrapper that adds the test's debugging port. Resolves once the kiosk
   * page is drawn.
   */
  static async start(options: { display: SessionDisplay; policy: SessionPolicy }): Promise<KioskSession> {
    const problem = sessionPrerequisitesProblem(options.display);
    if (problem) throw new Error(problem);
    const dir = await mkdtemp('/tmp/okno-kiosk-session-');
    await chmod(dir, 0o755);
    const [hostPort, debugPort] = [await freePort(), await freePort()];
    const origin = `http://127.0.0.1:${hostPort}`;

    const dataDir = path.join(dir, 'data');
    const home = path.join(dir, 'home');
    const runtime = path.join(dir, 'runtime');
    const frameBuffer = path.join(dir, 'framebuffer');
    for (const folder of [dataDir, home, runtime, frameBuffer]) await mkdir(folder, { mode: 0o700 });
    const config = await writeDefaultConfig(dataDir, (c) => {
      c.host = { port: hostPort };
      c.devices = { printer: null, scanner: null, documentReader: null, paymentTerminal: null };
    });
    for (const file of [dataDir, home, runtime, config]) await chown(file, SESSION_UID, SESSION_GID);

    const etc = path.join(dir, 'etc-chromium');
    await mkdir(path.join(etc, 'policies', 'managed'), { recursive: true });
    if (existsSync('/etc/chromium/master_preferences')) {
      await copyFile('/etc/chromium/master_preferences', path.join(etc, 'master_preferences'));
    }
    const policy = await sessionPolicy({
      origin,
      bootFile: path.join(dataDir, 'browser-boot.html'),
      policy: options.policy,
    });
    await writeFile(path.join(etc, 'policies', 'managed', 'okno-kiosk.json'), JSON.stringify(policy, null, 2));

    // The host starts this instead of Chromium: the same browser and arguments, plus a debugging
    // port for the test to watch targets (the host's own DevTools pipe stays the host's).
    const wrapper = path.join(dir, 'chromium-under-test');
    // Software rendering too: the headless outputs have no GPU (a kiosk has one).
    await writeFile(wrapper, `#!/bin/sh\nexec ${chromium} "$@" --disable-gpu --remote-debugging-port=${debugPort}\n`, {
      mode: 0o755,
    });

    const x11Display = options.display === 'x11' ? freeDisplayNumber() : undefined;
    const asSessionUser = `setpriv --reuid=${SESSION_UID} --regid=${SESSION_GID} --clear-groups`;
    const host = `"${process.execPath}" "${hostEntry}"`;
    const script = [
      'mount --bind "$OKNO_SESSION_ETC" /etc/chromium || exit 90',
      ...(options.display === 'wayland'
        ? [`exec ${asSessionUser} cage -- ${host}`]
        : [
            // The server's socket path and no lock file in this namespace only (see freeDisplayNumber).
            'mkdir -p /tmp/.X11-unix && mount -t tmpfs -o mode=1777 tmpfs /tmp/.X11-unix || exit 91',
            `Xvfb :${x11Display} -nolock -screen 0 ${SCREEN.width}x${SCREEN.height}x24 -fbdir "${frameBuffer}" -nolisten tcp >/dev/null 2>&1 &`,
            `i=0; while [ ! -e /tmp/.X11-unix/X${x11Display} ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done`,
            `exec ${asSessionUser} ${host}`,
          ]),
    ].join('\n');
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    Object.assign(env, {
      HOME: home,
      OKNO_CONFIG: config,
      OKNO_DATA_DIR: dataDir,
      OKNO_PORT: '',
      OKNO_BROWSER: wrapper,
      OKNO_SESSION_ETC: etc,
      ...(options.display === 'wayland'
        ? {
            XDG_RUNTIME_DIR: runtime,
            WLR_BACKENDS: 'headless',
            WLR_RENDERER: 'pixman',
            WLR_LIBINPUT_NO_DEVICES: '1',
            WLR_HEADLESS_OUTPUTS: '1',
          }
        : { DISPLAY: `:${x11Display}` }),
    });
    const child = spawn(
      'unshare',
      ['--mount', '--propagation', 'private', '--pid', '--fork', '--kill-child', '--', 'sh', '-c', script],
      { env, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const session = new KioskSession({ display: options.display, origin, dir, debugPort, child, x11Display });
    try {
      const started = Date.now();
      await session.#waitForBrowser(45_000);
      if (process.env.OKNO_SESSION_DEBUG) process.stderr.write(`browser answered after ${Date.now() - started} ms\n`);
      if (!(await session.waitForKioskPage(30_000))) throw new Error('the kiosk page did not come up');
    } catch (error) {
      const detail = session.#stderr.trim().split('\n').slice(-8).join('\n');
      await session.stop();
      throw new Error(`the kiosk session did not start: ${(error as Error).message}\n${detail}`);
    }
    return session;
  }

  /** The test's DevTools connection, reopened when the browser was restarted. */
  async cdp(): Promise<CdpConnection> {
    if (this.#cdp?.open) return this.#cdp;
    this.#cdp = await CdpConnection.open(this.#debugPort);
    return this.#cdp;
  }

  /** Whether the browser answers on its debugging port. */
  async browserAnswers(): Promise<boolean> {
    try {
      await (await this.cdp()).targets();
      return true;
    } catch {
      this.#cdp = undefined;
      return false;
    }
  }

  /** The targets a visitor could see: pages (tabs, app and popup windows, DevTools windows). */
  async visibleTargets(): Promise<TargetInfo[]> {
    const targets = await (await this.cdp()).targets();
    return targets.filter((target) => target.type === 'page' || target.url.startsWith('devtools://'));
  }

  /** True when the only visible target is the kiosk page on the kiosk's origin. */
  async onlyTheKioskPage(): Promise<{ ok: boolean; targets: TargetInfo[] }> {
    const targets = await this.visibleTargets();
    const ok =
      targets.length === 1 &&
      targets[0] !== undefined &&
      targets[0].url.startsWith(`${this.origin}/`) &&
      !targets[0].url.includes('/boot/');
    return { ok, targets };
  }

  /** Waits until the kiosk page is the only page (after a start or a relaunch); false on timeout. */
  async waitForKioskPage(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if ((await this.browserAnswers()) && (await this.onlyTheKioskPage()).ok) return true;
      await delay(100);
    }
    return false;
  }

  /** A flat DevTools session on the kiosk page (needs the 'inspectable' policy). */
  async pageSession(): Promise<{ cdp: CdpConnection; sessionId: string }> {
    const cdp = await this.cdp();
    const page = (await this.visibleTargets()).find((target) => target.url.startsWith(`${this.origin}/`));
    if (!page) throw new Error('no kiosk page to attach to');
    return { cdp, sessionId: await cdp.attach(page.targetId) };
  }

  /** The whole screen as the display server shows it: grim on cage's output, Xvfb's frame buffer. */
  async screenshot(): Promise<ScreenImage> {
    if (this.display === 'x11') {
      return parseXwd(await readFile(path.join(this.#dir, 'framebuffer', 'Xvfb_screen0')));
    }
    const runtime = path.join(this.#dir, 'runtime');
    const socket = (await readdir(runtime)).find((name) => /^wayland-\d+$/u.test(name));
    if (!socket) throw new Error('cage has no Wayland socket');
    const { stdout } = await run('grim', ['-t', 'ppm', '-'], {
      env: { ...process.env, XDG_RUNTIME_DIR: runtime, WAYLAND_DISPLAY: socket },
      encoding: 'buffer',
      maxBuffer: 64 * 1024 * 1024,
    });
    return parsePpm(stdout);
  }

  /** Real key presses at the X server (xdotool: XTEST), e.g. `ctrl+shift+q`; X11 sessions only. */
  async xdotool(...args: string[]): Promise<void> {
    if (this.#x11Display === undefined) throw new Error('xdotool drives X11 sessions only');
    await run('xdotool', args, { env: { ...process.env, DISPLAY: `:${this.#x11Display}` } });
  }

  /** Ends the session: everything in its namespace dies with it; the temp folder goes. */
  async stop(): Promise<void> {
    this.#cdp?.close();
    // The namespace's first process (cage, or the host under Xvfb) runs as nobody, which clears
    // unshare's --kill-child signal: kill it by its id, and the kernel ends the whole namespace.
    for (const pid of await namespaceInit(this.#child.pid)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGKILL');
    await this.#exited;
    // The namespace's last processes may still be closing files in the profile for a moment.
    await rm(this.#dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }

  async #waitForBrowser(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.#child.exitCode !== null) throw new Error(`the session exited (${this.#child.exitCode})`);
      if (await this.browserAnswers()) return;
      await delay(200);
    }
    throw new Error(`no browser answered on the debugging port within ${timeoutMs / 1000} s`);
  }
}
