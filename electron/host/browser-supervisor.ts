import type { ChildProcess } from 'node:child_process';
import type { VisitorSession } from '../services/session/visitor-session';
import { betweenVisitors, HeartbeatWatch } from '../services/supervision/heartbeat-watch';
import type { PageHeartbeat } from '../services/supervision/page-heartbeat';
import type { PageLoss, ScreenRecovery, SupervisionLogger } from '../services/supervision/screen-recovery';
import { type CdpPipe, kioskPageHeapBytes } from './cdp-pipe';
import { rendererResidentBytes } from './renderer-memory';

/** One running browser of the kiosk's and its debugging pipe. */
export interface LaunchedBrowser {
  child: ChildProcess;
  cdp: CdpPipe;
}

/** A browser started with no window (`--no-startup-window`), kept to show the page when the running one is lost. */
export interface WarmBrowser extends LaunchedBrowser {
  /** Opens the kiosk page on a fresh one-time address in an app window; rejects when it cannot. */
  show(): Promise<void>;
}

/** What the supervisor needs. */
export interface BrowserSupervisorOptions {
  /** Starts the kiosk's browser on a fresh one-time address (`BrowserHost.newBootstrap`). */
  launch: () => Promise<LaunchedBrowser>;
  /**
   * Starts a warm spare, resolved once it is ready (`KioskBrowserLauncher.warm`). Given, a spare
   * is kept from shortly after each page comes up, and a relaunch shows the page in it instead of
   * starting a browser (Chromium's start is most of a cold relaunch).
   */
  spare?: () => Promise<WarmBrowser>;
  recovery: ScreenRecovery;
  heartbeat: Pick<PageHeartbeat, 'onBeat'>;
  session: Pick<VisitorSession, 'active' | 'onNextEnd'>;
  log: SupervisionLogger;
  /** No heartbeat for this long: the page is frozen. */
  frozenAfterMs: number;
  /** A new page has this long to send its first heartbeat. */
  startGraceMs: number;
  /** The page's JS heap above this restarts it between visitors; 0 or absent: no ceiling. */
  heapCeilingBytes?: number;
  /** How often the heap is read. Default 30 s. */
  memoryCheckMs?: number;
  /** Reads the page's memory (bytes); `pageMemoryBytes` by default. */
  pageHeap?: (browser: LaunchedBrowser) => Promise<number>;
  /** Each time a page comes up (its first heartbeat): the host tells systemd it is ready. */
  onPageUp?: () => void;
  now?: () => number;
}

/** One launch of the browser. */
interface Launch {
  browser: LaunchedBrowser;
  /** The supervisor is ending this browser itself (frozen, memory, stop), and why. */
  ending?: PageLoss | 'stop';
  /** After an ending: how long to wait, once it has exited, before the next launch. */
  delayAfterExitMs: number;
  exited: Promise<void>;
}

/** How often the heartbeat's freshness is checked. */
const TICK_MS = 500;
/** A browser asked to exit (a kill) should be gone within this. */
const EXIT_WAIT_MS = 5_000;
/** A browser asked to stop (SIGTERM) this long ago is killed. */
const STOP_WAIT_MS = 5_000;
/** A spare is started this long after a page comes up: the page's own first frames come first. */
const SPARE_AFTER_UP_MS = 1_000;
/** A spare that exited or failed to start is tried again after this. */
const SPARE_RETRY_MS = 30_000;
/** This many spares in a row failing to start: no more spares (every relaunch is cold, as before). */
const MAX_SPARE_FAILURES = 3;
const CRASH_SIGNALS: ReadonlySet<string> = new Set(['SIGSEGV', 'SIGABRT', 'SIGBUS', 'SIGILL', 'SIGTRAP', 'SIGFPE']);

/**
 * The browser host's supervision of its browser: relaunches it onto the home screen when it exits
 * (a key closed it, it crashed, it was killed) or its page stops answering the heartbeat (frozen,
 * its renderer hung or gone), and between visitors when the page's heap passes the ceiling. What a
 * loss means for the visitor, the count and out of service is `ScreenRecovery`'s; each relaunch
 * starts a fresh browser on a new one-time address. The time from a loss to the new page's first
 * heartbeat is logged (`relaunchMs`; `npm run bench browser-relaunch` measures it).
 */
