import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KioskConfig, type KioskConfigInput, type PortDevice } from '../../../kiosk-config/src/index';
import { memoryLogger } from '../test-support';
import { ConfigStore, type LiveDevices } from './config-store';
import { pendingChangeFile, previousConfigFile, recoverPendingConfigChange } from './pending-config-change';

const BASE: KioskConfigInput = {
  kiosk: { id: 'k1' },
  office: { id: 'o1', name: 'МФЦ' },
  session: { idleResetSeconds: 60, idleWarningSeconds: 15 },
  devices: {
    printer: { profile: 'generic-80mm', connection: { kind: 'serial', path: '/dev/ttyUSB0', baudRate: 115200 } },
  },
};

/** Devices that record what was attached and are ready as the test says. */
function fakeDevices(): LiveDevices & { attached: Array<[PortDevice, unknown]>; readyNow: boolean } {
  const devices = {
    attached: [] as Array<[PortDevice, unknown]>,
    readyNow: false,
    replace: async (kind: PortDevice, config: unknown) => {
      devices.attached.push([kind, config]);
    },
    ready: () => devices.readyNow,
  };
  return devices;
}

async function configFile(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'okno-config-store-'));
  const file = path.join(dir, 'kiosk.json');
  await writeFile(file, JSON.stringify(BASE), { mode: 0o640 });
  return file;
}

const movePrinter = (to: string) => (raw: Record<string, unknown>) => {
  const next = structuredClone(raw) as KioskConfigInput;
  if (next.devices.printer?.connection.kind === 'serial') next.devices.printer.connection.path = to;
  return next as Record<string, unknown>;
};

async function readConfig(file: string): Promise<KioskConfig> {
  return KioskConfig.parse(JSON.parse(await readFile(file, 'utf8')));
}

function printerPath(config: KioskConfig): string | undefined {
  const connection = config.devices.printer?.connection;
  return connection?.kind === 'serial' ? connection.path : undefined;
}

