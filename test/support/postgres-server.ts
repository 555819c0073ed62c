/**
 * A throwaway PostgreSQL server (Debian's package, a temp data folder, a free port), for tests
 * (`test/support/postgres.ts` starts one per test file) and benches; no test runner needed here.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { postgresBinDir } from '../../scripts/postgres-bin.mjs';
import { freePort } from './free-port';

const execFileAsync = promisify(execFile);

/** The installed PostgreSQL's server programs, or undefined (its tests are then skipped, saying so). */
export const POSTGRES_BIN = postgresBinDir();

/** True when the PostgreSQL tests must be skipped; then says so on the console, never silently. */
export function postgresMissing(): boolean {
  if (POSTGRES_BIN !== undefined) return false;
  // biome-ignore lint/suspicious/noConsole: a skipped store must be seen in the test output.
  console.warn(
    'okno: PostgreSQL not found under /usr/lib/postgresql/*/bin: the PostgreSQL store tests are SKIPPED (apt-get install postgresql)',
  );
  return true;
}

/** The superuser initdb creates; trust authentication on a server only this test reaches. */
const SUPERUSER = 'okno';

/** A throwaway PostgreSQL server for one test file. */
export interface TestPostgres {
  port: number;
  /** The server's folder (its user's): the data folder `data` inside, room for a WAL archive or a dump. */
  dir: string;
  /** A fresh, empty database (its name), for one test. */
  createDatabase(): Promise<string>;
  /** Connection settings of `database` for a `pg.Pool` or `pg.Client`. */
  config(database: string): pg.PoolConfig;
  /** The URL of `database`, as `launchHub({ postgres: { url } })` takes it. */
  url(database: string): string;
  /**
   * Runs a PostgreSQL program (`pg_dump`, `pg_basebackup`…; a bare name is one of the server's)
   * or an absolute path as the server's user, so what it writes in `dir` is the server's; its stdout.
   */
  run(program: string, args: readonly string[]): Promise<string>;
  /** Stops the server at once (immediate shutdown: no checkpoint, as a crash), keeping its folder. */
  crash(): Promise<void>;
  /** Stops the server and removes its data folder. */
  stop(): Promise<void>;
}

/** How to start a test server, when not the defaults (a fresh cluster from initdb). */
export interface TestPostgresOptions {
  /**
   * Commits flushed to disk as in production (`fsync`, `synchronous_commit` and
   * `full_page_writes` on, PostgreSQL's defaults): for benches, which measure what a commit
   * costs. Off by default: tests throw their data away and need no flush.
   */
  durable?: boolean;
  /** Server settings (`-c name=value`) over the test's defaults, e.g. `archive_mode: 'on'`. */
  settings?: Readonly<Record<string, string>>;
  /**
   * Fills the data folder (not there yet) instead of initdb: a base backup of another server, for
   * a standby or a restore. `run` is `TestPostgres.run`.
   */
  initData?: (dataDir: string, run: TestPostgres['run']) => Promise<void>;
}

/**
 * The user the server runs as: initdb and postgres refuse to run as root, and tests often do, so
 * then Debian's `postgres` system user runs them (through setpriv) on a folder chowned to it.
 */
async function serverUser(): Promise<{ prefix: string[]; uid: number; gid: number } | undefined> {
  if (userInfo().uid !== 0) return undefined;
  const [uid, gid] = await Promise.all(
    ['-u', '-g'].map(async (flag) => Number((await execFileAsync('id', [flag, 'postgres'])).stdout.trim())),
  );
  return {
    prefix: ['setpriv', '--reuid=postgres', '--regid=postgres', '--clear-groups', '--'],
    uid: uid as number,
    gid: gid as number,
  };
}

