import type pg from 'pg';
import { type ContentWriteLock, RepositoryBusyError } from './repository-lock';

/**
 * The advisory lock's name (its key is `hashtextextended(name, 0)`, as `PostgresLeaderLock`'s):
 * every hub instance and admin CLI on the database takes the same one.
 */
export const CONTENT_WRITE_LOCK_NAME = 'okno-content-write';

/**
 * The content write lock of hub instances on several machines sharing the repository folder: a
 * session-level advisory lock (`pg_try_advisory_lock`) on a connection of the pool, held for the
 * write's duration, so the admin CLI on one machine and the leading hub's re-signing on another
 * exclude each other where a lock file's pid could not be checked. When the writer dies its
 * session ends and PostgreSQL frees the lock: nothing is left to take over.
 * The write's own queries take other connections of the pool: give it two at least.
 */
export function postgresContentWriteLock(pool: pg.Pool): ContentWriteLock {
  return {
    async run(write) {
      const client = await pool.connect();
      let taken = false;
      try {
        const { rows } = await client.query<{ taken: boolean }>(
          'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS taken',
          [CONTENT_WRITE_LOCK_NAME],
        );
        taken = rows[0]?.taken === true;
      } catch (error) {
        client.release(true);
        throw error;
      }
      if (!taken) {
        client.release();
        throw new RepositoryBusyError(
          'another publish or re-signing is under way (the content write lock in PostgreSQL is held); try again in a moment',
        );
      }
      try {
        return await write();
      } finally {
        // A connection whose unlock failed is dropped, not pooled: its session's end frees the lock.
        await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [CONTENT_WRITE_LOCK_NAME]).then(
          () => client.release(),
          (error: Error) => client.release(error),
        );
      }
    },
  };
}
