import { app, BrowserWindow, Menu, protocol, session } from 'electron';
import { type StartedKioskCore, startKioskCore } from '../services/composition-root';
import { type EmbeddedHub, startConfiguredHub } from '../services/hub/embedded-hub';
import { openLogger } from '../services/logging/logger';
import { RestartPolicy } from '../services/supervision/restart-policy';
import { ScreenRecovery } from '../services/supervision/screen-recovery';
import { supervisionLimits } from '../services/supervision/supervision-limits';
import { keepSystemdWatchdog, systemdNotifier } from '../services/supervision/systemd-notify';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, handleAppRequest } from './app-scheme';
import { registerIpcHandlers } from './ipc-handlers';
import { lockDownSession, lockDownWebContents } from './lockdown';
import { readShellFlags } from './shell-flags';
import { resolveShellPaths } from './shell-paths';
import { attachWatchdog } from './watchdog';
import { attachWedgeCapture } from './wedge-capture';
import { createWindowOptions } from './window-options';

/**
 * The Electron main process: one kiosk window over the kiosk core.
 *
 * Thin on purpose: the services live in the core (plain Node, tested without Electron); this
 * file only creates the window, locks it down, wires IPC and the watchdog, and closes the core
 * when the app quits. Bundled to `dist/electron/main.js` (ESM).
 */

/** How long quitting waits for the core to flush journals and close devices. */
const CORE_CLOSE_TIMEOUT_MS = 5_000;
/** Shows the window even if the page never paints (a crash before the first frame). */
const SHOW_FALLBACK_MS = 10_000;

const flags = readShellFlags(process.env, process.argv);
const paths = resolveShellPaths(import.meta.url);
// Without a data folder the shell logs to stderr, which the systemd user unit sends to the journal.
const logger = await openLogger({
  level: flags.logLevel,
  ...(flags.dataDir !== undefined ? { dataDir: flags.dataDir } : {}),
});

let core: StartedKioskCore | undefined;
let embeddedHub: EmbeddedHub | undefined;
let win: BrowserWindow | undefined;
let quitting = false;
let coreClosed: Promise<void> | undefined;
let hubClosed: Promise<void> | undefined;
let restarting = false;
/** systemd's notifications when the shell runs under the kiosk unit (`Type=notify`); none otherwise. */
const notifier = systemdNotifier();
let systemdReady = false;
let stopSystemdWatchdog: () => void = () => {};

if (!app.requestSingleInstanceLock()) {
  // A second launch (the session unit racing a relaunch): the first instance keeps the screen.
  logger.warn({}, 'another Okno instance holds the kiosk: quitting');
  app.quit();
} else {
  prepare();
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => fatal(err, 'the kiosk shell failed to start'));
}

/** Everything that must happen before `ready`. */
function prepare(): void {
  if (flags.disableHardwareAcceleration) {
    app.disableHardwareAcceleration();
    logger.info({}, 'hardware acceleration disabled (OKNO_DISABLE_GPU)');
  }
  // A swipe from the screen's edge must not go "back"; a pinch must not zoom.
  app.commandLine.appendSwitch('overscroll-history-navigation', '0');
  app.commandLine.appendSwitch('disable-pinch');
  // The window's own origin, app://kiosk (app-scheme.ts): privileges can only be given before ready.
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

  app.on('web-contents-created', (_event, contents) => {
    lockDownWebContents(contents, { appUrl: paths.appUrl, dev: flags.dev, logger });
  });
  app.on('second-instance', () => {
    if (win !== undefined && !win.isDestroyed()) win.focus();
  });
  // A child process gone (the GPU's) is logged and recovered by the watchdog (watchdog.ts).
  app.on('window-all-closed', () => app.quit());
  // Electron's default shows an error dialog in the middle of the kiosk's screen, which no
  // visitor can close. A bug in the main process is logged, and the app restarts clean.
  process.on('uncaughtException', (err) => restartApp(err, 'uncaught exception in the main process'));
  process.on('unhandledRejection', (err) => restartApp(err, 'unhandled rejection in the main process'));
  app.on('before-quit', (event) => {
    quitting = true;
    if (core === undefined) return;
    // Hold the quit until the core has flushed what it must not lose, then quit for real.
    event.preventDefault();
    void closeStarted().finally(() => {
      core = undefined;
      app.quit();
    });
  });
}

