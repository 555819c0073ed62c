import type { App, BrowserWindow } from 'electron';
import { betweenVisitors, HeartbeatWatch } from '../services/supervision/heartbeat-watch';
import type { PageHeartbeat } from '../services/supervision/page-heartbeat';
import type { PageLoss, ScreenRecovery } from '../services/supervision/screen-recovery';
import type { ShellLogger } from './shell-logger';

/** Timer functions, injectable for tests. */
export interface WatchdogTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

/** The memory ceiling of the kiosk page's renderer. */
export interface RendererMemoryCeiling {
  /** Above this (bytes) the page is restarted between visitors. */
  ceilingBytes: number;
  checkMs: number;
  /** The renderer's memory now (bytes), undefined when it cannot be told. */
  read: () => Promise<number | undefined> | number | undefined;
}

/** What the watchdog needs. */
export interface WatchdogOptions {
  win: BrowserWindow;
  /** The app, for `child-process-gone` (the GPU process). */
  app: Pick<App, 'on' | 'off'>;
  /** Loads the app's document afresh (the home screen, no visitor state). */
  reload: () => Promise<void> | void;
  /** True once the app is quitting: a renderer that goes away then is not a failure. */
  isQuitting: () => boolean;
  logger: ShellLogger;
  /** What a lost page means (the visitor's session, the count, out of service): shared with the browser host. */
  recovery: ScreenRecovery;
  /** The page's heartbeats (`kiosk.heartbeat`, from an animation frame): the frozen-screen detector. */
  heartbeat: Pick<PageHeartbeat, 'onBeat'>;
  /** The visitor session: a memory restart waits for its end. */
  session: Parameters<typeof betweenVisitors>[0];
  /** No heartbeat for this long from a page that was up: frozen. Default 10 s. */
  frozenAfterMs?: number;
  /** A (re)loaded page has this long to send its first heartbeat. Default 60 s. */
  startGraceMs?: number;
  memory?: RendererMemoryCeiling;
  /** How long Electron may call a page unresponsive before it is killed and reloaded. */
  unresponsiveGraceMs?: number;
  /** Each time a page comes up (its first heartbeat): the shell tells systemd it is ready. */
  onPageUp?: () => void;
  now?: () => number;
  timers?: WatchdogTimers;
}

/** The attached watchdog. */
export interface Watchdog {
  /** For systemd's watchdog: the page answers, or the watchdog is within the time of its recovery. */
  healthy(): boolean;
  /** Stops watching. */
  dispose(): void;
}

/** Default grace for a hung page: long enough for a slow first paint on a weak kiosk PC. */
export const DEFAULT_UNRESPONSIVE_GRACE_MS = 15_000;
const DEFAULT_FROZEN_AFTER_MS = 10_000;
const DEFAULT_START_GRACE_MS = 60_000;
/** How often the heartbeat's freshness is checked. */
const TICK_MS = 1_000;
/** A renderer the watchdog killed should be reported gone within this. */
const EXIT_WAIT_MS = 5_000;

/** What Electron's `render-process-gone` reasons mean for the count. */
function lossOfReason(reason: string): PageLoss {
  if (reason === 'killed') return 'killed';
  if (reason === 'launch-failed') return 'never_up';
  // 'clean-exit' of a renderer the kiosk did not end is no visitor's key press: count it.
  return 'crashed';
}

/**
 * Watches the kiosk window's page and brings it back onto the home screen: the Electron side of
 * the supervision that `BrowserSupervisor` does for the browser host, with the same policy
 * (`ScreenRecovery`: session ended, back-off, out of service and the technician's alert).
 *
 * - `render-process-gone` (a crash, a kill, out of memory): reloaded after the policy's delay.
 * - The GPU process gone (`child-process-gone`): the page may be left black; reloaded the same way.
 * - Electron's `unresponsive` for longer than the grace, or no page heartbeat for `frozenAfterMs`
 *   (frozen), or none within `startGraceMs` of a reload: the renderer is killed
 *   (`forcefullyCrashRenderer`) and comes back through the crash path, counted once.
 * - The renderer's memory over the ceiling: killed and reloaded once no visitor is at the screen,
 *   not counted as a failure.
 */
