import { EventEmitter } from 'node:events';

/**
 * A test double of the `electron` module for the shell's and the preload's unit tests.
 *
 * Electron's binary is absent on dev and CI machines, and importing the real package there would
 * try to download it; tests do `vi.mock('electron', () => import('./electron-stub'))` instead.
 * It records what the code under test does (handlers registered, objects exposed, messages
 * sent) and lets the test play Electron's part (invoke a handler, emit an event). Only what the
 * shell uses is here. Not bundled: nothing but tests imports it.
 */

type Handler = (event: unknown, ...args: unknown[]) => unknown;

/** A frame as IPC events describe it. */
export interface StubFrame {
  processId: number;
  routingId: number;
  url: string;
}

let nextWebContentsId = 1;

/** A web contents: an event emitter that records what is sent to it. */
export class StubWebContents extends EventEmitter {
  readonly id = nextWebContentsId++;
  readonly mainFrame: StubFrame = { processId: 7, routingId: 1, url: '' };
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  readonly loaded: string[] = [];
  destroyed = false;
  crashed = false;
  crashesForced = 0;
  windowOpenHandler: ((details: { url: string }) => unknown) | undefined;
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isCrashed(): boolean {
    return this.crashed;
  }
  forcefullyCrashRenderer(): void {
    this.crashesForced += 1;
  }
  getOSProcessId(): number {
    return 4242;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => unknown): void {
    this.windowOpenHandler = handler;
  }
  setVisualZoomLevelLimits(): Promise<void> {
    return Promise.resolve();
  }
  setZoomLevel(): void {}
  closeDevTools(): void {}
}

/** The kiosk window. */
export class BrowserWindow extends EventEmitter {
  /** Every window created, in order. */
  static readonly created: BrowserWindow[] = [];
  readonly webContents = new StubWebContents();
  readonly options: unknown;
  destroyed = false;
  visible = false;
  constructor(options?: unknown) {
    super();
    this.options = options;
    BrowserWindow.created.push(this);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isVisible(): boolean {
    return this.visible;
  }
  show(): void {
    this.visible = true;
  }
  focus(): void {}
  loadFile(filePath: string): Promise<void> {
    this.webContents.loaded.push(filePath);
    this.webContents.mainFrame.url = new URL(`file://${filePath}`).href;
    return Promise.resolve();
  }
  loadURL(url: string): Promise<void> {
    this.webContents.loaded.push(url);
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }
}

/** A custom scheme's privileges as `registerSchemesAsPrivileged` takes them. */
export interface StubSchemePrivileges {
  scheme: string;
  privileges: Record<string, boolean>;
}

/** `protocol`: records the privileged schemes (and whether `ready` had come) and the handlers. */
export const protocol = {
  privileged: [] as Array<StubSchemePrivileges & { beforeReady: boolean }>,
  handlers: new Map<string, (request: Request) => Promise<Response> | Response>(),
  registerSchemesAsPrivileged(schemes: StubSchemePrivileges[]): void {
    // Electron ignores (and warns about) a registration after ready: the test sees it as such.
    for (const scheme of schemes) this.privileged.push({ ...scheme, beforeReady: !app.isReady() });
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response> | Response): void {
    if (this.handlers.has(scheme)) throw new Error(`The scheme has been registered: ${scheme}`);
    this.handlers.set(scheme, handler);
  },
};

/** `ipcMain` with a registry of `handle` handlers, refusing a second handler like Electron. */
export const ipcMain = {
  handlers: new Map<string, Handler>(),
  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  },
  /** Plays the renderer's `ipcRenderer.invoke`: rejects, like Electron, when no handler exists. */
  async invoke(channel: string, event: unknown, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (handler === undefined) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, ...args);
  },
};

const rendererEmitter = new EventEmitter();

/** The recording `ipcRenderer`'s shape. */
export interface StubIpcRenderer {
  invocations: Array<{ channel: string; args: unknown[] }>;
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (...args: unknown[]) => void): StubIpcRenderer;
  removeListener(channel: string, listener: (...args: unknown[]) => void): StubIpcRenderer;
  emit(channel: string, ...args: unknown[]): void;
  listenerCount(channel: string): number;
}

