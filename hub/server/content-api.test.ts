import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { BaseFetcher, Updater } from 'tuf-js';
import { DownloadHTTPError } from 'tuf-js/dist/error';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webpLossyBytes } from '../../kiosk-config/src/content/media-test-support';
import { stageBucket } from '../content/content-director';
import type { ContentChannel } from '../content/content-publisher';
import { publishFiles } from '../content/content-publisher';
import { generateSigningKey, type SigningKey } from '../content/signing-keys';
import { currentVersions, initRepository } from '../content/tuf-roles';
import { enrollKiosk, postJson, startTestHub, type TestHub, type TestKiosk } from '../test/hub-test-support';

/** tuf-js's fetches with a kiosk's credential, as the kiosk's downloader will send them. */
class KioskFetcher extends BaseFetcher {
  constructor(private readonly headers: Record<string, string>) {
    super();
  }
  override async fetch(url: string): Promise<ReadableStream<Uint8Array<ArrayBuffer>>> {
    const response = await fetch(url, { headers: this.headers });
    if (!response.ok || response.body === null) throw new DownloadHTTPError('Failed to download', response.status);
    return response.body as ReadableStream<Uint8Array<ArrayBuffer>>;
  }
}

/** A GET whose body is the bytes on the wire (Node's fetch would decode gzip). */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

