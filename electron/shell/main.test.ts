import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { callChannel, callNames } from '../../kiosk-config/src/index';
import type { KioskCoreOptions } from '../services/kiosk-core';

type Stub = typeof import('./electron-stub');

vi.mock('electron', () => import('./electron-stub'));

/** What the mocked core saw; reset with the module registry before each test. */
const started = vi.hoisted(() => ({
  options: [] as KioskCoreOptions[],
  closed: 0,
  fail: false,
  scans: [] as Array<{ code: unknown; source: string }>,
  /** The current release's files the core's content channel serves, by hash. */
  contentFiles: new Map<string, { file: string; length: number; contentType: string }>(),
  /** Whether the embedded hub starts (the default config's demo hub), and how often it closed. */
  embeddedHub: false,
  hubClosed: 0,
}));

vi.mock('../services/composition-root', async () => {
  const { SupervisionConfig } = await import('../../kiosk-config/src/index');
  return {
    startKioskCore: async (options: KioskCoreOptions) => {
      started.options.push(options);
      if (started.fail) throw new Error('bad config');
      return {
        info: { kioskId: 'k-1', appVersion: '0.1.0' },
        dispatch: async () => ({ ok: true, value: {} }),
        acceptScan: (code: unknown, source: string) => {
          started.scans.push({ code, source });
        },
        onEvent: () => () => {},
        content: { file: async (sha256: string) => started.contentFiles.get(sha256) },
        // What the watchdog's supervision reads: the limits, the session, the service mode, the heartbeat.
        config: { host: { supervision: SupervisionConfig.parse({}) } },
        session: { active: false, end: () => {}, onNextEnd: () => () => {} },
        fleet: { serviceMode: { setScreenFailing: () => {} } },
        pageHeartbeat: { onBeat: () => () => {} },
        close: async () => {
          started.closed += 1;
        },
      };
    },
  };
});

// The embedded hub has its own tests (electron/services/hub, test/integration): here only whether
// the shell closes it.
vi.mock('../services/hub/embedded-hub', () => ({
  startConfiguredHub: async () => ({
    hub: started.embeddedHub
      ? {
          override: { url: 'http://127.0.0.1:1', provisioningToken: 't' },
          close: async () => {
            started.hubClosed += 1;
          },
        }
      : undefined,
  }),
}));

vi.mock('../services/logging/logger', () => ({
  openLogger: async () => ({ info: () => {}, warn: () => {}, error: () => {}, debug: () => {} }),
}));

/** Loads a fresh main process (main.ts runs on import) against a fresh Electron stub. */
async function launch(prepare: (electron: Stub) => void = () => {}) {
  vi.resetModules();
  const electron = (await import('electron')) as unknown as Stub;
  electron.resetElectronStub();
  prepare(electron);
  await import('./main');
  return electron;
}

/** The listeners main.ts added to the real `process`, removed after each test. */
const processEvents = ['uncaughtException', 'unhandledRejection'] as const;
let listenersBefore: Map<string, Set<unknown>>;
/** `process` seen as a plain emitter: its typed overloads do not take a union of event names. */
const processEmitter: NodeJS.EventEmitter = process;

function addedListener(event: (typeof processEvents)[number]): (err: unknown) => void {
  const added = processEmitter.listeners(event).filter((listener) => !listenersBefore.get(event)?.has(listener));
  expect(added).toHaveLength(1);
  return added[0] as (err: unknown) => void;
}

