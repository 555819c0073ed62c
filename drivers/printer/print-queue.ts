import type { z } from 'zod';
import { ReceiptDocument } from '../../kiosk-config/src/receipt/receipt-document';
import { type JournalRecord, PrintJournal } from './print-journal';
import type { PrintFailure, PrintProgress, ReceiptPrinter } from './receipt-printer';

/**
 * Where a job is:
 * - `queued`: journaled, waiting its turn; `printing`: being sent or awaiting confirmation;
 * - `printed`: the printer confirmed it (final); `cancelled`: its owner gave it up (final);
 * - `failed`: the attempt failed (`failure.progress` says how far it got) and the job waits
 *   for its owner to `reprint` or `cancel` it;
 * - `uncertain`: the kiosk stopped (crash, power cut) while the job was being sent: it may or
 *   may not be on paper. Never resent by itself; it waits for its owner's decision too.
 */
export type PrintJobState = 'queued' | 'printing' | 'printed' | 'failed' | 'uncertain' | 'cancelled';

/** Why an attempt failed, and how far it got. */
export interface PrintJobFailure {
  reason: PrintFailure;
  progress: PrintProgress;
  detail: string;
}

/** A job as the queue knows it. */
export interface PrintJob {
  /** Given by the owner (e.g. the ticket number); unique among the queue's jobs. */
  id: string;
  /** Who submitted it (e.g. 'tickets'), so an owner finds its jobs after a restart. */
  owner?: string;
  state: PrintJobState;
  /** How many times it was sent. */
  attempts: number;
  /** The last failure, while `failed`. */
  failure?: PrintJobFailure;
}

/** How a submitted (or reprinted) job ended; `failed` jobs wait for `reprint` or `cancel`. */
export type PrintOutcome =
  | { id: string; state: 'printed' }
  | ({ id: string; state: 'failed' } & PrintJobFailure)
  | { id: string; state: 'cancelled' };

/** A request the queue refuses: an expected mistake of the caller, as data. */
export type PrintQueueError =
  | { code: 'duplicate_job'; id: string; state: PrintJobState }
  | { code: 'unknown_job'; id: string }
  | { code: 'not_awaiting_decision'; id: string; state: PrintJobState }
  | { code: 'invalid_document'; detail: string };

/** A result of `submit`, `reprint` and `cancel`. */
export type PrintQueueResult<T> = { ok: true; value: T } | { ok: false; error: PrintQueueError };

/** Options of `PrintQueue.open`. */
export interface PrintQueueOptions {
  printer: ReceiptPrinter;
  /** The journal file, e.g. `<dataDir>/printer/print-journal.jsonl`. */
  journalFile: string;
  /** Finished jobs whose ids are remembered across restarts (default 1000). */
  rememberFinished?: number;
  /** Compacts the journal once it has this many lines and no job is in flight (default 200). */
  compactAfter?: number;
}

/** A document as validated, defaults filled in: what the journal stores. */
type ValidDocument = z.output<typeof ReceiptDocument>;

interface JobEntry extends PrintJob {
  document?: ValidDocument;
  waiters: Array<(outcome: PrintOutcome) => void>;
}

/**
 * A print queue that journals each job durably before sending it and knows when it printed.
 *
 * Jobs print one at a time through `ReceiptPrinter.print`, which answers ok only once the
 * printer confirmed (`GS r`). Each change is journaled with fsync before the queue acts on it:
 * `queued` (with the document) before anything is sent, `sending` before the write, then
 * `printed` or `failed`. A failed job is never retried by the queue: its owner reprints or
 * cancels it, knowing how far it got. After a restart a job last journaled `sending` is
 * `uncertain` and one journaled `queued` is `failed` (not sent); both wait for their owner.
 * Finished jobs are compacted out of the journal (documents and all: receipts may carry
 * personal data), keeping only their ids so the same id is never printed twice.
 */
export class PrintQueue {
  private readonly jobs = new Map<string, JobEntry>();
  private readonly runQueue: string[] = [];
  private running = false;
  private readonly listeners = new Set<(job: PrintJob) => void>();
  private readonly printer: ReceiptPrinter;
  private readonly rememberFinished: number;
  private readonly compactAfter: number;

  private constructor(
    private readonly journal: PrintJournal,
    options: PrintQueueOptions,
  ) {
    this.printer = options.printer;
    this.rememberFinished = options.rememberFinished ?? 1000;
    this.compactAfter = options.compactAfter ?? 200;
  }

  /**
   * Opens the queue on its journal, recovering the jobs of the last run: anything unfinished
   * waits for its owner's decision, nothing is sent by itself. Compacts the journal.
   */
  static async open(options: PrintQueueOptions): Promise<{ queue: PrintQueue; skippedLines: number }> {
    const { journal, contents } = await PrintJournal.open(options.journalFile);
    const queue = new PrintQueue(journal, options);
    queue.replay(contents.records);
    await queue.compact();
    return { queue, skippedLines: contents.skippedLines };
  }

