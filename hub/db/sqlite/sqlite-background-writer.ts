import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';

/**
 * The statements a background writer may run, by name: only rows whose loss in a power cut costs
 * a little history, never a ticket, a payment or an outbox item.
 */
export const BACKGROUND_STATEMENTS = {
  lookupLog:
    'INSERT INTO lookup_log (at, kiosk_id, masked_number, outcome) VALUES (@at, @kioskId, @maskedNumber, @outcome)',
  touchKiosk: 'UPDATE kiosks SET last_seen_at = @at WHERE id = @id',
  touchHealth: 'UPDATE kiosk_health SET last_seen_at = max(last_seen_at, @at) WHERE kiosk_id = @id',
} as const;

export type BackgroundStatement = keyof typeof BACKGROUND_STATEMENTS;

/** One row to write: a named statement and its named parameters. */
export interface BackgroundWrite {
  statement: BackgroundStatement;
  params: Readonly<Record<string, string>>;
}

/** Options of `SqliteBackgroundWriter.start`. */
export interface BackgroundWriterOptions {
  /** How often the worker folds the WAL into the database (`wal_checkpoint(PASSIVE)`), ms. */
  checkpointEveryMs?: number;
  /** Told when a timed checkpoint fails (the next one tries again). */
  onCheckpointError?: (error: Error) => void;
}

/** What the worker tells: ready, a batch written or failed, a checkpoint failed, closed. */
const WorkerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('written'), id: z.number() }),
  z.object({ type: z.literal('failed'), id: z.number(), message: z.string() }),
  z.object({ type: z.literal('checkpoint-failed'), message: z.string() }),
  z.object({ type: z.literal('closed') }),
]);
type WorkerMessage = z.infer<typeof WorkerMessage>;

/**
 * The worker's code (CommonJS, run with `eval`, so it needs no file of its own next to a bundle):
 * its own connection with `synchronous = NORMAL`, each batch one transaction, and a timed passive
 * checkpoint, which never waits for readers or writers.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = NORMAL');
const statements = {};
for (const [name, sql] of Object.entries(workerData.statements)) statements[name] = db.prepare(sql);
const writeAll = db.transaction((writes) => {
  for (const write of writes) statements[write.statement].run(write.params);
});
const checkpoints = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage({ type: 'checkpoint-failed', message: String(error && error.message) });
  }
}, workerData.checkpointEveryMs);
parentPort.on('message', (message) => {
  if (message.type === 'write') {
    try {
      writeAll(message.writes);
      parentPort.postMessage({ type: 'written', id: message.id });
    } catch (error) {
      parentPort.postMessage({ type: 'failed', id: message.id, message: String(error && error.message) });
    }
  } else if (message.type === 'close') {
    clearInterval(checkpoints);
    db.close();
    parentPort.postMessage({ type: 'closed' });
  }
});
parentPort.postMessage({ type: 'ready' });
`;

/**
 * Writes the hub's bulky, non-critical rows (the lookup log, kiosks' last contacts) and runs the
 * WAL checkpoints on a second connection in a worker thread, so that neither their inserts nor
 * their fsyncs stall the event loop that answers kiosks (issue 18: the p99 tail).
 *
 * That connection commits with `synchronous = NORMAL`: a batch is in the WAL when `write`
 * resolves and survives a crash of the hub process; a power cut loses the batches committed since
 * the WAL was last synced, which is at the next checkpoint (every `checkpointEveryMs`) or the next
 * critical commit on the main connection (`synchronous = FULL` syncs the whole WAL, earlier
 * frames included). Tickets, payments and outbox items never go through here.
 */
export class SqliteBackgroundWriter {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  #nextId = 1;
  #closing: Promise<void> | undefined;
  #failure: Error | undefined;

  private constructor(worker: Worker, options: BackgroundWriterOptions) {
    this.#worker = worker;
    worker.on('message', (raw: unknown) => this.#receive(WorkerMessage.parse(raw), options));
    worker.on('error', (error) => this.#fail(error));
    worker.on('exit', () => this.#fail(new Error('the background writer stopped')));
  }

  /** Starts the worker on the database `file` (already created and migrated); resolves once it is ready. */
  static async start(file: string, options: BackgroundWriterOptions = {}): Promise<SqliteBackgroundWriter> {
    if (file === ':memory:') throw new Error('a background writer needs a database file');
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        file,
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
        statements: BACKGROUND_STATEMENTS,
        checkpointEveryMs: options.checkpointEveryMs ?? 1000,
      },
    });
    await new Promise<void>((resolve, reject) => {
      const onMessage = (raw: unknown) => {
        if (WorkerMessage.parse(raw).type !== 'ready') return;
        worker.off('error', reject);
        worker.off('message', onMessage);
        resolve();
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
    return new SqliteBackgroundWriter(worker, options);
  }

  /** Writes `writes` in one transaction; resolves once they are committed (in the WAL). */
  write(writes: readonly BackgroundWrite[]): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#closing) return Promise.reject(new Error('the background writer is closed'));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ type: 'write', id, writes });
    });
  }

  /** Waits for the batches sent so far, then closes the worker's connection and ends it. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      if (this.#failure) return;
      const closed = new Promise<void>((resolve) => this.#worker.once('exit', () => resolve()));
      // The worker answers messages in order: every batch before this is answered before it closes.
      this.#worker.postMessage({ type: 'close' });
      await closed;
    })();
    return this.#closing;
  }

  #receive(message: WorkerMessage, options: BackgroundWriterOptions): void {
    switch (message.type) {
      case 'written':
        this.#settle(message.id)?.resolve();
        return;
      case 'failed':
        this.#settle(message.id)?.reject(new Error(message.message));
        return;
      case 'checkpoint-failed':
        options.onCheckpointError?.(new Error(message.message));
        return;
      case 'closed':
        void this.#worker.terminate();
        return;
      case 'ready':
        return;
    }
  }

  #settle(id: number) {
    const waiting = this.#pending.get(id);
    this.#pending.delete(id);
    return waiting;
  }

  /** The worker is gone: every batch still waiting fails, and so does every later one. */
  #fail(error: Error): void {
    if (this.#closing === undefined) this.#failure ??= error;
    for (const waiting of this.#pending.values()) waiting.reject(error);
    this.#pending.clear();
  }
}
