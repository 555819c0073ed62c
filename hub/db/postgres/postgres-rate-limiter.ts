import type pg from 'pg';
import type { RateLimit } from '../../server/hub-config';
import { type KeyedLimiter, type RateDecision, sharedKeyedHash, windowDecision } from '../../server/rate-limiter';

/** Options of `PostgresRateLimiter`. */
export interface PostgresRateLimiterOptions {
  /** The clock, in milliseconds (tests pass a fake one). */
  now?: () => number;
  /** Turns a caller's key into the key stored; `PostgresRateLimiter.sharedKeyOf` for personal data. */
  keyOf?: (key: string) => string;
}

interface HitsRow {
  hits: string[];
  allowed: boolean;
}

/**
 * A sliding-window limit (one or several windows over the same key, all of which must have room)
 * shared by every hub instance: the decisions of `SlidingWindowLimiter`/`MultiWindowLimiter`,
 * kept in PostgreSQL. One row per key holds the times of its hits inside the longest window; a hit
 * is one `INSERT … ON CONFLICT DO UPDATE`, whose update is worked out on the row's newest version
 * under its row lock, so two instances hitting one key at once are counted one after the other and
 * never let more through than the limit. A refused hit records nothing.
 *
 * A hit is a write per request, so it is made cheap: one statement (one round trip, prepared once
 * per connection) whose commit does not wait for the disk (`synchronous_commit = off` for that
 * transaction only). A crash of the database may forget the hits of its last fraction of a second
 * (three times `wal_writer_delay` at most): a limit counts abuse over minutes and hours, so a few
 * forgotten hits let a few requests more through once, never corrupt anything. Everything that
 * must be durable (tickets, money, the outbox) keeps its synchronous commit.
 */
export class PostgresRateLimiter implements KeyedLimiter {
  readonly #pool: pg.Pool;
  readonly #name: string;
  readonly #limits: readonly RateLimit[];
  readonly #windowsMs: number[];
  readonly #now: () => number;
  readonly #keyOf: (key: string) => string;

  /** `name` tells this limit's keys from other limits' in the shared table (e.g. `lookup-per-number`). */
  constructor(pool: pg.Pool, name: string, limits: readonly RateLimit[], options: PostgresRateLimiterOptions = {}) {
    if (limits.length === 0) throw new Error('a rate limiter needs at least one window');
    this.#pool = pool;
    this.#name = name;
    this.#limits = limits;
    this.#windowsMs = limits.map((limit) => limit.windowSeconds * 1000);
    this.#now = options.now ?? Date.now;
    this.#keyOf = options.keyOf ?? ((key) => key);
  }

  /** The keyed hash every instance computes alike, under the secret the database keeps (migration 0007). */
  static async sharedKeyOf(pool: pg.Pool): Promise<(key: string) => string> {
    const { rows } = await pool.query<{ value: Buffer }>("SELECT value FROM hub_secrets WHERE name = 'rate-limit-key'");
    const secret = rows[0]?.value;
    if (secret === undefined) throw new Error('the shared rate-limit key is missing (migration 0007)');
    return sharedKeyedHash(secret);
  }

  /** Records a hit for `key` if every window has room; otherwise the longest wait among the full ones. */
  async hit(rawKey: string): Promise<RateDecision> {
    const now = this.#now();
    const { rows } = await this.#pool.query<HitsRow>({
      name: 'rate-limit-hit',
      // $3 now, $4 the longest window, $5/$6 each window and its limit (every limit is at least 1,
      // so a key's first hit always fits). set_config(…, true) is SET LOCAL inside the statement's
      // own transaction, still in force when it commits; compared in WHERE so it is always evaluated.
      text: `INSERT INTO rate_limit_hits AS r (name, key, hits, allowed)
       SELECT $1, $2, ARRAY[$3::bigint], true
       FROM (SELECT set_config('synchronous_commit', 'off', true) AS commit_mode) AS c
       WHERE c.commit_mode = 'off'
       ON CONFLICT (name, key) DO UPDATE SET (hits, allowed) = (
         SELECT CASE WHEN d.fits THEN d.kept || $3::bigint ELSE d.kept END, d.fits
         FROM (
           SELECT
             coalesce(
               (SELECT array_agg(h ORDER BY h) FROM unnest(r.hits) AS h WHERE h > $3 - $4),
               '{}'::bigint[]
             ) AS kept,
             (SELECT bool_and((SELECT count(*) FROM unnest(r.hits) AS h WHERE h > $3 - w.win) < w.lim)
              FROM unnest($5::bigint[], $6::int[]) AS w(win, lim)) AS fits
         ) AS d
       )
       RETURNING hits, allowed`,
      values: [
        this.#name,
        this.#keyOf(rawKey),
        now,
        Math.max(...this.#windowsMs),
        this.#windowsMs,
        this.#limits.map((l) => l.limit),
      ],
    });
    const row = rows[0];
    if (row === undefined) throw new Error('the rate limit was not recorded');
    if (row.allowed) return { allowed: true };
    return this.#decide(row.hits.map(Number), now);
  }

  /** Whether `key` would be refused now, without recording a hit. */
  async check(rawKey: string): Promise<RateDecision> {
    const now = this.#now();
    const { rows } = await this.#pool.query<{ hits: string[] }>(
      'SELECT hits FROM rate_limit_hits WHERE name = $1 AND key = $2',
      [this.#name, this.#keyOf(rawKey)],
    );
    return this.#decide((rows[0]?.hits ?? []).map(Number), now);
  }

  /** Deletes the keys whose hits have all left the longest window; returns how many (housekeeping). */
  async prune(): Promise<number> {
    const cutoff = this.#now() - Math.max(...this.#windowsMs);
    const { rowCount } = await this.#pool.query(
      'DELETE FROM rate_limit_hits WHERE name = $1 AND hits[array_upper(hits, 1)] <= $2',
      [this.#name, cutoff],
    );
    return rowCount ?? 0;
  }

  /** `prune`, as the hub's housekeeping calls every limit. */
  async sweep(): Promise<void> {
    await this.prune();
  }

  /** The longest wait among the full windows, by the rule the in-memory limiter uses. */
  #decide(hits: readonly number[], now: number): RateDecision {
    let wait = 0;
    this.#limits.forEach((limit, i) => {
      const windowMs = this.#windowsMs[i] ?? 0;
      const decision = windowDecision(
        hits.filter((at) => at > now - windowMs),
        limit.limit,
        windowMs,
        now,
      );
      if (!decision.allowed) wait = Math.max(wait, decision.retryAfterSeconds);
    });
    return wait > 0 ? { allowed: false, retryAfterSeconds: wait } : { allowed: true };
  }
}
