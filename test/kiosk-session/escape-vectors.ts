import type { CdpConnection } from '../support/kiosk-session-cdp';

/**
 * The escape vectors the kiosk session is proven against (issue 16): every way a visitor with a
 * keyboard, a finger or a mouse, or a page with a hostile link, could leave the kiosk page.
 * Each is tried on the running session; the page must then remain the only thing on screen.
 */

/** A page-level action through the test's DevTools session on the kiosk page. */
export type PageAction = (page: PageDriver) => Promise<void>;

export interface EscapeVector {
  name: string;
  /** Key combinations pressed in turn, in xdotool's names (`ctrl+shift+q`). */
  keys?: readonly string[];
  /** Text typed after the keys, then Enter. */
  typeThenEnter?: string;
  /** A page-level action (links, dialogs, gestures): needs DevTools on the page. */
  page?: PageAction;
  /** Closes the browser unless something brings it back: the host's relaunch (supervision) must, within 2 s. */
  closesBrowser?: boolean;
}

/** What a page-level vector may do to the kiosk page. */
export interface PageDriver {
  cdp: CdpConnection;
  sessionId: string;
  /** Evaluates an expression in the page as if from a visitor's tap (user gesture), awaiting promises. */
  evaluate(expression: string): Promise<unknown>;
  /** Puts a link on top of the page (an <a> with these attributes) and returns its centre. */
  injectLink(attributes: Record<string, string>): Promise<{ x: number; y: number }>;
  /** A mouse click of that button at that point. */
  click(point: { x: number; y: number }, button: 'left' | 'middle', modifiers?: number): Promise<void>;
}

/** A quiet point of the screen (the header's corner), where a press starts nothing in the app. */
export const QUIET_POINT = { x: 8, y: 8 };

const key = (...combos: string[]) => ({ keys: combos });

const linkVector = (name: string, attributes: Record<string, string>, button: 'left' | 'middle' = 'left') => ({
  name,
  page: async (page: PageDriver) => page.click(await page.injectLink(attributes), button),
});

/** The vectors that need keys: browser shortcuts, window manager and VT keys. */
export const KEY_VECTORS: readonly EscapeVector[] = [
  { name: 'Ctrl+N (new window)', ...key('ctrl+n') },
  { name: 'Ctrl+Shift+N (incognito window)', ...key('ctrl+shift+n') },
  { name: 'Ctrl+T (new tab)', ...key('ctrl+t') },
  { name: 'Ctrl+L, file:///etc/hostname, Enter', ...key('ctrl+l'), typeThenEnter: 'file:///etc/hostname' },
  { name: 'Ctrl+L, javascript:, Enter', ...key('ctrl+l'), typeThenEnter: 'javascript:document.body.remove()' },
  { name: 'Ctrl+H (history)', ...key('ctrl+h') },
  { name: 'Ctrl+J (downloads)', ...key('ctrl+j') },
  { name: 'Ctrl+S (save page)', ...key('ctrl+s') },
  { name: 'Ctrl+P (print)', ...key('ctrl+p') },
  { name: 'Ctrl+Shift+P (system print dialog)', ...key('ctrl+shift+p') },
  { name: 'Ctrl+O (open file)', ...key('ctrl+o') },
  { name: 'Ctrl+U (view source)', ...key('ctrl+u') },
  { name: 'Ctrl+F (find bar)', ...key('ctrl+f') },
  { name: 'Ctrl+D (bookmark)', ...key('ctrl+d') },
  { name: 'Ctrl+Shift+O (bookmark manager)', ...key('ctrl+shift+o') },
  { name: 'Ctrl+Shift+Delete (clear data)', ...key('ctrl+shift+Delete') },
  { name: 'Ctrl+plus, Ctrl+minus, Ctrl+0 (zoom)', ...key('ctrl+plus', 'ctrl+minus', 'ctrl+minus', 'ctrl+0') },
  { name: 'F12 (DevTools)', ...key('F12') },
  { name: 'Ctrl+Shift+I (DevTools)', ...key('ctrl+shift+i') },
  { name: 'Ctrl+Shift+J (console)', ...key('ctrl+shift+j') },
  { name: 'Shift+Escape (task manager)', ...key('shift+Escape') },
  { name: 'Alt+F (browser menu)', ...key('alt+f') },
  { name: 'Alt+E (browser menu)', ...key('alt+e') },
  { name: 'F10 (browser menu)', ...key('F10') },
  { name: 'Alt pressed alone (menu focus)', ...key('alt') },
  { name: 'Alt+Home (home page)', ...key('alt+Home') },
  { name: 'Alt+Left (back)', ...key('alt+Left') },
  { name: 'F1 (help)', ...key('F1') },
  { name: 'F11 (full screen toggle)', ...key('F11') },
  { name: 'Escape', ...key('Escape') },
  { name: 'Alt+Tab', ...key('alt+Tab') },
  { name: 'Super', ...key('super') },
  {
    name: 'Ctrl+Alt+F1…F12 (switch VT)',
    ...key(...Array.from({ length: 12 }, (_, i) => `ctrl+alt+F${i + 1}`)),
  },
  { name: 'Ctrl+Alt+Backspace (kill X)', ...key('ctrl+alt+BackSpace') },
  { name: 'Alt+F4 (close window)', ...key('alt+F4'), closesBrowser: true },
  { name: 'Ctrl+W (close tab)', ...key('ctrl+w'), closesBrowser: true },
  { name: 'Ctrl+Shift+Q (quit)', ...key('ctrl+shift+q'), closesBrowser: true },
];

