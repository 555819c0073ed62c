import type { BrowserWindow } from 'electron';
import type { ShellLogger } from './shell-logger';

/** How the watchdog reacts to a page that crashed or hung. */
export interface RestartPolicyOptions {
  /** This many failures within `windowMs` and reloading is not enough: relaunch the app. */
  maxFailures: number;
  windowMs: number;
  /** Delay before the first reload; doubled for each further failure in the window. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/** What to do after a failure. */
export type RecoveryDecision =
  | { action: 'reload'; delayMs: number; failuresInWindow: number }
  | { action: 'relaunch'; failuresInWindow: number };

/** Defaults: four failures in five minutes relaunch the app; reloads wait 1 s, 2 s, 4 s. */
export const DEFAULT_RESTART_POLICY: RestartPolicyOptions = {
  maxFailures: 4,
  windowMs: 5 * 60_000,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
};

/**
 * Decides how to recover from renderer failures: reload with a growing delay, and relaunch the
 * whole app when the failures come too often (a reload loop helps no one; a fresh process may).
 *
 * Pure: the caller passes the time, so that the policy is unit-tested without timers.
 */
export class RestartPolicy {
  readonly #options: RestartPolicyOptions;
  #failures: number[] = [];

  constructor(options: Partial<RestartPolicyOptions> = {}) {
    this.#options = { ...DEFAULT_RESTART_POLICY, ...options };
    const { maxFailures, windowMs, baseDelayMs, maxDelayMs } = this.#options;
    if (!(maxFailures >= 1 && windowMs > 0 && baseDelayMs >= 0 && maxDelayMs >= baseDelayMs)) {
      throw new RangeError('invalid restart policy');
    }
  }

  /** Records one failure at `now` (ms) and says what to do about it. */
  recordFailure(now: number): RecoveryDecision {
    const { maxFailures, windowMs, baseDelayMs, maxDelayMs } = this.#options;
    this.#failures = this.#failures.filter((at) => now - at < windowMs);
    this.#failures.push(now);
    const failuresInWindow = this.#failures.length;
    if (failuresInWindow >= maxFailures) {
      // The relaunched process starts with a clean record.
      this.#failures = [];
      return { action: 'relaunch', failuresInWindow };
    }
    const delayMs = Math.min(maxDelayMs, baseDelayMs * 2 ** (failuresInWindow - 1));
    return { action: 'reload', delayMs, failuresInWindow };
  }

  /** Failures recorded within the window ending at `now`. */
  failuresAt(now: number): number {
    return this.#failures.filter((at) => now - at < this.#options.windowMs).length;
  }
}

/** Timer functions, injectable for tests. */
export interface WatchdogTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** What the watchdog needs. */
export interface WatchdogOptions {
  win: BrowserWindow;
  /** Loads the app's document afresh (the home screen, no visitor state). */
  reload: () => Promise<void> | void;
  /** Restarts the whole app (`app.relaunch(); app.exit(0)`, or exit under a supervisor). */
  relaunch: () => void;
  /** True once the app is quitting: a renderer that goes away then is not a failure. */
  isQuitting: () => boolean;
  logger: ShellLogger;
  policy?: RestartPolicy;
  /** How long a page may stay unresponsive before it is killed and reloaded. */
  unresponsiveGraceMs?: number;
  now?: () => number;
  timers?: WatchdogTimers;
}

/** Default grace for a hung page: long enough for a slow first paint on a weak kiosk PC. */
export const DEFAULT_UNRESPONSIVE_GRACE_MS = 15_000;

/**
 * Watches the kiosk window's page and brings it back when it crashes or hangs.
 *
 * A crashed page is reloaded after the policy's delay; a page unresponsive for longer than the
 * grace is killed (`forcefullyCrashRenderer`), which comes back through the crash path, so hangs
 * and crashes count alike. Returns the function that stops watching.
 */
export function attachWatchdog(options: WatchdogOptions): () => void {
  const { win, logger } = options;
  const policy = options.policy ?? new RestartPolicy();
  const graceMs = options.unresponsiveGraceMs ?? DEFAULT_UNRESPONSIVE_GRACE_MS;
  const now = options.now ?? Date.now;
  const timers: WatchdogTimers = options.timers ?? {
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
  const contents = win.webContents;
  let reloadTimer: unknown;
  let hangTimer: unknown;
  let relaunching = false;

  const cancel = (handle: unknown): undefined => {
    if (handle !== undefined) timers.clearTimeout(handle);
    return undefined;
  };
  const gone = (): boolean => options.isQuitting() || relaunching || win.isDestroyed();

  const onProcessGone = (_event: unknown, details: { reason: string; exitCode: number }): void => {
    hangTimer = cancel(hangTimer);
    if (gone()) return;
    const decision = policy.recordFailure(now());
    logger.error(
      { reason: details.reason, exitCode: details.exitCode, ...decision },
      'kiosk page process gone: recovering',
    );
    if (decision.action === 'relaunch') {
      relaunching = true;
      reloadTimer = cancel(reloadTimer);
      options.relaunch();
      return;
    }
    reloadTimer = cancel(reloadTimer);
    reloadTimer = timers.setTimeout(() => {
      reloadTimer = undefined;
      if (gone()) return;
      Promise.resolve()
        .then(options.reload)
        .then(
          () => logger.info({}, 'kiosk page reloaded'),
          (err: unknown) => logger.error({ err }, 'kiosk page reload failed'),
        );
    }, decision.delayMs);
  };

  const onUnresponsive = (): void => {
    if (gone() || hangTimer !== undefined) return;
    logger.warn({ graceMs }, 'kiosk page unresponsive');
    hangTimer = timers.setTimeout(() => {
      hangTimer = undefined;
      if (gone()) return;
      logger.error({ graceMs }, 'kiosk page still unresponsive: killing it to reload');
      // The kill comes back as render-process-gone ('killed'), where it is counted and reloaded.
      contents.forcefullyCrashRenderer();
    }, graceMs);
  };

  const onResponsive = (): void => {
    if (hangTimer === undefined) return;
    hangTimer = cancel(hangTimer);
    logger.info({}, 'kiosk page responsive again');
  };

  contents.on('render-process-gone', onProcessGone);
  win.on('unresponsive', onUnresponsive);
  win.on('responsive', onResponsive);

  return () => {
    reloadTimer = cancel(reloadTimer);
    hangTimer = cancel(hangTimer);
    if (!contents.isDestroyed()) contents.off('render-process-gone', onProcessGone);
    if (!win.isDestroyed()) {
      win.off('unresponsive', onUnresponsive);
      win.off('responsive', onResponsive);
    }
  };
}
