import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { printerProfilesDir } from '../../app-root';
import { ConfigStore } from '../../config/config-store';
import { memoryLogger } from '../../test-support';
import { portsCallHandlers } from './ports-call-handlers';

describe('the «Подключение» calls', () => {
  it('refuse to try or save a path the kiosk does not list, and save a listed one', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'okno-ports-calls-'));
    const file = path.join(dir, 'kiosk.json');
    const raw = {
      kiosk: { id: 'k1' },
      office: { id: 'o1', name: 'МФЦ' },
      session: {},
      devices: { printer: { profile: 'generic-80mm', connection: { kind: 'simulated' } } },
    };
    await writeFile(file, JSON.stringify(raw));
    const listedPort = path.join(dir, 'pty');
    await writeFile(listedPort, '');
    const store = new ConfigStore({
      file,
      devices: { replace: async () => undefined, ready: () => true },
      log: memoryLogger().log,
    });
    const audited: string[] = [];
    const handlers = portsCallHandlers({
      store,
      devices: { statuses: () => [] },
      profilesDir: printerProfilesDir(),
      kioskId: 'k1',
      timeZone: 'Europe/Moscow',
      audit: { record: (action) => audited.push(action) },
      serialList: {
        root: dir,
        list: async () => ({ ok: true, ports: [] }),
        simulators: () => [{ path: listedPort, kind: 'printer' }],
      },
    });
    const elsewhere = { device: 'printer' as const, path: '/etc/passwd', baudRate: 9600, profile: 'generic-80mm' };
    const tried = await handlers['technician.ports.try'](elsewhere);
    expect(tried.ok && tried.value.opened).toBe(false);
    const refused = await handlers['technician.ports.save'](elsewhere);
    expect(refused.ok && refused.value.saved).toBe(false);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(raw);

    const saved = await handlers['technician.ports.save']({ ...elsewhere, path: listedPort });
    expect(saved.ok && saved.value.saved).toBe(true);
    expect(JSON.parse(await readFile(file, 'utf8')).devices.printer).toEqual({
      profile: 'generic-80mm',
      connection: { kind: 'serial', path: listedPort, baudRate: 9600 },
    });
    expect(audited).toEqual(['ports.save']);
    store.close();
  });
});
