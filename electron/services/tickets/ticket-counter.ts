import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileDurably } from '../storage/durable-file';

const CounterFile = z.object({
  date: z.string(),
  last: z.record(z.string(), z.number().int().nonnegative()),
});
type CounterFile = z.infer<typeof CounterFile>;

/**
 * Ticket numbers per prefix per office day (`А-001`, `А-002`…), never repeated within a day.
 *
 * Each number is written durably before it is handed out, so a crash after the reservation
 * burns a number instead of printing it twice. A counter file that cannot be read (corrupt,
 * from another day) starts the day afresh only when its date is not today; a corrupt file of
 * today is an error, because guessing could repeat numbers.
 */
export class TicketCounter {
  #state: CounterFile | undefined;

  constructor(private readonly file: string) {}

  /** Reserves the next number for the prefix on the given office date. */
  async next(prefix: string, date: string): Promise<string> {
    const state = await this.#load(date);
    const value = (state.last[prefix] ?? 0) + 1;
    const updated: CounterFile = { date, last: { ...state.last, [prefix]: value } };
    await writeFileDurably(this.file, JSON.stringify(updated));
    this.#state = updated;
    return formatTicketNumber(prefix, value);
  }

  async #load(date: string): Promise<CounterFile> {
    if (this.#state?.date === date) return this.#state;
    let text: string | undefined;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text === undefined) return { date, last: {} };
    const parsed = CounterFile.safeParse(safeJson(text));
    if (!parsed.success) {
      throw new Error(`ticket counter file ${this.file} is unreadable; a technician must check it`);
    }
    return parsed.data.date === date ? parsed.data : { date, last: {} };
  }
}

/** `А` + 7 → `А-007`; past 999 the number simply grows (`А-1000`) rather than repeat. */
export function formatTicketNumber(prefix: string, value: number): string {
  return `${prefix}-${String(value).padStart(3, '0')}`;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
