import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SerialExecutor } from '../../kiosk-config/src/lib/serial-executor';

/** Two connected pseudo-terminals: what the driver opens, and what the simulator opens. */
export interface PtyPair {
  /** The "device" end: the kiosk's driver opens this path as if it were `/dev/ttyUSB0`. */
  devicePath: string;
  /** The other end, opened by the simulator. */
  simulatorPath: string;
  /** Both ends exist (false between `unplug()` and `replug()`, and after `close()`). */
  readonly plugged: boolean;
  /**
   * Pulls the cable: stops socat, so both PTYs hang up and both links disappear, as a USB serial
   * device's `/dev/serial/by-id/…` link does. Does nothing when already unplugged.
   */
  unplug(): Promise<void>;
  /**
   * Plugs it back: starts socat again with the same link paths (new PTYs behind them, as a
   * replugged device gets a new `/dev/ttyUSB*`). Whoever had an end open must open it again.
   *
   * `beforeDeviceAppears` runs once both PTYs are up but before the device link appears (it is
   * made under another name and renamed into place, at once): the simulator reopens its end there,
   * so that, as with a real device, whatever sees the link appear finds a device that answers.
   */
  replug(options?: { beforeDeviceAppears?: () => Promise<void> }): Promise<void>;
  /** Stops socat and removes the links; safe to call twice. */
  close(): Promise<void>;
}

/** Options of `createPtyPair`. */
export interface PtyPairOptions {
  /** How long to wait for socat to set up both ends (default 5 s). */
  timeoutMs?: number;
  /** The socat binary (default `socat` on the PATH). */
  socatPath?: string;
}

/** socat could not be started or did not set up the pair. */
export class PtyPairError extends Error {
  override readonly name = 'PtyPairError';
}

/**
 * Creates a pair of connected PTYs with socat, linked as `<tmp>/dev` and `<tmp>/sim`.
 *
 * Bytes written to one end come out of the other, through the kernel's tty layer, so drivers are
 * exercised through the real `serialport` package. Resolves once both links exist and socat has
 * entered its transfer loop.
 */
