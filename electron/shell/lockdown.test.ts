import type { Session, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { StubSession, StubWebContents } from './electron-stub';
import {
  describeUrlForLog,
  isAllowedNavigation,
  isAllowedRequest,
  isBlockedShortcut,
  KIOSK_CONTENT_SECURITY_POLICY,
  lockDownSession,
  lockDownWebContents,
  type ShortcutInput,
  withContentSecurityPolicy,
} from './lockdown';
import type { ShellLogger } from './shell-logger';

const appUrl = 'app://kiosk/index.html';

function recordingLogger(): ShellLogger & { lines: Array<{ level: string; obj: object; msg: string }> } {
  const lines: Array<{ level: string; obj: object; msg: string }> = [];
  return {
    lines,
    info: (obj, msg) => lines.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => lines.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => lines.push({ level: 'error', obj, msg }),
  };
}

function key(code: string, mods: Partial<Omit<ShortcutInput, 'code'>> = {}): ShortcutInput {
  return { key: code, code, control: false, shift: false, alt: false, meta: false, ...mods };
}

function preventable(extra: object = {}) {
  const event = { prevented: false, preventDefault: () => (event.prevented = true), ...extra };
  return event;
}

describe('isAllowedNavigation', () => {
  it('allows the app document, with any fragment or query', () => {
    expect(isAllowedNavigation(appUrl, appUrl)).toBe(true);
    expect(isAllowedNavigation(`${appUrl}#/status`, appUrl)).toBe(true);
    expect(isAllowedNavigation(`${appUrl}?lang=ru`, appUrl)).toBe(true);
  });

  it('refuses other sites, other files and other schemes', () => {
    for (const url of [
      'https://example.com/',
      'http://127.0.0.1:8080/index.html',
      'app://kiosk/other.html',
      'app://evil/index.html',
      'app://kiosk.evil/index.html',
      'file:///opt/Okno/resources/app.asar/dist/renderer/index.html',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,<h1>hi</h1>',
      'about:blank',
      'not a url',
      '',
    ]) {
      expect(isAllowedNavigation(url, appUrl), url).toBe(false);
    }
  });

  it('sees through dot segments that lead back to the app document', () => {
    const detour = 'app://kiosk/assets/../index.html';
    expect(isAllowedNavigation(detour, appUrl)).toBe(true);
  });

  it('refuses everything when the app URL itself is invalid', () => {
    expect(isAllowedNavigation(appUrl, 'not a url')).toBe(false);
  });
});

describe('isBlockedShortcut', () => {
  it.each([
    ['Ctrl+R', key('KeyR', { key: 'r', control: true })],
    ['Ctrl+Shift+R', key('KeyR', { key: 'R', control: true, shift: true })],
    ['Ctrl+R on the Russian layout', key('KeyR', { key: 'к', control: true })],
    ['F5', key('F5')],
    ['Ctrl+F5', key('F5', { control: true })],
    ['Ctrl+Shift+I', key('KeyI', { key: 'I', control: true, shift: true })],
    ['Ctrl+Shift+J', key('KeyJ', { key: 'J', control: true, shift: true })],
    ['F12', key('F12')],
    ['F11', key('F11')],
    ['Alt+F4', key('F4', { alt: true })],
    ['Ctrl+W', key('KeyW', { key: 'w', control: true })],
    ['Ctrl+Q', key('KeyQ', { key: 'q', control: true })],
    ['Meta+Q', key('KeyQ', { key: 'q', meta: true })],
    ['Ctrl+P', key('KeyP', { key: 'p', control: true })],
    ['Ctrl+=', key('Equal', { key: '=', control: true })],
    ['Ctrl+-', key('Minus', { key: '-', control: true })],
    ['Ctrl+0', key('Digit0', { key: '0', control: true })],
    ['Alt+Left', key('ArrowLeft', { alt: true })],
    ['the Back key', key('BrowserBack')],
    ['F5 from a synthetic event with no code', { ...key('F5'), code: '' }],
  ])('blocks %s', (_name, input) => {
    expect(isBlockedShortcut(input)).toBe(true);
  });

  it.each([
    ['a letter', key('KeyR', { key: 'r' })],
    ['a capital letter', key('KeyQ', { key: 'Q', shift: true })],
    ['a digit', key('Digit5', { key: '5' })],
    ['Enter (a scanner ends a code with it)', key('Enter')],
    ['Backspace', key('Backspace')],
    ['Tab', key('Tab')],
    ['Ctrl+C (copy)', key('KeyC', { key: 'c', control: true })],
    ['Ctrl+I without Shift', key('KeyI', { key: 'i', control: true })],
    ['F4 alone', key('F4')],
    ['Alt alone', key('AltLeft', { key: 'Alt', alt: true })],
  ])('lets %s through', (_name, input) => {
    expect(isBlockedShortcut(input)).toBe(false);
  });
});

describe('isAllowedRequest', () => {
  it("allows the app's own origin (its files, its content) and data/blob URLs", () => {
    expect(isAllowedRequest(appUrl, appUrl, false)).toBe(true);
    expect(isAllowedRequest('app://kiosk/assets/index-abc.js', appUrl, false)).toBe(true);
    expect(isAllowedRequest(`app://kiosk/content/${'a'.repeat(64)}`, appUrl, false)).toBe(true);
    expect(isAllowedRequest('data:image/png;base64,AAAA', appUrl, false)).toBe(true);
    expect(isAllowedRequest('blob:app://kiosk/8b1a-1c', appUrl, false)).toBe(true);
  });

  it('refuses the network, every file: URL and look-alike origins', () => {
    for (const url of [
      'https://hub.example.ru/content.json',
      'http://127.0.0.1:9000/',
      'ws://127.0.0.1:9000/api',
      'file:///etc/okno/kiosk.json',
      'file:///opt/Okno/resources/app.asar/dist/renderer/index.html',
      'app://kiosk.evil/index.html',
      'app://evil/index.html',
      'app://user:pass@kiosk/index.html',
      'https://kiosk/index.html',
      'chrome://gpu',
      'not a url',
    ]) {
      expect(isAllowedRequest(url, appUrl, false), url).toBe(false);
    }
  });

  it('allows devtools: only in developer mode', () => {
    expect(isAllowedRequest('devtools://devtools/bundled/devtools_app.html', appUrl, false)).toBe(false);
    expect(isAllowedRequest('devtools://devtools/bundled/devtools_app.html', appUrl, true)).toBe(true);
  });
});

describe('withContentSecurityPolicy', () => {
  it('replaces every spelling of an existing policy and keeps the other headers', () => {
    const headers = withContentSecurityPolicy({
      'content-security-policy': ['default-src *'],
      'Content-Security-Policy': ["script-src 'unsafe-eval'"],
      'Content-Type': ['text/html'],
    });
    expect(headers).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [KIOSK_CONTENT_SECURITY_POLICY],
    });
  });

  it('works without headers, and the policy forbids remote scripts, eval and frames', () => {
    expect(withContentSecurityPolicy(undefined)).toEqual({
      'Content-Security-Policy': [KIOSK_CONTENT_SECURITY_POLICY],
    });
    expect(KIOSK_CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(KIOSK_CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(KIOSK_CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(KIOSK_CONTENT_SECURITY_POLICY).toContain("frame-src 'none'");
    expect(KIOSK_CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
  });
});

describe('describeUrlForLog', () => {
  it('drops the query and fragment, which may carry what a visitor typed', () => {
    expect(describeUrlForLog('https://example.com/status?number=12-345#x')).toBe('https://example.com/status');
    expect(describeUrlForLog('nonsense')).toBe('(invalid url)');
  });
});

describe('lockDownWebContents', () => {
  function lockedContents(dev = false) {
    const contents = new StubWebContents();
    const logger = recordingLogger();
    lockDownWebContents(contents as unknown as WebContents, { appUrl, dev, logger });
    return { contents, logger };
  }

  it('refuses navigation and redirects away from the app, and logs them without the query', () => {
    const { contents, logger } = lockedContents();
    const away = preventable({ url: 'https://example.com/?q=secret' });
    contents.emit('will-navigate', away);
    const redirect = preventable({ url: 'https://example.com/' });
    contents.emit('will-redirect', redirect);
    const subframe = preventable({ url: 'https://example.com/', isMainFrame: false });
    contents.emit('will-frame-navigate', subframe);
    expect([away.prevented, redirect.prevented, subframe.prevented]).toEqual([true, true, true]);
    expect(logger.lines.filter((line) => line.level === 'warn')).toHaveLength(3);
    expect(JSON.stringify(logger.lines)).not.toContain('secret');
  });

  it('lets the app navigate within its own document', () => {
    const { contents } = lockedContents();
    const home = preventable({ url: `${appUrl}#/home` });
    contents.emit('will-navigate', home);
    expect(home.prevented).toBe(false);
  });

  it('denies every new window and webview', () => {
    const { contents } = lockedContents();
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: appUrl })).toEqual({ action: 'deny' });
    const webview = preventable();
    contents.emit('will-attach-webview', webview, {}, {});
    expect(webview.prevented).toBe(true);
  });

  it('swallows blocked key combinations, and lets typing through', () => {
    const { contents } = lockedContents();
    const reload = preventable();
    contents.emit('before-input-event', reload, { ...key('KeyR', { control: true }), type: 'keyDown' });
    const letter = preventable();
    contents.emit('before-input-event', letter, { ...key('KeyA', { key: 'a' }), type: 'keyDown' });
    expect(reload.prevented).toBe(true);
    expect(letter.prevented).toBe(false);
  });

  it('leaves the keys alone in developer mode', () => {
    const { contents } = lockedContents(true);
    expect(contents.listenerCount('before-input-event')).toBe(0);
  });
});

