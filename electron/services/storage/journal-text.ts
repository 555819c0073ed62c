import { open, readFile } from 'node:fs/promises';

/** Options of `readJournalText`. */
export interface ReadJournalTextOptions {
  /** Cut a torn last line off the file (the journal being appended to), not only skip it. */
  repair: boolean;
  /** Told the size of a torn last line, before it is cut off (to log it). */
  onTorn: (bytes: number) => void;
}

/**
 * Reads an append-only journal (lines appended with `appendLineDurably`) up to its last newline.
 * A last line without its newline is an append torn by a crash (its fsync never returned, so
 * nothing after it happened): it is left out, and with `repair` cut off durably so that the next
 * append starts on a clean line. Rejects as `readFile` does (a missing file is the caller's case).
 */
export async function readJournalText(file: string, options: ReadJournalTextOptions): Promise<string> {
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
