/**
 * The page's own share of the kiosk lockdown: the browser gestures, keys, links and dialogs that
 * would leave a visitor stranded outside the kiosk page, stopped where a page can stop them.
 *
 * The Electron shell and the browser host lock the rest (Chromium's flags and managed policy,
 * the session under cage): see docs/kiosk-lockdown.md.
 */

/** The dialogs a page can open, each replaced by one that never blocks the screen. */
interface PageDialogs {
  alert: (message?: unknown) => void;
  confirm: (message?: string) => boolean;
  prompt: (message?: string, defaultValue?: string) => string | null;
  print: () => void;
  open: (...args: never[]) => unknown;
}

/** What the guards need of a page: its document, and the window the document shows in. */
export interface GuardedDocument extends EventTarget {
  defaultView: (EventTarget & PageDialogs & { location: { origin: string } }) | null;
}

/** An element on a click's path, as far as the link guard looks at it. */
interface PathElement {
  tagName?: string;
  getAttribute?: (name: string) => string | null;
  href?: unknown;
}

/** The parts of a click the link guard reads. */
interface LinkClick {
  button: number;
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  composedPath(): EventTarget[];
}

/**
 * Whether a click on the page would take the browser somewhere else than this page's own origin
 * in this window: a link with a target (a new window), to another origin or another scheme
 * (`file:`, `javascript:`, `data:`), a download, or any link clicked with a modifier key or a
 * button but the first (a new tab or window). Our markup has no such links: any is refused.
 */
export function leavesThePage(click: LinkClick, origin: string): boolean {
  const anchor = click.composedPath().find((node): node is PathElement & EventTarget => {
    const tag = (node as PathElement).tagName;
    return tag === 'A' || tag === 'AREA';
  });
  if (anchor === undefined) return false;
  if (click.button !== 0 || click.ctrlKey || click.shiftKey || click.altKey || click.metaKey) return true;
  const target = anchor.getAttribute?.('target') ?? '';
  if (target !== '' && target !== '_self') return true;
  if (anchor.getAttribute?.('download') != null) return true;
  const href = typeof anchor.href === 'string' ? anchor.href : String(anchor.getAttribute?.('href') ?? '');
  if (href === '') return false;
  try {
    return new URL(href, origin).origin !== origin;
  } catch {
    return true;
  }
}

/** The key names of the browser's own function keys, cancelled before the browser acts on them. */
const BROWSER_KEYS: ReadonlySet<string> = new Set([
  'BrowserBack',
  'BrowserForward',
  'BrowserRefresh',
  'BrowserHome',
  'BrowserSearch',
  'BrowserFavorites',
  'BrowserStop',
  'ContextMenu',
  'Print',
]);

/** The modifier keys themselves: pressing one alone does nothing to cancel. */
const MODIFIERS: ReadonlySet<string> = new Set(['Control', 'Alt', 'AltGraph', 'Meta', 'Shift', 'OS']);

/**
 * Whether a key press is one of the browser's shortcuts a page may cancel (save, print, find,
 * zoom, reload, history, new window in an app window…): anything with Ctrl, Alt or Meta, and
 * the function keys. Plain keys (digits, letters, Enter: a keyboard-wedge scanner types those)
 * pass.
 */
export function isBrowserShortcut(
  key: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey'> & { shiftKey?: boolean },
): boolean {
  if (MODIFIERS.has(key.key)) return false;
  if (key.ctrlKey || key.altKey || key.metaKey) return true;
  // Shift+Escape opens Chromium's task manager.
  if (key.shiftKey && key.key === 'Escape') return true;
  return /^F\d{1,2}$/u.test(key.key) || BROWSER_KEYS.has(key.key);
}

/**
 * Installs the guards on a page's document and its window; returns the function that removes
 * them. Stops: the context menu (long press), text selection, dragging images and links out,
 * dropping files or links in (the browser would open them), pinch and Ctrl+wheel zoom, the
 * browser's keyboard shortcuts a page can cancel, links leaving the page or opening windows,
 * `window.open`, and `alert`/`confirm`/`prompt`/`print`, which would block the screen.
 */
export function installTouchGuards(target: GuardedDocument): () => void {
  const view = target.defaultView;
  const prevent = (event: Event) => event.preventDefault();
  const preventZoomWheel = (event: Event) => {
    if ((event as WheelEvent).ctrlKey) event.preventDefault();
  };
  const preventMultiTouch = (event: Event) => {
    if ((event as TouchEvent).touches.length > 1) event.preventDefault();
  };
  const preventShortcut = (event: Event) => {
    if (isBrowserShortcut(event as KeyboardEvent)) event.preventDefault();
  };
  const origin = view?.location.origin ?? '';
  const preventLeaving = (event: Event) => {
    if (leavesThePage(event as MouseEvent, origin)) event.preventDefault();
  };
  const preventMiddleButton = (event: Event) => {
    // The middle button's autoscroll and "open in new tab" start on press.
    if ((event as MouseEvent).button === 1) event.preventDefault();
  };
  const active = { passive: false } as const;
  const capture = { capture: true, passive: false } as const;
  const listeners: [string, (event: Event) => void, AddEventListenerOptions][] = [
    ['contextmenu', prevent, capture],
    ['dragstart', prevent, capture],
    ['selectstart', prevent, capture],
    ['dragover', prevent, capture],
    ['drop', prevent, capture],
    ['gesturestart', prevent, active],
    ['wheel', preventZoomWheel, active],
    ['touchmove', preventMultiTouch, active],
    ['keydown', preventShortcut, capture],
    ['click', preventLeaving, capture],
    ['auxclick', preventLeaving, capture],
    ['mousedown', preventMiddleButton, capture],
  ];
  for (const [type, listener, options] of listeners) target.addEventListener(type, listener, options);
  const restoreDialogs = view === null ? () => {} : replaceDialogs(view);
  return () => {
    for (const [type, listener, options] of listeners) target.removeEventListener(type, listener, options);
    restoreDialogs();
  };
}

/**
 * Replaces the window's blocking dialogs and `open` with ones that answer at once: no alert box
 * over the kiosk page, `confirm` says no, `prompt` gives nothing, no print dialog, no new window.
 * Returns the function that puts the originals back.
 */
function replaceDialogs(view: PageDialogs): () => void {
  const originals = {
    alert: view.alert,
    confirm: view.confirm,
    prompt: view.prompt,
    print: view.print,
    open: view.open,
  };
  view.alert = () => {};
  view.confirm = () => false;
  view.prompt = () => null;
  view.print = () => {};
  view.open = () => null;
  return () => Object.assign(view, originals);
}
