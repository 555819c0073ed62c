import type pg from 'pg';
import type { LookupLogEntry } from '../hub-repository';
import { inTransaction } from './postgres-transaction';

/** Options of `PostgresBatchedWriter`. */
export interface PostgresBatchedWriterOptions {
  /** How often what waits is written, ms (10 by default). */
  flushEveryMs?: number;
  /** Written at once when this many lookup-log entries wait (500 by default). */
  maxEntries?: number;
  /** Told when a batch could not be written (its rows are dropped; the hub keeps serving). */
  onError: (error: unknown) => void;
}

/**
 * Writes the hub's bulky, non-critical rows on PostgreSQL (the lookup log, kiosks' last contacts)
 * in batches: buffered in memory and written every few ms as one multi-row INSERT and one
 * UPDATE … FROM unnest, in one transaction per batch, batches one after the other (one pooled
 * connection at most, so requests keep the rest of the pool).
 *
 * Each batch commits with `synchronous_commit = off` (`SET LOCAL`: that transaction only): the
 * commit does not wait for its WAL to reach the disk; PostgreSQL's WAL writer flushes it within
 * 3 × `wal_writer_delay` (600 ms by default), and any synchronous commit flushes it sooner. A crash
 * of the database server loses at most those batches, never leaving the database inconsistent; a
 * crash of the hub loses what was still buffered (`flushEveryMs`). Tickets, payments and outbox
 * items never go through here: their commits stay synchronous (issue 18: the p99 tail).
 */
export class PostgresBatchedWriter {
  readonly #pool: pg.Pool;
  readonly #options: PostgresBatchedWriterOptions;
  readonly #timer: NodeJS.Timeout;
  #entries: LookupLogEntry[] = [];
  /** Each kiosk's newest contact since the last batch. */
  #touches = new Map<string, string>();
  /** The last batch written (or trying): the next one starts after it. */
  #last: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(pool: pg.Pool, options: PostgresBatchedWriterOptions) {
    this.#pool = pool;
    this.#options = options;
    this.#timer = setInterval(() => void this.flush(), options.flushEveryMs ?? 10);
    this.#timer.unref();
  }

  appendLookupLog(entry: LookupLogEntry): void {
    if (this.#closed) throw new Error('the batched writer is closed');
    this.#entries.push(entry);
    if (this.#entries.length >= (this.#options.maxEntries ?? 500)) void this.flush();
  }

  touchKiosk(id: string, at: string): void {
    if (this.#closed) throw new Error('the batched writer is closed');
    this.#touches.set(id, at);
  }

  /**
   * Writes what waits, after every batch before; resolves once it is committed or has failed
   * (told to `onError`, never thrown), so a caller reading the rows next sees what it appended.
   */
  flush(): Promise<void> {
    if (this.#entries.length === 0 && this.#touches.size === 0) return this.#last;
    const entries = this.#entries;
    const touches = this.#touches;
    this.#entries = [];
    this.#touches = new Map();
    this.#last = this.#last
      .then(() => this.#write(entries, touches))
      .catch((error: unknown) => {
        this.#options.onError(error);
      });
    return this.#last;
  }

  /** Writes what waits, then takes no more. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
    this.#closed = true;
  }

  async #write(entries: readonly LookupLogEntry[], touches: ReadonlyMap<string, string>): Promise<void> {
    const kioskIds = [...touches.keys()].sort();
    await inTransaction(this.#pool, async (client) => {
      await client.query('SET LOCAL synchronous_commit = off');
      if (entries.length > 0) {
        // unnest keeps the arrays' order: the log's ids follow the order of the lookups.
        await client.query(
          `INSERT INTO lookup_log (at, kiosk_id, masked_number, outcome)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])`,
          [
            entries.map((entry) => entry.at),
            entries.map((entry) => entry.kioskId),
            entries.map((entry) => entry.maskedNumber),
            entries.map((entry) => entry.outcome),
          ],
        );
      }
      if (kioskIds.length > 0) {
        // Locked in id order first: two instances' batches never wait on each other in a circle.
        await client.query('SELECT 1 FROM kiosks WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE', [kioskIds]);
        await client.query(
          `UPDATE kiosks AS k SET last_seen_at = t.at
           FROM unnest($1::text[], $2::text[]) AS t (id, at) WHERE k.id = t.id`,
          [kioskIds, kioskIds.map((id) => touches.get(id))],
        );
      }
    });
  }
}
