import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryLogger } from '../test-support';
import { BlobDownloader } from './blob-downloader';
import { TUF_FILE_CAPS } from './capped-body';
import { ContentStore } from './content-store';
import { pngOfLength, tempDataDir, testRelease } from './content-test-support';
import { type ContentStateReport, ContentUpdater } from './content-updater';
import { TufReleaseSource } from './tuf-release-source';
import { TestTufRepository } from './tuf-repository-test-support';

const CREDENTIAL = 'kiosk-credential';
const release1 = testRelease('rel-1', 1, [{ path: 'texts.json', bytes: '{"ru":{"home.title":"Здравствуйте"}}' }]);
const release2 = testRelease('rel-2', 2, [
  { path: 'texts.json', bytes: '{"ru":{"home.title":"Добрый день"}}' },
  { path: 'attract/1.png', bytes: pngOfLength(50_000, 31), kind: 'image' },
]);

/** The servers a test started, closed after it. */
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

/** A repository served on 127.0.0.1 and a kiosk's source trusting its root. */
async function setUp(options: { credential?: string; requestTimeoutMs?: number } = {}) {
  const repository = new TestTufRepository();
  const served = await repository.serve(CREDENTIAL, (request, response) => {
    // Blobs: the release's files by hash, as the hub serves them (no ranges needed here).
    const sha256 = /^\/v1\/content\/blobs\/([0-9a-f]{64})$/.exec(request.url ?? '')?.[1];
    const bytes = sha256 === undefined ? undefined : (release1.blobs.get(sha256) ?? release2.blobs.get(sha256));
    if (bytes === undefined) response.writeHead(404).end();
    else response.writeHead(200, { 'content-length': bytes.length, etag: `"${sha256}"` }).end(bytes);
  });
  servers.push(served);
  const dataDir = await tempDataDir();
  const source = new TufReleaseSource({
    hubUrl: served.url,
    kioskId: 'kiosk-1',
    credential: () => options.credential ?? CREDENTIAL,
    metadataDir: path.join(dataDir, 'content', 'tuf'),
    pinnedRoot: repository.pinnedRoot,
    requestTimeoutMs: options.requestTimeoutMs ?? 5000,
  });
  return { repository, source, dataDir, url: served.url, server: served };
}

