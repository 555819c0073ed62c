import type { Session, WebContents } from 'electron';
import type { ShellLogger } from './shell-logger';

/**
 * The kiosk's lockdown: the page may show only the app's own document, open no windows, get no
 * permission, load nothing from the network, and no key combination reloads, closes or inspects
 * it. The decisions are pure functions (unit-tested); the rest only wires them to Electron.
 */

/**
 * The Content-Security-Policy of the app's pages.
 *
 * Nothing remote: scripts only from the app's own files, no eval, no frames, no plugins. In
 * Electron the page talks to the main side over IPC only, and `'self'` is the app's own origin
 * (`app://kiosk`, the shell's `app:` scheme: the renderer's files and the current release's
 * content, images and videos alike). Inline styles stay allowed: React's `style` props and a
 * stray injected style cannot run code.
 */
export const KIOSK_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Tells whether a navigation to `url` stays on the app's own document.
 *
 * Same scheme, host and path as `appUrl`; the query and fragment may differ (the UI may route
 * with the fragment). Anything else, including another file beside the app's, is refused.
 */
export function isAllowedNavigation(url: string, appUrl: string): boolean {
  const target = parseUrl(url);
  const app = parseUrl(appUrl);
  if (target === undefined || app === undefined) return false;
  return (
    target.protocol === app.protocol &&
    target.host === app.host &&
    target.pathname === app.pathname &&
    target.username === '' &&
    target.password === ''
  );
}

/** The parts of a key event that `isBlockedShortcut` reads (Electron's `Input` has them all). */
export interface ShortcutInput {
  key: string;
  code: string;
  control: boolean;
  shift: boolean;
  alt: boolean;
  meta: boolean;
}

/** Keys that act on the browser with no modifier: reload, full screen, DevTools, history. */
const BARE_KEYS = new Set(['F5', 'F11', 'F12', 'BrowserBack', 'BrowserForward', 'BrowserRefresh', 'BrowserHome']);
/** Ctrl (or Meta) + key: reload, close, quit, print, open, save, new window, zoom. */
const MOD_KEYS = new Set([
  'KeyR',
  'KeyW',
  'KeyQ',
  'KeyP',
  'KeyO',
  'KeyS',
  'KeyN',
  'KeyT',
  'KeyU',
  'F4',
  'F5',
  'Equal',
  'Minus',
  'Digit0',
  'NumpadAdd',
  'NumpadSubtract',
  'Numpad0',
  'BracketLeft',
  'BracketRight',
]);
/** Ctrl (or Meta) + Shift + key: the DevTools. */
const MOD_SHIFT_KEYS = new Set(['KeyI', 'KeyJ', 'KeyC', 'Delete']);
/** Alt + key: close the window, history back and forward, home. */
const ALT_KEYS = new Set(['F4', 'ArrowLeft', 'ArrowRight', 'Home']);

/**
 * Tells whether a key combination must not reach the page or the default menu's accelerators.
 *
 * Decided on the physical key (`code`), not the character (`key`): on the Russian layout Ctrl+R
 * types «к», yet Chromium still reloads. A service keyboard plugged in by a technician, or a
 * scanner in keyboard mode, must not be able to reload, close or inspect the kiosk.
 */
export function isBlockedShortcut(input: ShortcutInput): boolean {
  const code = input.code !== '' ? input.code : input.key;
  const mod = input.control || input.meta;
  if (BARE_KEYS.has(code)) return true;
  if (mod && MOD_KEYS.has(code)) return true;
  if (mod && input.shift && MOD_SHIFT_KEYS.has(code)) return true;
  if (input.alt && ALT_KEYS.has(code)) return true;
  return false;
}

/**
 * Tells whether the page may request `url`: only the app's own origin (`app://kiosk/`, served by
 * the shell's `app:` scheme: the renderer's files and the current release's `/content/<sha256>`),
 * and `data:`/`blob:` URLs it made itself. Nothing from the network and no `file:` URL: the
 * Electron UI reaches the world only through the main side. `devtools:` in developer mode only.
 */
export function isAllowedRequest(url: string, appUrl: string, dev: boolean): boolean {
  const parsed = parseUrl(url);
  const app = parseUrl(appUrl);
  if (parsed === undefined || app === undefined) return false;
  switch (parsed.protocol) {
    case 'data:':
    case 'blob:':
      return true;
    case 'devtools:':
      return dev;
    default:
      return (
        parsed.protocol === app.protocol && parsed.host === app.host && parsed.username === '' && parsed.password === ''
      );
  }
}

/**
 * Returns the response headers with the kiosk's Content-Security-Policy, replacing any other.
 *
 * Header names are case-insensitive, so every spelling of an existing policy is dropped: a
 * second, looser policy would not loosen ours, but one policy is easier to reason about.
 */