async function start(): Promise<void> {
  // The default menu carries Reload and Toggle DevTools accelerators.
  Menu.setApplicationMenu(null);
  lockDownSession(session.defaultSession, { appUrl: paths.appUrl, dev: flags.dev, logger });
  // The renderer's files, and the current release's /content/<sha256> once the core runs.
  protocol.handle(APP_SCHEME, (request) =>
    handleAppRequest(request, {
      rendererDir: paths.rendererDir,
      contentFile: async (sha256) => core?.content.file(sha256),
      logger,
    }),
  );

  try {
    const choice = {
      ...(flags.configPath !== undefined ? { configPath: flags.configPath } : {}),
      ...(flags.dataDir !== undefined ? { dataDir: flags.dataDir } : {}),
    };
    // The embedded demo hub (the default config) starts first: the core enrolls with it at start.
    const embedded = await startConfiguredHub(choice);
    embeddedHub = embedded.hub;
    if (embedded.problem !== undefined) logger.warn({ problem: embedded.problem }, 'embedded hub not started');
    core = await startKioskCore({
      host: 'electron',
      ...choice,
      ...(embedded.hub !== undefined ? { hub: embedded.hub.override } : {}),
    });
  } catch (err) {
    // A bad config or a broken data folder: exit, and let the supervisor retry with its backoff.
    fatal(err, 'the kiosk core did not start');
    return;
  }
  if (quitting) {
    // A quit came while the core was starting: nothing else will close it.
    await closeStarted();
    return;
  }
  logger.info(
    { kioskId: core.info.kioskId, appVersion: core.info.appVersion, dev: flags.dev },
    'kiosk core started; opening the kiosk window',
  );

  const window = new BrowserWindow(createWindowOptions({ preloadPath: paths.preloadPath, dev: flags.dev }));
  win = window;
  const showFallback = setTimeout(() => {
    if (!window.isDestroyed() && !window.isVisible()) window.show();
  }, SHOW_FALLBACK_MS);
  window.once('ready-to-show', () => {
    clearTimeout(showFallback);
    window.show();
  });
  window.on('close', (event) => {
    // Alt+F4 from the window manager, or anything else: only quitting closes the kiosk window.
    if (quitting || flags.dev) return;
    event.preventDefault();
    logger.warn({}, 'kiosk window close refused');
  });

  const disposeIpc = registerIpcHandlers({ win: window, core, appUrl: paths.appUrl, logger });
  // Keyboard-wedge scanners: fast key bursts become scans; no physical key reaches the page.
  const scanCore = core;
  const disposeWedge = attachWedgeCapture({
    contents: window.webContents,
    dev: flags.dev,
    logger,
    onScan: (code) => scanCore.acceptScan(code, 'wedge'),
  });
  // The same supervision as the browser host's (docs/operations/supervision.md): a crashed, hung
  // or frozen page back on the home screen, back-off, out of service with the technician's alert.
  const limits = supervisionLimits(core.config.host.supervision);
  const watchdog = attachWatchdog({
    win: window,
    app,
    reload: () => window.loadURL(paths.appUrl),
    isQuitting: () => quitting,
    logger,
    recovery: new ScreenRecovery({
      session: core.session,
      serviceMode: core.fleet.serviceMode,
      log: logger,
      policy: new RestartPolicy(limits.policy),
    }),
    heartbeat: core.pageHeartbeat,
    session: core.session,
    frozenAfterMs: limits.frozenAfterMs,
    startGraceMs: limits.startGraceMs,
    ...(limits.heapCeilingBytes > 0
      ? {
          memory: {
            ceilingBytes: limits.heapCeilingBytes,
            checkMs: limits.memoryCheckMs,
            read: () => rendererMemoryBytes(window),
          },
        }
      : {}),
    onPageUp: () => {
      if (systemdReady || notifier === undefined) return;
      systemdReady = true;
      void notifier.ready().catch((err: unknown) => logger.warn({ err }, 'systemd notification failed'));
    },
  });
  if (notifier) stopSystemdWatchdog = keepSystemdWatchdog(notifier, () => watchdog.healthy(), logger);
  // Remote commands that only the shell can carry out (docs/operations/fleet.md, "Remote commands").
  core.attachHost?.({
    restart: () => restartApp(undefined, 'restart asked by a remote command from the centre'),
    captureScreen: async () => {
      if (window.isDestroyed()) return { problem: 'the kiosk window is closed' };
      // JPEG: a portrait full-HD screen fits the attachment cap (PNG would not, with photos on it).
      const image = await window.webContents.capturePage();
      return { mediaType: 'image/jpeg', data: image.toJPEG(70) };
    },
  });
  window.once('closed', () => {
    watchdog.dispose();
    stopSystemdWatchdog();
    disposeWedge();
    disposeIpc();
    win = undefined;
  });

  try {
    await window.loadURL(paths.appUrl);
  } catch (err) {
    logger.error({ err, url: paths.appUrl }, 'the kiosk page did not load');
  }
}

