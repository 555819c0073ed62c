import { statfs } from 'node:fs/promises';
import { type CallName, fail } from '../../../kiosk-config/src/index';
import type { CallHandlers } from '../api/call-dispatcher';
import type { Logger } from '../logging/logger';

/**
 * The free space below which the kiosk takes no new work: 256 MiB. The kiosk's own files stay
 * under ~40 MB (docs/security.md, "Retention"); the floor keeps room for the journals of work
 * already started, the outbox while the hub is away, and the system itself (updates, its logs).
 */
export const DISK_FLOOR_BYTES = 256 * 1024 * 1024;

/** What the guard needs of `fs.statfs`: free blocks for an unprivileged user, and their size. */
export type StatFs = (dir: string) => Promise<{ bavail: number | bigint; bsize: number | bigint }>;

/** Options of `DiskGuard`. */
export interface DiskGuardOptions {
  /** The data folder (its file system is the one checked). */
  dir: string;
  log: Logger;
  floorBytes?: number;
  /** `fs.promises.statfs` (injected in tests). */
  statfs?: StatFs;
  /** Tells the technician (the outbox's `kiosk.disk_low`), once each time space drops below the floor. */
  alert?: (free: { freeBytes: number; floorBytes: number }) => Promise<unknown> | undefined;
}

/** What `DiskGuard.check` found. */
export type DiskCheck = { ok: true; freeBytes: number | null } | { ok: false; freeBytes: number };

/**
 * The free-space floor: asked before new work that writes journals (a ticket, a payment), so a
 * disk about to fill refuses the visitor calmly instead of failing mid-journal. Work already
 * started is never refused: its journal lines are small and the floor leaves room for them.
 */
export class DiskGuard {
  #low = false;

  constructor(private readonly options: DiskGuardOptions) {}

  get floorBytes(): number {
    return this.options.floorBytes ?? DISK_FLOOR_BYTES;
  }

  /** Checks the free space now; crossing the floor is logged and alerted once per crossing. */
  async check(): Promise<DiskCheck> {
    let freeBytes: number;
    try {
      const stats = await (this.options.statfs ?? statfs)(this.options.dir);
      freeBytes = Number(stats.bavail) * Number(stats.bsize);
    } catch (error) {
      // Unknown is not full: a statfs failure must not stop the kiosk.
      this.options.log.warn({ err: error }, 'disk: free space unknown');
      return { ok: true, freeBytes: null };
    }
    const floorBytes = this.floorBytes;
    if (freeBytes >= floorBytes) {
      if (this.#low) {
        this.#low = false;
        this.options.log.info({ freeBytes, floorBytes }, 'disk: free space above the floor again; new work accepted');
      }
      return { ok: true, freeBytes };
    }
    if (!this.#low) {
      this.#low = true;
      this.options.log.error(
        { freeBytes, floorBytes },
        'disk: free space below the floor; new tickets and payments refused until a technician frees space',
      );
      try {
        await this.options.alert?.({ freeBytes, floorBytes });
      } catch (error) {
        // The alert itself needs a little disk; the log line above is the fallback.
        this.options.log.error({ err: error }, 'disk: the technician alert could not be recorded');
      }
    }
    return { ok: false, freeBytes };
  }
}

/** The calls that start new work: refused with `disk_full` below the floor. */
export const WORK_CALLS = ['tickets.issue', 'tickets.checkIn', 'payments.start'] as const satisfies CallName[];

/** Wraps the handlers of `WORK_CALLS` so each asks the guard first. */
export function refuseWorkWhenDiskFull(handlers: CallHandlers, guard: DiskGuard): CallHandlers {
  const guarded: CallHandlers = { ...handlers };
  for (const name of WORK_CALLS) {
    const handler = handlers[name] as (input: unknown) => ReturnType<CallHandlers[typeof name]>;
    (guarded as Record<CallName, unknown>)[name] = async (input: unknown) => {
      const disk = await guard.check();
      if (!disk.ok) return fail('disk_full', 'free disk space is below the floor');
      return handler(input);
    };
  }
  return guarded;
}