/** Lets the promise chains started by `ready` settle. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

beforeEach(() => {
  listenersBefore = new Map(processEvents.map((event) => [event, new Set<unknown>(processEmitter.listeners(event))]));
  started.options = [];
  started.closed = 0;
  started.fail = false;
  started.scans = [];
  started.contentFiles = new Map();
  started.embeddedHub = false;
  started.hubClosed = 0;
  vi.stubEnv('OKNO_CONFIG', '/etc/okno/kiosk.json');
  vi.stubEnv('OKNO_DEV', '');
  vi.stubEnv('OKNO_DISABLE_GPU', '');
  vi.stubEnv('OKNO_SUPERVISED', '');
  vi.stubEnv('OKNO_DATA_DIR', '');
});

afterEach(() => {
  vi.unstubAllEnvs();
  for (const event of processEvents) {
    for (const listener of processEmitter.listeners(event)) {
      if (!listenersBefore.get(event)?.has(listener))
        processEmitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
});

describe('main', () => {
  it('quits at once when another instance holds the kiosk', async () => {
    const electron = await launch((stub) => {
      stub.app.singleInstanceLock = false;
    });
    electron.app.becomeReady();
    await settle();
    expect(electron.app.calls).toEqual(['requestSingleInstanceLock', 'quit', 'quit:done']);
    expect(started.options).toEqual([]);
    expect(electron.BrowserWindow.created).toEqual([]);
  });

  it('starts the core, opens the locked-down window and wires IPC once ready', async () => {
    const electron = await launch();
    expect(electron.app.listenerCount('web-contents-created')).toBe(1);
    expect(electron.app.calls).not.toContain('disableHardwareAcceleration');
    electron.app.becomeReady();
    await settle();

    expect(started.options).toEqual([{ host: 'electron', configPath: '/etc/okno/kiosk.json' }]);
    expect(electron.Menu.applicationMenu).toBeNull();
    expect(electron.session.defaultSession.permissionRequestHandler).toBeTypeOf('function');
    expect(electron.BrowserWindow.created).toHaveLength(1);
    const win = electron.BrowserWindow.created[0] as InstanceType<Stub['BrowserWindow']>;
    // Loaded from sources, main.ts sits in electron/shell: the same layout as dist/electron.
    expect(win.options).toMatchObject({
      kiosk: true,
      webPreferences: {
        sandbox: true,
        contextIsolation: true,
        preload: expect.stringMatching(/shell[/\\]preload\.cjs$/),
      },
    });
    expect(win.webContents.loaded).toEqual(['app://kiosk/index.html']);
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual(callNames.map(callChannel).sort());
    expect(win.visible).toBe(false);
    win.emit('ready-to-show');
    expect(win.visible).toBe(true);
  });

  it('registers app:// as privileged before ready, and serves the release’s content through it once ready', async () => {
    const electron = await launch();
    expect(electron.protocol.privileged).toEqual([
      {
        scheme: 'app',
        privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
        beforeReady: true,
      },
    ]);
    expect(electron.protocol.handlers.size).toBe(0);
    const dir = mkdtempSync(path.join(tmpdir(), 'okno-main-content-'));
    const video = path.join(dir, 'blob');
    writeFileSync(video, Buffer.from('0123456789'));
    const sha256 = 'a'.repeat(64);
    started.contentFiles.set(sha256, { file: video, length: 10, contentType: 'video/webm' });
    electron.app.becomeReady();
    await settle();

    const handler = electron.protocol.handlers.get('app');
    if (handler === undefined) throw new Error('no handler for app:');
    const part = await handler(new Request(`app://kiosk/content/${sha256}`, { headers: { range: 'bytes=2-4' } }));
    expect([part.status, part.headers.get('content-range'), await part.text()]).toEqual([206, 'bytes 2-4/10', '234']);
    expect((await handler(new Request(`app://kiosk/content/${'b'.repeat(64)}`))).status).toBe(404);
    // The session lets the window load its own origin only.
    const answers: unknown[] = [];
    const session = electron.session.defaultSession;
    session.beforeRequest?.({ url: `app://kiosk/content/${sha256}`, resourceType: 'media' }, (r: unknown) =>
      answers.push(r),
    );
    session.beforeRequest?.({ url: 'file:///etc/passwd', resourceType: 'image' }, (r: unknown) => answers.push(r));
    expect(answers).toEqual([{ cancel: false }, { cancel: true }]);
  });

  it('refuses to close the kiosk window unless quitting, and closes the core before quitting', async () => {
    const electron = await launch();
    electron.app.becomeReady();
    await settle();
    const [win] = electron.BrowserWindow.created;
    let prevented = false;
    win?.emit('close', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);

    electron.app.quit();
    // The first quit is held while the core closes; the second goes through.
    expect(electron.app.calls.filter((call) => call === 'quit:done')).toHaveLength(0);
    await settle();
    expect(started.closed).toBe(1);
    expect(electron.app.calls.filter((call) => call === 'quit:done')).toHaveLength(1);
  });

  it("hands a keyboard-wedge scanner's burst to the core, and keeps the keys from the page", async () => {
    const electron = await launch();
    electron.app.becomeReady();
    await settle();
    const win = electron.BrowserWindow.created[0] as InstanceType<Stub['BrowserWindow']>;
    let prevented = 0;
    for (const code of ['Digit4', 'Digit6', 'Digit0', 'Digit7', 'Enter']) {
      const input = {
        type: 'keyDown',
        code,
        key: code,
        shift: false,
        control: false,
        alt: false,
        meta: false,
        isAutoRepeat: false,
      };
      win.webContents.emit('before-input-event', { preventDefault: () => prevented++ }, input);
    }
    expect(started.scans).toEqual([{ code: { text: '4607' }, source: 'wedge' }]);
    expect(prevented).toBeGreaterThanOrEqual(5);
  });

  it('disables the GPU before ready when OKNO_DISABLE_GPU is set', async () => {
    vi.stubEnv('OKNO_DISABLE_GPU', '1');
    const electron = await launch();
    expect(electron.app.calls).toContain('disableHardwareAcceleration');
  });

  it('restarts clean after a bug in the main process: closes the core, relaunches, exits', async () => {
    const electron = await launch();
    electron.app.becomeReady();
    await settle();
    addedListener('uncaughtException')(new Error('bug'));
    addedListener('unhandledRejection')(new Error('another bug'));
    await settle();
    expect(started.closed).toBe(1);
    expect(electron.app.calls.filter((call) => call === 'relaunch' || call.startsWith('exit'))).toEqual([
      'relaunch',
      'exit:0',
    ]);
  });

  it('leaves the restart to systemd when supervised', async () => {
    vi.stubEnv('OKNO_SUPERVISED', '1');
    const electron = await launch();
    electron.app.becomeReady();
    await settle();
    addedListener('uncaughtException')(new Error('bug'));
    await settle();
    expect(electron.app.calls).not.toContain('relaunch');
    expect(electron.app.calls).toContain('exit:1');
  });

  it('exits non-zero, with no window, when the core does not start; the embedded hub it started is closed', async () => {
    started.embeddedHub = true;
    started.fail = true;
    const electron = await launch();
    electron.app.becomeReady();
    await settle();
    expect(electron.app.calls).toContain('exit:1');
    expect(electron.BrowserWindow.created).toEqual([]);
    expect(started.options[0]?.hub).toEqual({ url: 'http://127.0.0.1:1', provisioningToken: 't' });
    expect(started.hubClosed).toBe(1);
  });

  it('closes the embedded hub after the core when quitting', async () => {
    started.embeddedHub = true;
    const electron = await launch();
    electron.app.becomeReady();
    await settle();
    electron.app.quit();
    await settle();
    expect(started.closed).toBe(1);
    expect(started.hubClosed).toBe(1);
  });
});
