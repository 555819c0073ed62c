import fc from 'fast-check';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { postgresMissing, useTestPostgres } from '../../../test/support/postgres';
import { endPool } from '../../../test/support/postgres-pools';
import type { RateLimit } from '../../server/hub-config';
import { InMemoryLimiter, MultiWindowLimiter } from '../../server/rate-limiter';
import { SharedLimiter } from '../../server/shared-limiter';
import { memoryHubLogger } from '../../test/hub-test-support';
import { migratePostgres } from './migrate-postgres';
import { POSTGRES_MIGRATIONS } from './migrations/migrations';
import { PostgresRateLimiter } from './postgres-rate-limiter';

describe.skipIf(postgresMissing())('rate limits shared by hub instances through PostgreSQL', () => {
  const server = useTestPostgres();
  const pools: pg.Pool[] = [];
  afterEach(async () => {
    await Promise.all(pools.splice(0).map(endPool));
  });

  /** A migrated fresh database, and a pool on it per hub instance asked for. */
  async function instances(count: number, extra: pg.PoolConfig = {}): Promise<pg.Pool[]> {
    const config = { ...server().config(await server().createDatabase()), ...extra };
    const opened = Array.from({ length: count }, () => new pg.Pool(config));
    pools.push(...opened);
    await migratePostgres(opened[0] as pg.Pool, POSTGRES_MIGRATIONS);
    return opened;
  }

  it('decides every hit as the in-memory limiter does, over one or several windows (random hit sequences)', async () => {
    const [pool] = (await instances(1)) as [pg.Pool];
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ limit: fc.integer({ min: 1, max: 4 }), windowSeconds: fc.integer({ min: 1, max: 5 }) }), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.array(fc.record({ key: fc.constantFrom('a', 'b'), afterMs: fc.integer({ min: 0, max: 1500 }) }), {
          maxLength: 25,
        }),
        async (limits: RateLimit[], hits) => {
          run += 1;
          let now = 1_700_000_000_000;
          const clock = { now: () => now };
          const memory = new MultiWindowLimiter(limits, clock);
          const shared = new PostgresRateLimiter(pool, `property-${run}`, limits, clock);
          for (const { key, afterMs } of hits) {
            now += afterMs;
            expect(await shared.check(key)).toEqual(memory.check(key));
            expect(await shared.hit(key)).toEqual(memory.hit(key));
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('lets exactly the limit through when two instances take hits for one key at once', async () => {
    const [a, b] = (await instances(2)) as [pg.Pool, pg.Pool];
    const limits = [{ limit: 10, windowSeconds: 3600 }];
    const onA = new PostgresRateLimiter(a, 'lookup-per-number', limits);
    const onB = new PostgresRateLimiter(b, 'lookup-per-number', limits);
    const decisions = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? onA : onB).hit('КУВД-001/2021-3670443')),
    );
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(10);
    expect(
      decisions.filter((decision) => !decision.allowed).every((d) => !d.allowed && d.retryAfterSeconds > 3500),
    ).toBe(true);
    // Another limit's keys and another key are counted apart.
    expect(await new PostgresRateLimiter(a, 'enroll-per-address', limits).hit('КУВД-001/2021-3670443')).toEqual({
      allowed: true,
    });
    expect(await onB.hit('КУВД-002/2021-0000001')).toEqual({ allowed: true });
  });

  it('keeps personal keys hashed alike on every instance, under a secret only the database holds', async () => {
    const [a, b] = (await instances(2)) as [pg.Pool, pg.Pool];
    const [keyOfA, keyOfB] = await Promise.all([
      PostgresRateLimiter.sharedKeyOf(a),
      PostgresRateLimiter.sharedKeyOf(b),
    ]);
    expect(keyOfA('КУВД-001/2021-3670443')).toBe(keyOfB('КУВД-001/2021-3670443'));
    const limits = [{ limit: 1, windowSeconds: 60 }];
    await new PostgresRateLimiter(a, 'per-number', limits, { keyOf: keyOfA }).hit('КУВД-001/2021-3670443');
    expect(
      await new PostgresRateLimiter(b, 'per-number', limits, { keyOf: keyOfB }).hit('КУВД-001/2021-3670443'),
    ).toEqual({
      allowed: false,
      retryAfterSeconds: 60,
    });
    const { rows } = await a.query<{ key: string }>('SELECT key FROM rate_limit_hits');
    expect(rows.map((row) => row.key).join()).not.toContain('3670443');
    // Another database (another hub) has its own secret.
    const [other] = (await instances(1)) as [pg.Pool];
    expect((await PostgresRateLimiter.sharedKeyOf(other))('КУВД-001/2021-3670443')).not.toBe(
      keyOfA('КУВД-001/2021-3670443'),
    );
  });

  it('prunes keys whose hits have all left the longest window, and only this limit’s', async () => {
    const [pool] = (await instances(1)) as [pg.Pool];
    let now = 1_700_000_000_000;
    const clock = { now: () => now };
    const limiter = new PostgresRateLimiter(pool, 'per-kiosk', [{ limit: 5, windowSeconds: 60 }], clock);
    const other = new PostgresRateLimiter(pool, 'per-office', [{ limit: 5, windowSeconds: 60 }], clock);
    await limiter.hit('old');
    await other.hit('old');
    now += 30_000;
    await limiter.hit('recent');
    now += 30_001;
    expect(await limiter.prune()).toBe(1);
    expect(await limiter.check('recent')).toEqual({ allowed: true });
    const { rows } = await pool.query<{ name: string; key: string }>(
      'SELECT name, key FROM rate_limit_hits ORDER BY name, key',
    );
    expect(rows).toEqual([
      { name: 'per-kiosk', key: 'recent' },
      { name: 'per-office', key: 'old' },
    ]);
  });
  it('commits a hit without waiting for the disk or a standby: synchronous_commit off for its own transaction only', async () => {
    // The test server runs with synchronous_commit off; these sessions ask for it on, as a real hub's do.
    const [pool] = (await instances(1, { options: '-c synchronous_commit=on' })) as [pg.Pool];
    const admin = new pg.Client(server().config('postgres'));
    await admin.connect();
    const limiter = new PostgresRateLimiter(pool, 'async-commit', [{ limit: 5, windowSeconds: 60 }]);
    let plain: Promise<unknown> | undefined;
    try {
      // A synchronous standby that never connects: a commit that waits for it waits for ever.
      await admin.query("ALTER SYSTEM SET synchronous_standby_names = 'nobody'");
      await admin.query('SELECT pg_reload_conf()');
      // The checkpointer takes the reload in its own time: write until a plain commit waits.
      let waited = 'committed';
      for (let i = 0; i < 20 && waited === 'committed'; i += 1) {
        plain = pool.query('INSERT INTO hub_secrets (name, value) VALUES ($1, $2)', [`plain-${i}`, Buffer.alloc(32)]);
        waited = await Promise.race([
          plain.then(() => 'committed'),
          new Promise<string>((resolve) => setTimeout(() => resolve('waiting'), 500)),
        ]);
      }
      expect(waited).toBe('waiting');
      // A hit that waited too would never answer: fail the test instead.
      const hit = limiter.hit('k');
      expect(
        await Promise.race([hit, new Promise((resolve) => setTimeout(() => resolve('no answer'), 5_000))]),
      ).toEqual({ allowed: true });
      // The setting ended with the hit's transaction: the connection's own is still on.
      const { rows } = await pool.query<{ mode: string }>("SELECT current_setting('synchronous_commit') AS mode");
      expect(rows[0]?.mode).toBe('on');
    } finally {
      await admin.query('ALTER SYSTEM RESET synchronous_standby_names');
      await admin.query('SELECT pg_reload_conf()');
      await plain;
      await admin.end();
    }
  });

  it('counts in the instance’s memory while the database does not answer, then shares again, logging each change once', async () => {
    const [pool] = (await instances(1)) as [pg.Pool];
    const log = memoryHubLogger();
    const limits = [{ limit: 1, windowSeconds: 60 }];
    const now = () => 1_700_000_000_000;
    const limiter = new SharedLimiter({
      name: 'per-number',
      shared: new PostgresRateLimiter(pool, 'per-number', limits, { now }),
      local: new InMemoryLimiter(limits, { personal: false, now }),
      logger: log.logger,
      timeoutMs: 200,
    });
    const locker = await pool.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE rate_limit_hits IN ACCESS EXCLUSIVE MODE');
      // Neither refused for the database's silence nor let through uncounted: the memory decides.
      expect(await limiter.hit('a')).toEqual({ allowed: true });
      expect(await limiter.hit('a')).toEqual({ allowed: false, retryAfterSeconds: 60 });
      expect(log.text().match(/shared rate limit unavailable/g)).toHaveLength(1);
    } finally {
      await locker.query('COMMIT');
      locker.release();
    }
    expect(await limiter.hit('b')).toEqual({ allowed: true });
    expect(await limiter.hit('b')).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(log.text().match(/shared rate limit available again/g)).toHaveLength(1);
  });
});