  /**
   * Journals the job, then prints it in its turn; resolves once it printed or failed. A job id
   * already known is refused, and an id already printed is never printed again.
   */
  async submit(
    id: string,
    document: ReceiptDocument,
    options: { owner?: string } = {},
  ): Promise<PrintQueueResult<PrintOutcome>> {
    const known = this.jobs.get(id);
    if (known) return { ok: false, error: { code: 'duplicate_job', id, state: known.state } };
    const parsed = ReceiptDocument.safeParse(document);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(document)'}: ${i.message}`).join('; ');
      return { ok: false, error: { code: 'invalid_document', detail } };
    }
    const entry: JobEntry = { id, state: 'queued', attempts: 0, document: parsed.data, waiters: [] };
    if (options.owner !== undefined) entry.owner = options.owner;
    // Claim the id before the first await: two submits of one id cannot both pass the check.
    this.jobs.set(id, entry);
    try {
      await this.journal.append({
        type: 'queued',
        id,
        ...(options.owner === undefined ? {} : { owner: options.owner }),
        document: parsed.data,
        at: now(),
      });
    } catch (error) {
      this.jobs.delete(id);
      throw error;
    }
    return { ok: true, value: await this.enqueue(entry) };
  }

  /** Prints a `failed` or `uncertain` job again, as its owner decided; resolves like `submit`. */
  async reprint(id: string): Promise<PrintQueueResult<PrintOutcome>> {
    const entry = this.awaitingDecisionEntry(id);
    if (!entry.ok) return entry;
    const job = entry.value;
    job.state = 'queued';
    delete job.failure;
    await this.journal.append({ type: 'reprint', id, at: now() });
    return { ok: true, value: await this.enqueue(job) };
  }

  /** Gives up a `failed`, `uncertain` or still `queued` job, as its owner decided. */
  async cancel(id: string): Promise<PrintQueueResult<PrintOutcome>> {
    const job = this.jobs.get(id);
    if (!job) return { ok: false, error: { code: 'unknown_job', id } };
    if (job.state !== 'failed' && job.state !== 'uncertain' && job.state !== 'queued') {
      return { ok: false, error: { code: 'not_awaiting_decision', id, state: job.state } };
    }
    const index = this.runQueue.indexOf(id);
    if (index >= 0) this.runQueue.splice(index, 1);
    await this.journal.append({ type: 'cancelled', id, at: now() });
    this.finish(job, 'cancelled');
    const outcome: PrintOutcome = { id, state: 'cancelled' };
    for (const waiter of job.waiters.splice(0)) waiter(outcome);
    return { ok: true, value: outcome };
  }

  /** A job by id (also finished ones remembered across restarts). */
  job(id: string): PrintJob | undefined {
    const entry = this.jobs.get(id);
    return entry ? publicJob(entry) : undefined;
  }

  /** Jobs waiting for their owner to reprint or cancel them, optionally of one owner. */
  awaitingDecision(owner?: string): PrintJob[] {
    return [...this.jobs.values()]
      .filter((job) => job.state === 'failed' || job.state === 'uncertain')
      .filter((job) => owner === undefined || job.owner === owner)
      .map(publicJob);
  }

  /** Subscribes to every change of a job's state; returns the unsubscribe function. */
  onJobChange(listener: (job: PrintJob) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private awaitingDecisionEntry(id: string): PrintQueueResult<JobEntry> {
    const job = this.jobs.get(id);
    if (!job) return { ok: false, error: { code: 'unknown_job', id } };
    if (job.state !== 'failed' && job.state !== 'uncertain') {
      return { ok: false, error: { code: 'not_awaiting_decision', id, state: job.state } };
    }
    return { ok: true, value: job };
  }

  private enqueue(job: JobEntry): Promise<PrintOutcome> {
    const outcome = new Promise<PrintOutcome>((resolve) => job.waiters.push(resolve));
    this.runQueue.push(job.id);
    this.changed(job);
    void this.pump();
    return outcome;
  }

  /** Prints queued jobs one at a time. */
  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let id = this.runQueue.shift(); id !== undefined; id = this.runQueue.shift()) {
        const job = this.jobs.get(id);
        if (job?.state === 'queued' && job.document) await this.printJob(job, job.document);
      }
      if (this.journal.appended >= this.compactAfter) await this.compact();
    } finally {
      this.running = false;
    }
  }

  private async printJob(job: JobEntry, document: ValidDocument): Promise<void> {
    const attempt = job.attempts + 1;
    let outcome: PrintOutcome;
    try {
      // Journaled before the first byte goes out: a crash from here on makes the job uncertain.
      await this.journal.append({ type: 'sending', id: job.id, attempt, at: now() });
      job.attempts = attempt;
      job.state = 'printing';
      this.changed(job);
      const result = await this.printer.print(document);
      if (result.ok) {
        await this.journal.append({ type: 'printed', id: job.id, attempt, at: now() });
        this.finish(job, 'printed');
        outcome = { id: job.id, state: 'printed' };
      } else {
        // A printer that does not say how far it got may have printed some of it.
        const failure: PrintJobFailure = {
          reason: result.reason,
          progress: result.progress ?? 'unconfirmed',
          detail: result.detail.slice(0, 500),
        };
        await this.journal.append({ type: 'failed', id: job.id, attempt, ...failure, at: now() });
        job.state = 'failed';
        job.failure = failure;
        this.changed(job);
        outcome = { id: job.id, state: 'failed', ...failure };
      }
    } catch (error) {
      // The journal could not be written: the job stays unconfirmed in memory, never resent.
      const detail = `print journal: ${error instanceof Error ? error.message : String(error)}`;
      const failure: PrintJobFailure = {
        reason: 'error',
        progress: job.state === 'printing' ? 'unconfirmed' : 'not_sent',
        detail,
      };
      job.state = 'failed';
      job.failure = failure;
      this.changed(job);
      outcome = { id: job.id, state: 'failed', ...failure };
    }
    for (const waiter of job.waiters.splice(0)) waiter(outcome);
  }

  private finish(job: JobEntry, state: 'printed' | 'cancelled'): void {
    job.state = state;
    delete job.failure;
    delete job.document;
    this.changed(job);
  }

  private changed(job: JobEntry): void {
    const snapshot = publicJob(job);
    for (const listener of this.listeners) {
      try {
        listener(snapshot);
      } catch {
        // A listener's bug must not stop the queue; its owner logs its own errors.
      }
    }
  }

  /** Rebuilds the jobs from the journal of the last run. */
  private replay(records: readonly JournalRecord[]): void {
    for (const record of records) {
      const job = this.jobs.get(record.id);
      switch (record.type) {
        case 'queued': {
          const entry: JobEntry = {
            id: record.id,
            state: 'queued',
            attempts: 0,
            document: record.document,
            waiters: [],
          };
          if (record.owner !== undefined) entry.owner = record.owner;
          this.jobs.set(record.id, entry);
          break;
        }
        case 'final':
          this.jobs.set(record.id, { id: record.id, state: record.state, attempts: 0, waiters: [] });
          break;
        case 'sending':
          if (job) {
            job.state = 'printing';
            job.attempts = record.attempt;
          }
          break;
        case 'printed':
          if (job) this.finish(job, 'printed');
          break;
        case 'cancelled':
          if (job) this.finish(job, 'cancelled');
          break;
        case 'failed':
          if (job) {
            job.state = 'failed';
            job.failure = { reason: record.reason, progress: record.progress, detail: record.detail };
          }
          break;
        case 'reprint':
          if (job) {
            job.state = 'queued';
            delete job.failure;
          }
          break;
      }
    }
    for (const job of this.jobs.values()) {
      if (job.state === 'printing') {
        // Sent, or partly sent, when the kiosk stopped: nobody knows what is on paper.
        job.state = 'uncertain';
      } else if (job.state === 'queued') {
        // Its visitor is long gone: printing it now would be a ticket for nobody.
        job.state = 'failed';
        job.failure = { reason: 'error', progress: 'not_sent', detail: 'the kiosk restarted before the job was sent' };
      }
    }
  }

  /** Rewrites the journal with the unfinished jobs and the ids of recent finished ones. */
  private compact(): Promise<void> {
    return this.journal.rewrite(() => this.compactedRecords());
  }

  private compactedRecords(): JournalRecord[] {
    const records: JournalRecord[] = [];
    const finished = [...this.jobs.values()].filter((j) => j.state === 'printed' || j.state === 'cancelled');
    for (const job of finished.slice(-this.rememberFinished)) {
      if (job.state === 'printed' || job.state === 'cancelled') {
        records.push({ type: 'final', id: job.id, state: job.state, at: now() });
      }
    }
    for (const job of finished.slice(0, -this.rememberFinished)) this.jobs.delete(job.id);
    for (const job of this.jobs.values()) {
      if (!job.document || job.state === 'printed' || job.state === 'cancelled') continue;
      records.push({
        type: 'queued',
        id: job.id,
        ...(job.owner === undefined ? {} : { owner: job.owner }),
        document: job.document,
        at: now(),
      });
      if (job.state === 'uncertain' || job.state === 'printing') {
        records.push({ type: 'sending', id: job.id, attempt: Math.max(1, job.attempts), at: now() });
      } else if (job.state === 'failed' && job.failure) {
        records.push({ type: 'failed', id: job.id, attempt: job.attempts, ...job.failure, at: now() });
      }
    }
    return records;
  }
}

function publicJob(entry: JobEntry): PrintJob {
  const job: PrintJob = { id: entry.id, state: entry.state, attempts: entry.attempts };
  if (entry.owner !== undefined) job.owner = entry.owner;
  if (entry.failure) job.failure = { ...entry.failure };
  return job;
}

function now(): string {
  return new Date().toISOString();
}