/** The vectors a page, a finger or a mouse can try: links, dialogs, drops, gestures. */
export const PAGE_VECTORS: readonly EscapeVector[] = [
  linkVector('middle-click on a link', { href: '/' }, 'middle'),
  linkVector('target=_blank link', { href: '/', target: '_blank' }),
  linkVector('link to file:///etc/hostname', { href: 'file:///etc/hostname' }),
  linkVector('link to javascript:', { href: 'javascript:document.body.remove()' }),
  linkVector('link to data:', { href: 'data:text/html,<h1>escaped</h1>' }),
  linkVector('link to another origin', { href: 'http://127.0.0.2:9/' }),
  linkVector('download link', { href: '/', download: 'page.html' }),
  { name: 'window.open', page: async (page) => void (await page.evaluate("window.open('/', '_blank')")) },
  { name: 'window.print', page: async (page) => void (await page.evaluate('window.print()')) },
  { name: 'alert', page: async (page) => void (await page.evaluate("alert('x')")) },
  { name: 'confirm', page: async (page) => void (await page.evaluate("confirm('x')")) },
  { name: 'prompt', page: async (page) => void (await page.evaluate("prompt('x')")) },
  {
    name: 'permission prompts (notifications, location, camera)',
    page: async (page) =>
      void (await page.evaluate(`Promise.all([
        Notification.requestPermission(),
        new Promise((done) => navigator.geolocation.getCurrentPosition(done, done, { timeout: 1500 })),
        navigator.mediaDevices.getUserMedia({ video: true }).catch((error) => error.name),
      ])`)),
  },
  {
    name: 'file drop',
    page: async (page) => {
      for (const type of ['dragEnter', 'dragOver', 'drop']) {
        await page.cdp.send(
          'Input.dispatchDragEvent',
          { type, ...QUIET_POINT, data: { items: [], files: ['/etc/hostname'], dragOperationsMask: 1 } },
          page.sessionId,
        );
      }
    },
  },
  {
    name: 'link drop',
    page: async (page) => {
      const data = { items: [{ mimeType: 'text/uri-list', data: 'file:///etc/hostname' }], dragOperationsMask: 1 };
      for (const type of ['dragEnter', 'dragOver', 'drop']) {
        await page.cdp.send('Input.dispatchDragEvent', { type, ...QUIET_POINT, data }, page.sessionId);
      }
    },
  },
  {
    name: 'pinch',
    page: async (page) =>
      void (await page.cdp.send(
        'Input.synthesizePinchGesture',
        { x: 640, y: 360, scaleFactor: 3, gestureSourceType: 'touch' },
        page.sessionId,
      )),
  },
  {
    name: 'swipe (overscroll back and forward)',
    page: async (page) => {
      for (const xDistance of [900, -900]) {
        await page.cdp.send(
          'Input.synthesizeScrollGesture',
          { x: 640, y: 360, xDistance, yDistance: 0, gestureSourceType: 'touch', speed: 3000 },
          page.sessionId,
        );
      }
    },
  },
  {
    name: 'long-press',
    page: async (page) => {
      const point = { ...QUIET_POINT, id: 1 };
      await page.cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point] }, page.sessionId);
      await new Promise((resolve) => setTimeout(resolve, 1200));
      await page.cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] }, page.sessionId);
    },
  },
  {
    name: 'Ctrl+wheel (zoom)',
    page: async (page) => {
      for (const deltaY of [-600, 600, 600]) {
        await page.cdp.send(
          'Input.dispatchMouseEvent',
          { type: 'mouseWheel', ...QUIET_POINT, deltaX: 0, deltaY, modifiers: 2 },
          page.sessionId,
        );
      }
    },
  },
  {
    name: 'right-click (context menu)',
    page: async (page) => {
      for (const type of ['mousePressed', 'mouseReleased']) {
        await page.cdp.send(
          'Input.dispatchMouseEvent',
          { type, ...QUIET_POINT, button: 'right', clickCount: 1 },
          page.sessionId,
        );
      }
    },
  },
];

/** The DevTools key events for one xdotool combination (`ctrl+shift+q`), for sessions without real keys. */
export function cdpKeyEvents(combo: string): Record<string, unknown>[] {
  const parts = combo.split('+');
  const name = parts.at(-1) ?? '';
  const bits: Record<string, number> = { alt: 1, ctrl: 2, super: 4, shift: 8 };
  let modifiers = 0;
  for (const part of parts.slice(0, -1)) modifiers |= bits[part] ?? 0;
  const named: Record<string, [string, string, number]> = {
    Escape: ['Escape', 'Escape', 27],
    Tab: ['Tab', 'Tab', 9],
    Return: ['Enter', 'Enter', 13],
    BackSpace: ['Backspace', 'Backspace', 8],
    Delete: ['Delete', 'Delete', 46],
    Home: ['Home', 'Home', 36],
    Left: ['ArrowLeft', 'ArrowLeft', 37],
    plus: ['+', 'Equal', 187],
    minus: ['-', 'Minus', 189],
    super: ['Meta', 'MetaLeft', 91],
  };
  let description: [string, string, number];
  if (named[name]) description = named[name];
  else if (/^F\d{1,2}$/u.test(name)) description = [name, name, 111 + Number(name.slice(1))];
  else if (/^\d$/u.test(name)) description = [name, `Digit${name}`, name.charCodeAt(0)];
  else description = [name, `Key${name.toUpperCase()}`, name.toUpperCase().charCodeAt(0)];
  const [keyName, code, windowsVirtualKeyCode] = description;
  const base = { key: keyName, code, windowsVirtualKeyCode, nativeVirtualKeyCode: windowsVirtualKeyCode, modifiers };
  return [
    { type: 'rawKeyDown', ...base },
    { type: 'keyUp', ...base },
  ];
}