export class BrowserSupervisor {
  readonly #options: BrowserSupervisorOptions;
  readonly #now: () => number;
  readonly #watch: HeartbeatWatch;
  #current: Launch | undefined;
  #launching = false;
  #stopped = false;
  /** When the page was lost (for the relaunch time), until a new page answers. */
  #lostAt: number | undefined;
  #relaunchTimer: NodeJS.Timeout | undefined;
  #tick: NodeJS.Timeout | undefined;
  #memoryTimer: NodeJS.Timeout | undefined;
  /** Calls off a memory restart waiting for the visitor to leave. */
  #memoryRestartWaiting: (() => void) | undefined;
  #unsubscribe: (() => void) | undefined;
  #spare: Spare | undefined;
  #spareTimer: NodeJS.Timeout | undefined;
  #spareFailures = 0;

  constructor(options: BrowserSupervisorOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#watch = new HeartbeatWatch(options);
  }

  /** Launches the browser and starts watching it. */
  start(): void {
    this.#unsubscribe = this.#options.heartbeat.onBeat((at) => this.#beat(at));
    this.#tick = setInterval(() => this.#check(), TICK_MS);
    this.#tick.unref();
    if (this.#options.heapCeilingBytes) {
      this.#memoryTimer = setInterval(() => void this.#checkMemory(), this.#options.memoryCheckMs ?? 30_000);
      this.#memoryTimer.unref();
    }
    void this.#launch();
  }

  /** The running browser's debugging pipe (the centre's screen capture), if one runs. */
  get cdp(): CdpPipe | undefined {
    return this.#current?.browser.cdp;
  }

  /** The running browser's process id, if one runs. */
  get browserPid(): number | undefined {
    return this.#current?.browser.child.pid;
  }

  /**
   * For systemd's watchdog: true while the page answers, or while the supervisor is within the
   * deadline of what it is doing about it (launching, ending a frozen browser, waiting out a
   * back-off). A back-off is no hang: systemd restarting the whole session then would undo the
   * out-of-service rule.
   */
  healthy(now = this.#now()): boolean {
    return !this.#stopped && this.#watch.healthy(now);
  }

