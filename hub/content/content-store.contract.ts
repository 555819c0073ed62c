import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { ContentReleaseRecord, ContentStore } from './content-store';
import { RepositoryBusyError } from './repository-lock';

/**
 * One store under the contract: a fresh, empty one (`store`), `another` instance on the same data
 * (a second SQLite connection, a second PostgreSQL pool: a second hub process), and the rows of
 * other parts of the hub that the content tables lean on, written by the test file with its own
 * SQL: an office (content groups refer to it) and a kiosk (the blob collection asks for the kiosks
 * not revoked).
 */
export interface ContentContractStore {
  store: ContentStore;
  another(): Promise<ContentStore>;
  givenOffice(officeId: string): Promise<void>;
  givenKiosk(kioskId: string, officeId: string, revoked: boolean): Promise<void>;
}

const release = (version: number, fields: Partial<ContentReleaseRecord> = {}): ContentReleaseRecord => ({
  releaseId: `2026-12-07-all-v${version}`,
  version,
  audience: { kind: 'all' },
  stagePercent: 100,
  manifestSha256: 'a'.repeat(64),
  totalBytes: 1_234,
  fileCount: 3,
  createdAt: '2026-12-07T09:00:00.000Z',
  createdBy: 'admin-petrov',
  ...fields,
});

