import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Metadata, MetaFile, Timestamp } from '@tufjs/models';
import type { Updater } from 'tuf-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestRepository, pinnedClient, serveRepositoryFolder, type TestRepository } from './content-test-support';
import { TEST_PASSPHRASE_SECRET } from './key-test-support';
import { generateSigningKey, readKeyFile, writeNewKeyFile } from './signing-keys';
import { currentVersions, expiryWarnings, publishTargets, resignOnlineRoles, rotateRoot } from './tuf-roles';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The class name of what `refresh()` threw (tuf-js does not export its error classes). */
async function refreshError(client: Updater): Promise<string> {
  try {
    await client.refresh();
    return 'none';
  } catch (error) {
    return (error as Error).constructor.name;
  }
}

describe('the content repository, read by the real tuf-js client over HTTP', () => {
  let t: TestRepository;
  let server: Awaited<ReturnType<typeof serveRepositoryFolder>>;
  let clientDir: string;

  beforeEach(async () => {
    t = createTestRepository(Date.now());
    server = await serveRepositoryFolder(t.repo);
    clientDir = mkdtempSync(join(tmpdir(), 'okno-tuf-client-'));
  });
  afterEach(async () => {
    await server.close();
    t.remove();
    rmSync(clientDir, { recursive: true, force: true });
  });

  function publishRelease(releaseId: string, fileBytes: Uint8Array, now = Date.now()): Buffer {
    const blob = t.repo.putBlob(fileBytes);
    const manifest = Buffer.from(
      JSON.stringify({
        schema: 'okno.content-release/1',
        version: 1,
        releaseId,
        createdAt: new Date(now).toISOString(),
        audience: { kind: 'all' },
        files: [{ path: 'texts.json', kind: 'texts', sha256: blob.hashes.sha256, length: blob.length }],
      }),
    );
    const release = t.repo.putRelease(releaseId, manifest);
    // As the publisher does: the manifest is the target; it signs the blob's length and sha256.
    publishTargets(t.repo, { publisherKey: t.publisherKey, online: t.online, add: [release], now });
    return manifest;
  }

  it('downloads a release manifest verified against a pinned root; its blob is checked by the hash the manifest signs', async () => {
    const texts = Buffer.from('{"ru":{"home.title":"Здравствуйте"}}');
    const manifest = publishRelease('r-1', texts);
    const client = pinnedClient(t.repo, server.url, clientDir);
    await client.refresh();

    const releaseInfo = await client.getTargetInfo('releases/r-1.json');
    if (releaseInfo === undefined) throw new Error('the release is not a target');
    const releasePath = await client.downloadTarget(releaseInfo, join(clientDir, 'r-1.json'));
    expect(readFileSync(releasePath)).toEqual(manifest);

    // The targets role lists release manifests only: one entry per release, whatever its file count.
    const sha = (JSON.parse(manifest.toString()) as { files: { sha256: string }[] }).files[0]?.sha256 ?? '';
    expect(await client.getTargetInfo(`blobs/${sha}`)).toBeUndefined();
    const targets = JSON.parse(t.repo.metadataBytes(`${currentVersions(t.repo).targets}.targets.json`).toString());
    expect(Object.keys(targets.signed.targets)).toEqual(['releases/r-1.json']);
    expect(
      createHash('sha256')
        .update(readFileSync(t.repo.blobPath(sha) ?? ''))
        .digest('hex'),
    ).toBe(sha);
  });

  it('drops the blob targets of the first layout at the next publish, keeping earlier release manifests', async () => {
    const blob = t.repo.putBlob(Buffer.from('{"ru":{}}'));
    publishTargets(t.repo, { publisherKey: t.publisherKey, online: t.online, add: [blob], now: Date.now() });
    publishRelease('r-1', Buffer.from('{}'));
    publishRelease('r-2', Buffer.from('{"ru":{"a":"b"}}'));
    const targets = JSON.parse(t.repo.metadataBytes(`${currentVersions(t.repo).targets}.targets.json`).toString());
    expect(Object.keys(targets.signed.targets).sort()).toEqual(['releases/r-1.json', 'releases/r-2.json']);
    const client = pinnedClient(t.repo, server.url, clientDir);
    await client.refresh();
    expect(await client.getTargetInfo('releases/r-1.json')).toBeDefined();
  });

  it('refuses a timestamp whose signed part was changed after signing', async () => {
    publishRelease('r-1', Buffer.from('{}'));
    const tampered = JSON.parse(t.repo.metadataBytes('timestamp.json').toString());
    tampered.signed.expires = '2099-01-01T00:00:00Z';
    server.override.set('/metadata/timestamp.json', Buffer.from(JSON.stringify(tampered)));
    expect(await refreshError(pinnedClient(t.repo, server.url, clientDir))).toBe('UnsignedMetadataError');
  });

  it('refuses a release manifest whose bytes differ from what the publisher signed', async () => {
    publishRelease('r-1', Buffer.from('{}'));
    const client = pinnedClient(t.repo, server.url, clientDir);
    await client.refresh();
    const info = await client.getTargetInfo('releases/r-1.json');
    if (info === undefined) throw new Error('the release is not a target');
    const genuine = readFileSync(t.repo.releasePath('releases/r-1.json') ?? '');
    server.override.set('/targets/releases/r-1.json', Buffer.from(genuine.toString().replace('"all"', '"xxx"')));
    await expect(client.downloadTarget(info, join(clientDir, 'r.json'))).rejects.toThrow(/hash/i);
  });

  it('refuses a replayed older timestamp once it has seen a newer one (rollback)', async () => {
    const older = t.repo.metadataBytes('timestamp.json');
    publishRelease('r-1', Buffer.from('{}'));
    await pinnedClient(t.repo, server.url, clientDir).refresh();
    server.override.set('/metadata/timestamp.json', older);
    expect(await refreshError(pinnedClient(t.repo, server.url, clientDir))).toBe('BadVersionError');
  });

  it('refuses a genuinely signed timestamp that names an older snapshot (snapshot rollback)', async () => {
    publishRelease('r-1', Buffer.from('{}'));
    await pinnedClient(t.repo, server.url, clientDir).refresh();
    const versions = currentVersions(t.repo);
    const olderSnapshot = t.repo.metadataBytes('1.snapshot.json');
    const replay = new Metadata(
      new Timestamp({
        version: versions.timestamp + 1,
        specVersion: '1.0.31',
        expires: new Date(Date.now() + DAY).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        snapshotMeta: new MetaFile({ version: 1, length: olderSnapshot.length }),
      }),
    );
    replay.sign((data) => t.online.timestamp.sign(data));
    server.override.set('/metadata/timestamp.json', Buffer.from(JSON.stringify(replay.toJSON())));
    expect(await refreshError(pinnedClient(t.repo, server.url, clientDir))).toBe('BadVersionError');
  });

  it('refuses an expired timestamp (a frozen hub), and accepts the next one re-signed', async () => {
    resignOnlineRoles(t.repo, t.online, Date.now() - 2 * DAY, { snapshot: 0, timestamp: Number.POSITIVE_INFINITY });
    expect(await refreshError(pinnedClient(t.repo, server.url, clientDir))).toBe('ExpiredMetadataError');
    resignOnlineRoles(t.repo, t.online, Date.now(), { snapshot: 0, timestamp: 12 * HOUR });
    expect(await refreshError(pinnedClient(t.repo, server.url, clientDir))).toBe('none');
  });

  it('follows a root rotation signed by the old and the new keys, and trusts root 2 afterwards', async () => {
    const client = pinnedClient(t.repo, server.url, clientDir);
    await client.refresh();
    const newRootKeys = [generateSigningKey(), generateSigningKey()];
    expect(
      rotateRoot(t.repo, {
        currentRootKeys: [t.rootKeys[0] ?? generateSigningKey()],
        newRootKeys,
        newRootThreshold: 2,
        now: Date.now(),
      }),
    ).toBe(2);
    publishRelease('r-2', Buffer.from('{"ru":{}}'));

    const rotated = pinnedClient(t.repo, server.url, clientDir);
    writeFileSync(join(clientDir, 'root.json'), t.repo.metadataBytes('1.root.json'));
    await rotated.refresh();
    expect(JSON.parse(readFileSync(join(clientDir, 'root.json'), 'utf8')).signed.version).toBe(2);
    expect(await rotated.getTargetInfo('releases/r-2.json')).toBeDefined();
  });

  it('refuses a root 2 signed by the new keys only', async () => {
    const newRootKeys = [generateSigningKey()];
    rotateRoot(t.repo, { currentRootKeys: t.rootKeys, newRootKeys, newRootThreshold: 1, now: Date.now() });
    const genuine = JSON.parse(t.repo.metadataBytes('2.root.json').toString());
    const newKeyId = newRootKeys[0]?.keyId;
    genuine.signatures = genuine.signatures.filter((s: { keyid: string }) => s.keyid === newKeyId);
    server.override.set('/metadata/2.root.json', Buffer.from(JSON.stringify(genuine)));
    expect(await refreshError(pinnedClient(t.repo, server.url, clientDir))).toBe('UnsignedMetadataError');
  });

  it('will not rotate the root without enough of the current root keys', () => {
    const other = createTestRepository(Date.now(), 2);
    try {
      expect(() =>
        rotateRoot(other.repo, {
          currentRootKeys: other.rootKeys.slice(0, 1),
          newRootKeys: [generateSigningKey()],
          newRootThreshold: 1,
          now: Date.now(),
        }),
      ).toThrow(/needs 2 of its keys; 1 given/);
    } finally {
      other.remove();
    }
  });

  it('will not publish with a key the root does not name for targets', () => {
    expect(() =>
      publishTargets(t.repo, { publisherKey: t.online.snapshot, online: t.online, add: [], now: Date.now() }),
    ).toThrow(/targets key given is not the one the root names/);
  });
});

