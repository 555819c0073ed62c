import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  callChannel,
  callNames,
  type EventName,
  eventChannel,
  fail,
  isCallName,
  kioskCalls,
  ok,
  type Result,
} from '../../kiosk-config/src/index';
import type { KioskCore } from '../services/kiosk-core';
import { ipcMain, BrowserWindow as StubBrowserWindow, StubWebContents } from './electron-stub';
import { isTrustedSender, registerIpcHandlers } from './ipc-handlers';
import type { ShellLogger } from './shell-logger';

vi.mock('electron', () => import('./electron-stub'));

const appUrl = 'app://kiosk/index.html';

/** A core that validates like the real one: the name, then the input against the contract. */
function fakeCore() {
  const calls: Array<{ name: unknown; input: unknown }> = [];
  const listeners = new Set<(name: EventName, payload: unknown) => void>();
  let throwOnDispatch = false;
  const core: KioskCore = {
    info: {
      kioskId: 'k-1',
      appVersion: '0.1.0',
      host: 'electron',
      office: { id: 'o-1', name: 'МФЦ Тестовое' },
      timeZone: 'Europe/Moscow',
      idleResetSeconds: 60,
      idleWarningSeconds: 15,
      accessibility: { languages: ['ru', 'en', 'tt'], lowLayoutReachPx: 1200, staffOnSite: true, speechKey: null },
    },
    acceptScan() {},
    async dispatch(name, input): Promise<Result<unknown>> {
      calls.push({ name, input });
      if (throwOnDispatch) throw new Error('boom');
      if (!isCallName(name)) return fail('unknown_call', 'unknown call');
      if (!kioskCalls[name].input.safeParse(input).success) return fail('bad_request', `invalid input for ${name}`);
      if (name === 'tickets.issue') return fail('unknown_service', 'no such service');
      return ok({ sessionId: 's-1' });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: async () => {},
  };
  return {
    core,
    calls,
    emit: (name: EventName, payload: unknown) => {
      for (const listener of listeners) listener(name, payload);
    },
    listenerCount: () => listeners.size,
    throwOnDispatch: () => {
      throwOnDispatch = true;
    },
  };
}

function recordingLogger(): ShellLogger & { lines: Array<{ level: string; obj: object; msg: string }> } {
  const lines: Array<{ level: string; obj: object; msg: string }> = [];
  return {
    lines,
    info: (obj, msg) => lines.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => lines.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => lines.push({ level: 'error', obj, msg }),
  };
}

let win: StubBrowserWindow;
let fake: ReturnType<typeof fakeCore>;
let logger: ReturnType<typeof recordingLogger>;
let dispose: () => void;

/** An invoke event as Electron builds it for a frame of the given web contents. */
function eventFrom(
  sender: StubWebContents,
  frame: { processId: number; routingId: number; url: string } | null = sender.mainFrame,
): IpcMainInvokeEvent {
  return { sender, senderFrame: frame } as unknown as IpcMainInvokeEvent;
}

beforeEach(async () => {
  win = new StubBrowserWindow();
  await win.loadURL(appUrl);
  fake = fakeCore();
  logger = recordingLogger();
  dispose = registerIpcHandlers({ win: win as unknown as BrowserWindow, core: fake.core, appUrl, logger });
});

afterEach(() => {
  dispose();
});

describe('registerIpcHandlers', () => {
  it('registers exactly one handler per call of the contract', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(callNames.map(callChannel).sort());
  });

  it("passes the kiosk page's input to core.dispatch and answers with its result", async () => {
    const answer = await ipcMain.invoke(callChannel('session.activity'), eventFrom(win.webContents), {});
    expect(answer).toEqual({ ok: true, value: { sessionId: 's-1' } });
    const issued = await ipcMain.invoke(callChannel('tickets.issue'), eventFrom(win.webContents), {
      serviceId: 'passport',
    });
    expect(issued).toEqual({ ok: false, error: { code: 'unknown_service', message: 'no such service' } });
    expect(fake.calls).toEqual([
      { name: 'session.activity', input: {} },
      { name: 'tickets.issue', input: { serviceId: 'passport' } },
    ]);
  });

  it("answers a bad payload with the dispatch's bad_request, never a throw", async () => {
    for (const input of [
      undefined,
      null,
      'passport',
      42,
      [],
      {},
      { serviceId: '' },
      { serviceId: 7 },
      { serviceId: 'x', extra: 1 },
    ]) {
      const answer = (await ipcMain.invoke(
        callChannel('tickets.issue'),
        eventFrom(win.webContents),
        input,
      )) as Result<unknown>;
      expect(answer.ok, JSON.stringify(input)).toBe(false);
      if (!answer.ok) expect(answer.error.code).toBe('bad_request');
    }
  });

  it('has no handler for a channel outside the contract, so the page cannot name a call', async () => {
    await expect(ipcMain.invoke('kiosk:call:shell.exec', eventFrom(win.webContents), {})).rejects.toThrow(/No handler/);
    await expect(ipcMain.invoke('kiosk:call', eventFrom(win.webContents), {})).rejects.toThrow(/No handler/);
    expect(fake.calls).toEqual([]);
  });

  it('answers forbidden to another web contents, and never reaches the core', async () => {
    const stranger = new StubWebContents();
    stranger.mainFrame.url = appUrl;
    const answer = await ipcMain.invoke(callChannel('session.end'), eventFrom(stranger), {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(fake.calls).toEqual([]);
    expect(logger.lines).toMatchObject([{ level: 'warn', obj: { call: 'session.end' } }]);
  });

  it('answers forbidden to a subframe, a foreign page, a gone frame and a closed window', async () => {
    const main = win.webContents.mainFrame;
    const senders = [
      eventFrom(win.webContents, { ...main, routingId: main.routingId + 1 }),
      eventFrom(win.webContents, { ...main, processId: main.processId + 1 }),
      eventFrom(win.webContents, { ...main, url: 'https://evil.example/' }),
      eventFrom(win.webContents, { ...main, url: 'app://kiosk/other.html' }),
      eventFrom(win.webContents, { ...main, url: 'file:///opt/Okno/resources/app.asar/dist/renderer/index.html' }),
      eventFrom(win.webContents, null),
    ];
    for (const event of senders) {
      const answer = await ipcMain.invoke(callChannel('kiosk.info'), event, {});
      expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    win.destroyed = true;
    const closed = await ipcMain.invoke(callChannel('kiosk.info'), eventFrom(win.webContents), {});
    expect(closed).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(fake.calls).toEqual([]);
    expect(logger.lines.filter((line) => line.level === 'warn')).toHaveLength(senders.length + 1);
  });

  it('answers internal, and logs, should the core break its promise never to throw', async () => {
    fake.throwOnDispatch();
    const answer = await ipcMain.invoke(callChannel('kiosk.info'), eventFrom(win.webContents), {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(logger.lines).toMatchObject([{ level: 'error', msg: 'core.dispatch threw' }]);
  });

  it("forwards the core's events to the window on their channel, payload only", () => {
    fake.emit('session.idleWarning', { secondsLeft: 10 });
    expect(win.webContents.sent).toEqual([
      { channel: eventChannel('session.idleWarning'), args: [{ secondsLeft: 10 }] },
    ]);
  });

  it('sends nothing to a crashed or closed page', () => {
    win.webContents.crashed = true;
    fake.emit('session.idleWarning', { secondsLeft: 10 });
    win.webContents.crashed = false;
    win.destroyed = true;
    fake.emit('session.idleWarning', { secondsLeft: 5 });
    expect(win.webContents.sent).toEqual([]);
  });

  it('removes its handlers and its event subscription when disposed', () => {
    dispose();
    expect(ipcMain.handlers.size).toBe(0);
    expect(fake.listenerCount()).toBe(0);
    fake.emit('session.idleWarning', { secondsLeft: 1 });
    expect(win.webContents.sent).toEqual([]);
    // Registering again works: nothing was left behind.
    dispose = registerIpcHandlers({ win: win as unknown as BrowserWindow, core: fake.core, appUrl, logger });
    expect(ipcMain.handlers.size).toBe(callNames.length);
  });
});

describe('isTrustedSender', () => {
  it('is false when reading the frame throws (a frame disposed mid-call)', () => {
    const event = {
      sender: win.webContents,
      get senderFrame() {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    } as unknown as IpcMainInvokeEvent;
    expect(isTrustedSender(event, win as unknown as BrowserWindow, appUrl)).toBe(false);
    expect(isTrustedSender(eventFrom(win.webContents), win as unknown as BrowserWindow, appUrl)).toBe(true);
  });
});
