import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../electron/services/test-support';
import type { ContentChannel } from '../content/content-publisher';
import { openContentChannelWith } from '../content/hub-content-channel';
import { TEST_PASSPHRASE_SECRET, testKeyEnvironment } from '../content/key-test-support';
import { generateSigningKey } from '../content/signing-keys';
import { initRepository } from '../content/tuf-roles';
import { demoReleaseFiles, seedDemoContent } from './demo-content-seed';
import { DEMO_OFFICE_ID } from './demo-seed';
import { openSqliteDatabase } from './sqlite/open-sqlite-database';

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

/** A hub database and its content channel in a fresh folder. */
function freshChannel(): { channel: ContentChannel; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'okno-demo-seed-'));
  const dbPath = join(dir, 'demo.sqlite');
  const { db } = openSqliteDatabase(dbPath);
  closers.push(() => db.close());
  return { channel: openContentChannelWith(db, dbPath, { env: testKeyEnvironment() }), dir };
}

describe('seedDemoContent', () => {
  it('publishes one release for the office, then nothing on the next start', async () => {
    const { channel, dir } = freshChannel();
    const { log, lines } = memoryLogger();
    const options = {
      channel,
      keysDir: join(dir, 'keys'),
      keySecret: TEST_PASSPHRASE_SECRET,
      officeId: DEMO_OFFICE_ID,
      now: new Date(),
      log,
    };
    const first = await seedDemoContent(options);
    expect(first).toMatchObject({ action: 'published', initialisedNow: true });
    expect(await seedDemoContent(options)).toEqual({ action: 'already_published' });
    expect(await channel.store.listReleases()).toHaveLength(1);
    expect(lines().map((l) => l.msg)).toEqual([
      'demo content repository initialised',
      'demo content release published',
    ]);
  });

  it('leaves a repository initialised with other keys alone', async () => {
    const { channel, dir } = freshChannel();
    initRepository(channel.repo, {
      rootKeys: [generateSigningKey()],
      rootThreshold: 1,
      publisherKey: generateSigningKey(),
      online: channel.online,
      now: Date.now(),
    });
    const { log } = memoryLogger();
    expect(
      await seedDemoContent({
        channel,
        keysDir: join(dir, 'keys'),
        keySecret: TEST_PASSPHRASE_SECRET,
        officeId: DEMO_OFFICE_ID,
        now: new Date(),
        log,
      }),
    ).toEqual({ action: 'skipped', reason: 'the content repository was initialised with other keys' });
    expect(await channel.store.listReleases()).toEqual([]);
  });

  it('makes a release of the office details, three Russian announcements, texts and three slides', () => {
    const files = demoReleaseFiles(DEMO_OFFICE_ID);
    expect(files.map((f) => [f.path, f.kind])).toEqual([
      ['office.json', 'office'],
      ['announcements.json', 'announcements'],
      ['texts.json', 'texts'],
      ['attract-playlist.json', 'attract-playlist'],
      ['attract/1.png', 'image'],
      ['attract/2.png', 'image'],
      ['attract/3.png', 'image'],
    ]);
    const office = JSON.parse(files[0]?.bytes.toString() ?? '{}') as { name?: string };
    expect(office.name).toBe('МФЦ «Мои Документы», с. Берёзовка');
  });
});
