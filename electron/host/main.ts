import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { findAppRoot } from '../services/app-root';
import { type StartedKioskCore, startKioskCore } from '../services/composition-root';
import { ConfigFileError } from '../services/config/load-kiosk-config';
import { startConfiguredHub } from '../services/hub/embedded-hub';
import { RestartPolicy } from '../services/supervision/restart-policy';
import { ScreenRecovery } from '../services/supervision/screen-recovery';
import { supervisionLimits } from '../services/supervision/supervision-limits';
import { keepSystemdWatchdog, type SystemdNotifier, systemdNotifier } from '../services/supervision/systemd-notify';
import { BrowserSupervisor } from './browser-supervisor';
import { captureKioskPage } from './cdp-pipe';
import { findBrowser, kioskBrowserArgs, parseScreenSize } from './find-browser';
import { HostPortError, portFromEnv } from './host-port';
import { startBrowserHost } from './host-server';
import { KioskBrowserLauncher } from './kiosk-browser-launcher';

/**
 * Entry of the browser host: the kiosk's services and UI without Electron, shown in Chromium.
 *
 * `npm start` runs it where no Electron binary is installed. Flags: `--no-browser` (serve only),
 * `--windowed` (an app window instead of full-screen kiosk mode).
 */
async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  const envPort = portFromEnv();
  // The embedded demo hub (the default config) starts first: the core enrolls with it at start.
  const embedded = await startConfiguredHub({});
  if (embedded.problem !== undefined) {
    process.stderr.write(`Okno: the demo hub did not start, status lookups answer offline: ${embedded.problem}\n`);
  }
  const core = await startKioskCore({
    host: 'browser-host',
    ...(embedded.hub !== undefined ? { hub: embedded.hub.override } : {}),
  });
  // The environment overrides the config's `host.port`.
  const port = envPort ?? core.config.host.port;
  const host = await startBrowserHost({
    core,
    contentFile: (sha256) => core.content.file(sha256),
    rendererDir: path.join(findAppRoot().dir, 'dist', 'renderer'),
    port,
    log: core.log,
  }).catch(async (error: unknown) => {
    // A taken port: close the devices and their simulators (socat) before exiting.
    await core.close();
    await embedded.hub?.close();
    throw error;
  });

  const notifier = systemdNotifier();
  let supervisor: BrowserSupervisor | undefined;
  let stopping = false;
  // Exit 0 on a stop asked for (systemd's stop, Ctrl+C), 1 on a restart or a bug: the unit's
  // Restart=always starts the host again either way; the browser is ended first, never orphaned.
  const stop = async (exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    await notifier?.stopping().catch(() => undefined);
    await supervisor?.stop();
    await host.close();
    await core.close();
    await embedded.hub?.close();
    process.exit(exitCode);
  };
  // Before the line below: whoever reads it may stop us at once (a test, a quick Ctrl+C), and a
  // signal with no handler yet would kill the process without closing devices and socat.
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  // A bug: logged, then a clean restart by the supervisor (the browser ended, journals flushed).
  process.on('uncaughtException', (error) => {
    core.log.error({ err: error }, 'uncaught exception in the browser host: restarting');
    void stop(1);
  });
  process.on('unhandledRejection', (error) => {
    core.log.error({ err: error }, 'unhandled rejection in the browser host: restarting');
    void stop(1);
  });
  // The centre's restart command: everything closed, then exit 1 for the supervisor (the
  // systemd unit's Restart=) to start the host again; without a supervisor the host stays down.
  core.attachHost?.({
    restart: () => void stop(1),
    captureScreen: async () => {
      const cdp = supervisor?.cdp;
      if (cdp === undefined) return { problem: 'the browser host runs no browser of its own to capture' };
      try {
        return { mediaType: 'image/jpeg', data: await captureKioskPage(cdp) };
      } catch (error) {
        return {
          problem: `the browser did not capture its page: ${error instanceof Error ? error.message : String(error)}`,
        };
      }
    },
  });

  const browser = args.has('--no-browser') || !hasDisplay() ? undefined : findBrowser();
  const paper = path.join(core.dataDir, 'paper');
  // With a browser of our own, the one-time address goes to it through a 0600 file, never to stdout
  // or its command line; without one, whoever started us opens it (and only the first to do so).
  process.stdout.write(
    browser
      ? `Okno: browser host (no Electron binary) in ${path.basename(browser)} at ${host.origin} — paper: ${paper}\n`
      : `Okno: browser host (no Electron binary), open ${host.url} (once) — paper: ${paper}\n`,
  );

  if (browser) {
    const kiosk = !args.has('--windowed');
    const size = screenSize();
    const launcher = new KioskBrowserLauncher({
      browser,
      args: (profileDir, url) =>
        kioskBrowserArgs(url, profileDir, { kiosk, runAsRoot: process.getuid?.() === 0, screenSize: size }),
      dataDir: core.dataDir,
      newBootstrap: () => host.newBootstrap(),
    });
    supervisor = superviseBrowser(core, launcher, notifier);
    supervisor.start();
  } else if (notifier) {
    // Not our browser: nothing to supervise; systemd learns that the host runs.
    void notifier.ready().catch((error: unknown) => core.log.warn({ err: error }, 'systemd notification failed'));
    keepSystemdWatchdog(notifier, () => true, core.log);
  }
}

/** The browser host's supervisor over its browser, with the config's limits and systemd's notifications. */
function superviseBrowser(
  core: StartedKioskCore,
  launcher: KioskBrowserLauncher,
  notifier: SystemdNotifier | undefined,
): BrowserSupervisor {
  const limits = supervisionLimits(core.config.host.supervision);
  const log = core.log.child({ component: 'supervision' });
  const recovery = new ScreenRecovery({
    session: core.session,
    serviceMode: core.fleet.serviceMode,
    log,
    policy: new RestartPolicy(limits.policy),
  });
  let ready = false;
  const supervisor = new BrowserSupervisor({
    ...limits,
    launch: () => launcher.cold(),
    ...(core.config.host.supervision.warmSpare ? { spare: () => launcher.warm() } : {}),
    recovery,
    heartbeat: core.pageHeartbeat,
    session: core.session,
    log,
    onPageUp: () => {
      if (ready || notifier === undefined) return;
      ready = true;
      void notifier.ready().catch((error: unknown) => log.warn({ err: error }, 'systemd notification failed'));
    },
  });
  if (notifier) keepSystemdWatchdog(notifier, () => supervisor.healthy(), log);
  return supervisor;
}

function screenSize(): { width: number; height: number } | undefined {
  const probe = spawnSync('xdpyinfo', [], { encoding: 'utf8', timeout: 2000 });
  return probe.status === 0 ? parseScreenSize(probe.stdout) : undefined;
}

function hasDisplay(): boolean {
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

main().catch((error: unknown) => {
  // Config errors are expected faults with a clear message; anything else is a bug.
  if (error instanceof ConfigFileError || error instanceof HostPortError) {
    process.stderr.write(`Okno: the configuration cannot be used: ${error.message}\n`);
  } else {
    process.stderr.write(
      `Okno: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
