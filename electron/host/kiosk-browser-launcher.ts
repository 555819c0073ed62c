import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { z } from 'zod';
import { writeBootPage } from './browser-boot';
import { markProfileExitedCleanly } from './browser-profile';
import type { LaunchedBrowser, WarmBrowser } from './browser-supervisor';
import { CdpPipe } from './cdp-pipe';
import { handToRunningBrowser } from './process-singleton';

/** What the launcher needs of the host. */
export interface KioskBrowserLauncherOptions {
  /** The browser binary. */
  browser: string;
  /** The kiosk's arguments for a profile and a page (`kioskBrowserArgs`; undefined: no window). */
  args: (profileDir: string, url: string | undefined) => string[];
  /** Where the profiles and the boot page live (the kiosk's data folder). */
  dataDir: string;
  /** A new one-time bootstrap address, and a promise settled once a browser has claimed it. */
  newBootstrap: () => { url: string; claimed: Promise<unknown> };
}

/** The running browser acknowledges a handed command line within this. */
const RELAY_WAIT_MS = 5_000;
/** Two profiles: the running browser's and the spare's (Chromium locks a profile to one process). */
const PROFILE_NAMES = ['browser-profile', 'browser-profile-2'] as const;

const TargetInfo = z.object({ targetInfo: z.object({ targetId: z.string(), type: z.string() }) });
const TargetId = z.object({ targetId: z.string() });

/**
 * Starts the kiosk's browser, cold (with the page in its app window) or warm (no window, the page
 * shown later by `show`), each in a profile no other running browser holds.
 */
export class KioskBrowserLauncher {
  readonly #options: KioskBrowserLauncherOptions;
  readonly #profilesInUse = new Set<string>();

  constructor(options: KioskBrowserLauncherOptions) {
    this.#options = options;
  }

  /** A browser showing the kiosk page on a fresh one-time address. */
  async cold(): Promise<LaunchedBrowser> {
    const profileDir = await this.#takeProfile();
    let bootUrl: string;
    try {
      bootUrl = await this.#bootPage();
    } catch (error) {
      this.#profilesInUse.delete(profileDir);
      throw error;
    }
    return this.#spawn(profileDir, bootUrl);
  }

  /**
   * A browser with no window, resolved once its debugging pipe answers (its start is behind it).
   * Where the managed policy refuses the pipe, it never answers: rejected, and ended.
   */
  async warm(): Promise<WarmBrowser> {
    const profileDir = await this.#takeProfile();
    const launched = this.#spawn(profileDir, undefined);
    const pages = new Set<string>();
    let shown = false;
    launched.cdp.on('Target.targetCreated', (params) => {
      const created = TargetInfo.safeParse(params);
      if (created.success && created.data.targetInfo.type === 'page') pages.add(created.data.targetInfo.targetId);
    });
    launched.cdp.on('Target.targetDestroyed', (params) => {
      const destroyed = TargetId.safeParse(params);
      if (!destroyed.success || !pages.delete(destroyed.data.targetId) || !shown || pages.size > 0) return;
      // Its window closed (Alt+F4, Ctrl+W) and, started windowless, it would live on with none:
      // closed as a cold browser closes itself (exit 0), so the supervisor relaunches at once.
      void launched.cdp.send('Browser.close').catch(() => launched.child.kill('SIGKILL'));
    });
    try {
      await launched.cdp.send('Target.setDiscoverTargets', { discover: true });
    } catch (error) {
      launched.child.kill('SIGKILL');
      throw error;
    }
    return {
      ...launched,
      show: async () => {
        if (!runs(launched.child)) throw new Error('the spare browser has exited');
        const bootUrl = await this.#bootPage();
        await this.#relay(profileDir, bootUrl);
        shown = true;
      },
    };
  }

  /**
   * Opens the page in the windowless browser holding `profileDir` with a cold start's command
   * line, handed to it through Chromium's process singleton: it opens the app window (no DevTools
   * needed).
   */
  #relay(profileDir: string, bootUrl: string): Promise<void> {
    return handToRunningBrowser(
      profileDir,
      [this.#options.browser, ...this.#options.args(profileDir, bootUrl)],
      RELAY_WAIT_MS,
    );
  }

  #spawn(profileDir: string, url: string | undefined): LaunchedBrowser {
    const child = spawn(
      this.#options.browser,
      // DevTools over fds 3 and 4, no port: the centre's screen capture, the memory check, the spare's window.
      [...this.#options.args(profileDir, url), '--remote-debugging-pipe'],
      { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
    );
    const release = () => this.#profilesInUse.delete(profileDir);
    child.once('exit', release);
    child.once('error', release);
    return { child, cdp: new CdpPipe(child.stdio[3] as Writable, child.stdio[4] as Readable) };
  }

  /** A profile no running browser holds, marked as cleanly ended (no «restore pages?» bubble). */
  async #takeProfile(): Promise<string> {
    const name = PROFILE_NAMES.find((candidate) => !this.#profilesInUse.has(this.#profileDir(candidate)));
    if (name === undefined) throw new Error('both browser profiles are in use');
    const profileDir = this.#profileDir(name);
    this.#profilesInUse.add(profileDir);
    try {
      await markProfileExitedCleanly(profileDir);
    } catch (error) {
      this.#profilesInUse.delete(profileDir);
      throw error;
    }
    return profileDir;
  }

  #profileDir(name: string): string {
    return path.join(this.#options.dataDir, name);
  }

  /** Each showing a new one-time address: the last browser's session cookie died with it. */
  async #bootPage(): Promise<string> {
    const bootstrap = this.#options.newBootstrap();
    const boot = await writeBootPage(this.#options.dataDir, bootstrap.url);
    void bootstrap.claimed.then(() => boot.remove());
    return boot.fileUrl;
  }
}

function runs(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}
