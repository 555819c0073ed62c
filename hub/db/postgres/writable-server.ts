import type pg from 'pg';
import { DatabaseNotWritableError } from '../database-not-writable';

/**
 * Throws `DatabaseNotWritableError` when the server cannot take the hub's writes: a standby
 * (in recovery, read-only until promoted) or a server whose transactions are read-only. Reads
 * no table, so readiness asks it on every probe.
 */
export async function assertWritableServer(db: pg.Pool | pg.PoolClient): Promise<void> {
  const { rows } = await db.query<{ standby: boolean; readOnly: boolean }>(
    `SELECT pg_is_in_recovery() AS standby, current_setting('transaction_read_only') = 'on' AS "readOnly"`,
  );
  const [state] = rows;
  if (state?.standby) {
    throw new DatabaseNotWritableError(
      'the PostgreSQL server is a standby in recovery, read-only: point the hub at the primary, or promote this one',
    );
  }
  if (state?.readOnly) {
    throw new DatabaseNotWritableError(
      'the PostgreSQL server is read-only (default_transaction_read_only): point the hub at a writable primary',
    );
  }
}