/**
 * Restarts the whole app, once: closes the core (journals flushed, devices closed), then exits.
 * The watchdog's last resort, and the recovery from a bug in the main process.
 */
function restartApp(err: unknown, reason: string): void {
  logger.error(err === undefined ? { supervised: flags.supervised } : { err, supervised: flags.supervised }, reason);
  if (restarting) return;
  restarting = true;
  quitting = true;
  void notifier?.stopping().catch(() => undefined);
  void closeStarted().finally(() => {
    // Under the systemd user unit, the unit restarts us; relaunching too would race it.
    if (!flags.supervised) app.relaunch();
    app.exit(flags.supervised ? 1 : 0);
  });
}

/**
 * Closes what the shell started: the core once, waiting at most `CORE_CLOSE_TIMEOUT_MS`, then the
 * embedded hub. With no core (its start failed, or is still running), the embedded hub alone.
 */
function closeStarted(): Promise<void> {
  if (coreClosed !== undefined) return coreClosed;
  const closing = core;
  if (closing === undefined) return closeEmbeddedHub();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      logger.error({ timeoutMs: CORE_CLOSE_TIMEOUT_MS }, 'kiosk core did not close in time');
      resolve();
    }, CORE_CLOSE_TIMEOUT_MS);
  });
  const closed = closing.close().then(
    async () => {
      logger.info({}, 'kiosk core closed');
      await closeEmbeddedHub();
    },
    async (err: unknown) => {
      logger.error({ err }, 'kiosk core failed to close');
      await closeEmbeddedHub();
    },
  );
  coreClosed = Promise.race([closed, timeout]).finally(() => clearTimeout(timer));
  return coreClosed;
}

/** Closes the embedded hub's process once, if it was started. */
function closeEmbeddedHub(): Promise<void> {
  const hub = embeddedHub;
  if (hub === undefined) return Promise.resolve();
  hubClosed ??= hub.close().catch((err: unknown) => logger.error({ err }, 'embedded hub failed to close'));
  return hubClosed;
}

function fatal(err: unknown, message: string): void {
  logger.error({ err }, message);
  quitting = true;
  void closeStarted().finally(() => app.exit(1));
}

/** The kiosk page's renderer memory (bytes), from Electron's process metrics (working set, KiB). */
function rendererMemoryBytes(window: BrowserWindow): number | undefined {
  if (window.isDestroyed()) return undefined;
  const pid = window.webContents.getOSProcessId();
  const metric = app.getAppMetrics().find((process) => process.pid === pid);
  return metric === undefined ? undefined : metric.memory.workingSetSize * 1024;
}