/** The tests every `ContentStore` passes: call inside a `describe` of the store's test file. */
export function contentStoreContract(openStore: () => Promise<ContentContractStore>): void {
  it('numbers releases from 1, keeps each as given, lists the newest first, and refuses a version twice', async () => {
    const { store } = await openStore();
    expect(await store.nextVersion()).toBe(1);
    const first = release(1, { audience: { kind: 'office', officeId: 'o1' }, stagePercent: 10 });
    // Over 4 GB: kept as a number, not cut to 32 bits or turned into text.
    const second = release(2, { audience: { kind: 'group', group: 'north' }, totalBytes: 5_000_000_000 });
    const rollback = release(3, { restoresRelease: first.releaseId });
    for (const one of [first, second, rollback]) expect(await store.insertRelease(one)).toBe('stored');
    expect(await store.nextVersion()).toBe(4);
    expect(await store.findRelease(second.releaseId)).toEqual(second);
    expect(await store.findRelease('no-such-release')).toBeUndefined();
    expect(await store.listReleases()).toEqual([rollback, second, first]);

    expect(await store.insertRelease(release(2, { releaseId: 'another-id-v2' }))).toBe('version_taken');
    expect(await store.insertRelease(release(4, { releaseId: first.releaseId }))).toBe('version_taken');
    expect(await store.listReleases()).toHaveLength(3);
  });

  it('halts a roll-out once, marks collected files once, and changes its fingerprint on a release or a halt only', async () => {
    const { store } = await openStore();
    const empty = await store.releasesFingerprint();
    await store.insertRelease(release(1));
    const published = await store.releasesFingerprint();
    expect(published).not.toBe(empty);
    await store.recordKioskState('k1', { state: 'current', version: 1 }, '2026-12-07T09:00:00.000Z');
    await store.markFilesCollected(release(1).releaseId, '2026-12-08T09:00:00.000Z');
    expect(await store.releasesFingerprint()).toBe(published);

    expect(await store.halt(release(1).releaseId, '2026-12-07T10:00:00.000Z')).toBe(true);
    expect(await store.halt(release(1).releaseId, '2026-12-07T11:00:00.000Z')).toBe(false);
    expect(await store.halt('no-such-release', '2026-12-07T11:00:00.000Z')).toBe(false);
    expect(await store.releasesFingerprint()).not.toBe(published);

    await store.markFilesCollected(release(1).releaseId, '2026-12-09T09:00:00.000Z');
    expect(await store.findRelease(release(1).releaseId)).toEqual({
      ...release(1),
      haltedAt: '2026-12-07T10:00:00.000Z',
      filesCollectedAt: '2026-12-08T09:00:00.000Z',
    });
  });

  it('keeps content groups per office, by name as bytes sort', async () => {
    const { store, givenOffice } = await openStore();
    await givenOffice('o1');
    await givenOffice('o2');
    for (const group of ['south', 'North', 'east']) await store.addGroupOffice(group, 'o1');
    await store.addGroupOffice('south', 'o1');
    await store.addGroupOffice('west', 'o2');
    expect(await store.groupsOf('o1')).toEqual(['North', 'east', 'south']);
    expect(await store.groupsOf('o3')).toEqual([]);
  });

  it('keeps each kiosk’s latest content report: a late older one does not overwrite it', async () => {
    const { store } = await openStore();
    await store.recordKioskState(
      'k2',
      { state: 'downloading', version: 2, releaseId: 'r-v2', bytesDone: 4_500_000_000, bytesTotal: 5_000_000_000 },
      '2026-12-07T09:05:00.000Z',
    );
    await store.recordKioskState('k2', { state: 'current', version: 1, releaseId: 'r-v1' }, '2026-12-07T09:00:00.000Z');
    await store.recordKioskState('k1', { state: 'refused', reason: 'bad_signature' }, '2026-12-07T09:01:00.000Z');
    expect(await store.kioskState('k2')).toEqual({
      kioskId: 'k2',
      state: 'downloading',
      version: 2,
      releaseId: 'r-v2',
      bytesDone: 4_500_000_000,
      bytesTotal: 5_000_000_000,
      reportedAt: '2026-12-07T09:05:00.000Z',
    });
    await store.recordKioskState('k2', { state: 'trial', version: 2, releaseId: 'r-v2' }, '2026-12-07T09:05:00.000Z');
    expect(await store.kioskStates()).toEqual([
      { kioskId: 'k1', state: 'refused', reason: 'bad_signature', reportedAt: '2026-12-07T09:01:00.000Z' },
      { kioskId: 'k2', state: 'trial', version: 2, releaseId: 'r-v2', reportedAt: '2026-12-07T09:05:00.000Z' },
    ]);
    expect(await store.kioskState('k3')).toBeUndefined();
  });

  it('lists the kiosks not revoked, and keeps the blob collection’s first sighting of each unused blob', async () => {
    const { store, givenOffice, givenKiosk } = await openStore();
    await givenOffice('o1');
    await givenKiosk('kiosk-b', 'o1', false);
    await givenKiosk('kiosk-a', 'o1', false);
    await givenKiosk('kiosk-c', 'o1', true);
    expect(await store.activeKiosks()).toEqual([
      { id: 'kiosk-a', officeId: 'o1' },
      { id: 'kiosk-b', officeId: 'o1' },
    ]);

    const [x, y, z] = ['x', 'y', 'z'].map((c) => c.repeat(64));
    await store.updateBlobOrphans([x, y] as string[], [], '2026-12-01T00:00:00.000Z');
    await store.updateBlobOrphans([x, z] as string[], [y] as string[], '2026-12-02T00:00:00.000Z');
    expect(await store.blobOrphans()).toEqual(
      new Map([
        [x, '2026-12-01T00:00:00.000Z'],
        [z, '2026-12-02T00:00:00.000Z'],
      ]),
    );
    await store.updateBlobOrphans([], [x, z] as string[], '2026-12-03T00:00:00.000Z');
    expect(await store.blobOrphans()).toEqual(new Map());
  });

  it('never gives one version to two publishes racing on two instances: distinct versions, or refused', async () => {
    const { store, another } = await openStore();
    const stores = [store, await another()];
    // Each publish as the publisher does it: the next version, then its row under that version.
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const instance = stores[i % 2] as ContentStore;
        const version = await instance.nextVersion();
        const outcome = await instance.insertRelease(release(version, { releaseId: `race-${i}-v${version}` }));
        return { version, outcome };
      }),
    );
    const stored = outcomes.filter((o) => o.outcome === 'stored').map((o) => o.version);
    expect(stored.length).toBeGreaterThan(0);
    expect(new Set(stored).size).toBe(stored.length);
    const listed = (await (stores[1] as ContentStore).listReleases()).map((r) => r.version);
    expect(listed.sort((a, b) => a - b)).toEqual(stored.sort((a, b) => a - b));

    // And the same version offered by both at once: one row.
    const next = await store.nextVersion();
    const same = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (stores[i % 2] as ContentStore).insertRelease(release(next, { releaseId: `same-${i}` })),
      ),
    );
    expect(same.filter((outcome) => outcome === 'stored')).toHaveLength(1);
  });

  it('lets one writer of the repository at a time across instances: another is refused busy, and takes it once freed', async () => {
    const { store, another } = await openStore();
    const dir = await mkdtemp(join(tmpdir(), 'okno-content-lock-'));
    try {
      const [mine, theirs] = [store.writeLock(dir), (await another()).writeLock(dir)];
      let release = (): void => undefined;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let writing = (): void => undefined;
      const started = new Promise<void>((resolve) => {
        writing = resolve;
      });
      const first = mine.run(async () => {
        writing();
        await held;
        return 'first';
      });
      await started;
      await expect(theirs.run(async () => 'second')).rejects.toThrow(RepositoryBusyError);
      // Another write of the same instance meanwhile is refused too (a publish and the timer in one hub).
      await expect(mine.run(async () => 'again')).rejects.toThrow(RepositoryBusyError);
      release();
      expect(await first).toBe('first');
      expect(await theirs.run(async () => 'second')).toBe('second');
      // A write that throws frees the lock as well.
      await expect(
        theirs.run(async () => {
          throw new Error('signing failed');
        }),
      ).rejects.toThrow('signing failed');
      expect(await mine.run(async () => 'third')).toBe('third');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}