describe('the online roles on the hub’s timer', () => {
  it('re-signs the timestamp only when its expiry is within the window, and warns before roles expire', () => {
    const start = Date.UTC(2027, 0, 10);
    const t = createTestRepository(start);
    try {
      const window = { snapshot: 7 * DAY, timestamp: 12 * HOUR };
      expect(resignOnlineRoles(t.repo, t.online, start + HOUR, window)).toEqual({ snapshot: false, timestamp: false });
      expect(resignOnlineRoles(t.repo, t.online, start + 13 * HOUR, window)).toEqual({
        snapshot: false,
        timestamp: true,
      });
      expect(currentVersions(t.repo)).toEqual({ timestamp: 2, snapshot: 1, targets: 1 });
      expect(resignOnlineRoles(t.repo, t.online, start + 24 * DAY, window)).toEqual({
        snapshot: true,
        timestamp: true,
      });
      expect(currentVersions(t.repo)).toEqual({ timestamp: 3, snapshot: 2, targets: 1 });

      expect(expiryWarnings(t.repo, start + 24 * DAY)).toEqual([]);
      const lateInTheYear = expiryWarnings(t.repo, start + 340 * DAY).map((w) => w.role);
      expect(lateInTheYear).toEqual(['root', 'targets', 'snapshot', 'timestamp']);
    } finally {
      t.remove();
    }
  });
});

describe('key files', () => {
  it('are written 0600, never overwritten, and refused when others may read them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'okno-keys-'));
    try {
      const path = join(dir, 'publisher.key');
      const written = writeNewKeyFile(path, TEST_PASSPHRASE_SECRET);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(readKeyFile(path, [TEST_PASSPHRASE_SECRET]).keyId).toBe(written.keyId);
      expect(() => writeNewKeyFile(path, TEST_PASSPHRASE_SECRET)).toThrow(/never overwritten/);
      writeFileSync(join(dir, 'loose.key'), readFileSync(path), { mode: 0o644 });
      expect(() => readKeyFile(join(dir, 'loose.key'), [TEST_PASSPHRASE_SECRET])).toThrow(/readable by others/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
