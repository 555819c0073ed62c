import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KioskSetup } from '../../../kiosk-config/src/index';
import type { HubResult } from '../hub/hub-client';
import { memoryLogger } from '../test-support';
import { KioskSetupStore } from './kiosk-setup-store';

const setup: KioskSetup = {
  office: { id: 'o', name: 'МФЦ с. Берёзовка' },
  timeZone: 'Europe/Moscow',
  catalogue: {
    categories: [{ id: 'p', name: 'Паспорта' }],
    services: [
      {
        id: 'passport',
        categoryId: 'p',
        name: 'Замена паспорта',
        prefix: 'Б',
        documents: [],
        bookingRequired: false,
        typicalMinutes: 15,
      },
    ],
  },
  offlineTag: 'К1',
  followBaseUrl: 'https://hub.example',
  booking: { earlyMinutes: 15, lateMinutes: 10 },
};

const unreachable: HubResult<KioskSetup> = { ok: false, error: { code: 'connect_failed', message: 'refused' } };

async function store(answer: () => HubResult<KioskSetup>, file?: string) {
  const dir = await mkdtemp(path.join(tmpdir(), 'okno-setup-'));
  const logger = memoryLogger();
  let calls = 0;
  const created = new KioskSetupStore({
    file: file ?? path.join(dir, 'tickets', 'kiosk-setup.json'),
    fetchSetup: async () => {
      calls += 1;
      return answer();
    },
    log: logger.log,
    refreshMs: 60_000,
  });
  return { store: created, file: file ?? path.join(dir, 'tickets', 'kiosk-setup.json'), logger, calls: () => calls };
}

describe('KioskSetupStore', () => {
  it('stores a fetched setup durably, and a restarted kiosk uses it while the hub is away', async () => {
    const first = await store(() => ({ ok: true, value: setup }));
    expect(first.store.setup).toBeUndefined();
    expect(await first.store.refresh()).toBe(true);
    expect(first.store.setup).toEqual(setup);
    expect(JSON.parse(await readFile(first.file, 'utf8'))).toMatchObject({ setup });

    const restarted = await store(() => unreachable, first.file);
    await restarted.store.start();
    expect(restarted.store.setup).toEqual(setup);
    // The background fetch failed: the cached setup stays.
    await restarted.store.refresh();
    expect(restarted.store.setup).toEqual(setup);
    restarted.store.stop();
  });

  it('has no setup when none was ever received', async () => {
    const { store: empty } = await store(() => unreachable);
    await empty.start();
    await empty.refresh();
    expect(empty.setup).toBeUndefined();
    empty.stop();
  });

  it('ignores an invalid cache with a log line, and fetches again when the link is back', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'okno-setup-'));
    const file = path.join(dir, 'kiosk-setup.json');
    await writeFile(file, JSON.stringify({ receivedAt: 'x', setup: { ...setup, offlineTag: 'nope' } }));
    let online = false;
    const kiosk = await store(() => (online ? { ok: true, value: setup } : unreachable), file);
    await kiosk.store.start();
    expect(kiosk.store.setup).toBeUndefined();
    expect(kiosk.logger.text()).toContain('cache invalid');
    online = true;
    kiosk.store.linkRestored();
    await kiosk.store.refresh();
    expect(kiosk.store.setup?.offlineTag).toBe('К1');
    kiosk.store.stop();
  });

  it('makes one fetch at a time, and one more after it when asked meanwhile', async () => {
    const kiosk = await store(() => ({ ok: true, value: setup }));
    await Promise.all([kiosk.store.refresh(), kiosk.store.refresh(), kiosk.store.refresh()]);
    expect(kiosk.calls()).toBe(2);
    await kiosk.store.refresh();
    expect(kiosk.calls()).toBe(3);
  });
});
