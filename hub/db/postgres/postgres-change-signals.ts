import pg from 'pg';
import { CHANGE_TOPICS, type ChangeSignals, type ChangeTopic, TopicListeners } from '../../server/change-signals';
import type { HubLogger } from '../../server/hub-logger';

/** The NOTIFY channel of a topic (one per topic: a listener wakes only for what it watches). */
function channelOf(topic: ChangeTopic): string {
  return `okno_${topic}`;
}

const TOPIC_OF_CHANNEL = new Map(CHANGE_TOPICS.map((topic) => [channelOf(topic), topic] as const));

/** Options of `PostgresChangeSignals.start`. */
export interface PostgresChangeSignalsOptions {
  /** Sends the NOTIFYs (any pooled connection will do). */
  pool: pg.Pool;
  /** The LISTEN connection's settings: its own connection, held open, never a pooled one. */
  connection: pg.ClientConfig;
  logger: HubLogger;
  /** The first wait before connecting again after the LISTEN connection was lost (ms); doubles up to 10 s. */
  reconnectMs?: number;
}

const MAX_RECONNECT_MS = 10_000;

/**
 * `ChangeSignals` across hub instances over PostgreSQL's LISTEN/NOTIFY: `notify` is a
 * `pg_notify` on the pool; one connection of its own LISTENs to every topic. When that
 * connection is lost (a failover, a restart, a terminated backend), notifications sent meanwhile
 * are lost with it: it connects again with a growing wait, and then calls every listener once so
 * each watcher reads the database afresh.
 */
export class PostgresChangeSignals implements ChangeSignals {
  readonly #options: PostgresChangeSignalsOptions;
  readonly #listeners: TopicListeners;
  #client: pg.Client | undefined;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #failures = 0;
  #closed = false;

  private constructor(options: PostgresChangeSignalsOptions) {
    this.#options = options;
    this.#listeners = new TopicListeners((error, topic) =>
      options.logger.error({ err: error, topic }, 'a change listener failed'),
    );
  }

  /** Connects the LISTEN connection; throws when the database cannot be reached at start. */
  static async start(options: PostgresChangeSignalsOptions): Promise<PostgresChangeSignals> {
    const signals = new PostgresChangeSignals(options);
    await signals.#listen();
    return signals;
  }

  /**
   * Sends only, never listens (no connection of its own; `subscribe`'s listeners are never
   * called): for a process that changes things and watches nothing, the admin CLI.
   */
  static sender(options: Omit<PostgresChangeSignalsOptions, 'connection'>): PostgresChangeSignals {
    return new PostgresChangeSignals({ ...options, connection: {} });
  }

  /** Whether the LISTEN connection is up now (readiness; signals sent while it is down are missed). */
  get listening(): boolean {
    return this.#client !== undefined;
  }

  async notify(topic: ChangeTopic): Promise<void> {
    // Sent at once (not in the caller's transaction): callers notify after their change committed.
    await this.#options.pool.query('SELECT pg_notify($1, $2)', [channelOf(topic), '']);
  }

  subscribe(topic: ChangeTopic, listener: () => void): () => void {
    return this.#listeners.add(topic, listener);
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#reconnectTimer);
    const client = this.#client;
    this.#client = undefined;
    this.#listeners.clear();
    await client?.end().catch(() => undefined);
  }

  async #listen(): Promise<void> {
    const client = new pg.Client(this.#options.connection);
    // Without a handler, a lost connection's error would crash the hub.
    client.on('error', (error) => this.#lost(client, error));
    client.on('end', () => this.#lost(client, new Error('the LISTEN connection ended')));
    client.on('notification', (message) => {
      const topic = TOPIC_OF_CHANNEL.get(message.channel);
      if (topic !== undefined) this.#listeners.call(topic);
    });
    try {
      await client.connect();
      for (const topic of CHANGE_TOPICS) await client.query(`LISTEN ${channelOf(topic)}`);
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.#closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.#client = client;
  }

  #lost(client: pg.Client, error: Error): void {
    if (this.#client !== client || this.#closed) return;
    this.#client = undefined;
    this.#options.logger.warn({ err: error }, 'change signals: the LISTEN connection was lost; connecting again');
    client.end().catch(() => undefined);
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (this.#closed || this.#reconnectTimer !== undefined) return;
    const delay = Math.min(MAX_RECONNECT_MS, (this.#options.reconnectMs ?? 200) * 2 ** this.#failures);
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      this.#listen().then(
        () => {
          this.#failures = 0;
          this.#options.logger.info({}, 'change signals: listening again');
          // Whatever changed while nobody listened: every watcher looks again.
          this.#listeners.callAll();
        },
        (error: unknown) => {
          this.#failures += 1;
          this.#options.logger.warn({ err: error, failures: this.#failures }, 'change signals: reconnect failed');
          this.#scheduleReconnect();
        },
      );
    }, delay);
    this.#reconnectTimer.unref();
  }
}
