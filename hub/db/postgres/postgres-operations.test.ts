import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../../../test/support/eventually';
import {
  postgresMissing,
  startTestPostgres,
  startTestStandby,
  type TestPostgres,
  useTestPostgres,
} from '../../../test/support/postgres';
import type { LaunchedHub, StartHubOptions } from '../../server/start-hub';
import {
  enrollKiosk,
  getJson,
  launchPostgresTestHub,
  memoryHubLogger,
  postJson,
  type TestKiosk,
} from '../../test/hub-test-support';

/** A ticket as the hub answered it. */
interface IssuedTicket {
  ticketId: string;
  number: string;
}

/** A ticket number's running count («П-007» → 7). */
const countOf = (ticket: IssuedTicket) => Number(ticket.number.replace(/\D/g, ''));

/**
 * The database side of `docs/operations/hub.md`, "Replication, backups and recovery", step by
 * step with Debian's PostgreSQL programs: a standby made by `pg_basebackup -R` promoted after the
 * primary's crash, a `pg_dump` taken while the hub runs and restored by `pg_restore`, and a restore
 * to a named point from a base backup and the WAL archive. After each, a hub on the copy finds
 * what it must and its ticket numbers go on from there.
 */
describe.skipIf(postgresMissing())('the hub database operated as the guide says', () => {
  const shared = useTestPostgres();
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function server(start: () => Promise<TestPostgres>): Promise<TestPostgres> {
    const started = await start();
    cleanups.push(() => started.stop());
    return started;
  }

  /** The hub's files folder (content, keys): shared storage, kept through a database failover or restore. */
  async function hubDataDir(): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), 'okno-hub-ops-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    return dir;
  }

  async function startHubOn(
    url: string,
    dataDir: string,
    options: Partial<StartHubOptions> = {},
  ): Promise<LaunchedHub> {
    const hub = await launchPostgresTestHub(url, dataDir, options);
    cleanups.push(() => hub.close());
    return hub;
  }

  /** Issues `count` tickets one after the other (their numbers in order). */
  async function issueTickets(hub: LaunchedHub, kiosk: TestKiosk, count: number): Promise<IssuedTicket[]> {
    const tickets: IssuedTicket[] = [];
    for (let i = 0; i < count; i += 1) {
      const answer = await postJson(
        `${hub.url}/v1/tickets`,
        { ticketId: randomUUID(), serviceId: 'passport-rf' },
        kiosk.headers,
      );
      expect(answer.status).toBe(200);
      tickets.push((answer.body as { ticket: IssuedTicket }).ticket);
    }
    return tickets;
  }

  async function sql<R extends pg.QueryResultRow>(
    on: TestPostgres,
    database: string,
    text: string,
    values: unknown[] = [],
  ): Promise<R[]> {
    const client = new pg.Client(on.config(database));
    await client.connect();
    try {
      return (await client.query<R>(text, values)).rows;
    } finally {
      await client.end();
    }
  }

  /** Finds each of `tickets` in the hub's store, by id, with its number. */
  async function expectFound(hub: LaunchedHub, tickets: readonly IssuedTicket[]): Promise<void> {
    for (const ticket of tickets)
      expect((await hub.repository.findTicket(ticket.ticketId))?.number).toBe(ticket.number);
  }

  const lookupItem = () => ({
    id: randomUUID(),
    kind: 'status.lookup',
    at: new Date().toISOString(),
    payload: { outcome: 'not_found' },
  });

  it('streams every ticket and outbox item to a standby; promoted after the primary crashes, it serves them all and numbering goes on', async () => {
    const primary = await server(() => startTestPostgres());
    await sql(primary, 'postgres', 'CREATE ROLE replicator WITH REPLICATION LOGIN');
    const standby = await server(() => startTestStandby(primary, { user: 'replicator', slot: 'standby_1' }));
    const database = await primary.createDatabase();
    const dataDir = await hubDataDir();
    const hub = await startHubOn(primary.url(database), dataDir);
    const kiosk = await enrollKiosk(hub.url, 'kiosk-ops-01');
    const tickets = await issueTickets(hub, kiosk, 5);
    const item = lookupItem();
    expect((await postJson(`${hub.url}/v1/outbox`, { items: [item] }, kiosk.headers)).body).toEqual({
      accepted: [item.id],
      duplicates: [],
    });

    // Caught up: the standby has replayed all the primary has written, through its slot.
    const [{ lsn } = { lsn: '' }] = await sql<{ lsn: string }>(
      primary,
      'postgres',
      'SELECT pg_current_wal_lsn()::text AS lsn',
    );
    await eventually(async () => {
      const rows = await sql<{ caught_up: boolean }>(
        primary,
        'postgres',
        `SELECT r.replay_lsn >= $1::pg_lsn AS caught_up FROM pg_stat_replication r
           JOIN pg_replication_slots s ON s.active_pid = r.pid WHERE s.slot_name = 'standby_1'`,
        [lsn],
      );
      return rows[0]?.caught_up === true;
    }, 'the standby replaying the primary');
    const onStandby = await sql<{ n: number }>(
      standby,
      database,
      'SELECT count(*)::int AS n FROM tickets WHERE ticket_id = ANY($1)',
      [tickets.map((ticket) => ticket.ticketId)],
    );
    expect(onStandby[0]?.n).toBe(5);

    // A hub pointed at the standby is refused at start, by name, rather than failing on its first write.
    await expect(startHubOn(standby.url(database), dataDir)).rejects.toThrow(/standby.*read-only/);

    await primary.crash();
    // The hub on the lost primary keeps running (its pool's broken connections are logged, not thrown) and says it is not ready.
    expect((await getJson(`${hub.url}/readyz`)).status).toBe(503);

    await standby.run('pg_ctl', ['promote', '-w', '-D', path.join(standby.dir, 'data')]);
    const promoted = await startHubOn(standby.url(database), dataDir);
    expect((await getJson(`${promoted.url}/readyz`)).status).toBe(200);
    await expectFound(promoted, tickets);
    const replay = await postJson(`${promoted.url}/v1/outbox`, { items: [item] }, kiosk.headers);
    expect(replay.body).toEqual({ accepted: [], duplicates: [item.id] });
    const [next] = await issueTickets(promoted, kiosk, 1);
    expect(next && countOf(next)).toBe(Math.max(...tickets.map(countOf)) + 1);
  }, 60_000);

  it('survives its pooled connections being ended, and is not ready while its server takes no writes', async () => {
    const database = await shared().createDatabase();
    const log = memoryHubLogger();
    const hub = await startHubOn(shared().url(database), await hubDataDir(), { logger: log.logger });
    const kiosk = await enrollKiosk(hub.url, 'kiosk-ops-04');
    const readiness = () => getJson(`${hub.url}/readyz`);
    // As a failover leaves them: every session of the hub ended under it, its pool's idle ones too.
    const endSessions = () =>
      sql(shared(), 'postgres', 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [
        database,
      ]);

    await sql(shared(), 'postgres', `ALTER DATABASE ${database} SET default_transaction_read_only = on`);
    await endSessions();
    await eventually(async () => {
      const answer = await readiness();
      return answer.status === 503 && JSON.stringify(answer.body).includes('read-only');
    }, 'readiness refusing a read-only server');

    await sql(shared(), 'postgres', `ALTER DATABASE ${database} RESET default_transaction_read_only`);
    await endSessions();
    await eventually(async () => (await readiness()).status === 200, 'readiness once the server takes writes');
    expect(await issueTickets(hub, kiosk, 1)).toHaveLength(1);
    // Each lost connection said in a line, without the client's connection settings hung on the error.
    expect(log.text()).toContain('a pooled PostgreSQL connection was lost');
    expect(log.text()).not.toContain(database);
  }, 60_000);

  it('restores a pg_dump taken while the hub runs into a new database that answers as the first did', async () => {
    const database = await shared().createDatabase();
    const dataDir = await hubDataDir();
    const hub = await startHubOn(shared().url(database), dataDir);
    const kiosk = await enrollKiosk(hub.url, 'kiosk-ops-02');
    const tickets = await issueTickets(hub, kiosk, 4);
    const lookup = () =>
      postJson(`${hub.url}/v1/status/lookup`, { applicationNumber: 'КУВД-001/2021-3670443' }, kiosk.headers);
    const before = await lookup();
    expect(before.body).toMatchObject({ outcome: 'found' });

    const dump = path.join(shared().dir, 'okno.dump');
    const connection = ['-h', '127.0.0.1', '-p', String(shared().port), '-U', 'okno'];
    // Taken while a kiosk keeps issuing tickets: the dump is one snapshot, whichever of those it holds.
    const [, during] = await Promise.all([
      shared().run('pg_dump', [...connection, '-Fc', '-f', dump, database]),
      issueTickets(hub, kiosk, 3),
    ]);
    const restored = await shared().createDatabase();
    await shared().run('pg_restore', [...connection, '--exit-on-error', '-d', restored, dump]);

    const copy = await startHubOn(shared().url(restored), dataDir);
    const again = await postJson(
      `${copy.url}/v1/status/lookup`,
      { applicationNumber: 'КУВД-001/2021-3670443' },
      kiosk.headers,
    );
    expect(again.body).toEqual(before.body);
    await expectFound(copy, tickets);
    const inDump = [];
    for (const ticket of during) if (await copy.repository.findTicket(ticket.ticketId)) inDump.push(ticket);
    // A snapshot: the tickets issued during the dump that it holds are the first ones, without a gap.
    expect(inDump).toEqual(during.slice(0, inDump.length));
    const [next] = await issueTickets(copy, kiosk, 1);
    expect(next && countOf(next)).toBe(Math.max(...[...tickets, ...inDump].map(countOf)) + 1);
  }, 60_000);

  it('recovers to a named restore point from a base backup and the WAL archive: the tickets before it, none after', async () => {
    // As the guide's postgresql.conf; the archive beside the data folder (the command runs in it).
    const primary = await server(() =>
      startTestPostgres({
        settings: {
          archive_mode: 'on',
          archive_command: 'mkdir -p ../archive && test ! -f ../archive/%f && cp %p ../archive/%f',
        },
      }),
    );
    const database = await primary.createDatabase();
    const dataDir = await hubDataDir();
    const hub = await startHubOn(primary.url(database), dataDir);
    const kiosk = await enrollKiosk(hub.url, 'kiosk-ops-03');
    const base = path.join(primary.dir, 'base');
    await primary.run('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primary.port),
      '-U',
      'okno',
      '-D',
      base,
      '--checkpoint=fast',
      '--no-sync',
    ]);

    const kept = await issueTickets(hub, kiosk, 3);
    await sql(primary, 'postgres', "SELECT pg_create_restore_point('before-the-mistake')");
    const lost = await issueTickets(hub, kiosk, 2);
    // The segment holding all of it goes to the archive now, not when it fills up.
    const [{ segment } = { segment: '' }] = await sql<{ segment: string }>(
      primary,
      'postgres',
      'SELECT pg_walfile_name(pg_switch_wal()) AS segment',
    );
    await eventually(async () => {
      const [archived] = await sql<{ last: string | null }>(
        primary,
        'postgres',
        'SELECT last_archived_wal AS last FROM pg_stat_archiver',
      );
      return (archived?.last ?? '') >= segment;
    }, 'the WAL archive reaching the restore point');
    await hub.close();

    const archive = path.join(primary.dir, 'archive');
    const recovered = await server(() =>
      startTestPostgres({
        settings: {
          restore_command: `cp ${archive}/%f %p`,
          recovery_target_name: 'before-the-mistake',
          recovery_target_action: 'promote',
        },
        initData: async (dataDir, run) => {
          await run('/usr/bin/cp', ['-a', base, dataDir]);
          await run('/usr/bin/touch', [path.join(dataDir, 'recovery.signal')]);
        },
      }),
    );
    await eventually(async () => {
      const [state] = await sql<{ recovering: boolean }>(
        recovered,
        'postgres',
        'SELECT pg_is_in_recovery() AS recovering',
      );
      return state?.recovering === false;
    }, 'recovery reaching its target and promoting');

    const restoredHub = await startHubOn(recovered.url(database), dataDir);
    await expectFound(restoredHub, kept);
    for (const ticket of lost) expect(await restoredHub.repository.findTicket(ticket.ticketId)).toBeUndefined();
  }, 60_000);
});
