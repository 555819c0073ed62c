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
