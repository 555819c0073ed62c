import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { parseJson } from '../parse-json';
import { writeFileDurably } from '../storage/durable-file';

const CounterFile = z.object({
  date: z.string(),
  last: z.record(z.string(), z.number().int().nonnegative()),
  /** The kiosk's count of its offline tickets that day, all series together (absent: none yet). */
  sequence: z.number().int().nonnegative().optional(),
});
type CounterFile = z.infer<typeof CounterFile>;

/**
 * Numbers per series per office day, never repeated within a day. The kiosk numbers only its
 * offline tickets itself (series `Б-К1`: `Б-К1-01`, `Б-К1-02`…); the hub numbers the others.
 *
 * Each number is written durably (temp file, fsync, rename) before it is handed out, so a crash
 * after the reservation burns a number instead of printing it twice. A counter file that cannot
 * be read starts the day afresh only when its date is not today; a corrupt file of today is an
 * error, because guessing could repeat numbers.
 */
export class TicketCounter {
  #state: CounterFile | undefined;

  constructor(private readonly file: string) {}

  /**
   * Reserves the next number of the series on the office date: 1, 2… up to `limit`; undefined
   * once the day's `limit` numbers are used (nothing is written then).
   */
  async next(series: string, date: string, limit: number): Promise<number | undefined> {
    return (await this.reserve(series, date, limit))?.value;
  }

  /**
   * As `next`, and also the kiosk's sequence of the day (1, 2… across all series), reserved in
   * the same write: it orders two offline tickets issued in the same millisecond at the hub.
   */
  async reserve(series: string, date: string, limit: number): Promise<{ value: number; sequence: number } | undefined> {
    const state = await this.#load(date);
    const value = (state.last[series] ?? 0) + 1;
    if (value > limit) return undefined;
    const sequence = (state.sequence ?? 0) + 1;
    await this.#save({ date, last: { ...state.last, [series]: value }, sequence });
    return { value, sequence };
  }

  /** As `ensurePast`, for the day's sequence (a sequence number found in a journal). */
  async ensureSequencePast(date: string, used: number): Promise<void> {
    const stored = this.#state ?? (await this.#read());
    if (stored && stored.date > date) return;
    const state = await this.#load(date);
    if ((state.sequence ?? 0) >= used) return;
    await this.#save({ ...state, date, sequence: used });
  }

  /**
   * Makes sure the series has moved past `used` on that date (a number found in a journal): a
   * counter file restored from an old backup must not hand it out again. Does nothing when the
   * counter is already there, or when `date` is before the counter's day (yesterday's journal
   * must not turn today's counter back to yesterday).
   */
  async ensurePast(series: string, date: string, used: number): Promise<void> {
    const stored = this.#state ?? (await this.#read());
    if (stored && stored.date > date) return;
    const state = await this.#load(date);
    if ((state.last[series] ?? 0) >= used) return;
    await this.#save({ ...state, date, last: { ...state.last, [series]: used } });
  }

  async #save(updated: CounterFile): Promise<void> {
    await writeFileDurably(this.file, JSON.stringify(updated));
    this.#state = updated;
  }

  async #load(date: string): Promise<CounterFile> {
    if (this.#state?.date === date) return this.#state;
    const stored = await this.#read();
    return stored?.date === date ? stored : { date, last: {} };
  }

  /** The file's content; undefined when there is none yet. */
  async #read(): Promise<CounterFile | undefined> {
    let text: string | undefined;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text === undefined) return undefined;
    const parsed = CounterFile.safeParse(parseJson(text));
    if (!parsed.success) {
      throw new Error(`ticket counter file ${this.file} is unreadable; a technician must check it`);
    }
    return parsed.data;
  }
}

/** The most offline tickets a kiosk issues per queue per day: two digits. */
export const OFFLINE_NUMBERS_PER_DAY = 99;

/** The counter series of a kiosk's offline block for a queue: `Б` and `К1` → `Б-К1`. */
export function offlineSeries(prefix: string, offlineTag: string): string {
  return `${prefix}-${offlineTag}`;
}

/** `Б`, `К1`, 7 → `Б-К1-07`: the number printed on an offline ticket. */
export function formatOfflineNumber(prefix: string, offlineTag: string, value: number): string {
  return `${offlineSeries(prefix, offlineTag)}-${String(value).padStart(2, '0')}`;
}

/** The series and value of an offline number (`Б-К1-07` → `Б-К1`, 7), or undefined for others. */
export function parseOfflineNumber(number: string): { series: string; value: number } | undefined {
  const match = /^([А-ЯЁ]-К\d{1,2})-(\d{2})$/u.exec(number);
  return match?.[1] && match[2] ? { series: match[1], value: Number(match[2]) } : undefined;
}
