/**
 * The database answers but takes no writes (a PostgreSQL standby, a server set read-only): a hub
 * on it would fail every ticket and outbox batch, so it refuses to start and is not ready.
 */
export class DatabaseNotWritableError extends Error {
  override name = 'DatabaseNotWritableError';
}