export function attachWatchdog(options: WatchdogOptions): Watchdog {
  const { win, logger, recovery } = options;
  const graceMs = options.unresponsiveGraceMs ?? DEFAULT_UNRESPONSIVE_GRACE_MS;
  const now = options.now ?? Date.now;
  const timers: WatchdogTimers = options.timers ?? {
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    setInterval: (callback, ms) => setInterval(callback, ms),
    clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
  };
  const watch = new HeartbeatWatch({
    frozenAfterMs: options.frozenAfterMs ?? DEFAULT_FROZEN_AFTER_MS,
    startGraceMs: options.startGraceMs ?? DEFAULT_START_GRACE_MS,
  });
  watch.started(now());
  const contents = win.webContents;
  let reloadTimer: unknown;
  let hangTimer: unknown;
  /** The watchdog is ending the renderer itself, and why: its `render-process-gone` is that loss. */
  let ending: { loss: PageLoss; delayMs: number } | undefined;
  let memoryRestartWaiting: (() => void) | undefined;

  const cancel = (handle: unknown): undefined => {
    if (handle !== undefined) timers.clearTimeout(handle);
    return undefined;
  };
  const gone = (): boolean => options.isQuitting() || win.isDestroyed();

  const reloadAfter = (delayMs: number): void => {
    reloadTimer = cancel(reloadTimer);
    watch.replacing(now(), delayMs);
    reloadTimer = timers.setTimeout(() => {
      reloadTimer = undefined;
      if (gone()) return;
      watch.started(now());
      Promise.resolve()
        .then(options.reload)
        .then(
          () => logger.info({}, 'kiosk page reloaded'),
          (err: unknown) => logger.error({ err }, 'kiosk page reload failed'),
        );
    }, delayMs);
  };

  /** Kills the renderer on purpose; its `render-process-gone` then brings the page back. */
  const end = (loss: PageLoss): void => {
    if (ending !== undefined || gone()) return;
    hangTimer = cancel(hangTimer);
    ending = { loss, delayMs: recovery.pageLost(loss) };
    watch.replacing(now(), EXIT_WAIT_MS);
    contents.forcefullyCrashRenderer();
  };

  const onProcessGone = (_event: unknown, details: { reason: string; exitCode: number }): void => {
    hangTimer = cancel(hangTimer);
    if (gone()) return;
    const ended = ending;
    ending = undefined;
    if (ended !== undefined) {
      reloadAfter(ended.delayMs);
      return;
    }
    logger.error({ reason: details.reason, exitCode: details.exitCode }, 'kiosk page process gone: recovering');
    reloadAfter(recovery.pageLost(lossOfReason(details.reason)));
  };

  const onChildGone = (_event: unknown, details: { type: string; reason: string; exitCode: number }): void => {
    logger.warn({ type: details.type, reason: details.reason, exitCode: details.exitCode }, 'child process gone');
    if (details.type !== 'GPU' || details.reason === 'clean-exit' || gone()) return;
    // Chromium starts a new GPU process, but the page may stay black: reload it.
    reloadAfter(recovery.pageLost('gpu_gone'));
  };

  const onUnresponsive = (): void => {
    if (gone() || hangTimer !== undefined || ending !== undefined) return;
    logger.warn({ graceMs }, 'kiosk page unresponsive');
    hangTimer = timers.setTimeout(() => {
      hangTimer = undefined;
      if (gone()) return;
      logger.error({ graceMs }, 'kiosk page still unresponsive: killing it to reload');
      end('frozen');
    }, graceMs);
  };

  const onResponsive = (): void => {
    if (hangTimer === undefined) return;
    hangTimer = cancel(hangTimer);
    logger.info({}, 'kiosk page responsive again');
  };

  const stopBeats = options.heartbeat.onBeat((at) => {
    if (ending !== undefined) return;
    if (watch.beat(at) !== undefined) {
      logger.info({}, 'kiosk page up');
      options.onPageUp?.();
    }
    recovery.pageAlive();
  });

  const tick = timers.setInterval(() => {
    if (ending !== undefined || gone()) return;
    const at = now();
    const silence = watch.silence(at);
    if (silence === undefined) return;
    logger.error(
      { silentMs: watch.silentFor(at) },
      silence === 'frozen' ? 'kiosk page frozen: no heartbeat' : 'kiosk page never answered after loading',
    );
    end(silence);
  }, TICK_MS);

  const { memory } = options;
  const memoryTick =
    memory === undefined
      ? undefined
      : timers.setInterval(() => {
          if (ending !== undefined || memoryRestartWaiting !== undefined || !watch.up || gone()) return;
          void Promise.resolve()
            .then(memory.read)
            .then((bytes) => {
              if (bytes === undefined || bytes <= memory.ceilingBytes || memoryRestartWaiting !== undefined) return;
              let restarted = false;
              const callOff = betweenVisitors(options.session, () => {
                restarted = true;
                memoryRestartWaiting = undefined;
                if (gone()) return;
                logger.warn(
                  { memoryMiB: Math.round(bytes / 2 ** 20) },
                  'kiosk page over its memory ceiling: restarting it',
                );
                end('memory');
              });
              if (!restarted) memoryRestartWaiting = callOff;
            })
            .catch((err: unknown) => logger.warn({ err }, 'kiosk page memory not read'));
        }, memory.checkMs);

  contents.on('render-process-gone', onProcessGone);
  options.app.on('child-process-gone', onChildGone);
  win.on('unresponsive', onUnresponsive);
  win.on('responsive', onResponsive);

  return {
    healthy: () => !gone() && watch.healthy(now()),
    dispose: () => {
      reloadTimer = cancel(reloadTimer);
      hangTimer = cancel(hangTimer);
      timers.clearInterval(tick);
      if (memoryTick !== undefined) timers.clearInterval(memoryTick);
      memoryRestartWaiting?.();
      stopBeats();
      options.app.off('child-process-gone', onChildGone);
      if (!contents.isDestroyed()) contents.off('render-process-gone', onProcessGone);
      if (!win.isDestroyed()) {
        win.off('unresponsive', onUnresponsive);
        win.off('responsive', onResponsive);
      }
    },
  };
}