export function withContentSecurityPolicy(
  headers: Record<string, string[]> | undefined,
  policy: string = KIOSK_CONTENT_SECURITY_POLICY,
): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') result[name] = value;
  }
  result['Content-Security-Policy'] = [policy];
  return result;
}

/**
 * A URL reduced to what a log may keep: scheme, host and path, bounded. The query and the
 * fragment are dropped: they could carry what a visitor typed.
 */
export function describeUrlForLog(url: string): string {
  const parsed = parseUrl(url);
  if (parsed === undefined) return '(invalid url)';
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`.slice(0, 200);
}

/** Options of `lockDownWebContents`. */
export interface WebContentsLockdownOptions {
  /** The app's document (`app://kiosk/index.html`). */
  appUrl: string;
  /** Developer mode keeps reload and DevTools keys. */
  dev: boolean;
  logger: ShellLogger;
}

/**
 * Locks down one web contents: called from `app.on('web-contents-created')`, so it covers the
 * kiosk window and anything else that might ever be created (a DevTools page, a stray frame).
 */
export function lockDownWebContents(contents: WebContents, options: WebContentsLockdownOptions): void {
  const { appUrl, dev, logger } = options;
  const guardNavigation =
    (kind: string) =>
    (event: { url: string; preventDefault(): void }): void => {
      if (isAllowedNavigation(event.url, appUrl)) return;
      event.preventDefault();
      logger.warn({ kind, url: describeUrlForLog(event.url) }, 'navigation away from the app refused');
    };
  contents.on('will-navigate', guardNavigation('will-navigate'));
  contents.on('will-redirect', guardNavigation('will-redirect'));
  // Also covers frames inside the page; the CSP forbids frames, this is the second lock.
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) guardNavigation('will-frame-navigate')(event);
  });

  contents.setWindowOpenHandler((details) => {
    logger.warn({ url: describeUrlForLog(details.url) }, 'window.open refused');
    return { action: 'deny' };
  });

  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    logger.warn({}, 'webview refused');
  });

  // Pinch and Ctrl+wheel zoom would leave an elderly visitor with a page they cannot restore.
  contents.on('did-finish-load', () => {
    contents.setVisualZoomLevelLimits(1, 1).catch((err: unknown) => {
      logger.warn({ err }, 'could not lock the visual zoom');
    });
  });
  contents.on('zoom-changed', () => {
    contents.setZoomLevel(0);
  });

  if (!dev) {
    contents.on('before-input-event', (event, input) => {
      if (!isBlockedShortcut(input)) return;
      event.preventDefault();
      logger.info({ code: input.code, type: input.type }, 'blocked key combination');
    });
    // DevTools are off in webPreferences; this is the second lock should anything open them.
    contents.on('devtools-opened', () => {
      contents.closeDevTools();
      logger.warn({}, 'DevTools closed: not allowed on a kiosk');
    });
  }
}

/** Options of `lockDownSession`. */
export interface SessionLockdownOptions {
  /** The app's document (`app://kiosk/index.html`): the page may load only from its origin. */
  appUrl: string;
  dev: boolean;
  logger: ShellLogger;
  /** The policy to set on the app's pages; the kiosk's own by default. */
  contentSecurityPolicy?: string;
}

/**
 * Locks down a session (the default one, which the kiosk window uses): every permission is
 * refused (camera, microphone, geolocation, notifications, WebHID, WebSerial: devices are
 * reached only through the main side), downloads are cancelled, requests outside the app's files
 * are cancelled, and the app's pages get the Content-Security-Policy header.
 */
export function lockDownSession(session: Session, options: SessionLockdownOptions): void {
  const { appUrl, dev, logger } = options;
  const policy = options.contentSecurityPolicy ?? KIOSK_CONTENT_SECURITY_POLICY;

  session.setPermissionRequestHandler((_contents, permission, callback) => {
    logger.warn({ permission }, 'permission request refused');
    callback(false);
  });
  // Checks are frequent and silent by design (feature detection): refuse without a log line.
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);

  session.on('will-download', (event, item) => {
    event.preventDefault();
    logger.warn({ url: describeUrlForLog(item.getURL()) }, 'download refused');
  });

  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequest(details.url, appUrl, dev);
    if (!allowed) {
      logger.warn(
        { url: describeUrlForLog(details.url), resourceType: details.resourceType },
        'request outside the app refused',
      );
    }
    callback({ cancel: !allowed });
  });

  session.webRequest.onHeadersReceived((details, callback) => {
    if (details.resourceType === 'mainFrame' || details.resourceType === 'subFrame') {
      callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, policy) });
      return;
    }
    callback({});
  });
}

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