describe('lockDownSession', () => {
  function lockedSession() {
    const session = new StubSession();
    const logger = recordingLogger();
    lockDownSession(session as unknown as Session, { appUrl, dev: false, logger });
    return { session, logger };
  }

  it('refuses every permission request and check', () => {
    const { session } = lockedSession();
    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'hid', 'serial', 'fullscreen']) {
      session.permissionRequestHandler?.({}, permission, (granted: boolean) => answers.push(granted), {});
      expect(session.permissionCheckHandler?.({}, permission, 'file://', {})).toBe(false);
    }
    expect(answers).toEqual([false, false, false, false, false, false]);
    expect(session.devicePermissionHandler?.({})).toBe(false);
  });

  it("cancels requests outside the app's origin", () => {
    const { session, logger } = lockedSession();
    const answers: unknown[] = [];
    session.beforeRequest?.({ url: `${appUrl}`, resourceType: 'mainFrame' }, (r: unknown) => answers.push(r));
    session.beforeRequest?.({ url: 'https://example.com/x.js', resourceType: 'script' }, (r: unknown) =>
      answers.push(r),
    );
    expect(answers).toEqual([{ cancel: false }, { cancel: true }]);
    expect(logger.lines).toHaveLength(1);
  });

  it('sets the policy header on documents only, and cancels downloads', () => {
    const { session } = lockedSession();
    const answers: unknown[] = [];
    session.headersReceived?.({ url: appUrl, resourceType: 'mainFrame', responseHeaders: {} }, (r: unknown) =>
      answers.push(r),
    );
    session.headersReceived?.({ url: appUrl, resourceType: 'image' }, (r: unknown) => answers.push(r));
    expect(answers).toEqual([{ responseHeaders: { 'Content-Security-Policy': [KIOSK_CONTENT_SECURITY_POLICY] } }, {}]);
    const download = preventable();
    session.emit('will-download', download, { getURL: () => 'https://example.com/file.exe' });
    expect(download.prevented).toBe(true);
  });
});
