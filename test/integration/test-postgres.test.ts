import { existsSync, statSync } from 'node:fs';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { postgresMissing, startTestPostgres, useTestPostgres } from '../support/postgres';

describe.skipIf(postgresMissing())('the throwaway PostgreSQL of the tests (test/support/postgres.ts)', () => {
  const server = useTestPostgres();

  it('serves fresh databases that do not see each other, on 127.0.0.1 only', async () => {
    const [first, second] = [await server().createDatabase(), await server().createDatabase()];
    expect(first).not.toBe(second);
    const a = new pg.Client(server().config(first));
    const b = new pg.Client(server().config(second));
    await Promise.all([a.connect(), b.connect()]);
    try {
      await a.query('CREATE TABLE only_here (x int)');
      const seen = await b.query("SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'only_here'");
      expect(seen.rows[0]).toEqual({ n: 0 });
      const settings = await a.query(
        "SELECT current_setting('listen_addresses') AS listen, current_setting('fsync') AS fsync, inet_server_addr()::text AS addr",
      );
      expect(settings.rows[0]).toEqual({ listen: '127.0.0.1', fsync: 'off', addr: '127.0.0.1/32' });
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });

  it('runs the server as a user that is not root, durable when asked, stops it and removes its data folder', async () => {
    const other = await startTestPostgres({ durable: true });
    const probe = new pg.Client(other.config('postgres'));
    await probe.connect();
    const dataDir = (await probe.query('SHOW data_directory')).rows[0] as { data_directory: string };
    // A bench's server flushes commits as production does.
    const flushing = await probe.query(
      "SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS commit, current_setting('full_page_writes') AS pages",
    );
    expect(flushing.rows[0]).toEqual({ fsync: 'on', commit: 'on', pages: 'on' });
    await probe.end();
    // initdb and postgres refuse root: the data folder belongs to whoever ran them.
    expect(statSync(dataDir.data_directory).uid).not.toBe(0);
    await other.stop();
    expect(existsSync(dataDir.data_directory)).toBe(false);
    const refused = new pg.Client(other.config('postgres'));
    await expect(refused.connect()).rejects.toThrow(/ECONNREFUSED/);
  }, 60_000);
});
