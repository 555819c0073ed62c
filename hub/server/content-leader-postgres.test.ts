import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../../test/support/eventually';
import { postgresMissing, useTestPostgres } from '../../test/support/postgres';
import { type ContentChannel, publishFiles } from '../content/content-publisher';
import { initChannelRepository } from '../content/content-test-support';
import { CONTENT_WRITE_LOCK_NAME } from '../content/postgres-content-write-lock';
import { RepositoryBusyError } from '../content/repository-lock';
import { currentVersions } from '../content/tuf-roles';
import { demoReleaseFiles } from '../db/demo-content-seed';
import { memoryHubLogger } from '../test/hub-test-support';
import { type LaunchedHub, launchHub } from './start-hub';

const HOUR = 3_600_000;
/** The leader lock's name in `start-hub.ts`. */
const LEADER_LOCK_NAME = 'okno-leader:content maintenance';

/** A hub instance with what it logged. */
type Instance = LaunchedHub & { log: ReturnType<typeof memoryHubLogger>; content: ContentChannel };

const said = (instance: Instance, message: string) =>
  instance.log.lines().filter((line) => line.msg === message).length;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The content maintenance of hub instances on one PostgreSQL database and one shared data folder
 * (as if over NFS): one instance at a time re-signs the timestamp (the leader, by an advisory
 * lock), another takes over when it stops or loses its session, and every writer of the signed
 * files (a publish from the admin CLI on another machine, the leader's re-signing) holds the
 * content write lock in the database, which a lock file's pid could not give across machines.
 */
describe.skipIf(postgresMissing())('content maintenance across hub instances on PostgreSQL', () => {
  const server = useTestPostgres();
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** The clock of every instance: the test moves it on to age the timestamp. */
  let clock = Date.UTC(2027, 0, 10);

  async function instances(): Promise<{ start: (leaderRetryMs?: number) => Promise<Instance>; url: string }> {
    const database = await server().createDatabase();
    const url = `postgres://okno@127.0.0.1:${server().port}/${database}`;
    const dataDir = await mkdtemp(path.join(tmpdir(), 'okno-hub-pg-content-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const secretFile = path.join(dataDir, 'content-key-secret');
    await writeFile(secretFile, randomBytes(32).toString('hex'), { mode: 0o600 });
    const start = async (leaderRetryMs = 100) => {
      const log = memoryHubLogger();
      const hub = await launchHub({
        dbPath: 'unused',
        postgres: { url, dataDir },
        config: { contentKeySecretFile: secretFile },
        logger: log.logger,
        now: () => clock,
        changePollMs: 3_600_000,
        housekeepingMs: 100,
        leaderRetryMs,
      });
      cleanups.push(() => hub.close());
      if (hub.content === undefined) throw new Error('a hub on PostgreSQL has its content channel');
      return { ...hub, log, content: hub.content };
    };
    return { start, url };
  }

  /** Moves the clock past half the timestamp's life and waits for its next version. */
  async function ageUntilResigned(channel: ContentChannel): Promise<void> {
    const version = currentVersions(channel.repo).timestamp;
    clock += 13 * HOUR;
    await eventually(() => currentVersions(channel.repo).timestamp === version + 1, 'the timestamp re-signed');
  }

  it('re-signs on the leading instance only; when it closes, the other leads and re-signs', async () => {
    const { start } = await instances();
    const a = await start();
    const b = await start();
    expect(said(a, 'this hub instance leads the job now')).toBe(1);
    expect(said(b, 'this hub instance leads the job now')).toBe(0);
    initChannelRepository(a.content, clock);

    for (let step = 0; step < 4; step += 1) await ageUntilResigned(a.content);
    await sleep(500); // a few more housekeeping rounds on both: nothing more to sign
    expect(currentVersions(a.content.repo).timestamp).toBe(5);
    expect([said(a, 'content metadata re-signed'), said(b, 'content metadata re-signed')]).toEqual([4, 0]);

    await a.close();
    expect(said(a, 'this hub instance stops leading the job (closing)')).toBe(1);
    await eventually(() => said(b, 'this hub instance leads the job now') === 1, 'the other instance leading');
    await ageUntilResigned(b.content);
    // Logged once its write lock is given back, just after the file.
    await eventually(() => said(b, 'content metadata re-signed') === 1, 'the re-signing logged');
  });

  it('moves the lead to the other instance when the leader’s lock session is ended', async () => {
    const { start, url } = await instances();
    // The first instance retries only after a minute: the lead it loses goes to the second.
    const a = await start(60_000);
    const b = await start();
    initChannelRepository(a.content, clock);
    await ageUntilResigned(a.content);

    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    cleanups.push(() => admin.end());
    const { rows } = await admin.query<{ ended: boolean }>(
      `SELECT pg_terminate_backend(pid) AS ended FROM pg_locks
       WHERE locktype = 'advisory' AND granted AND objsubid = 1
         AND ((classid::bigint << 32) | objid::bigint) = hashtextextended($1, 0)`,
      [LEADER_LOCK_NAME],
    );
    expect(rows.map((row) => row.ended)).toEqual([true]);
    await eventually(() => said(b, 'this hub instance leads the job now') === 1, 'the other instance leading');

    await ageUntilResigned(b.content);
    await sleep(500);
    expect(currentVersions(b.content.repo).timestamp).toBe(3);
    expect([said(a, 'content metadata re-signed'), said(b, 'content metadata re-signed')]).toEqual([1, 1]);
    expect(said(a, 'the leader lock was lost with its connection')).toBe(1);
  });

  it('refuses a publish, and holds back the re-signing, while another machine holds the content write lock', async () => {
    const { start, url } = await instances();
    const hub = await start();
    const publisherKey = initChannelRepository(hub.content, clock);

    // Another machine's admin CLI publishing: the lock is its session's, no file here shows it.
    const otherMachine = new pg.Client({ connectionString: url });
    await otherMachine.connect();
    cleanups.push(() => otherMachine.end());
    await otherMachine.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [CONTENT_WRITE_LOCK_NAME]);

    const publish = () =>
      publishFiles(hub.content, demoReleaseFiles('mfc-demo-01'), {
        audience: { kind: 'all' },
        stagePercent: 100,
        publisherKey,
        now: new Date(clock),
        actor: 'admin-test',
      });
    const refused = publish();
    await expect(refused).rejects.toThrow(RepositoryBusyError);
    await expect(refused).rejects.toThrow('another publish or re-signing is under way');
    clock += 13 * HOUR;
    await sleep(500);
    expect(currentVersions(hub.content.repo).timestamp).toBe(1);
    expect(await hub.content.store.listReleases()).toEqual([]);

    await otherMachine.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [CONTENT_WRITE_LOCK_NAME]);
    await eventually(() => currentVersions(hub.content.repo).timestamp === 2, 'the timestamp re-signed');
    expect(await publish()).toMatchObject({ ok: true, release: { version: 1 } });
  });
});
