import { mkdtemp, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pendingChangeFile, previousConfigFile } from './pending-config-change';
import { resolveKioskConfig } from './resolve-kiosk-config';

const config = (footer: string) =>
  JSON.stringify({
    kiosk: { id: 'k1' },
    office: { id: 'o1', name: 'МФЦ' },
    session: {},
    devices: { printer: { profile: 'generic-80mm', connection: { kind: 'serial', path: footer } } },
  });

describe('resolveKioskConfig', () => {
  it('starts from the previous config when a device change was on trial at the last stop', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'okno-resolve-'));
    const file = path.join(dir, 'kiosk.json');
    await writeFile(file, config('/dev/ttyUSB1'));
    await writeFile(previousConfigFile(file), config('/dev/ttyUSB0'));
    await writeFile(pendingChangeFile(file), '{}');
    const { loaded, recovered } = await resolveKioskConfig({ configPath: file, dataDir: dir });
    expect(recovered).toEqual({ found: true, restored: true });
    expect(loaded.config.devices.printer?.connection).toMatchObject({ path: '/dev/ttyUSB0' });
    await expect(stat(pendingChangeFile(file))).rejects.toThrow();
  });

  it('reads the config as it is when no change was pending', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'okno-resolve-'));
    const file = path.join(dir, 'kiosk.json');
    await writeFile(file, config('/dev/ttyUSB1'));
    await writeFile(previousConfigFile(file), config('/dev/ttyUSB0'));
    const { loaded, recovered } = await resolveKioskConfig({ configPath: file, dataDir: dir });
    expect(recovered).toEqual({ found: false });
    expect(loaded.config.devices.printer?.connection).toMatchObject({ path: '/dev/ttyUSB1' });
  });
});