/** `ipcRenderer`: records invocations; `emit` plays the main side's `webContents.send`. */
export const ipcRenderer: StubIpcRenderer = {
  invocations: [] as Array<{ channel: string; args: unknown[] }>,
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invocations.push({ channel, args });
    return Promise.resolve({ ok: true, value: { echoed: channel } });
  },
  on(channel, listener) {
    rendererEmitter.on(channel, listener);
    return this;
  },
  removeListener(channel, listener) {
    rendererEmitter.removeListener(channel, listener);
    return this;
  },
  emit(channel: string, ...args: unknown[]): void {
    rendererEmitter.emit(channel, ...args);
  },
  listenerCount(channel: string): number {
    return rendererEmitter.listenerCount(channel);
  },
};

/** `contextBridge`: records what was exposed under which key. */
export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    if (this.exposed.has(key)) throw new Error(`Cannot bind an API on top of an existing property: ${key}`);
    this.exposed.set(key, api);
  },
};

/** A session: records the handlers the lockdown installs. */
export class StubSession extends EventEmitter {
  permissionRequestHandler: Handler | undefined;
  permissionCheckHandler: Handler | undefined;
  devicePermissionHandler: Handler | undefined;
  beforeRequest: Handler | undefined;
  headersReceived: Handler | undefined;
  readonly webRequest = {
    onBeforeRequest: (listener: Handler) => {
      this.beforeRequest = listener;
    },
    onHeadersReceived: (listener: Handler) => {
      this.headersReceived = listener;
    },
  };
  setPermissionRequestHandler(handler: Handler): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: Handler): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: Handler): void {
    this.devicePermissionHandler = handler;
  }
}

/** `session`: the default session. */
export const session: { defaultSession: StubSession } = { defaultSession: new StubSession() };

/** `Menu`: records the application menu. */
export const Menu = {
  applicationMenu: 'default' as unknown,
  setApplicationMenu(menu: unknown): void {
    this.applicationMenu = menu;
  },
};

class StubApp extends EventEmitter {
  singleInstanceLock = true;
  readonly calls: string[] = [];
  readonly switches: Array<[string, string | undefined]> = [];
  readonly commandLine = {
    appendSwitch: (name: string, value?: string) => {
      this.switches.push([name, value]);
    },
  };
  #ready: Promise<void> = Promise.resolve();
  #isReady = false;
  #markReady: () => void = () => {};
  constructor() {
    super();
    this.reset();
  }
  /** Back to a fresh, not yet ready app. */
  reset(): void {
    this.removeAllListeners();
    this.singleInstanceLock = true;
    this.calls.length = 0;
    this.switches.length = 0;
    this.appMetrics = [];
    this.#isReady = false;
    this.#ready = new Promise((resolve) => {
      this.#markReady = () => {
        this.#isReady = true;
        resolve();
      };
    });
  }
  isReady(): boolean {
    return this.#isReady;
  }
  requestSingleInstanceLock(): boolean {
    this.calls.push('requestSingleInstanceLock');
    return this.singleInstanceLock;
  }
  whenReady(): Promise<void> {
    return this.#ready;
  }
  /** Test side: Electron became ready. */
  becomeReady(): void {
    this.#markReady();
  }
  /** Like Electron: emits `before-quit` (preventable), then stops. */
  quit(): void {
    this.calls.push('quit');
    let prevented = false;
    this.emit('before-quit', {
      preventDefault: () => {
        prevented = true;
      },
    });
    if (!prevented) this.calls.push('quit:done');
  }
  exit(code = 0): void {
    this.calls.push(`exit:${code}`);
  }
  relaunch(): void {
    this.calls.push('relaunch');
  }
  disableHardwareAcceleration(): void {
    this.calls.push('disableHardwareAcceleration');
  }
  /** The processes' metrics (`memory.workingSetSize` in KiB), as a test sets them. */
  appMetrics: Array<{ pid: number; type: string; memory: { workingSetSize: number } }> = [];
  getAppMetrics() {
    return this.appMetrics;
  }
}

/** `app`. */
export const app = new StubApp();

/**
 * Resets every recording to a fresh Electron. Vitest caches a mocked module across
 * `vi.resetModules()`, so a test that loads main.ts afresh resets the stub itself.
 */
export function resetElectronStub(): void {
  app.reset();
  BrowserWindow.created.length = 0;
  ipcMain.handlers.clear();
  ipcRenderer.invocations.length = 0;
  rendererEmitter.removeAllListeners();
  contextBridge.exposed.clear();
  session.defaultSession = new StubSession();
  Menu.applicationMenu = 'default';
  protocol.privileged.length = 0;
  protocol.handlers.clear();
}