  /** Stops supervising and ends the browser (SIGTERM, then SIGKILL): nothing is relaunched. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#relaunchTimer);
    clearInterval(this.#tick);
    clearInterval(this.#memoryTimer);
    clearTimeout(this.#spareTimer);
    this.#memoryRestartWaiting?.();
    this.#unsubscribe?.();
    const spare = this.#takeSpare().then(async (warm) => {
      if (warm === undefined) return;
      const exited = exitOf(warm);
      warm.child.kill('SIGKILL');
      await exited;
    });
    const current = this.#current;
    if (current !== undefined) {
      current.ending = 'stop';
      current.browser.child.kill('SIGTERM');
      const killer = setTimeout(() => current.browser.child.kill('SIGKILL'), STOP_WAIT_MS);
      await current.exited;
      clearTimeout(killer);
    }
    await spare;
  }

  async #launch(): Promise<void> {
    if (this.#stopped || this.#current !== undefined || this.#launching) return;
    this.#launching = true;
    const launchedAt = this.#now();
    this.#watch.started(launchedAt);
    let browser: LaunchedBrowser;
    let warm = false;
    try {
      const spare = await this.#showInSpare();
      warm = spare !== undefined;
      browser = spare ?? (await this.#options.launch());
    } catch (error) {
      this.#launching = false;
      this.#options.log.error({ err: error }, 'kiosk browser did not start');
      this.#lost(this.#options.recovery.pageLost('never_up'));
      return;
    }
    this.#launching = false;
    let markExited = () => {};
    const launch: Launch = {
      browser,
      delayAfterExitMs: 0,
      exited: new Promise<void>((resolve) => {
        markExited = resolve;
      }),
    };
    this.#current = launch;
    let seen = false;
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      if (seen) return;
      seen = true;
      markExited();
      this.#exited(launch, code, signal);
    };
    browser.child.once('exit', onExit);
    // A binary that cannot be run: no `exit` comes, only `error`.
    browser.child.once('error', () => onExit(null, null));
    this.#options.log.info({ pid: browser.child.pid, warm }, 'kiosk browser started');
    if (this.#stopped) browser.child.kill('SIGKILL');
  }

  /** The spare, showing the page now; undefined when there is none or it could not (then it is ended). */
  async #showInSpare(): Promise<WarmBrowser | undefined> {
    const spare = await this.#takeSpare();
    if (spare === undefined) return undefined;
    try {
      await spare.show();
      return spare;
    } catch (error) {
      // A spare that cannot show the page (a browser without the process singleton, as headless
      // Chromium is) never will: no more spares, every relaunch cold.
      this.#spareFailures = MAX_SPARE_FAILURES;
      this.#options.log.warn({ err: error }, 'spare browser did not show the page: starting a new browser');
      spare.child.kill('SIGKILL');
      return undefined;
    }
  }

  /** Takes the spare, waiting for one still starting; undefined when there is none (or it died). */
  async #takeSpare(): Promise<WarmBrowser | undefined> {
    const spare = this.#spare;
    if (spare === undefined) return undefined;
    this.#spare = undefined;
    spare.taken = true;
    const warm = await spare.ready;
    if (warm === undefined || warm.child.exitCode !== null || warm.child.signalCode !== null) return undefined;
    return warm;
  }

  #spareLater(delayMs: number): void {
    if (this.#options.spare === undefined || this.#stopped) return;
    clearTimeout(this.#spareTimer);
    this.#spareTimer = setTimeout(() => this.#startSpare(), delayMs);
    this.#spareTimer.unref();
  }

  /** Starts a spare while a page is up and none is kept (both profiles: the running one's and the spare's). */
  #startSpare(): void {
    const start = this.#options.spare;
    const current = this.#current;
    if (start === undefined || this.#stopped || this.#spare !== undefined) return;
    if (current === undefined || current.ending !== undefined || !this.#watch.up) return;
    if (this.#spareFailures >= MAX_SPARE_FAILURES) return;
    const spare: Spare = { taken: false, ready: Promise.resolve(undefined) };
    spare.ready = start().then(
      (warm) => {
        this.#spareFailures = 0;
        warm.child.once('exit', () => {
          if (spare.taken || this.#spare !== spare) return;
          this.#spare = undefined;
          this.#options.log.warn({ pid: warm.child.pid }, 'spare browser exited: starting another later');
          this.#spareLater(SPARE_RETRY_MS);
        });
        if (this.#stopped && !spare.taken) warm.child.kill('SIGKILL');
        else this.#options.log.info({ pid: warm.child.pid }, 'spare browser ready');
        return warm;
      },
      (error: unknown) => {
        this.#spareFailures += 1;
        this.#options.log.warn({ err: error, failures: this.#spareFailures }, 'spare browser did not start');
        if (this.#spare === spare) {
          this.#spare = undefined;
          this.#spareLater(SPARE_RETRY_MS);
        }
        return undefined;
      },
    );
    this.#spare = spare;
  }

  #beat(at: number): void {
    const current = this.#current;
    if (current === undefined || current.ending !== undefined) return;
    const startedAt = this.#watch.beat(at);
    if (startedAt !== undefined) {
      const relaunchMs = this.#lostAt === undefined ? undefined : at - this.#lostAt;
      this.#lostAt = undefined;
      this.#options.log.info(
        {
          pid: current.browser.child.pid,
          startMs: at - startedAt,
          ...(relaunchMs === undefined ? {} : { relaunchMs }),
        },
        'kiosk page up',
      );
      this.#options.onPageUp?.();
      this.#spareLater(SPARE_AFTER_UP_MS);
    }
    this.#options.recovery.pageAlive();
  }

  /** A browser exited: by itself (a loss to count), or because the supervisor ended it. */
  #exited(launch: Launch, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.#current !== launch) return;
    this.#current = undefined;
    if (this.#stopped || launch.ending === 'stop') return;
    if (launch.ending !== undefined) {
      this.#schedule(launch.delayAfterExitMs);
      return;
    }
    const loss = lossOf(this.#watch.up, code, signal);
    this.#lostAt = this.#now();
    this.#options.log.warn({ code, signal, loss }, 'kiosk browser exited');
    this.#lost(this.#options.recovery.pageLost(loss));
  }

  #lost(delayMs: number): void {
    this.#lostAt ??= this.#now();
    this.#schedule(delayMs);
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    clearTimeout(this.#relaunchTimer);
    this.#watch.replacing(this.#now(), delayMs);
    this.#relaunchTimer = setTimeout(() => void this.#launch(), delayMs);
  }

  /** Ends the running browser itself (frozen, silent since launch, memory); it relaunches once it has exited. */
  #end(launch: Launch, loss: PageLoss): void {
    if (launch.ending !== undefined || this.#current !== launch) return;
    launch.ending = loss;
    this.#lostAt = this.#now();
    this.#watch.replacing(this.#lostAt, EXIT_WAIT_MS);
    launch.delayAfterExitMs = this.#options.recovery.pageLost(loss);
    // Whole browser, no goodbye: a hung renderer would not answer a polite close anyway.
    launch.browser.child.kill('SIGKILL');
  }

  #check(): void {
    const launch = this.#current;
    if (launch === undefined || launch.ending !== undefined) return;
    const now = this.#now();
    const silence = this.#watch.silence(now);
    if (silence === undefined) return;
    this.#options.log.error(
      { silentMs: this.#watch.silentFor(now) },
      silence === 'frozen' ? 'kiosk page frozen: no heartbeat' : 'kiosk page never answered after launch',
    );
    this.#end(launch, silence);
  }

  async #checkMemory(): Promise<void> {
    const launch = this.#current;
    const ceiling = this.#options.heapCeilingBytes ?? 0;
    if (launch === undefined || !this.#watch.up || launch.ending !== undefined || this.#memoryRestartWaiting) return;
    let heapBytes: number;
    try {
      heapBytes = await (this.#options.pageHeap ?? pageMemoryBytes)(launch.browser);
    } catch {
      return; // the page is changing or the browser going: the next check reads it
    }
    if (heapBytes <= ceiling || this.#current !== launch) return;
    const heapMiB = Math.round(heapBytes / 2 ** 20);
    if (this.#options.session.active) {
      this.#options.log.warn({ heapMiB }, 'kiosk page over its memory ceiling: restarting it after this visitor');
    }
    let restarted = false;
    const callOff = betweenVisitors(this.#options.session, () => {
      restarted = true;
      this.#memoryRestartWaiting = undefined;
      if (this.#stopped) return;
      this.#options.log.warn({ heapMiB }, 'kiosk page over its memory ceiling: restarting it');
      this.#end(launch, 'memory');
    });
    if (!restarted) this.#memoryRestartWaiting = callOff;
  }
}

/** A spare being started or kept. */
interface Spare {
  /** Resolves with the ready browser, or undefined when it did not start. */
  ready: Promise<WarmBrowser | undefined>;
  /** Taken for a relaunch (or by the stop): no longer the supervisor's spare. */
  taken: boolean;
}

function exitOf(browser: LaunchedBrowser): Promise<void> {
  const { child } = browser;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
}

/** What a browser's own exit means: a crash, a kill, a window closed by a key, or a start that failed. */
export function lossOf(pageWasUp: boolean, code: number | null, signal: NodeJS.Signals | null): PageLoss {
  if (signal !== null) return CRASH_SIGNALS.has(signal) ? 'crashed' : 'killed';
  if (code !== 0) return 'crashed';
  // Exit 0: a key closed its last window (Alt+F4, Ctrl+W), unless the page never came up (the
  // profile was in use by another browser, which took the address and exited at once).
  return pageWasUp ? 'closed' : 'never_up';
}

/**
 * The page's memory for the ceiling: its JS heap over the debugging pipe, or, where the managed
 * policy refuses the pipe (no DevTools, as installed by the package), its renderer's resident
 * memory from /proc, which is larger than the heap by the renderer's own share.
 */
export async function pageMemoryBytes(browser: LaunchedBrowser): Promise<number> {
  try {
    return await kioskPageHeapBytes(browser.cdp);
  } catch (error) {
    const pid = browser.child.pid;
    if (pid === undefined) throw error;
    return rendererResidentBytes(pid);
  }
}
