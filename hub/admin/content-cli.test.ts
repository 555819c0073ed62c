import { execFile } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findAppRoot } from '../../electron/services/app-root';
import { jpegBytes, webpLossyBytes } from '../../kiosk-config/src/content/media-test-support';
import { ReleaseManifest } from '../../kiosk-config/src/content/release-manifest';
import { contentPaths, readReleaseManifest } from '../content/content-publisher';
import { openContentChannelWith } from '../content/hub-content-channel';
import { testKeyEnvironment } from '../content/key-test-support';
import { openSqliteDatabase } from '../db/sqlite/open-sqlite-database';
import { sqliteContentParts } from './cli-test-support';
import { runContentCommand } from './content-cli';

/** The content commands on a real SQLite file and real folders, as `admin.js content …` runs them. */
describe('admin content commands', () => {
  let dir: string;
  let db: Database.Database;
  let lines: string[];
  let clock: Date;
  let env: NodeJS.ProcessEnv;
  const dbPath = () => join(dir, 'data', 'hub.sqlite');
  const content = (...args: string[]) =>
    runContentCommand(args, {
      ...sqliteContentParts(db, dbPath()),
      actor: 'admin-petrov',
      now: () => clock,
      out: (line) => lines.push(line),
      env,
    });
  const openChannel = () => openContentChannelWith(db, dbPath(), { env });
  const tryContent = async (...args: string[]): Promise<string> => {
    try {
      await content(...args);
      return 'ok';
    } catch (error) {
      return (error as Error).message;
    }
  };

  /** A release folder with texts, a playlist and its images. */
  function releaseFolder(name: string, title: string): string {
    const folder = join(dir, name);
    mkdirSync(join(folder, 'attract'), { recursive: true });
    writeFileSync(join(folder, 'texts.json'), JSON.stringify({ ru: { 'home.title': title } }));
    writeFileSync(
      join(folder, 'attract-playlist.json'),
      JSON.stringify({ items: [{ path: 'attract/1.webp', seconds: 8 }] }),
    );
    writeFileSync(join(folder, 'attract', '1.webp'), webpLossyBytes(1080, 1920));
    return folder;
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'okno-content-cli-'));
    db = openSqliteDatabase(dbPath()).db;
    db.prepare("INSERT INTO offices (id, name, region_id) VALUES ('office-1', 'МФЦ Берёзовка', 'r-72')").run();
    lines = [];
    env = testKeyEnvironment();
    clock = new Date('2026-12-06T10:00:00Z');
    for (const key of ['root-a', 'root-b', 'publisher']) await content('keygen', join(dir, `${key}.key`));
    await content(
      'init',
      '--root-key',
      join(dir, 'root-a.key'),
      '--root-key',
      join(dir, 'root-b.key'),
      '--key',
      join(dir, 'publisher.key'),
    );
    // Three keys sealed with scrypt and a repository signed: seconds on a busy machine.
  }, 60_000);
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the keys 0600, the repository, and the hub’s online keys 0600 in a 0700 folder', async () => {
    expect(statSync(join(dir, 'publisher.key')).mode & 0o777).toBe(0o600);
    const { keysDir, repositoryDir } = contentPaths(dbPath());
    expect(statSync(keysDir).mode & 0o777).toBe(0o700);
    expect(readdirSync(keysDir).map((name) => statSync(join(keysDir, name)).mode & 0o777)).toEqual([0o600, 0o600]);
    expect(readdirSync(join(repositoryDir, 'metadata')).sort()).toEqual([
      '1.root.json',
      '1.snapshot.json',
      '1.targets.json',
      'timestamp.json',
    ]);
  });

  it('publishes a folder: blobs by hash, a valid manifest, a release row; a second publish stores a shared file once', async () => {
    await content(
      'publish',
      releaseFolder('r1', 'Здравствуйте'),
      '--office',
      'office-1',
      '--stage',
      '10%',
      '--key',
      join(dir, 'publisher.key'),
    );
    expect(lines.at(-1)).toMatch(
      /^published 2026-12-06-office-office-1-v1 \(version 1, 3 files, \d+ bytes\) for office office-1, stage 10%$/,
    );
    const channel = openChannel();
    const manifest = readReleaseManifest(channel, '2026-12-06-office-office-1-v1');
    expect(
      ReleaseManifest.parse(manifest)
        .files.map((f) => `${f.kind}:${f.path}`)
        .sort(),
    ).toEqual(['attract-playlist:attract-playlist.json', 'image:attract/1.webp', 'texts:texts.json']);
    for (const file of manifest.files)
      expect(readFileSync(channel.repo.blobPath(file.sha256) ?? '').length).toBe(file.length);

    await content('publish', releaseFolder('r2', 'Добрый день'), '--all', '--key', join(dir, 'publisher.key'));
    // The same image in both releases: 3 + 2 new blobs (texts changed; the playlist and image did not).
    expect(readdirSync(channel.repo.blobsDir)).toHaveLength(4);
    expect((await channel.store.listReleases()).map((r) => [r.version, r.audience.kind, r.stagePercent])).toEqual([
      [2, 'all', 100],
      [1, 'office', 10],
    ]);
  });

  it('refuses a publish while another publish or the hub’s re-signing holds the write lock, and says to try again', async () => {
    const { repositoryDir } = contentPaths(dbPath());
    writeFileSync(join(repositoryDir, '.lock'), String(process.pid));
    const publish = ['publish', releaseFolder('r1', 'Здравствуйте'), '--all', '--key', join(dir, 'publisher.key')];
    expect(await tryContent(...publish)).toMatch(
      /^another publish or re-signing is under way .*; try again in a moment$/,
    );
    expect(await openChannel().store.listReleases()).toEqual([]);
    rmSync(join(repositoryDir, '.lock'));
    expect(await tryContent(...publish)).toBe('ok');
  });

  it('refuses the whole release, naming every bad file, and writes nothing', async () => {
    const folder = releaseFolder('bad', 'x');
    writeFileSync(join(folder, 'office.json'), '{"address": "a", "phone": "12345", "hours": {}, "fax": 1}');
    writeFileSync(join(folder, 'catalogue.json'), '{"categories": [');
    writeFileSync(join(folder, 'attract', 'photo.png'), jpegBytes(10, 10));
    writeFileSync(join(folder, 'attract', 'huge.webp'), Buffer.alloc(9 * 1024 * 1024));
    writeFileSync(join(folder, 'notes.txt'), 'hello');
    writeFileSync(join(folder, '.hidden.png'), 'x');
    symlinkSync('/etc/passwd', join(folder, 'attract', 'link.webp'));
    const message = await tryContent('publish', folder, '--all', '--key', join(dir, 'publisher.key'));
    expect(message).toMatch(/^release refused, nothing was published:/);
    for (const expected of [
      /\.hidden\.png: a name the layout does not allow/,
      /attract\/huge\.webp: 9437184 bytes, over the image cap/,
      /attract\/link\.webp: a symbolic link/,
      /attract\/photo\.png: unsupported_media/,
      /catalogue\.json: invalid_json/,
      /notes\.txt: not a content file/,
      /office\.json: invalid_schema: Unrecognized key: "fax"/,
    ]) {
      expect(message).toMatch(expected);
    }
    const channel = openChannel();
    expect(readdirSync(channel.repo.blobsDir)).toEqual([]);
    expect(await channel.store.listReleases()).toEqual([]);
  });

  it('refuses a playlist naming a file that is not in the release', async () => {
    const folder = releaseFolder('dangling', 'x');
    writeFileSync(
      join(folder, 'attract-playlist.json'),
      JSON.stringify({ items: [{ path: 'attract/2.webp', seconds: 8 }] }),
    );
    expect(await tryContent('publish', folder, '--all', '--key', join(dir, 'publisher.key'))).toMatch(
      /attract-playlist\.json: attract\/2\.webp is not an image or video of this release/,
    );
  });

  it('refuses a publish signed with a key the root does not name, or without one, or with two audiences', async () => {
    await content('keygen', join(dir, 'stranger.key'));
    const folder = releaseFolder('r1', 'x');
    expect(await tryContent('publish', folder, '--all', '--key', join(dir, 'stranger.key'))).toMatch(
      /targets key given is not the one the root names/,
    );
    expect(await tryContent('publish', folder, '--all')).toMatch(/needs --key/);
    expect(
      await tryContent('publish', folder, '--all', '--office', 'office-1', '--key', join(dir, 'publisher.key')),
    ).toMatch(/exactly one audience/);
    expect(await tryContent('publish', folder, '--all', '--stage', '0', '--key', join(dir, 'publisher.key'))).toMatch(
      /--stage/,
    );
  });

  it('halts a roll-out, rolls back as a new version with the old files, and shows it all in status', async () => {
    const key = join(dir, 'publisher.key');
    await content('publish', releaseFolder('r1', 'Первый'), '--office', 'office-1', '--key', key);
    await content('publish', releaseFolder('r2', 'Второй'), '--office', 'office-1', '--stage', '20', '--key', key);
    await content('halt', '2026-12-06-office-office-1-v2');
    expect(await tryContent('halt', '2026-12-06-office-office-1-v2')).toMatch(/halted already/);
    await content('rollback', '--office', 'office-1', '--key', key);
    expect(lines.at(-1)).toBe(
      'published 2026-12-06-office-office-1-v3 (version 3) with the files of 2026-12-06-office-office-1-v1',
    );
    const channel = openChannel();
    const files = (id: string) =>
      readReleaseManifest(channel, id)
        .files.map((f) => f.sha256)
        .sort();
    expect(files('2026-12-06-office-office-1-v3')).toEqual(files('2026-12-06-office-office-1-v1'));
    await channel.store.recordKioskState(
      'kiosk-1',
      { state: 'current', version: 3, releaseId: '2026-12-06-office-office-1-v3' },
      clock.toISOString(),
    );
    await channel.store.recordKioskState(
      'kiosk-2',
      { state: 'downloading', version: 3, releaseId: '2026-12-06-office-office-1-v3', bytesDone: 5, bytesTotal: 9 },
      clock.toISOString(),
    );

    lines = [];
    await content('status');
    expect(lines).toEqual([
      '2026-12-06-office-office-1-v3\tv3\toffice office-1\tstage 100%\trolling out\tcurrent 1, trial 0, downloading 1, refused 0, rolled back 0\trestores 2026-12-06-office-office-1-v1',
      '2026-12-06-office-office-1-v2\tv2\toffice office-1\tstage 20%\thalted 2026-12-06T10:00:00.000Z\tcurrent 0, trial 0, downloading 0, refused 0, rolled back 0',
      '2026-12-06-office-office-1-v1\tv1\toffice office-1\tstage 100%\trolling out\tcurrent 0, trial 0, downloading 0, refused 0, rolled back 0',
    ]);
    clock = new Date('2027-11-20T10:00:00Z');
    lines = [];
    await content('status');
    expect(lines.filter((line) => line.startsWith('warning:')).map((line) => line.split(' ')[2])).toEqual([
      'root',
      'targets',
      'snapshot',
      'timestamp',
    ]);
  });

  it('rotates the root with the current root key and two new ones', async () => {
    await content('keygen', join(dir, 'root-c.key'));
    await content('keygen', join(dir, 'root-d.key'));
    await content(
      'rotate-root',
      '--root-key',
      join(dir, 'root-a.key'),
      '--new-root-key',
      join(dir, 'root-c.key'),
      '--new-root-key',
      join(dir, 'root-d.key'),
      '--threshold',
      '2',
    );
    expect(lines.at(-1)).toBe('wrote 2.root.json; kiosks move to it on their next refresh');
    const root = JSON.parse(
      readFileSync(join(contentPaths(dbPath()).repositoryDir, 'metadata', '2.root.json'), 'utf8'),
    );
    expect(root.signatures).toHaveLength(3);
    expect(root.signed.roles.root.threshold).toBe(2);
  });
});

