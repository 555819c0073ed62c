import { describe, expect, it } from 'vitest';
import { type GuardedDocument, installTouchGuards, isBrowserShortcut, leavesThePage } from './touch-guards';

const ORIGIN = 'http://127.0.0.1:8480';

/** A page made of the DOM's own EventTarget: a document, its window and their dialogs. */
function fakePage() {
  const calls: string[] = [];
  const view = Object.assign(new EventTarget(), {
    location: { origin: ORIGIN },
    alert: () => void calls.push('alert'),
    confirm: () => {
      calls.push('confirm');
      return true;
    },
    prompt: () => {
      calls.push('prompt');
      return 'typed';
    },
    print: () => void calls.push('print'),
    open: () => {
      calls.push('open');
      return {};
    },
  });
  const document = Object.assign(new EventTarget(), { defaultView: view }) satisfies GuardedDocument;
  return { document, view, calls };
}

/** An anchor as the link guard sees it on a click's path. */
function anchor(attributes: Record<string, string>) {
  const node = Object.assign(new EventTarget(), {
    tagName: 'A',
    getAttribute: (name: string) => attributes[name] ?? null,
    href: attributes.href === undefined ? '' : new URL(attributes.href, ORIGIN).href,
  });
  return node;
}

/** A cancelable event carrying the given fields, dispatched on the page; true when it was cancelled. */
function cancelled(target: EventTarget, type: string, fields: Record<string, unknown> = {}, path?: EventTarget[]) {
  const event = Object.assign(new Event(type, { cancelable: true }), fields);
  if (path) Object.defineProperty(event, 'composedPath', { value: () => path });
  target.dispatchEvent(event);
  return event.defaultPrevented;
}

const click = (
  fields: { button?: number } & Partial<Record<'ctrlKey' | 'shiftKey' | 'altKey' | 'metaKey', boolean>> = {},
) => ({
  button: 0,
  ctrlKey: false,
  shiftKey: false,
  altKey: false,
  metaKey: false,
  ...fields,
});

describe('installTouchGuards', () => {
  it('cancels the context menu, selection, dragging out and dropping in', () => {
    const { document } = fakePage();
    installTouchGuards(document);
    for (const type of ['contextmenu', 'selectstart', 'dragstart', 'dragover', 'drop']) {
      expect(cancelled(document, type), type).toBe(true);
    }
  });

  it('cancels Ctrl+wheel and two-finger moves, not a plain scroll or one finger', () => {
    const { document } = fakePage();
    installTouchGuards(document);
    expect(cancelled(document, 'wheel', { ctrlKey: true })).toBe(true);
    expect(cancelled(document, 'wheel', { ctrlKey: false })).toBe(false);
    expect(cancelled(document, 'touchmove', { touches: [{}, {}] })).toBe(true);
    expect(cancelled(document, 'touchmove', { touches: [{}] })).toBe(false);
  });

  it("cancels the browser's shortcuts, not the keys a visitor or a scanner types", () => {
    const { document } = fakePage();
    installTouchGuards(document);
    const key = (key: string, modifiers: Record<string, boolean> = {}) =>
      cancelled(document, 'keydown', { key, ctrlKey: false, altKey: false, metaKey: false, ...modifiers });
    for (const shortcut of ['s', 'p', 'f', '+', '-', '=', '0', 'n', 't', 'w', 'l', 'h', 'j']) {
      expect(key(shortcut, { ctrlKey: true }), `Ctrl+${shortcut}`).toBe(true);
    }
    expect(key('ArrowLeft', { altKey: true })).toBe(true);
    expect(key('F5')).toBe(true);
    expect(key('F12')).toBe(true);
    expect(key('BrowserBack')).toBe(true);
    expect(key('Escape', { shiftKey: true })).toBe(true);
    expect(key('Escape')).toBe(false);
    for (const plain of ['7', 'a', 'Enter', 'Backspace', 'Tab']) expect(key(plain), plain).toBe(false);
  });

  it('refuses links that leave the page or open a window, and middle-clicks', () => {
    const { document } = fakePage();
    installTouchGuards(document);
    const blank = anchor({ href: '/next', target: '_blank' });
    expect(cancelled(document, 'click', click(), [blank, document])).toBe(true);
    expect(cancelled(document, 'click', click(), [anchor({ href: 'file:///etc/hostname' }), document])).toBe(true);
    expect(cancelled(document, 'auxclick', click({ button: 1 }), [anchor({ href: '/next' }), document])).toBe(true);
    expect(cancelled(document, 'mousedown', { button: 1 })).toBe(true);
    expect(cancelled(document, 'click', click(), [anchor({ href: '/next' }), document])).toBe(false);
    expect(cancelled(document, 'click', click(), [document])).toBe(false);
  });

  it('answers alert, confirm, prompt, print and window.open at once, and puts them back on removal', () => {
    const { document, view, calls } = fakePage();
    const remove = installTouchGuards(document);
    view.alert();
    expect(view.confirm()).toBe(false);
    expect(view.prompt()).toBeNull();
    view.print();
    expect(view.open()).toBeNull();
    expect(calls).toEqual([]);
    remove();
    expect(view.confirm()).toBe(true);
    expect(calls).toEqual(['confirm']);
    expect(cancelled(document, 'contextmenu')).toBe(false);
    expect(cancelled(document, 'keydown', { key: 's', ctrlKey: true })).toBe(false);
  });
});

describe('leavesThePage', () => {
  const path = (...nodes: EventTarget[]) => ({ ...click(), composedPath: () => nodes });

  it('lets a same-origin link in this window through, and a click off any link', () => {
    expect(leavesThePage(path(anchor({ href: '/x' })), ORIGIN)).toBe(false);
    expect(leavesThePage(path(anchor({ href: '/x', target: '_self' })), ORIGIN)).toBe(false);
    expect(leavesThePage(path(new EventTarget()), ORIGIN)).toBe(false);
  });

  it('refuses other origins and schemes, targets, downloads and modified clicks', () => {
    for (const href of ['http://example.org/', 'javascript:alert(1)', 'data:text/html,x', 'file:///etc/hostname']) {
      expect(leavesThePage(path(anchor({ href })), ORIGIN), href).toBe(true);
    }
    expect(leavesThePage(path(anchor({ href: '/x', target: 'other' })), ORIGIN)).toBe(true);
    expect(leavesThePage(path(anchor({ href: '/x', download: '' })), ORIGIN)).toBe(true);
    const link = anchor({ href: '/x' });
    for (const modifier of ['ctrlKey', 'shiftKey', 'altKey', 'metaKey'] as const) {
      expect(leavesThePage({ ...click({ [modifier]: true }), composedPath: () => [link] }, ORIGIN), modifier).toBe(
        true,
      );
    }
  });
});

describe('isBrowserShortcut', () => {
  it('leaves a modifier pressed alone', () => {
    expect(isBrowserShortcut({ key: 'Control', ctrlKey: true, altKey: false, metaKey: false })).toBe(false);
    expect(isBrowserShortcut({ key: 'Alt', ctrlKey: false, altKey: true, metaKey: false })).toBe(false);
  });
});
