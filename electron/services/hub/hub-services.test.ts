import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HubConfig } from '../../../kiosk-config/src/index';
import { memoryLogger } from '../test-support';
import { startHubServices } from './hub-services';
import { sendJson, startTestHubServer, type TestHubServer } from './test-hub-server';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function kioskDir(): Promise<{ dataDir: string; machineIdPath: string; hostKeyPath: string }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'okno-hub-services-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const machineIdPath = path.join(dataDir, 'machine-id');
  await writeFile(machineIdPath, `${'7'.repeat(32)}\n`);
  return { dataDir, machineIdPath, hostKeyPath: path.join(dataDir, 'host.key') };
}

function start(dir: Awaited<ReturnType<typeof kioskDir>>, hub: TestHubServer) {
  return startHubServices({
    config: HubConfig.parse({ kind: 'remote', url: hub.url, requestTimeoutMs: 1000 }),
    override: undefined,
    kioskId: 'kiosk-hub-services',
    log: memoryLogger().log,
    ...dir,
  });
}

describe('startHubServices', () => {
  it('fails with the link’s own error when the link cannot start (the credential unreadable)', async () => {
    const hub = await startTestHubServer((_request, response) => sendJson(response, 200, {}));
    cleanups.push(() => hub.close());
    const dir = await kioskDir();
    // The outbox opens first; then the credential file is a folder: the link cannot read it.
    await mkdir(path.join(dir.dataDir, 'hub', 'credential.enc'), { recursive: true });

    await expect(start(dir, hub)).rejects.toMatchObject({ code: 'EISDIR' });
  });

  it('close stops the link and the delivery: the hub is not asked again', async () => {
    const hub = await startTestHubServer((_request, response) => sendJson(response, 200, { status: 'ready' }));
    cleanups.push(() => hub.close());
    const services = await start(await kioskDir(), hub);
    expect(await services.link.probe()).toBe(true);
    const asked = hub.requests.length;

    await services.close();

    expect(await services.link.probe()).toBe(false);
    expect(hub.requests).toHaveLength(asked);
  });
});
