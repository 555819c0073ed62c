import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sqliteContentParts } from '../admin/cli-test-support';
import { runContentCommand } from '../admin/content-cli';
import { openSqliteDatabase } from '../db/sqlite/open-sqlite-database';
import { type BlobGcOutcome, collectUnusedBlobs, createDailyBlobCollection } from './blob-gc';
import { type ContentChannel, publishFiles } from './content-publisher';
import { sha256Hex } from './content-repository';
import { initChannelRepository } from './content-test-support';
import { openContentChannelWith } from './hub-content-channel';
import { testKeyEnvironment } from './key-test-support';
import { RepositoryBusyError } from './repository-lock';
import type { SigningKey } from './signing-keys';

const DAY = 24 * 3_600_000;
const GRACE = 7 * DAY;

/** The collection on a real repository folder and a real SQLite file, as the hub and `content gc` run it. */
describe('content blob garbage collection', () => {
  let dir: string;
  let db: Database.Database;
  let channel: ContentChannel;
  let publisherKey: SigningKey;
  const env = testKeyEnvironment();
  const start = Date.UTC(2027, 0, 10, 9);
  const dbPath = () => join(dir, 'hub', 'hub.sqlite');

  /** A release for office-1 whose texts say `title`; every release also carries the same help page. */
  const publish = async (title: string, at = start) => {
    const outcome = await publishFiles(
      channel,
      [
        { path: 'texts.json', kind: 'texts', bytes: Buffer.from(JSON.stringify({ ru: { 'home.title': title } })) },
        { path: 'help.json', kind: 'help', bytes: Buffer.from('{"pages":[]}') },
      ],
      {
        audience: { kind: 'office', officeId: 'office-1' },
        stagePercent: 100,
        publisherKey,
        now: new Date(at),
        actor: 'admin-test',
      },
    );
    if (!outcome.ok) throw new Error(outcome.problems.join('\n'));
    return outcome.release.releaseId;
  };
  /** Publishes one release per title, in turn (each takes the repository's lock); their ids. */
  const publishAll = async (titles: readonly string[]) => {
    const ids: string[] = [];
    for (const title of titles) ids.push(await publish(title));
    return ids;
  };
  const textsBlob = (title: string) => sha256Hex(Buffer.from(JSON.stringify({ ru: { 'home.title': title } })));
  const blobExists = (sha256: string) => existsSync(join(channel.repo.blobsDir, sha256));
  const collect = (at: number, keepReleases = 5): Promise<BlobGcOutcome> =>
    collectUnusedBlobs(channel, { keepReleases, graceMs: GRACE, now: new Date(at) });
  const report = (kioskId: string, releaseId: string, at: number) =>
    channel.store.recordKioskState(kioskId, { state: 'current', version: 1, releaseId }, new Date(at).toISOString());

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'okno-blob-gc-'));
    db = openSqliteDatabase(dbPath()).db;
    db.prepare("INSERT INTO offices (id, name, region_id) VALUES ('office-1', 'МФЦ Берёзовка', 'r-72')").run();
    db.prepare(
      "INSERT INTO kiosks (id, office_id, credential_hash, enrolled_at, enrolled_via) VALUES ('kiosk-1', 'office-1', 'x', ?, 'code')",
    ).run(new Date(start).toISOString());
    channel = openContentChannelWith(db, dbPath(), { env });
    publisherKey = initChannelRepository(channel, start);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the newest five and what a kiosk runs, and deletes the rest only after the grace period', async () => {
    const ids = await publishAll(['один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь']);
    await report('kiosk-1', ids[0] ?? '', start); // an old kiosk still runs the first release

    const first = await collect(start);
    expect(first).toMatchObject({ keptReleases: 6, newlyUnreferenced: 1, waiting: 0, deletedBlobs: 0 });
    expect(blobExists(textsBlob('два'))).toBe(true);

    expect(await collect(start + GRACE - 60_000)).toMatchObject({ newlyUnreferenced: 0, waiting: 1, deletedBlobs: 0 });

    const due = await collect(start + GRACE);
    expect(due).toMatchObject({ deletedBlobs: 1, collectedReleases: [ids[1]] });
    expect(due.deletedBytes).toBeGreaterThan(0);
    expect(blobExists(textsBlob('два'))).toBe(false);
    for (const kept of ['один', 'три', 'семь']) expect(blobExists(textsBlob(kept))).toBe(true);
    // The help page is in every release: one blob, never collected.
    expect(blobExists(sha256Hex(Buffer.from('{"pages":[]}')))).toBe(true);
    expect((await channel.store.findRelease(ids[1] ?? ''))?.filesCollectedAt).toBe(
      new Date(start + GRACE).toISOString(),
    );
    expect((await channel.store.findRelease(ids[0] ?? ''))?.filesCollectedAt).toBeUndefined();
    expect(await collect(start + GRACE + DAY)).toMatchObject({ deletedBlobs: 0, newlyUnreferenced: 0, waiting: 0 });
  });

  it('forgets a blob found unused when a kiosk reports its release again within the grace period', async () => {
    const ids = await publishAll(['один', 'два', 'три']);
    await report('kiosk-1', ids[0] ?? '', start);
    expect(await collect(start, 2)).toMatchObject({ newlyUnreferenced: 0 });
    await report('kiosk-1', ids[2] ?? '', start + DAY); // moved on: the first release is unused now
    expect(await collect(start + DAY, 2)).toMatchObject({ newlyUnreferenced: 1 });
    await report('kiosk-1', ids[0] ?? '', start + 2 * DAY); // and rolled back to it on its own
    await collect(start + 2 * DAY, 2);
    expect(await collect(start + 30 * DAY, 2)).toMatchObject({ deletedBlobs: 0, waiting: 0 });
    expect(blobExists(textsBlob('один'))).toBe(true);
  });

  it('keeps the release the director assigns, though older than the newest kept, and halted ones among them', async () => {
    const ids = await publishAll(['один', 'два', 'три', 'четыре']);
    await channel.store.halt(ids[3] ?? '', new Date(start).toISOString());
    await channel.store.halt(ids[2] ?? '', new Date(start).toISOString());
    // kiosk-1 runs nothing yet: the director gives it the newest release not halted, the second.
    await collect(start, 2);
    expect(await collect(start + GRACE, 2)).toMatchObject({
      keptReleases: 3,
      deletedBlobs: 1,
      collectedReleases: [ids[0]],
    });
    for (const kept of ['два', 'три', 'четыре']) expect(blobExists(textsBlob(kept))).toBe(true);
  });

  it('never runs while a publish holds the repository lock, and removes a crashed publish’s temp files', async () => {
    await publish('один');
    await channel.writeLock.run(async () => {
      await expect(collect(start)).rejects.toThrow(RepositoryBusyError);
    });
    const temp = join(channel.repo.blobsDir, '.0123456789ab.tmp');
    writeFileSync(temp, 'half a blob');
    utimesSync(temp, new Date(start), new Date(start));
    await collect(start + GRACE);
    expect(readdirSync(channel.repo.blobsDir).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('runs daily in the hub, and again a minute later when a publish had the lock', async () => {
    await publishAll(['один', 'два', 'три']);
    const logged: string[] = [];
    const tick = createDailyBlobCollection(
      channel,
      { keepReleases: 2, graceMs: GRACE },
      { info: (fields, message) => logged.push(`${message} ${JSON.stringify(fields)}`), error: () => {} },
    );
    await channel.writeLock.run(() => tick(start));
    expect((await channel.store.blobOrphans()).size).toBe(0);
    await tick(start + 60_000);
    expect((await channel.store.blobOrphans()).size).toBe(1);
    await tick(start + 2 * 60_000);
    expect(logged).toHaveLength(1);
    await tick(start + 60_000 + GRACE);
    expect(blobExists(textsBlob('один'))).toBe(false);
    expect(logged).toHaveLength(2);
  });

  it('is `content gc` in the admin CLI, and a rollback to a collected release is refused with the reason', async () => {
    const ids = await publishAll(['один', 'два', 'три']);
    const lines: string[] = [];
    let clock = new Date(start);
    const content = (...args: string[]) =>
      runContentCommand(args, {
        ...sqliteContentParts(db, dbPath()),
        actor: 'admin-test',
        now: () => clock,
        out: (l) => lines.push(l),
        env,
      });
    await content('gc', '--keep', '2');
    expect(lines.at(-1)).toBe(
      'kept the files of 2 releases; deleted 0 unused files (0.0 MB); 1 newly unused and 0 more wait out the grace period',
    );
    clock = new Date(start + GRACE);
    await content('gc', '--keep', '2');
    expect(lines.at(-1)).toMatch(
      new RegExp(
        `^kept the files of 2 releases; deleted 1 unused files \\(0\\.0 MB\\); .*no longer restorable: ${ids[0]}$`,
      ),
    );
    await expect(content('rollback', '--office', 'office-1', '--to', ids[0] ?? '')).rejects.toThrow(
      `the files of ${ids[0]} were deleted by "content gc"`,
    );
    await content('status');
    expect(lines.find((line) => line.startsWith(`${ids[0]}\t`))).toMatch(
      /\tfiles collected 2027-01-17T09:00:00\.000Z$/,
    );
    await expect(content('gc', '--keep', '1')).rejects.toThrow('--keep must be a whole number of at least 2');
  });
});
