import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Logger } from '../../logging/logger';
import { parseJson } from '../../parse-json';
import { writeFileDurably } from '../../storage/durable-file';

/** Wrong PINs in a row before the first lock. */
export const PIN_FAILURES_BEFORE_LOCK = 5;
/**
 * The lock's length, growing with each lock since the last right PIN: 1 min, 5, 15, 1 h, 4 h,
 * then a day each time. After the first lock every further wrong PIN locks again, one step longer.
 */
export const PIN_LOCK_MINUTES = [1, 5, 15, 60, 240, 1440] as const;

const PinLockState = z
  .object({
    /** Wrong PINs since the last right one. */
    failures: z.number().int().nonnegative(),
    /** Locks since the last right PIN (the next one's step). */
    locks: z.number().int().nonnegative(),
    /** Unix ms: no PIN is checked before it. */
    lockedUntil: z.number().int().nonnegative().optional(),
  })
  .strict();
type PinLockState = z.infer<typeof PinLockState>;

/** After a wrong PIN: the tries left before the lock, or the lock's end. */
export type PinFailure = { locked: false; attemptsLeft: number } | { locked: true; lockedUntil: number };

/**
 * The PIN's lock against guessing, kept in `<dataDir>/technician/pin-lock.json`: every wrong PIN
 * is written durably (temp, fsync, rename) before the screen is answered, so pulling the plug
 * after a wrong try does not give a free one, and a restart does not lift a lock. A file that
 * cannot be read counts as a first lock (someone may have damaged it to reset the count).
 */
export class PinLock {
  readonly #file: string;
  #state: PinLockState;

  private constructor(file: string, state: PinLockState) {
    this.#file = file;
    this.#state = state;
  }

  static async open(dataDir: string, log: Logger, now: () => number = Date.now): Promise<PinLock> {
    const file = path.join(dataDir, 'technician', 'pin-lock.json');
    await mkdir(path.dirname(file), { recursive: true });
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (text === undefined) return new PinLock(file, { failures: 0, locks: 0 });
    const parsed = PinLockState.safeParse(parseJson(text));
    if (parsed.success) return new PinLock(file, parsed.data);
    log.warn({ file }, 'the technician PIN lock is unreadable: the PIN is locked as after five wrong tries');
    const lock = new PinLock(file, { failures: 0, locks: 0 });
    await lock.#lockNow(now());
    return lock;
  }

  /** The lock's end (Unix ms) while it holds at `now`, else undefined. */
  lockedUntil(now: number): number | undefined {
    const until = this.#state.lockedUntil;
    return until !== undefined && until > now ? until : undefined;
  }

  /** A wrong PIN: counted (and the lock set) on disk before this returns. */
  async failed(now: number): Promise<PinFailure> {
    const failures = this.#state.failures + 1;
    if (failures < PIN_FAILURES_BEFORE_LOCK) {
      await this.#save({ ...this.#state, failures });
      return { locked: false, attemptsLeft: PIN_FAILURES_BEFORE_LOCK - failures };
    }
    this.#state = { ...this.#state, failures };
    return { locked: true, lockedUntil: await this.#lockNow(now) };
  }

  /** A right PIN: the count and the lock's steps start again. */
  async succeeded(): Promise<void> {
    if (this.#state.failures === 0 && this.#state.locks === 0) return;
    await this.#save({ failures: 0, locks: 0 });
  }

  async #lockNow(now: number): Promise<number> {
    const step = PIN_LOCK_MINUTES[Math.min(this.#state.locks, PIN_LOCK_MINUTES.length - 1)] ?? 1440;
    const lockedUntil = now + step * 60_000;
    await this.#save({
      failures: Math.max(this.#state.failures, PIN_FAILURES_BEFORE_LOCK),
      locks: this.#state.locks + 1,
      lockedUntil,
    });
    return lockedUntil;
  }

  async #save(state: PinLockState): Promise<void> {
    await writeFileDurably(this.#file, JSON.stringify(state));
    this.#state = state;
  }
}