describe('TUF release source', () => {
  it('returns the director assignment and the release manifest, verified from the pinned root, with the credential', async () => {
    const { repository, source } = await setUp();
    expect(await source.assignment()).toEqual({ ok: true, value: { releaseTarget: null } });
    repository.publish(release1);
    expect(await source.assignment()).toEqual({
      ok: true,
      value: { releaseTarget: 'releases/rel-1.json', version: 1 },
    });
    expect(await source.manifest('releases/rel-1.json')).toEqual({ ok: true, value: release1.manifest });
    expect(repository.requests).toEqual(
      expect.arrayContaining([
        '/v1/content/metadata/2.root.json',
        '/v1/content/metadata/timestamp.json',
        '/v1/content/metadata/1.snapshot.json',
        '/v1/content/metadata/1.targets.json',
        '/v1/content/targets/releases/rel-1.json',
      ]),
    );

    // A later release: the trusted metadata on disk moves forward from version 1.
    repository.publish(release2);
    expect(await source.manifest('releases/rel-2.json')).toEqual({ ok: true, value: release2.manifest });
  });

  it('polls the timestamp with its ETag: a 304 costs one request, a new timestamp is fetched whole', async () => {
    const { repository, source } = await setUp();
    repository.publish(release1);
    expect(await source.refresh()).toEqual({ ok: true, value: undefined });
    const before = repository.requests.length;
    expect(await source.refresh()).toEqual({ ok: true, value: undefined });
    expect(await source.refresh()).toEqual({ ok: true, value: undefined });
    expect(repository.requests.slice(before)).toEqual([
      '/v1/content/metadata/2.root.json',
      '/v1/content/metadata/timestamp.json',
      '/v1/content/metadata/2.root.json',
      '/v1/content/metadata/timestamp.json',
    ]);
    expect(repository.answers.slice(before)).toEqual([404, 304, 404, 304]);

    // The hub re-signs the timestamp past its expiry: the next poll gets it (200) and is stale.
    repository.resignTimestamp(-1);
    expect(await source.refresh()).toMatchObject({ ok: false, error: { code: 'expired' } });
    expect(repository.answers.at(-1)).toBe(200);
  });

  it('follows a root key rotation (N+1.root.json signed by the old and the new root key)', async () => {
    const { repository, source, dataDir } = await setUp();
    repository.publish(release1);
    expect((await source.manifest('releases/rel-1.json')).ok).toBe(true);
    repository.rotateRoot();
    repository.publish(release2);
    expect(await source.manifest('releases/rel-2.json')).toEqual({ ok: true, value: release2.manifest });
    const trusted = JSON.parse(await readFile(path.join(dataDir, 'content', 'tuf', 'root.json'), 'utf8'));
    expect(trusted.signed.version).toBe(2);
  });

  it('refuses targets signed by the hub instead of the publisher (a compromised hub cannot push content)', async () => {
    const { repository, source } = await setUp();
    repository.publish(release1, { targetsSignedBy: 'hub' });
    const result = await source.manifest('releases/rel-1.json');
    expect(result).toMatchObject({ ok: false, error: { code: 'rejected' } });
    expect(result.ok ? '' : result.error.message).toMatch(/targets was signed by 0\/1 keys/);
  });

  it('refuses a manifest whose bytes differ from what the targets role signed', async () => {
    const { repository, source } = await setUp();
    repository.publish(release1);
    const tampered = Buffer.from(JSON.stringify({ ...release1.manifest, version: 99 }));
    repository.targets.set('releases/rel-1.json', tampered);
    expect(await source.manifest('releases/rel-1.json')).toMatchObject({ ok: false, error: { code: 'rejected' } });
  });

  it('refuses a signed manifest that is not a valid release (the bad-content corpus, schema level)', async () => {
    const { repository, source } = await setUp();
    const file = release1.manifest.files[0];
    if (file === undefined) throw new Error('no file');
    const corpus: Record<string, string> = {
      'malformed JSON': '{"schema":"okno.content-release/1",',
      'an unknown field': JSON.stringify({ ...release1.manifest, extra: true }),
      'path traversal': JSON.stringify({ ...release1.manifest, files: [{ ...file, path: '../../etc/passwd' }] }),
      'an absolute path': JSON.stringify({ ...release1.manifest, files: [{ ...file, path: '/etc/passwd' }] }),
      'a backslash path': JSON.stringify({ ...release1.manifest, files: [{ ...file, path: 'texts\\ru.json' }] }),
      'a hash that is not sha256': JSON.stringify({ ...release1.manifest, files: [{ ...file, sha256: 'abc' }] }),
      'a file over 256 MB': JSON.stringify({ ...release1.manifest, files: [{ ...file, length: 300 * 1024 * 1024 }] }),
      'an unknown kind': JSON.stringify({ ...release1.manifest, files: [{ ...file, kind: 'script' }] }),
    };
    for (const [name, text] of Object.entries(corpus)) {
      repository.publish(release1, { manifestBytes: Buffer.from(text) });
      const result = await source.manifest('releases/rel-1.json');
      expect({ name, result }).toMatchObject({
        name,
        result: {
          ok: false,
          error: { code: 'rejected', message: 'releases/rel-1.json is signed but not a valid release manifest' },
        },
      });
    }
  });

  it('refuses a target the targets role does not name', async () => {
    const { repository, source } = await setUp();
    repository.publish(release1);
    expect(await source.manifest('releases/rel-unsigned.json')).toMatchObject({
      ok: false,
      error: { code: 'rejected', message: 'releases/rel-unsigned.json is not a signed target' },
    });
  });

  it('reports an expired timestamp as expired (freeze), and a hub it cannot reach or that refuses the credential as offline', async () => {
    const { repository, source } = await setUp();
    repository.publish(release1, { timestampDays: -1 });
    expect(await source.manifest('releases/rel-1.json')).toMatchObject({ ok: false, error: { code: 'expired' } });

    const refused = await setUp({ credential: 'stolen' });
    refused.repository.publish(release1);
    expect(await refused.source.manifest('releases/rel-1.json')).toMatchObject({
      ok: false,
      error: { code: 'offline' },
    });
    expect(await refused.source.assignment()).toMatchObject({ ok: false, error: { code: 'offline' } });

    await refused.server.close();
    expect(await refused.source.assignment()).toMatchObject({ ok: false, error: { code: 'offline' } });
    expect(await refused.source.manifest('releases/rel-1.json')).toMatchObject({
      ok: false,
      error: { code: 'offline' },
    });
  });

  it('tells an expired snapshot (expired) from a hub failing half-way through a refresh (offline)', async () => {
    const { repository, source } = await setUp();
    repository.publish(release1, { snapshotDays: -1 });
    expect(await source.manifest('releases/rel-1.json')).toMatchObject({ ok: false, error: { code: 'expired' } });

    const failing = await setUp();
    failing.repository.publish(release1);
    failing.repository.failing.add('/v1/content/metadata/1.targets.json');
    expect(await failing.source.manifest('releases/rel-1.json')).toMatchObject({
      ok: false,
      error: { code: 'offline' },
    });
    failing.repository.failing.clear();
    expect(await failing.source.manifest('releases/rel-1.json')).toEqual({ ok: true, value: release1.manifest });
  });

  it('end to end: publish → the updater downloads the signed release → trial → healthy → current; expired metadata then keeps it, reported stale', async () => {
    const { repository, source, dataDir, url } = await setUp();
    const store = await ContentStore.open({ dataDir });
    const states: ContentStateReport[] = [];
    const fetcher = new BlobDownloader({ hubUrl: url, kioskId: 'kiosk-1', credential: () => CREDENTIAL, store });
    const updater = new ContentUpdater({
      store,
      source,
      fetcher,
      idle: { isSessionIdle: () => true, onIdle: () => () => undefined },
      onState: (report) => states.push(report),
    });
    repository.publish(release1);
    expect(await updater.check()).toBe('trial_started');
    expect(await updater.reportHealthy('rel-1')).toBe(true);
    repository.publish(release2);
    expect(await updater.check()).toBe('trial_started');
    expect(await updater.reportHealthy('rel-2')).toBe(true);
    expect(await store.current()).toEqual(release2.manifest);
    expect(states.filter((s) => s.state !== 'downloading')).toEqual([
      { state: 'trial', releaseId: 'rel-1', version: 1 },
      { state: 'current', releaseId: 'rel-1', version: 1 },
      { state: 'trial', releaseId: 'rel-2', version: 2 },
      { state: 'current', releaseId: 'rel-2', version: 2 },
    ]);

    // Up to date, the kiosk still learns that its metadata went stale (and keeps showing its release).
    repository.resignTimestamp(-1);
    expect(await updater.check()).toBe('stale');
    expect(states.at(-1)).toMatchObject({ state: 'stale', releaseId: 'rel-2', version: 2 });

    // The hub stops re-signing: a newer release is not accepted, the current one keeps showing.
    const release3 = testRelease('rel-3', 3, [{ path: 'texts/ru.json', bytes: 'three' }]);
    repository.publish(release3, { timestampDays: -1 });
    expect(await updater.check()).toBe('stale');
    expect(states.at(-1)).toMatchObject({ state: 'stale', releaseId: 'rel-2', version: 2 });
    expect(await store.current()).toEqual(release2.manifest);
    updater.dispose();
    fetcher.close();
  });
});

