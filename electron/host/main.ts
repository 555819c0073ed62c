import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { findAppRoot } from '../services/app-root';
import { startKioskCore } from '../services/composition-root';
import { ConfigFileError } from '../services/config/load-kiosk-config';
import { startConfiguredHub } from '../services/hub/embedded-hub';
import { writeBootPage } from './browser-boot';
import { CdpPipe, captureKioskPage } from './cdp-pipe';
import { findBrowser, kioskBrowserArgs, parseScreenSize } from './find-browser';
import { HostPortError, portFromEnv } from './host-port';
import { startBrowserHost } from './host-server';

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

  let child: ChildProcess | undefined;
  let stopping = false;
  const stop = async (exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    child?.kill();
    await host.close();
    await core.close();
    await embedded.hub?.close();
    process.exit(exitCode);
  };
  // Before the line below: whoever reads it may stop us at once (a test, a quick Ctrl+C), and a
  // signal with no handler yet would kill the process without closing devices and socat.
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  // The centre's restart command: everything closed, then exit 1 for the supervisor (the
  // systemd unit's Restart=) to start the host again; without a supervisor the host stays down.
  let cdp: CdpPipe | undefined;
  core.attachHost?.({
    restart: () => void stop(1),
    captureScreen: async () => {
      if (cdp === undefined) return { problem: 'the browser host started no browser of its own to capture' };
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
    const boot = await writeBootPage(core.dataDir, host.url);
    void host.claimed.then(() => boot.remove());
    child = spawn(
      browser,
      [
        ...kioskBrowserArgs(boot.fileUrl, path.join(core.dataDir, 'browser-profile'), {
          kiosk: !args.has('--windowed'),
          runAsRoot: process.getuid?.() === 0,
          screenSize: screenSize(),
        }),
        // DevTools over fds 3 and 4, no port: how the centre's screen capture reaches the page.
        '--remote-debugging-pipe',
      ],
      { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
    );
    cdp = new CdpPipe(child.stdio[3] as Writable, child.stdio[4] as Readable);
    child.on('exit', (code) => core.log.info({ code }, 'browser exited'));
  }
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
