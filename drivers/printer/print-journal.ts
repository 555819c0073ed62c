import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ReceiptDocument } from '../../kiosk-config/src/receipt/receipt-document';

/**
 * The print queue's journal: one JSON line per change of a job, each appended and fsync'd
 * before the queue acts on it, so that after a crash or power cut the queue knows which jobs
 * were waiting, which were being sent, and which had printed.
 *
 * Its own small helper rather than `electron/services/storage/durable-file.ts`: drivers do not
 * import the services. Same technique: fsync'd appends, and compaction by write-temp, fsync,
 * rename, fsync the folder.
 */

const JobId = z.string().min(1).max(100);
const At = z.string();

/** One line of the journal. */
export const JournalRecord = z.discriminatedUnion('type', [
  /** Accepted from its owner, with what to print: written before anything is sent. */
  z.object({
    type: z.literal('queued'),
    id: JobId,
    owner: z.string().max(100).optional(),
    document: ReceiptDocument,
    at: At,
  }),
  /** About to be written to the printer (attempt 1, 2… after reprints). */
  z.object({ type: z.literal('sending'), id: JobId, attempt: z.number().int().min(1), at: At }),
  /** The printer confirmed it printed the job. */
  z.object({ type: z.literal('printed'), id: JobId, attempt: z.number().int().min(1), at: At }),
  /** The attempt failed; `progress` says how far it got. */
  z.object({
    type: z.literal('failed'),
    id: JobId,
    attempt: z.number().int().min(0),
    reason: z.enum(['paper_out', 'cover_open', 'not_responding', 'error']),
    progress: z.enum(['not_sent', 'interrupted', 'unconfirmed']),
    detail: z.string().max(500),
    at: At,
  }),
  /** Its owner asked for it to be printed again. */
  z.object({ type: z.literal('reprint'), id: JobId, at: At }),
  /** Its owner gave it up. */
  z.object({ type: z.literal('cancelled'), id: JobId, at: At }),
  /** A finished job kept by compaction without its document, so its id is not printed twice. */
  z.object({ type: z.literal('final'), id: JobId, state: z.enum(['printed', 'cancelled']), at: At }),
]);
export type JournalRecord = z.infer<typeof JournalRecord>;

/** What reading a journal found. */
export interface JournalContents {
  records: JournalRecord[];
  /** Lines that could not be read: a torn last line after a power cut, or damage. */
  skippedLines: number;
}

/** An append-only, fsync'd journal of print jobs in one file. */
export class PrintJournal {
  private chain: Promise<unknown> = Promise.resolve();
  /** Lines appended since the last compaction. */
  appended = 0;

  private constructor(readonly file: string) {}

  /** Opens (creating the folder) and reads the journal at `file`. */
  static async open(file: string): Promise<{ journal: PrintJournal; contents: JournalContents }> {
    await mkdir(path.dirname(file), { recursive: true });
    const contents = await readJournal(file);
    return { journal: new PrintJournal(file), contents };
  }

  /** Appends a record and fsyncs it before resolving; appends are written in call order. */
  append(record: JournalRecord): Promise<void> {
    return this.serial(async () => {
      const line = JSON.stringify(record);
      const handle = await open(this.file, 'a', 0o600);
      try {
        await handle.appendFile(`${line}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      this.appended++;
    });
  }

  /**
   * Replaces the journal with what `records()` returns, atomically (temp file, fsync, rename, fsync the folder):
   * a crash leaves the old journal or the new one, never a mix.
   */
  rewrite(records: () => readonly JournalRecord[]): Promise<void> {
    return this.serial(async () => {
      // Taken only now, after every append queued before: none of them can be lost.
      const dir = path.dirname(this.file);
      const temp = path.join(dir, `.${path.basename(this.file)}.${randomBytes(6).toString('hex')}.tmp`);
      const handle = await open(temp, 'w', 0o600);
      try {
        await handle.writeFile(
          records()
            .map((r) => `${JSON.stringify(r)}\n`)
            .join(''),
        );
        await handle.sync();
      } catch (error) {
        await handle.close();
        await rm(temp, { force: true });
        throw error;
      }
      await handle.close();
      await rename(temp, this.file);
      const folder = await open(dir, 'r');
      try {
        await folder.sync();
      } finally {
        await folder.close();
      }
      this.appended = 0;
    });
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.chain.then(task, task);
    this.chain = run.catch(() => undefined);
    return run;
  }
}

/** Reads a journal; a missing file is an empty journal, unreadable lines are counted and skipped. */
export async function readJournal(file: string): Promise<JournalContents> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], skippedLines: 0 };
    throw error;
  }
  const records: JournalRecord[] = [];
  let skippedLines = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const parsed = JournalRecord.safeParse(JSON.parse(line));
      if (parsed.success) records.push(parsed.data);
      else skippedLines++;
    } catch {
      skippedLines++;
    }
  }
  return { records, skippedLines };
}