/**
 * The bad-content corpus at the metadata level, through the whole kiosk path (source → updater →
 * store): a kiosk showing release 1 is offered release 2 with bad metadata. Each is refused with a
 * logged reason, reported to the hub as `refused` (the outbox's `content.state`), and release 1
 * keeps running.
 */
describe('bad metadata: refused, logged, reported, the current release kept', () => {
  async function kioskOnRelease1(options: { requestTimeoutMs?: number } = {}) {
    const setup = await setUp(options);
    const store = await ContentStore.open({ dataDir: setup.dataDir });
    const states: ContentStateReport[] = [];
    const { log, lines } = memoryLogger();
    const fetcher = new BlobDownloader({ hubUrl: setup.url, kioskId: 'kiosk-1', credential: () => CREDENTIAL, store });
    const updater = new ContentUpdater({
      store,
      source: setup.source,
      fetcher,
      idle: { isSessionIdle: () => true, onIdle: () => () => undefined },
      onState: (report) => states.push(report),
      log,
    });
    setup.repository.publish(release1);
    expect(await updater.check()).toBe('trial_started');
    expect(await updater.reportHealthy('rel-1')).toBe(true);
    states.length = 0;
    /** Checks once more and expects a refusal whose reason matches `reason`, with release 1 still current. */
    const expectRefused = async (reason: RegExp) => {
      expect(await updater.check()).toBe('refused');
      expect(states).toEqual([{ state: 'refused', reason: expect.stringMatching(reason) }]);
      const logged = lines().filter((line) => line.msg === 'content refused');
      expect(logged.at(-1)?.reason).toMatch(reason);
      expect((await store.current())?.releaseId).toBe('rel-1');
      updater.dispose();
      fetcher.close();
    };
    return { ...setup, expectRefused };
  }

  it('a snapshot naming a targets version other than the one served', async () => {
    const { repository, expectRefused } = await kioskOnRelease1();
    repository.publish(release2);
    // 2.snapshot.json names targets version 2; the hub serves version 1's file under that name.
    repository.metadata.set('2.targets.json', repository.metadata.get('1.targets.json') ?? Buffer.alloc(0));
    await expectRefused(/Version 1 of targets does not match snapshot version 2/);
  });

  it('a timestamp pointing at a snapshot of another version', async () => {
    const { repository, expectRefused } = await kioskOnRelease1();
    repository.publish(release2);
    // The timestamp names snapshot version 2; the file served under that name is snapshot 1.
    repository.metadata.set('2.snapshot.json', repository.metadata.get('1.snapshot.json') ?? Buffer.alloc(0));
    await expectRefused(/Snapshot version doesn't match timestamp/);
  });

  it('a huge metadata file: the kiosk reads up to its cap and closes the connection, never buffering the rest', async () => {
    // A long request timeout: only the cap can end this answer within the test's time.
    for (const [file, cap] of [
      ['2.targets.json', TUF_FILE_CAPS.targets],
      ['timestamp.json', TUF_FILE_CAPS.timestamp],
    ] as const) {
      const { repository, expectRefused } = await kioskOnRelease1({ requestTimeoutMs: 120_000 });
      repository.publish(release2);
      repository.endless.add(`/v1/content/metadata/${file}`);
      await expectRefused(new RegExp(`more than ${cap} bytes`));
      const [answer] = await Promise.all(repository.endlessAnswers);
      // What the hub got to write before the kiosk closed: the cap, and what the sockets buffer.
      expect(answer?.bytesWritten).toBeLessThan(cap + 16 * 1024 * 1024);
    }
  });
});
