import { type BrowserWindow, type IpcMainInvokeEvent, ipcMain } from 'electron';
import { type CallName, callChannel, callNames, eventChannel, fail } from '../../kiosk-config/src/index';
import type { KioskCore } from '../services/kiosk-core';
import { describeUrlForLog, isAllowedNavigation } from './lockdown';
import type { ShellLogger } from './shell-logger';

/** What the IPC handlers need. */
export interface IpcHandlersOptions {
  /** The kiosk window: the only sender whose calls are served. */
  win: BrowserWindow;
  core: KioskCore;
  /** The app's document: the sender's main frame must show it. */
  appUrl: string;
  logger: ShellLogger;
}

/**
 * Tells whether an IPC call comes from the kiosk window's own page.
 *
 * The sender must be the window's web contents, the frame its main frame, and the frame's URL
 * the app's document. The lockdown already refuses navigation and frames; this is the check
 * every handler makes anyway, because a handler is reachable from any frame of any page.
 */
export function isTrustedSender(event: IpcMainInvokeEvent, win: BrowserWindow, appUrl: string): boolean {
  try {
    if (win.isDestroyed()) return false;
    const contents = win.webContents;
    if (event.sender !== contents) return false;
    const frame = event.senderFrame;
    // Null when the frame navigated away or was destroyed since it sent the call.
    if (frame === null) return false;
    // Compared by ids, not identity: the frame objects Electron hands out need not be the same.
    const main = contents.mainFrame;
    if (frame.processId !== main.processId || frame.routingId !== main.routingId) return false;
    return isAllowedNavigation(frame.url, appUrl);
  } catch {
    // A frame disposed mid-check throws on access: it cannot be trusted.
    return false;
  }
}

/**
 * Registers one `ipcMain.handle` per call of the contract, and forwards the core's events to the
 * window. Returns the function that removes both.
 *
 * Each handler checks the sender, then hands the untrusted input to `core.dispatch`, which
 * validates it and the answer against the contract and never throws. There is no generic
 * channel: a channel not in the contract has no handler at all.
 */
export function registerIpcHandlers({ win, core, appUrl, logger }: IpcHandlersOptions): () => void {
  const channels: string[] = [];
  for (const name of callNames) {
    const channel = callChannel(name);
    ipcMain.handle(channel, (event, input: unknown) => handleCall(name, event, input));
    channels.push(channel);
  }

  async function handleCall(name: CallName, event: IpcMainInvokeEvent, input: unknown) {
    if (!isTrustedSender(event, win, appUrl)) {
      logger.warn({ call: name, sender: describeSender(event) }, 'IPC call from an untrusted sender refused');
      return fail('forbidden', `${name}: the sender is not the kiosk window`);
    }
    try {
      return await core.dispatch(name, input);
    } catch (err) {
      // dispatch promises never to throw; if it does, the page still gets a typed answer.
      logger.error({ call: name, err }, 'core.dispatch threw');
      return fail('internal', 'the kiosk could not complete the request');
    }
  }

  const unsubscribe = core.onEvent((name, payload) => {
    if (win.isDestroyed()) return;
    const contents = win.webContents;
    // While the watchdog reloads a crashed page there is no one to tell; the new page asks afresh.
    if (contents.isDestroyed() || contents.isCrashed()) return;
    contents.send(eventChannel(name), payload);
  });

  return () => {
    unsubscribe();
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

function describeSender(event: IpcMainInvokeEvent): { url: string; webContentsId?: number } {
  try {
    const url = event.senderFrame?.url;
    return { url: url === undefined ? '(no frame)' : describeUrlForLog(url), webContentsId: event.sender.id };
  } catch {
    return { url: '(frame disposed)' };
  }
}
