import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initChannelRepository } from '../../../hub/content/content-test-support';
import { enrollKiosk, startTestHub, type TestHub, type TestKiosk } from '../../../hub/test/hub-test-support';
import { BlobDownloader } from './blob-downloader';
import { ContentStore } from './content-store';

/** The kiosk's downloader against the real hub's blob endpoint (the other tests use a blob server of their own). */
describe('BlobDownloader against the real hub', () => {
  let hub: TestHub;
  let kiosk: TestKiosk;
  let dataDir: string;
  const bytes = randomBytes(300_000);
  let sha256: string;

  beforeAll(async () => {
    hub = await startTestHub();
    if (hub.content === undefined) throw new Error('the test hub has no content channel');
    initChannelRepository(hub.content);
    sha256 = hub.content.repo.putBlob(bytes).hashes.sha256 ?? '';
    kiosk = await enrollKiosk(hub.url, 'kiosk-blob-1');
    dataDir = await mkdtemp(path.join(tmpdir(), 'okno-blob-hub-'));
  });
  afterAll(async () => {
    await hub?.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('fetches a blob with the kiosk id beside its credential; under another kiosk’s id the hub refuses it', async () => {
    const store = await ContentStore.open({ dataDir });
    const blob = { sha256, length: bytes.length };
    const otherId = new BlobDownloader({
      hubUrl: hub.url,
      credential: () => kiosk.credential,
      kioskId: 'kiosk-someone-else',
      store,
    });
    const refused = await otherId.download(blob);
    expect(refused.ok ? 'ok' : refused.error.code).toBe('unauthorized');
    const downloader = new BlobDownloader({
      hubUrl: hub.url,
      credential: () => kiosk.credential,
      kioskId: kiosk.kioskId,
      store,
    });
    const fetched = await downloader.download(blob);
    expect(fetched.ok && fetched.value.bytesReceived).toBe(bytes.length);
    expect(await store.hasBlob(sha256)).toBe(true);
  });
});
