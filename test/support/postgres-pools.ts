import pg from 'pg';
import { afterEach } from 'vitest';

/**
 * Ends a pool and waits until each of its connections has closed: `pool.end()` resolves as soon
 * as it has asked them to, and a connection still open when the test server stops would get the
 * server's «terminating connection» as an unhandled error.
 */
export async function endPool(pool: pg.Pool): Promise<void> {
  let open = pool.totalCount;
  const closed = new Promise<void>((resolve) => {
    if (open === 0) resolve();
    pool.on('remove', () => {
      open -= 1;
      if (open === 0) resolve();
    });
  });
  await pool.end();
  await closed;
}

/**
 * For a `describe` body: opens pools for one test (a store, and `another` instance of it), all
 * ended after the test, passed or failed.
 */
export function usePools(): (config: pg.PoolConfig) => pg.Pool {
  const pools: pg.Pool[] = [];
  afterEach(async () => {
    await Promise.all(pools.splice(0).map(endPool));
  });
  return (config) => {
    const pool = new pg.Pool(config);
    pools.push(pool);
    return pool;
  };
}