describe('ConfigStore', () => {
  let file: string;
  let devices: ReturnType<typeof fakeDevices>;
  let store: ConfigStore;

  beforeEach(async () => {
    file = await configFile();
    devices = fakeDevices();
    store = new ConfigStore({ file, devices, log: memoryLogger().log, confirmWindowMs: 60_000 });
  });
  afterEach(() => {
    store.close();
    vi.useRealTimers();
  });

  it('saves a valid change atomically, keeps the previous file and the mode, and re-attaches only that device', async () => {
    const saved = await store.change(movePrinter('/dev/ttyUSB1'));
    expect(saved.saved).toBe(true);
    expect(printerPath(await readConfig(file))).toBe('/dev/ttyUSB1');
    expect(printerPath(KioskConfig.parse(JSON.parse(await readFile(previousConfigFile(file), 'utf8'))))).toBe(
      '/dev/ttyUSB0',
    );
    expect((await stat(file)).mode & 0o777).toBe(0o640);
    expect(devices.attached.map(([kind]) => kind)).toEqual(['printer']);
    expect(store.state.pending?.devices).toEqual(['printer']);
    await expect(stat(pendingChangeFile(file))).resolves.toBeTruthy();
  });

  it('refuses an invalid change with Russian messages and leaves the file alone', async () => {
    const before = await readFile(file, 'utf8');
    const saved = await store.change((raw) => ({ ...raw, session: { idleResetSeconds: 5, idleWarningSeconds: 1 } }));
    expect(saved).toEqual({
      saved: false,
      issues: [{ path: 'session.idleResetSeconds', message: 'Не меньше 10' }],
    });
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(devices.attached).toEqual([]);
  });

  it('names sections read at start as needing a restart and starts no trial for them', async () => {
    const saved = await store.change((raw) => ({ ...raw, tickets: { footer: 'Телефон МФЦ 8-800' } }));
    expect(saved.saved && saved.state.restartRequired).toEqual(['tickets']);
    expect(store.state.pending).toBeNull();
    expect(devices.attached).toEqual([]);
  });

  it('rolls back by itself when the device is not ready when the window ends, and attaches the old one', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    await store.change(movePrinter('/dev/ttyUSB1'));
    await vi.advanceTimersByTimeAsync(59_000);
    expect(printerPath(await readConfig(file))).toBe('/dev/ttyUSB1');
    await vi.advanceTimersByTimeAsync(1_000);
    await vi.waitFor(() => expect(store.state.last?.outcome).toBe('rolled_back'));
    expect(printerPath(await readConfig(file))).toBe('/dev/ttyUSB0');
    const [, reattached] = devices.attached.at(-1) ?? [];
    expect(reattached).toMatchObject({ connection: { path: '/dev/ttyUSB0' } });
    await expect(stat(pendingChangeFile(file))).rejects.toThrow();
  });

  it('takes back the restart a rolled-back change asked for', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    await store.change((raw) => {
      const next = movePrinter('/dev/ttyUSB1')(raw) as KioskConfigInput;
      if (next.devices.printer) next.devices.printer.profile = 'generic-58mm';
      return next as Record<string, unknown>;
    });
    expect(store.state.restartRequired).toEqual(['devices.printer.profile']);
    await vi.advanceTimersByTimeAsync(60_000);
    await vi.waitFor(() => expect(store.state.last?.outcome).toBe('rolled_back'));
    expect(store.state.restartRequired).toEqual([]);
  });

  it('keeps the change when the technician confirms «Работает» first, though the device is not ready', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    await store.change(movePrinter('/dev/ttyUSB1'));
    await vi.advanceTimersByTimeAsync(10_000);
    expect((await store.confirm()).last?.outcome).toBe('confirmed');
    await vi.advanceTimersByTimeAsync(120_000);
    expect(printerPath(await readConfig(file))).toBe('/dev/ttyUSB1');
    expect(devices.attached).toHaveLength(1);
    await expect(stat(pendingChangeFile(file))).rejects.toThrow();
  });

  it('keeps an unconfirmed change whose device is ready when the window ends', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    await store.change(movePrinter('/dev/ttyUSB1'));
    devices.readyNow = true;
    await vi.advanceTimersByTimeAsync(60_000);
    await vi.waitFor(() => expect(store.state.last?.outcome).toBe('kept'));
    expect(printerPath(await readConfig(file))).toBe('/dev/ttyUSB1');
  });

  it('refuses a second change while one waits for its verdict', async () => {
    await store.change(movePrinter('/dev/ttyUSB1'));
    const second = await store.change(movePrinter('/dev/ttyUSB2'));
    expect(second.saved).toBe(false);
    expect(printerPath(await readConfig(file))).toBe('/dev/ttyUSB1');
  });
});

describe('recoverPendingConfigChange', () => {
  it('puts the previous file back when the kiosk stopped during a trial', async () => {
    const file = await configFile();
    const store = new ConfigStore({ file, devices: fakeDevices(), log: memoryLogger().log });
    await store.change(movePrinter('/dev/ttyUSB1'));
    // The crash: the store is gone without a verdict; the next start recovers.
    store.close();
    expect(await recoverPendingConfigChange(file)).toEqual({ found: true, restored: true });
    expect(printerPath(await readConfig(file))).toBe('/dev/ttyUSB0');
    await expect(stat(pendingChangeFile(file))).rejects.toThrow();
    expect(await recoverPendingConfigChange(file)).toEqual({ found: false });
  });

  it('leaves a confirmed change alone', async () => {
    const file = await configFile();
    const store = new ConfigStore({ file, devices: fakeDevices(), log: memoryLogger().log });
    await store.change(movePrinter('/dev/ttyUSB1'));
    await store.confirm();
    store.close();
    expect(await recoverPendingConfigChange(file)).toEqual({ found: false });
    expect(printerPath(await readConfig(file))).toBe('/dev/ttyUSB1');
  });
});
