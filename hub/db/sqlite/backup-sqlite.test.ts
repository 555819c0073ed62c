import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enrollKiosk, postJson, startTestHub, type TestHub } from '../../test/hub-test-support';
import { backupSqliteFile } from './backup-sqlite';
import { SqliteHubRepository } from './sqlite-hub-repository';

describe('backupSqliteFile', () => {
  let hub: TestHub;
  let out: string;
  beforeEach(async () => {
    hub = await startTestHub();
    out = await mkdtemp(path.join(tmpdir(), 'okno-hub-backup-'));
  });
  afterEach(async () => {
    await hub.dispose();
    await rm(out, { recursive: true, force: true });
  });

  it('copies a running hub, commits still in the WAL included, and never overwrites', async () => {
    const kiosk = await enrollKiosk(hub.url, 'kiosk-1');
    const item = {
      id: crypto.randomUUID(),
      kind: 'status.lookup',
      at: new Date().toISOString(),
      payload: { outcome: 'not_found' },
    };
    await postJson(`${hub.url}/v1/outbox`, { items: [item] }, kiosk.headers);
    const copy = path.join(out, 'daily', 'hub-copy.sqlite');
    const { pages } = await backupSqliteFile(hub.dbPath, copy);
    expect(pages).toBeGreaterThan(0);

    const restored = SqliteHubRepository.open(copy);
    try {
      expect((await restored.findKiosk('kiosk-1'))?.officeId).toBe('mfc-demo-01');
      expect((await restored.listOutbox('kiosk-1')).map((i) => i.id)).toEqual([item.id]);
      expect(await restored.findApplication('2345678901')).toBeDefined();
    } finally {
      await restored.close();
    }
    await expect(backupSqliteFile(hub.dbPath, copy)).rejects.toThrow(/exists/);
  });
});
