import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentStore } from './content-store';
import { type TestRelease, tempDataDir, testRelease } from './content-test-support';

/** Stores every blob of `release` and its manifest. */
async function stock(store: ContentStore, release: TestRelease): Promise<void> {
  for (const bytes of release.blobs.values()) await store.putBlob(bytes);
  await store.saveRelease(release.manifest);
}

/** A store with release `a` (v1) current and confirmed. */
async function storeWithCurrent(dataDir: string): Promise<{ store: ContentStore; a: TestRelease }> {
  const store = await ContentStore.open({ dataDir });
  const a = testRelease('rel-a', 1, [{ path: 'texts/ru.json', bytes: '{"hello":"Здравствуйте"}' }]);
  await stock(store, a);
  expect((await store.beginTrial('rel-a')).ok).toBe(true);
  expect(await store.confirmTrial('rel-a')).toBe(true);
  return { store, a };
}

const pointer = (dataDir: string, name: string) =>
  readFile(path.join(dataDir, 'content', name), 'utf8').then(
    (text) => text.trim(),
    () => undefined,
  );

describe('content store', () => {
  it('adopts a file as a blob only when its length and sha256 match, read-only; a wrong file is deleted', async () => {
    const dataDir = await tempDataDir();
    const store = await ContentStore.open({ dataDir });
    const { manifest, blobs } = testRelease('rel-a', 1, [{ path: 'a.json', bytes: 'right bytes' }]);
    const [file] = manifest.files;
    if (file === undefined) throw new Error('no file');
    const expected = { sha256: file.sha256, length: file.length };

    const wrongLength = store.partialPath(file.sha256);
    await writeFile(wrongLength, 'short');
    expect(await store.adoptBlob(wrongLength, expected)).toMatchObject({
      ok: false,
      error: { code: 'length_mismatch' },
    });
    await expect(stat(wrongLength)).rejects.toThrow();

    await writeFile(wrongLength, 'wrong bytes');
    expect(await store.adoptBlob(wrongLength, expected)).toMatchObject({ ok: false, error: { code: 'hash_mismatch' } });
    await expect(stat(wrongLength)).rejects.toThrow();
    expect(await store.hasBlob(file.sha256)).toBe(false);

    await writeFile(wrongLength, blobs.get(file.sha256) ?? '');
    expect(await store.adoptBlob(wrongLength, expected)).toEqual({ ok: true, value: undefined });
    expect(await store.hasBlob(file.sha256)).toBe(true);
    expect((await stat(store.blobPath(file.sha256))).mode & 0o777).toBe(0o444);
    const handle = await store.openBlob(file.sha256);
    try {
      expect(await handle.readFile('utf8')).toBe('right bytes');
    } finally {
      await handle.close();
    }
    expect(await readdir(path.join(dataDir, 'content', 'partial'))).toEqual([]);
  });

  it('refuses to activate a release whose blobs are not all stored, or an unknown one', async () => {
    const dataDir = await tempDataDir();
    const store = await ContentStore.open({ dataDir });
    const a = testRelease('rel-a', 1, [
      { path: 'one.json', bytes: '1' },
      { path: 'two.json', bytes: '2' },
    ]);
    await store.saveRelease(a.manifest);
    await store.putBlob(Buffer.from('1'));
    expect(await store.missingBlobs(a.manifest)).toHaveLength(1);
    expect(await store.beginTrial('rel-a')).toMatchObject({ ok: false, error: { code: 'missing_blobs' } });
    expect(await store.beginTrial('rel-zzz')).toMatchObject({ ok: false, error: { code: 'unknown_release' } });
    expect(await store.current()).toBeUndefined();
  });

  it('switches current and previous on trial, keeps them on confirm, restores both and refuses on rollback', async () => {
    const dataDir = await tempDataDir();
    const { store } = await storeWithCurrent(dataDir);
    const b = testRelease('rel-b', 2, [{ path: 'texts/ru.json', bytes: '{"hello":"Добрый день"}' }]);
    await stock(store, b);

    expect((await store.beginTrial('rel-b')).ok).toBe(true);
    expect((await store.current())?.releaseId).toBe('rel-b');
    expect((await store.previous())?.releaseId).toBe('rel-a');
    expect(await store.trialReleaseId()).toBe('rel-b');
    expect(await store.beginTrial('rel-a')).toMatchObject({ ok: false, error: { code: 'trial_under_way' } });

    expect(await store.rollBackTrial()).toEqual({ releaseId: 'rel-b', fallbackId: 'rel-a' });
    expect((await store.current())?.releaseId).toBe('rel-a');
    expect(await pointer(dataDir, 'previous')).toBeUndefined();
    expect(await store.trialReleaseId()).toBeUndefined();
    expect(await store.refusedReleases()).toEqual(['rel-b']);
  });

  it('keeps the last 3 releases and collects the blobs no kept release names', async () => {
    const dataDir = await tempDataDir();
    const store = await ContentStore.open({ dataDir });
    const shared = 'the same logo in every release';
    const releases = [1, 2, 3, 4, 5].map((version) =>
      testRelease(`rel-${version}`, version, [
        { path: 'logo.png', bytes: shared, kind: 'image' },
        { path: 'texts/ru.json', bytes: `texts of ${version}` },
      ]),
    );
    for (const release of releases) {
      await stock(store, release);
      expect((await store.beginTrial(release.manifest.releaseId)).ok).toBe(true);
      expect(await store.confirmTrial(release.manifest.releaseId)).toBe(true);
    }
    expect(await store.collectGarbage()).toEqual({ releases: 2, blobs: 2 });
    expect((await readdir(path.join(dataDir, 'content', 'releases'))).sort()).toEqual(['rel-3', 'rel-4', 'rel-5']);
    for (const release of releases) {
      const kept = release.manifest.version >= 3;
      for (const file of release.manifest.files) {
        expect(await store.hasBlob(file.sha256)).toBe(file.path === 'logo.png' || kept);
      }
    }
    expect((await store.current())?.releaseId).toBe('rel-5');
    expect((await store.previous())?.releaseId).toBe('rel-4');
  });

  it('keeps a stored release not yet activated over an older one, but never a refused one', async () => {
    const dataDir = await tempDataDir();
    const { store } = await storeWithCurrent(dataDir);
    const staged = testRelease('rel-staged', 3, [{ path: 'x.json', bytes: 'staged' }]);
    const refused = testRelease('rel-refused', 4, [{ path: 'x.json', bytes: 'refused' }]);
    await stock(store, staged);
    await stock(store, refused);
    await store.refuse('rel-refused');
    await store.collectGarbage();
    expect((await readdir(path.join(dataDir, 'content', 'releases'))).sort()).toEqual(['rel-a', 'rel-staged']);
    expect(await store.hasBlob(staged.manifest.files[0]?.sha256 ?? '')).toBe(true);
    expect(await store.hasBlob(refused.manifest.files[0]?.sha256 ?? '')).toBe(false);
  });

  it('at open, removes torn temp files and stray names, and keeps whole blobs', async () => {
    const dataDir = await tempDataDir();
    const { store, a } = await storeWithCurrent(dataDir);
    const blobs = path.join(dataDir, 'content', 'blobs');
    await writeFile(path.join(blobs, '.abc.0123456789ab.tmp'), 'half a bl');
    await writeFile(path.join(dataDir, 'content', '.current.0123456789ab.tmp'), 'rel-');
    await writeFile(path.join(blobs, 'not-a-hash'), 'stray');
    const reopened = await ContentStore.open({ dataDir });
    expect(await readdir(blobs)).toEqual([...a.blobs.keys()]);
    expect(await readdir(path.join(dataDir, 'content'))).not.toContain('.current.0123456789ab.tmp');
    expect((await reopened.current())?.releaseId).toBe('rel-a');
    expect(reopened.recoveries).toEqual([]);
    expect(store.root).toBe(reopened.root);
  });

  it('at open, falls back to previous when current names a missing release or one with a missing blob', async () => {
    const dataDir = await tempDataDir();
    const { store } = await storeWithCurrent(dataDir);
    const b = testRelease('rel-b', 2, [{ path: 'b.json', bytes: 'b' }]);
    await stock(store, b);
    await store.beginTrial('rel-b');
    await store.confirmTrial('rel-b');
    await rm(store.blobPath(b.manifest.files[0]?.sha256 ?? ''), { force: true });

    const reopened = await ContentStore.open({ dataDir });
    expect(reopened.recoveries).toEqual([{ kind: 'current_unusable', releaseId: 'rel-b', fallbackId: 'rel-a' }]);
    expect((await reopened.current())?.releaseId).toBe('rel-a');

    // Nothing usable to fall back to: no current at all rather than half a release.
    await rm(path.join(dataDir, 'content', 'releases', 'rel-a'), { recursive: true });
    const empty = await ContentStore.open({ dataDir });
    expect(empty.recoveries).toEqual([{ kind: 'current_unusable', releaseId: 'rel-a' }]);
    expect(await empty.current()).toBeUndefined();
  });

  it('at open, rolls back and refuses a release that was on trial when the kiosk stopped', async () => {
    const dataDir = await tempDataDir();
    const { store } = await storeWithCurrent(dataDir);
    await stock(store, testRelease('rel-b', 2, [{ path: 'b.json', bytes: 'b' }]));
    await store.beginTrial('rel-b');

    const reopened = await ContentStore.open({ dataDir });
    expect(reopened.recoveries).toEqual([{ kind: 'trial_interrupted', releaseId: 'rel-b', fallbackId: 'rel-a' }]);
    expect((await reopened.current())?.releaseId).toBe('rel-a');
    expect(await reopened.refusedReleases()).toEqual(['rel-b']);
    expect(await reopened.trialReleaseId()).toBeUndefined();
  });

  it('at open, undoes a switch that stopped before current changed, without refusing the release', async () => {
    const dataDir = await tempDataDir();
    const { store } = await storeWithCurrent(dataDir);
    await stock(store, testRelease('rel-b', 2, [{ path: 'b.json', bytes: 'b' }]));
    // What a crash after `trial.json` and `previous` were written, before `current`, leaves.
    await writeFile(
      path.join(dataDir, 'content', 'trial.json'),
      JSON.stringify({ releaseId: 'rel-b', fallbackId: 'rel-a', startedAt: new Date().toISOString() }),
    );
    await writeFile(path.join(dataDir, 'content', 'previous'), 'rel-a\n');

    const reopened = await ContentStore.open({ dataDir });
    expect(reopened.recoveries).toEqual([{ kind: 'switch_undone', releaseId: 'rel-b' }]);
    expect((await reopened.current())?.releaseId).toBe('rel-a');
    expect(await pointer(dataDir, 'previous')).toBeUndefined();
    expect(await reopened.refusedReleases()).toEqual([]);
  });

  it('never builds a path from a name that is not a hash or a release id', async () => {
    const dataDir = await tempDataDir();
    const store = await ContentStore.open({ dataDir });
    expect(() => store.blobPath('../../etc/passwd')).toThrow(/sha256/);
    expect(await store.release('../secrets')).toBeUndefined();
    await mkdir(path.join(dataDir, 'content', 'releases', 'BAD'), { recursive: true });
    expect(await store.beginTrial('BAD')).toMatchObject({ ok: false, error: { code: 'unknown_release' } });
  });
});