/** Resolves once the server accepts connections; rejects when it exits first. */
async function waitUntilReady(server: ChildProcess, config: pg.ClientConfig, output: () => string): Promise<void> {
  const exited = new Promise<never>((_, reject) => {
    server.once('exit', (code) => reject(new Error(`postgres exited (${code}) before it was ready:\n${output()}`)));
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const client = new pg.Client(config);
    try {
      await Promise.race([client.connect(), exited]);
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (server.exitCode !== null || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * Starts PostgreSQL from Debian's package on a temp data folder: listening on 127.0.0.1 at a free
 * port and on a unix socket inside that folder only. `fsync = off` unless `durable`, because the
 * data is thrown away (never do that to a real hub's database).
 */
export async function startTestPostgres(options: TestPostgresOptions = {}): Promise<TestPostgres> {
  if (POSTGRES_BIN === undefined) throw new Error('PostgreSQL is not installed (/usr/lib/postgresql/*/bin)');
  const bin = POSTGRES_BIN;
  const dir = await mkdtemp(path.join(tmpdir(), 'okno-pg-'));
  const dataDir = path.join(dir, 'data');
  const user = await serverUser();
  if (user) await chown(dir, user.uid, user.gid);
  const asServerUser = (program: string, args: readonly string[]): [string, string[]] => {
    const file = path.isAbsolute(program) ? program : path.join(bin, program);
    return user ? [user.prefix[0] as string, [...user.prefix.slice(1), file, ...args]] : [file, [...args]];
  };
  const run = async (program: string, args: readonly string[]): Promise<string> =>
    (await execFileAsync(...asServerUser(program, args), { cwd: dir })).stdout;

  let server: ChildProcess | undefined;
  try {
    if (options.initData) await options.initData(dataDir, run);
    else
      await run('initdb', [
        '--pgdata',
        dataDir,
        '--username',
        SUPERUSER,
        '--auth',
        'trust',
        '--encoding',
        'UTF8',
        '--locale',
        'C',
        '--no-sync',
      ]);
    const port = await freePort();
    const settings: Record<string, string> = {
      listen_addresses: '127.0.0.1',
      unix_socket_directories: dir,
      ...(options.durable === true ? {} : { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' }),
      ...options.settings,
    };
    const postgresArgs = ['-D', dataDir, '-p', String(port)];
    for (const [name, value] of Object.entries(settings)) postgresArgs.push('-c', `${name}=${value}`);
    const [command, commandArgs] = asServerUser('postgres', postgresArgs);
    let output = '';
    const started = spawn(command, commandArgs, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    server = started;
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    started.stdout?.on('data', collect);
    started.stderr?.on('data', collect);
    const config = (database: string): pg.PoolConfig => ({ host: '127.0.0.1', port, user: SUPERUSER, database });
    await waitUntilReady(started, config('postgres'), () => output);

    return {
      port,
      dir,
      config,
      url: (database) => `postgres://${SUPERUSER}@127.0.0.1:${port}/${database}`,
      run,
      async createDatabase() {
        const name = `test_${randomBytes(6).toString('hex')}`;
        const client = new pg.Client(config('postgres'));
        await client.connect();
        try {
          // FILE_COPY: a plain copy of the small template, quicker than logging it page by page.
          await client.query(`CREATE DATABASE ${name} TEMPLATE template0 STRATEGY FILE_COPY`);
        } finally {
          await client.end();
        }
        return name;
      },
      async crash() {
        if (started.exitCode !== null || started.signalCode !== null) return;
        const exited = new Promise((resolve) => started.once('exit', resolve));
        started.kill('SIGQUIT');
        await exited;
      },
      async stop() {
        await stopServer(started);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (server) await stopServer(server);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * A hot standby of `primary` streaming from it, as `docs/operations/hub.md` makes one:
 * `pg_basebackup -R` (the copy, then `standby.signal` and `primary_conninfo`) as `user`, on
 * the replication slot `slot` (made by the copy, `-C`).
 */
export function startTestStandby(
  primary: TestPostgres,
  options: { user: string; slot: string; settings?: Readonly<Record<string, string>> },
): Promise<TestPostgres> {
  return startTestPostgres({
    ...(options.settings ? { settings: options.settings } : {}),
    initData: async (dataDir, run) => {
      await run('pg_basebackup', [
        ...['-h', '127.0.0.1', '-p', String(primary.port), '-U', options.user],
        ...['-D', dataDir, '-R', '-X', 'stream', '-C', '-S', options.slot, '--checkpoint=fast', '--no-sync'],
      ]);
    },
  });
}

/**
 * Smart shutdown first (SIGTERM: no new sessions, the open ones end on their own), so a pool the
 * test just ended, whose sockets are still closing, is not told FATAL (an unhandled error in the
 * test run); fast shutdown (SIGINT) after 3 s for a session a test left open; SIGKILL after 10 s.
 */
async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  const fastTimer = setTimeout(() => server.kill('SIGINT'), 3_000);
  const killTimer = setTimeout(() => server.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(fastTimer);
  clearTimeout(killTimer);
}
