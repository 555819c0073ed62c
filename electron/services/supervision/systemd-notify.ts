import { spawn } from 'node:child_process';
import type { SupervisionLogger } from './screen-recovery';

/** How a notification is sent: spawns `systemd-notify` by default. */
export type NotifySender = (assignments: readonly string[]) => Promise<void>;

/** What the host tells systemd. */
export interface SystemdNotifier {
  /** The kiosk page is up (`READY=1`): a `Type=notify` unit is started. */
  ready(): Promise<void>;
  /** Alive (`WATCHDOG=1`): sent every `watchdogIntervalMs` while the host judges itself healthy. */
  watchdog(): Promise<void>;
  /** Shutting down (`STOPPING=1`): a stop on purpose, not a hang. */
  stopping(): Promise<void>;
  /** Half of the unit's `WatchdogSec` (ms), or undefined when the unit has no watchdog. */
  readonly watchdogIntervalMs: number | undefined;
}

/**
 * systemd's notifications for the kiosk unit (`Type=notify`, `NotifyAccess=all`, `WatchdogSec=`),
 * or undefined when the host does not run under systemd (`NOTIFY_SOCKET` unset: `npm start`).
 *
 * Without a native module: each notification spawns `systemd-notify`, which waits until systemd
 * has taken the message (a barrier), so it is not lost when the short-lived sender exits before
 * systemd reads it. `NotifyAccess=all` is needed since the sender is our child, not the unit's
 * main process (cage is); for the same reason `WATCHDOG_PID` (cage's pid) is not compared with ours.
 */
export function systemdNotifier(
  env: NodeJS.ProcessEnv = process.env,
  send: NotifySender = (assignments) => spawnSystemdNotify(assignments, env),
): SystemdNotifier | undefined {
  if (!env.NOTIFY_SOCKET) return undefined;
  const usec = Number(env.WATCHDOG_USEC);
  const watchdogIntervalMs = Number.isInteger(usec) && usec > 0 ? Math.max(1, Math.floor(usec / 2000)) : undefined;
  return {
    ready: () => send(['READY=1', 'STATUS=the kiosk page is up']),
    watchdog: () => send(['WATCHDOG=1']),
    stopping: () => send(['STOPPING=1']),
    watchdogIntervalMs,
  };
}

/**
 * `WATCHDOG=1` every half `WatchdogSec` while `healthy()` says so: a host whose event loop is stuck,
 * or whose supervision is wedged, misses it and systemd restarts the session. Returns the stop.
 */
export function keepSystemdWatchdog(
  notifier: SystemdNotifier,
  healthy: () => boolean,
  log: Pick<SupervisionLogger, 'warn'>,
): () => void {
  const interval = notifier.watchdogIntervalMs;
  if (interval === undefined) return () => {};
  const timer = setInterval(() => {
    if (!healthy()) {
      log.warn({}, 'systemd watchdog not notified: the kiosk page is not answering');
      return;
    }
    void notifier
      .watchdog()
      .catch((error: unknown) => log.warn({ err: error }, 'systemd watchdog notification failed'));
  }, interval);
  timer.unref();
  return () => clearInterval(timer);
}

/** Longest wait for `systemd-notify` (its barrier waits for systemd, which may be busy). */
const NOTIFY_TIMEOUT_MS = 5_000;

/** Runs `systemd-notify VAR=value…` with `env` (its `NOTIFY_SOCKET`); rejects when it fails or is missing. */
export function spawnSystemdNotify(assignments: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('systemd-notify', [...assignments], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: NOTIFY_TIMEOUT_MS,
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-300);
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`systemd-notify ${assignments.join(' ')}: ${signal ?? `exit ${code}`} ${stderr.trim()}`));
    });
  });
}