export async function createPtyPair(options: PtyPairOptions = {}): Promise<PtyPair> {
  const dir = await mkdtemp(path.join(tmpdir(), 'okno-pty-'));
  const devicePath = path.join(dir, 'dev');
  const simulatorPath = path.join(dir, 'sim');
  const socatPath = options.socatPath ?? 'socat';
  const timeoutMs = options.timeoutMs ?? 5000;

  let socat: Socat | null;
  try {
    socat = await startSocat(socatPath, devicePath, simulatorPath, timeoutMs);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  // unplug, replug and close run one after another, so a test cannot start two socats on one pair.
  const plugging = new SerialExecutor();
  let closing: Promise<void> | null = null;
  return {
    devicePath,
    simulatorPath,
    get plugged() {
      return socat !== null && closing === null;
    },
    unplug: () =>
      plugging.run(async () => {
        const running = socat;
        socat = null;
        if (running) await stop(running.child, running.exited);
        // socat removes its links when it exits; a killed one cannot, so make sure.
        await Promise.all([rm(devicePath, { force: true }), rm(simulatorPath, { force: true })]);
      }),
    replug: (replugOptions = {}) =>
      plugging.run(async () => {
        if (closing) throw new PtyPairError('the PTY pair is closed');
        if (socat) return;
        const staging = `${devicePath}.plugging`;
        socat = await startSocat(socatPath, staging, simulatorPath, timeoutMs);
        try {
          await replugOptions.beforeDeviceAppears?.();
        } finally {
          await rename(staging, devicePath);
        }
      }),
    close() {
      closing ??= plugging.run(async () => {
        const running = socat;
        socat = null;
        if (running) await stop(running.child, running.exited);
        await rm(dir, { recursive: true, force: true });
      });
      return closing;
    },
  };
}

/**
 * util-linux's `setpriv`, when it can set a parent-death signal: socat started through it
 * (`setpriv --pdeathsig TERM -- socat …`, which execs socat, same pid) gets SIGTERM when the
 * process that started it dies, even by SIGKILL, instead of living on orphaned and holding its
 * PTYs. Node cannot call prctl(PR_SET_PDEATHSIG) itself. Without it socat is started directly.
 */
let setprivPath: string | null | undefined;
function pdeathsigLauncher(): string | null {
  if (setprivPath === undefined) {
    const found = ['/usr/bin/setpriv', '/bin/setpriv'].find((candidate) => existsSync(candidate));
    const help = found === undefined ? null : spawnSync(found, ['--help'], { encoding: 'utf8', timeout: 2000 });
    setprivPath = found !== undefined && help?.stdout?.includes('--pdeathsig') ? found : null;
  }
  return setprivPath;
}

/** A running socat and the promise of its end (all its pipes closed). */
interface Socat {
  child: ChildProcess;
  exited: Promise<void>;
}

/** Starts socat linking two PTYs at the given paths; resolves once it moves bytes. */
async function startSocat(
  socatPath: string,
  devicePath: string,
  simulatorPath: string,
  timeoutMs: number,
): Promise<Socat> {
  const socatArgs = ['-d', '-d', `pty,raw,echo=0,link=${devicePath}`, `pty,raw,echo=0,link=${simulatorPath}`];
  const launcher = pdeathsigLauncher();
  const child =
    launcher === null
      ? spawn(socatPath, socatArgs, { stdio: ['ignore', 'ignore', 'pipe'] })
      : spawn(launcher, ['--pdeathsig', 'TERM', '--', socatPath, ...socatArgs], {
          stdio: ['ignore', 'ignore', 'pipe'],
        });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  // Keep reading stderr for socat's whole life, so a full pipe can never block it.
  child.stderr?.on('data', (text: string) => {
    if (stderr.length < 8192) stderr += text;
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('close', () => resolve());
  });
  try {
    await waitUntilReady(child, () => stderr, [devicePath, simulatorPath], timeoutMs, socatPath);
  } catch (error) {
    await stop(child, exited);
    throw error;
  }
  return { child, exited };
}

function waitUntilReady(
  child: ChildProcess,
  stderr: () => string,
  links: string[],
  timeoutMs: number,
  socatPath: string,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearInterval(poll);
      child.off('error', onError);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve();
    };
    const onError = (error: NodeJS.ErrnoException) => {
      finish(
        error.code === 'ENOENT'
          ? new PtyPairError(
              `socat is not installed (cannot run "${socatPath}"); simulated devices need it: apt-get install socat`,
            )
          : new PtyPairError(`cannot start socat: ${error.message}`),
      );
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      // Through setpriv, a missing socat is setpriv's «failed to execute» and exit code 127.
      finish(
        code === 127
          ? new PtyPairError(
              `socat is not installed (cannot run "${socatPath}"); simulated devices need it: apt-get install socat`,
            )
          : new PtyPairError(
              `socat exited (${signal ?? `code ${code}`}) before the PTYs were ready: ${stderr().trim()}`,
            ),
      );
    };
    child.once('error', onError);
    child.once('exit', onExit);
    const poll = setInterval(() => {
      // The links appear before socat enters its loop; wait for both signs.
      if (stderr().includes('starting data transfer loop') && links.every((link) => existsSync(link))) finish();
      else if (Date.now() > deadline) finish(new PtyPairError(`socat did not set up the PTYs within ${timeoutMs} ms`));
    }, 5);
  });
}

async function stop(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.pid === undefined) return;
  if (child.exitCode !== null || child.signalCode !== null) {
    // Exited already; wait (briefly) for its stderr pipe to close too, so no descriptor lingers.
    await Promise.race([exited, delay(1000)]);
    return;
  }
  child.kill('SIGTERM');
  const killed = await Promise.race([exited.then(() => true), delay(1000).then(() => false)]);
  if (!killed) {
    child.kill('SIGKILL');
    await exited;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
