import type pg from 'pg';

/**
 * Runs `work` in one transaction on a connection of its own: COMMIT when it resolves, ROLLBACK
 * when it throws (and the error goes on). A connection whose ROLLBACK failed is dropped from the
 * pool, never handed out again mid-transaction.
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * Takes a transaction-level advisory lock on `key` (released by COMMIT or ROLLBACK): serialises
 * what has no row to lock yet (a kiosk id not enrolled, a ticket id not issued) or what spans rows
 * (one window's call, one office's offline tags) across hub instances on one database.
 */
export async function lockKey(client: pg.PoolClient, key: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
}
