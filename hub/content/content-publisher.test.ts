import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../db/sqlite/open-sqlite-database';
import { type ContentChannel, type PublishOptions, publishFiles } from './content-publisher';
import type { ContentReleaseRecord } from './content-store';
import { initChannelRepository } from './content-test-support';
import { openContentChannelWith } from './hub-content-channel';
import { testKeyEnvironment } from './key-test-support';
import { SqliteContentStore } from './sqlite-content-store';

/** The publisher on a real repository folder and SQLite file. */
describe('publishing a release', () => {
  let dir: string;
  let db: Database.Database;
  let channel: ContentChannel;
  let options: PublishOptions;
  const files = (title: string) => [
    { path: 'texts.json', kind: 'texts' as const, bytes: Buffer.from(JSON.stringify({ ru: { 'home.title': title } })) },
  ];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'okno-publisher-'));
    const dbPath = join(dir, 'hub', 'hub.sqlite');
    db = openSqliteDatabase(dbPath).db;
    channel = openContentChannelWith(db, dbPath, { env: testKeyEnvironment() });
    const publisherKey = initChannelRepository(channel);
    options = { audience: { kind: 'all' }, stagePercent: 100, publisherKey, now: new Date(), actor: 'admin-test' };
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a release whose version another instance’s publish took meanwhile, and stores nothing of it', async () => {
    const first = await publishFiles(channel, files('Первый'), options);
    expect(first).toMatchObject({ ok: true, release: { version: 1 } });
    // Another hub instance drew version 2 and stored it between this publish's draw and its row.
    const elsewhere = { ...(first as { release: ContentReleaseRecord }).release, releaseId: 'elsewhere-v2' };
    const racing = new (class extends SqliteContentStore {
      override async nextVersion(): Promise<number> {
        const version = await super.nextVersion();
        await super.insertRelease({ ...elsewhere, version });
        return version;
      }
    })(db);
    expect(await publishFiles({ ...channel, store: racing }, files('Второй'), options)).toEqual({
      ok: false,
      problems: ['version 2 was taken by another publish at the same moment: publish again'],
    });
    expect((await channel.store.listReleases()).map((release) => [release.releaseId, release.version])).toEqual([
      ['elsewhere-v2', 2],
      [(first as { release: { releaseId: string } }).release.releaseId, 1],
    ]);
    expect(await publishFiles(channel, files('Второй'), options)).toMatchObject({ ok: true, release: { version: 3 } });
  });
});