/** The same commands through the bundle, as an admin types them: `admin.js --db FILE content …`. */
describe('admin.js content, the bundle', () => {
  const run = promisify(execFile);
  const root = findAppRoot().dir;
  const bundleEnv = testKeyEnvironment();
  let dir: string;
  const admin = async (...args: string[]) => {
    try {
      const { stdout } = await run(
        process.execPath,
        [join(root, 'dist', 'hub', 'admin.js'), '--db', join(dir, 'hub.sqlite'), ...args],
        { env: { ...process.env, ...bundleEnv } },
      );
      return { code: 0, stdout, stderr: '' };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  beforeAll(async () => {
    await run(process.execPath, [join(root, 'hub', 'run.mjs'), 'build']);
    dir = mkdtempSync(join(tmpdir(), 'okno-content-bundle-'));
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates keys and a repository, refuses a bad folder with exit code 1, publishes a good one', async () => {
    for (const key of ['root', 'publisher'])
      expect((await admin('content', 'keygen', join(dir, `${key}.key`))).code).toBe(0);
    const init = await admin(
      'content',
      'init',
      '--root-key',
      join(dir, 'root.key'),
      '--key',
      join(dir, 'publisher.key'),
    );
    expect(init.stdout).toMatch(/^content repository created in /);
    const folder = join(dir, 'release');
    mkdirSync(folder);
    writeFileSync(join(folder, 'help.json'), '{"pages": []}');
    const refused = await admin('content', 'publish', folder, '--all', '--key', join(dir, 'publisher.key'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/release refused, nothing was published:\n {2}help\.json: invalid_schema/);
    writeFileSync(
      join(folder, 'help.json'),
      JSON.stringify({ pages: [{ title: 'Помощь', paragraphs: ['Нажмите «Взять талон».'] }] }),
    );
    const published = await admin('content', 'publish', folder, '--all', '--key', join(dir, 'publisher.key'));
    expect(published.stdout).toMatch(
      /^published \d{4}-\d{2}-\d{2}-all-v1 \(version 1, 1 files, \d+ bytes\) for all kiosks, stage 100%/,
    );
    expect((await admin('content', 'status')).stdout).toMatch(/-all-v1\tv1\tall kiosks\tstage 100%\trolling out/);
    expect((await admin('content')).code).toBe(2);
  });
});
