import { open, readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { parseJson } from '../parse-json';
import { appendLinesDurably } from './durable-file';

/** Options of `JsonLinesJournal.read`. */
export interface ReadJsonLinesOptions {
  /** Cut a torn last line off the file (the journal being appended to), not only skip it. */
  repair: boolean;
  /** Told the size of a torn last line, before it is cut off (to log it). */
  onTorn: (bytes: number) => void;
  /** Told the index (0-based) of a whole line that is not a record of the schema: it is skipped. */
  onUnreadable: (line: number) => void;
}

/** A record read back, with the index (0-based) of its line in the file. */
export interface JsonLine<T> {
  line: number;
  record: T;
}

/** What `JsonLinesJournal.read` found. */
export interface JsonLinesRead<T> {
  /** The readable records, in file order. */
  records: JsonLine<T>[];
  /** Whole lines in the file, unreadable ones included (where the next append lands). */
  lineCount: number;
}

/**
 * Append-only journal files of one record type, one JSON line per record (the ticket journals,
 * the payment journal and its archive, the outbox's segments).
 *
 * Each append is fsync'd before it returns (`appendLinesDurably`), so what the caller does next
 * happens only once the record is on disk. Reading back validates each line against the schema
 * the journal was made with: an unreadable line is skipped and reported, never fatal. A last
 * line without its newline is an append torn by a crash (its fsync never returned, so nothing
 * after it happened): it is left out, and with `repair` cut off durably, so the next append
 * starts on a clean line.
 */
export class JsonLinesJournal<T> {
  constructor(private readonly schema: z.ZodType<T>) {}

  /** Appends one record to `file` and fsyncs it before returning. */
  append(file: string, record: T): Promise<void> {
    return this.appendAll(file, [record]);
  }

  /** Appends several records with one fsync, all or none. */
  appendAll(file: string, records: readonly T[]): Promise<void> {
    return appendLinesDurably(
      file,
      records.map((record) => JSON.stringify(record)),
    );
  }

  /** Reads `file`'s records; a missing file reads as empty. */
  async read(file: string, options: ReadJsonLinesOptions): Promise<JsonLinesRead<T>> {
    let text: string;
    try {
      text = await readWholeLines(file, options);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], lineCount: 0 };
      throw error;
    }
    const lines = text === '' ? [] : text.slice(0, -1).split('\n');
    const records: JsonLine<T>[] = [];
    lines.forEach((line, index) => {
      if (line === '') return;
      const parsed = this.schema.safeParse(parseJson(line));
      if (parsed.success) records.push({ line: index, record: parsed.data });
      else options.onUnreadable(index);
    });
    return { records, lineCount: lines.length };
  }
}

/** The file's text up to its last newline; a torn tail is reported and, with `repair`, cut off. */
async function readWholeLines(file: string, options: ReadJsonLinesOptions): Promise<string> {
  const data = await readFile(file);
  const end = data.lastIndexOf(0x0a) + 1;
  if (end < data.length) {
    options.onTorn(data.length - end);
    if (options.repair) {
      const handle = await open(file, 'r+');
      try {
        await handle.truncate(end);
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
  }
  return data.subarray(0, end).toString('utf8');
}
