import pg from 'pg';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../../../test/support/eventually';
import { postgresMissing, useTestPostgres } from '../../../test/support/postgres';
import { endPool } from '../../../test/support/postgres-pools';
import { LocalChangeSignals } from '../../server/change-signals';
import { PostgresChangeSignals } from './postgres-change-signals';
import { PostgresLeaderLock } from './postgres-leader-lock';

const logger = pino({ level: 'silent' });

/** Ends the server session of every connection that LISTENs, as a failover or an admin would. */
async function terminateListeners(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ ended: boolean }>(
    `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity
     WHERE pid <> pg_backend_pid() AND query LIKE 'LISTEN%'`,
  );
  return rows.filter((row) => row.ended).length;
}

/** Ends the session that holds an advisory lock (the leader's). */
async function terminateLockHolders(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ ended: boolean }>(
    `SELECT pg_terminate_backend(pid) AS ended FROM pg_locks WHERE locktype = 'advisory' AND granted`,
  );
  return rows.filter((row) => row.ended).length;
}

describe('change signals between processes on one hub', () => {
  it('wakes this process after the change, each topic its own listeners, never inside the notifying call', async () => {
    const signals = new LocalChangeSignals(() => undefined);
    const heard: string[] = [];
    signals.subscribe('commands', () => heard.push('commands'));
    const stop = signals.subscribe('content', () => heard.push('content'));
    await signals.notify('commands');
    expect(heard).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(heard).toEqual(['commands']);
    stop();
    await signals.notify('content');
    await new Promise((resolve) => setImmediate(resolve));
    expect(heard).toEqual(['commands']);
  });
});

describe.skipIf(postgresMissing())('change signals and the leader lock between hub instances on PostgreSQL', () => {
  const server = useTestPostgres();
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
  });

  async function database(): Promise<{ config: pg.PoolConfig; pool: pg.Pool }> {
    const config = server().config(await server().createDatabase());
    const pool = new pg.Pool(config);
    closers.push(() => endPool(pool));
    return { config, pool };
  }

  async function instance(config: pg.PoolConfig, pool: pg.Pool): Promise<PostgresChangeSignals> {
    const signals = await PostgresChangeSignals.start({ pool, connection: config, logger, reconnectMs: 50 });
    closers.unshift(() => signals.close());
    return signals;
  }

  it('tells every instance of a change made on one: a command issued on B reaches a kiosk held by A', async () => {
    const { config, pool } = await database();
    const a = await instance(config, pool);
    // A second instance: a pool of its own.
    const otherPool = new pg.Pool(config);
    closers.push(() => endPool(otherPool));
    const b = await instance(config, otherPool);
    let commandsOnA = 0;
    let contentOnA = 0;
    let commandsOnB = 0;
    a.subscribe('commands', () => (commandsOnA += 1));
    a.subscribe('content', () => (contentOnA += 1));
    b.subscribe('commands', () => (commandsOnB += 1));

    await b.notify('commands');
    await eventually(() => commandsOnA === 1 && commandsOnB === 1, 'both instances hearing the command');
    expect(contentOnA).toBe(0);
    await a.notify('content');
    await eventually(() => contentOnA === 1, 'A hearing the release');
    expect(commandsOnA).toBe(1);
  });

  it('listens again after its connection is lost, and then has every watcher look again', async () => {
    const { config, pool } = await database();
    const a = await instance(config, pool);
    let heard = 0;
    a.subscribe('commands', () => (heard += 1));
    expect(await terminateListeners(pool)).toBe(1);
    // Whatever was notified while nobody listened is made good by one call after the reconnect.
    await eventually(() => heard === 1 && a.listening, 'the resync after the reconnect');
    await a.notify('commands');
    await eventually(() => heard === 2, 'a signal on the new connection');
  });

  it('lets one instance lead a job; when its session ends, another takes the lead at its next try', async () => {
    const { config, pool } = await database();
    const start = async () => {
      const lock = await PostgresLeaderLock.start({
        connection: config,
        name: 'content re-signing',
        logger,
        retryMs: 100,
      });
      closers.unshift(() => lock.close());
      return lock;
    };
    const [first, second] = [await start(), await start()];
    expect([first.leading, second.leading]).toEqual([true, false]);
    expect(await first.confirm()).toBe(true);
    expect(await second.confirm()).toBe(false);

    // The leader's session ends (the database restarted it, a network cut): the lock is free, and
    // whichever instance tries first leads; never both.
    expect(await terminateLockHolders(pool)).toBe(1);
    const leaders = async () => [await first.confirm(), await second.confirm()].filter(Boolean).length;
    await eventually(async () => (await leaders()) === 1, 'one instance leading again');
    for (let check = 0; check < 5; check += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await leaders()).toBe(1);
    }

    // The leader stops (or dies: its session ends either way): the other takes the lead.
    const [leader, other] = first.leading ? [first, second] : [second, first];
    await leader.close();
    await eventually(() => other.leading, 'the other instance taking the lead');
    expect(await other.confirm()).toBe(true);
  });
});
