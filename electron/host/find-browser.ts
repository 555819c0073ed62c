import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** Chromium-family browsers that can show the kiosk page in kiosk mode, in order of preference. */
const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/**
 * Finds a Chromium or Chrome binary on PATH (or `OKNO_BROWSER`), or undefined.
 */
export function findBrowser(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.OKNO_BROWSER) return env.OKNO_BROWSER;
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const name of CANDIDATES) {
    for (const dir of dirs) {
      const file = path.join(dir, name);
      try {
        accessSync(file, constants.X_OK);
        return file;
      } catch {
        // not here; keep looking
      }
    }
  }
  return undefined;
}

/** The display server the browser draws on: Wayland (cage) wherever a Wayland display is named. */
export type DisplayServer = 'wayland' | 'x11';

/** Wayland when `WAYLAND_DISPLAY` is set (cage also sets `DISPLAY` for Xwayland), else X11. */
export function displayServer(env: NodeJS.ProcessEnv = process.env): DisplayServer {
  return env.WAYLAND_DISPLAY ? 'wayland' : 'x11';
}

/**
 * Arguments that show the page as a kiosk: full screen, no browser UI, a profile of its own,
 * no calls home (the office link is slow and the machine may have no route out at all), and none
 * of the browser's own bubbles, prompts, gestures or dialogs a visitor could be stranded in.
 * The managed policy (build/linux/chromium/okno-kiosk-policy.json) locks the rest.
 */
export function kioskBrowserArgs(
  /** The page to open in an app window; undefined: no window until one is asked for (a warm spare). */
  url: string | undefined,
  profileDir: string,
  options: {
    kiosk: boolean;
    runAsRoot: boolean;
    screenSize?: { width: number; height: number } | undefined;
    display?: DisplayServer | undefined;
  },
) {
  const display = options.display ?? displayServer();
  const args = [
    `--user-data-dir=${profileDir}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-translate',
    '--disable-breakpad',
    '--disable-features=Translate,MediaRouter,DialMediaRouteProvider,GlobalMediaControls,HardwareMediaKeyHandling,TouchpadOverscrollHistoryNavigation',
    // Touch: no pinch zoom, no swipe back or forward through history.
    '--disable-pinch',
    '--overscroll-history-navigation=0',
    // No error dialogs, no «restore pages?» bubble after a crash, no permission prompts.
    '--noerrdialogs',
    '--hide-crash-restore-bubble',
    '--deny-permission-prompts',
    '--password-store=basic',
    // The page is Russian and so is the interface: no «translate this page?» bubble.
    '--lang=ru',
  ];
  // Chromium refuses to run as root without this; a real kiosk runs as an unprivileged user.
  if (options.runAsRoot) args.push('--no-sandbox');
  if (display === 'wayland') {
    // cage gives its one window the whole output already. Asking for full screen at start
    // (--kiosk, --start-fullscreen) crashes Chromium 156 on cage 0.1.4 (SIGTRAP on the first
    // fullscreen configure), so under Wayland the window is only an app window cage fills.
    args.push('--ozone-platform=wayland');
  } else if (options.kiosk) {
    // Kiosk sessions often run with no window manager, where `--kiosk` alone leaves a small
    // window: the position and the screen size make it cover the screen either way.
    args.push('--kiosk', '--start-fullscreen', '--window-position=0,0');
    if (options.screenSize) args.push(`--window-size=${options.screenSize.width},${options.screenSize.height}`);
  } else {
    args.push('--start-maximized');
  }
  // A warm spare starts with no window: under cage a second window would cover the kiosk's.
  args.push(url === undefined ? '--no-startup-window' : `--app=${url}`);
  return args;
}

/**
 * The X screen's size from `xdpyinfo` ("dimensions:    1080x1920 pixels"), or undefined when
 * it cannot be told (Wayland, no xdpyinfo): then the browser's own full-screen has to do.
 */
export function parseScreenSize(xdpyinfoOutput: string): { width: number; height: number } | undefined {
  const match = /dimensions:\s+(\d+)x(\d+) pixels/.exec(xdpyinfoOutput);
  if (!match) return undefined;
  return { width: Number(match[1]), height: Number(match[2]) };
}
