import pg from 'pg';
import type { HubLogger } from '../../server/hub-logger';

/** Options of `PostgresLeaderLock.start`. */
export interface PostgresLeaderLockOptions {
  /** The lock's connection settings: a connection of its own, held open while it leads. */
  connection: pg.ClientConfig;
  /** What is led, e.g. `content re-signing`: the lock's key is derived from it. */
  name: string;
  logger: HubLogger;
  /** How often an instance that does not lead tries to take the lock (ms). */
  retryMs?: number;
}

/**
 * One hub instance at a time does a job (the timestamp metadata's re-signing) through a
 * session-level advisory lock: the instance whose connection holds `pg_try_advisory_lock` leads;
 * the others try again every `retryMs`. The lock lives as long as the connection: when the
 * leading instance dies (kill -9, a lost network), PostgreSQL ends its session and frees the lock,
 * and another instance takes it at its next try. Before each run the job asks `confirm()`, a
 * round trip on the lock's own connection: an instance cut off from the database (whose lock the
 * server may have freed) finds out then, not after the run.
 */
export class PostgresLeaderLock {
  readonly #options: PostgresLeaderLockOptions;
  #client: pg.Client | undefined;
  #timer: NodeJS.Timeout | undefined;
  #trying: Promise<void> | undefined;
  #closed = false;

  private constructor(options: PostgresLeaderLockOptions) {
    this.#options = options;
  }

  /** Tries once now, then every `retryMs` while not leading. */
  static async start(options: PostgresLeaderLockOptions): Promise<PostgresLeaderLock> {
    const lock = new PostgresLeaderLock(options);
    await lock.tryNow();
    lock.#timer = setInterval(() => void lock.tryNow(), options.retryMs ?? 10_000);
    lock.#timer.unref();
    return lock;
  }

  /** Whether this instance holds the lock (its connection is up and took it). */
  get leading(): boolean {
    return this.#client !== undefined;
  }

  /**
   * Whether this instance still leads, asked of the database on the lock's connection (a lost
   * connection ends the lead). Call just before each run of the job.
   */
  async confirm(): Promise<boolean> {
    const client = this.#client;
    if (client === undefined) return false;
    try {
      await client.query('SELECT 1');
      return this.#client === client;
    } catch (error) {
      this.#lost(client, error instanceof Error ? error : new Error(String(error)));
      return false;
    }
  }

  /** One attempt to take the lock, unless this instance leads already (one attempt at a time). */
  tryNow(): Promise<void> {
    if (this.#closed || this.#client !== undefined) return Promise.resolve();
    this.#trying ??= this.#take().finally(() => {
      this.#trying = undefined;
    });
    return this.#trying;
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    await this.#trying;
    const client = this.#client;
    this.#client = undefined;
    if (client === undefined) return;
    this.#options.logger.info({ job: this.#options.name }, 'this hub instance stops leading the job (closing)');
    // Ending the session frees the lock at once: another instance takes it at its next try.
    await client.end().catch(() => undefined);
  }

  async #take(): Promise<void> {
    // A bounded round trip: `confirm` on a connection whose peer vanished answers within 5 s.
    const client = new pg.Client({ keepAlive: true, query_timeout: 5_000, ...this.#options.connection });
    client.on('error', (error) => this.#lost(client, error));
    client.on('end', () => this.#lost(client, new Error('the lock connection ended')));
    try {
      await client.connect();
      const { rows } = await client.query<{ taken: boolean }>(
        'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS taken',
        [`okno-leader:${this.#options.name}`],
      );
      if (rows[0]?.taken !== true || this.#closed) {
        client.removeAllListeners('end');
        await client.end();
        return;
      }
      this.#client = client;
      this.#options.logger.info({ job: this.#options.name }, 'this hub instance leads the job now');
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      this.#options.logger.warn({ err: error, job: this.#options.name }, 'the leader lock could not be tried');
    }
  }

  #lost(client: pg.Client, error: Error): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    this.#options.logger.warn({ err: error, job: this.#options.name }, 'the leader lock was lost with its connection');
    client.end().catch(() => undefined);
  }
}