/** The content endpoints of a real hub on 127.0.0.1, with enrolled kiosks. */
describe('the hub’s content endpoints', () => {
  let hub: TestHub;
  let channel: ContentChannel;
  let publisherKey: SigningKey;
  let kiosk: TestKiosk;
  let clientDir: string;
  const image = webpLossyBytes(1080, 1920);
  const texts = Buffer.from('{"ru":{"home.title":"Здравствуйте"}}');
  let imageSha: string;

  const publish = async (stagePercent = 100, audience: 'office' | 'all' = 'office') => {
    const outcome = await publishFiles(
      channel,
      [
        { path: 'texts.json', kind: 'texts', bytes: texts },
        { path: 'attract/1.webp', kind: 'image', bytes: Buffer.from(image) },
      ],
      {
        audience: audience === 'office' ? { kind: 'office', officeId: kiosk.officeId } : { kind: 'all' },
        stagePercent,
        publisherKey,
        now: new Date(),
        actor: 'test',
      },
    );
    if (!outcome.ok) throw new Error(outcome.problems.join('\n'));
    return outcome.release;
  };
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${hub.url}${path}`, { headers: { ...kiosk.headers, ...headers } });

  beforeAll(async () => {
    hub = await startTestHub();
    if (hub.content === undefined) throw new Error('the test hub has no content channel');
    channel = hub.content;
    publisherKey = generateSigningKey();
    initRepository(channel.repo, {
      rootKeys: [generateSigningKey()],
      rootThreshold: 1,
      publisherKey,
      online: channel.online,
      now: Date.now(),
    });
    kiosk = await enrollKiosk(hub.url, 'kiosk-content-1');
    imageSha = channel.repo.putBlob(image).hashes.sha256 ?? '';
    clientDir = mkdtempSync(join(tmpdir(), 'okno-hub-tuf-'));
  });
  afterAll(async () => {
    await hub?.dispose();
    rmSync(clientDir, { recursive: true, force: true });
  });

  it('answers no release before any is published, then the office’s; 304 to the same ETag', async () => {
    const none = await get('/v1/content/assignment');
    expect(await none.json()).toEqual({ releaseTarget: null });
    const release = await publish();
    const answer = await get('/v1/content/assignment');
    expect(await answer.json()).toEqual({
      releaseTarget: `releases/${release.releaseId}.json`,
      version: release.version,
    });
    const etag = answer.headers.get('etag') ?? '';
    expect((await get('/v1/content/assignment', { 'if-none-match': etag })).status).toBe(304);
  });

  it('serves the repository to the real tuf-js client through the kiosk credential, which verifies the release', async () => {
    const release = await publish();
    writeFileSync(join(clientDir, 'root.json'), channel.repo.metadataBytes('1.root.json'));
    const updater = new Updater({
      metadataDir: clientDir,
      metadataBaseUrl: `${hub.url}/v1/content/metadata`,
      targetDir: clientDir,
      targetBaseUrl: `${hub.url}/v1/content/targets`,
      fetcher: new KioskFetcher(kiosk.headers),
      config: { prefixTargetsWithHash: false },
    });
    await updater.refresh();
    const info = await updater.getTargetInfo(`releases/${release.releaseId}.json`);
    if (info === undefined) throw new Error('the release is not a signed target');
    const path = await updater.downloadTarget(info, join(clientDir, 'release.json'));
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({
      releaseId: release.releaseId,
      version: release.version,
    });
  });

  it('sends metadata and release manifests gzipped when asked (the signed bytes once decoded), never a blob', async () => {
    const release = await publish();
    const { targets } = currentVersions(channel.repo);
    const files = [
      {
        path: `/v1/content/metadata/${targets}.targets.json`,
        signed: channel.repo.metadataBytes(`${targets}.targets.json`),
      },
      { path: '/v1/content/metadata/timestamp.json', signed: channel.repo.metadataBytes('timestamp.json') },
      {
        path: `/v1/content/targets/releases/${release.releaseId}.json`,
        signed: readFileSync(channel.repo.releasePath(`releases/${release.releaseId}.json`) ?? ''),
      },
    ];
    for (const file of files) {
      const gzipped = await rawGet(`${hub.url}${file.path}`, { ...kiosk.headers, 'accept-encoding': 'gzip, deflate' });
      expect({ path: file.path, encoding: gzipped.headers['content-encoding'] }).toEqual({
        path: file.path,
        encoding: 'gzip',
      });
      expect(gzipped.headers.vary).toBe('accept-encoding');
      expect(gunzipSync(gzipped.body)).toEqual(file.signed);
      expect(gzipped.body.length).toBeLessThan(file.signed.length);
      const plain = await rawGet(`${hub.url}${file.path}`, kiosk.headers);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body).toEqual(file.signed);
      const refused = await rawGet(`${hub.url}${file.path}`, { ...kiosk.headers, 'accept-encoding': 'gzip;q=0' });
      expect(refused.headers['content-encoding']).toBeUndefined();
    }
    // Each encoding has its own ETag: a 304 answers only the one the kiosk holds.
    const gzippedTimestamp = await rawGet(`${hub.url}/v1/content/metadata/timestamp.json`, {
      ...kiosk.headers,
      'accept-encoding': 'gzip',
    });
    const gzipEtag = String(gzippedTimestamp.headers.etag);
    expect(
      (
        await rawGet(`${hub.url}/v1/content/metadata/timestamp.json`, {
          ...kiosk.headers,
          'accept-encoding': 'gzip',
          'if-none-match': gzipEtag,
        })
      ).status,
    ).toBe(304);
    expect(
      (await rawGet(`${hub.url}/v1/content/metadata/timestamp.json`, { ...kiosk.headers, 'if-none-match': gzipEtag }))
        .status,
    ).toBe(200);
    const blob = await rawGet(`${hub.url}/v1/content/blobs/${imageSha}`, {
      ...kiosk.headers,
      'accept-encoding': 'gzip',
    });
    expect(blob.headers['content-encoding']).toBeUndefined();
    expect(blob.body.length).toBe(image.length);
  });

  it('answers the timestamp with an ETag, 304 while unchanged, and the new file after a publish', async () => {
    const first = await get('/v1/content/metadata/timestamp.json');
    const etag = first.headers.get('etag') ?? '';
    expect(first.status).toBe(200);
    expect((await get('/v1/content/metadata/timestamp.json', { 'if-none-match': etag })).status).toBe(304);
    await publish();
    const after = await get('/v1/content/metadata/timestamp.json', { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect((await get('/v1/content/metadata/..%2Fkeys%2Fsnapshot.key')).status).toBe(404);
    expect((await get('/v1/content/metadata/7.root.json')).status).toBe(404);
  });

  it('serves a blob whole, and resumes it from the middle with Range and the right If-Range', async () => {
    const whole = await get(`/v1/content/blobs/${imageSha}`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('etag')).toBe(`"${imageSha}"`);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.headers.get('cache-control')).toContain('immutable');
    expect(Buffer.from(await whole.arrayBuffer())).toEqual(Buffer.from(image));

    const middle = Math.floor(image.length / 2);
    const resumed = await get(`/v1/content/blobs/${imageSha}`, {
      range: `bytes=${middle}-`,
      'if-range': `"${imageSha}"`,
    });
    expect(resumed.status).toBe(206);
    expect(resumed.headers.get('content-range')).toBe(`bytes ${middle}-${image.length - 1}/${image.length}`);
    expect(Buffer.from(await resumed.arrayBuffer())).toEqual(Buffer.from(image.subarray(middle)));
  });

  it('sends the whole blob for a wrong If-Range, 416 past the end, 304 for its ETag, 404 and 401 where due', async () => {
    const wrong = await get(`/v1/content/blobs/${imageSha}`, { range: 'bytes=5-', 'if-range': `"${'0'.repeat(64)}"` });
    expect(wrong.status).toBe(200);
    expect((await wrong.arrayBuffer()).byteLength).toBe(image.length);
    const past = await get(`/v1/content/blobs/${imageSha}`, { range: `bytes=${image.length}-` });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${image.length}`);
    expect((await get(`/v1/content/blobs/${imageSha}`, { 'if-none-match': `"${imageSha}"` })).status).toBe(304);
    expect((await get(`/v1/content/blobs/${'a'.repeat(64)}`)).status).toBe(404);
    expect((await get('/v1/content/blobs/..%2F..%2Fhub.sqlite')).status).toBe(404);
    expect((await fetch(`${hub.url}/v1/content/blobs/${imageSha}`)).status).toBe(401);
  });

  it('stores content.state reports from the outbox, and keeps a halted release for the kiosk that runs it', async () => {
    const running = await publish();
    const report = { state: 'current', version: running.version, releaseId: running.releaseId };
    const stored = await postJson(
      `${hub.url}/v1/outbox`,
      { items: [{ id: randomUUID(), kind: 'content.state', at: new Date().toISOString(), payload: report }] },
      kiosk.headers,
    );
    expect(stored.status).toBe(200);
    expect(await channel.store.kioskState(kiosk.kioskId)).toMatchObject(report);
    const refused = await postJson(
      `${hub.url}/v1/outbox`,
      {
        items: [
          {
            id: randomUUID(),
            kind: 'content.state',
            at: new Date().toISOString(),
            payload: { state: 'current', name: 'Иванов' },
          },
        ],
      },
      kiosk.headers,
    );
    expect(refused.status).toBe(400);

    await channel.store.halt(running.releaseId, new Date().toISOString());
    expect(await (await get('/v1/content/assignment')).json()).toMatchObject({ version: running.version });
    const other = await enrollKiosk(hub.url, 'kiosk-content-2');
    const otherAnswer = await fetch(`${hub.url}/v1/content/assignment`, { headers: other.headers });
    expect(((await otherAnswer.json()) as { version: number }).version).toBeLessThan(running.version);
  });

  it('gives a 1% staged release only to the kiosks in that stage', async () => {
    const before = (await (await get('/v1/content/assignment')).json()) as { version: number };
    const staged = await publish(1);
    const expected = stageBucket(kiosk.kioskId) < 1 ? staged.version : before.version;
    expect(((await (await get('/v1/content/assignment')).json()) as { version: number }).version).toBe(expected);
  });
});
