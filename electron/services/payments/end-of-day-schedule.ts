import { officeDate, officeTimeOfDay } from '../../../kiosk-config/src/time/office-time';
import type { Logger } from '../logging/logger';
import type { PaymentService } from './payment-service';

/**
 * The terminal's day is closed (сверка итогов) once a day, after the office's closing hour on
 * its wall clock, so the hub can reconcile the day's ledger against the terminal's totals. A
 * kiosk that was off at that hour closes the day at its next start.
 */

/**
 * Whether the day is due to be closed at `now`: the office clock is at or past `closeAt` and the
 * last close (ISO time, if any) was before today's `closeAt`.
 */
export function endOfDayDue(now: Date, lastClosedAt: string | undefined, closeAt: string, timeZone: string): boolean {
  if (officeTimeOfDay(now, timeZone) < closeAt) return false;
  if (lastClosedAt === undefined) return true;
  const last = new Date(lastClosedAt);
  const today = officeDate(now, timeZone);
  const lastDay = officeDate(last, timeZone);
  return lastDay < today || (lastDay === today && officeTimeOfDay(last, timeZone) < closeAt);
}

export interface EndOfDayScheduleOptions {
  service: Pick<PaymentService, 'endOfDay' | 'lastEndOfDayAt'>;
  /** `HH:MM` on the office's wall clock; null: no scheduled close (`payments.endOfDayAt`). */
  closeAt: string | null;
  timeZone: string;
  log: Logger;
  /** How often to look (a minute is plenty). */
  everyMs: number;
  now?: () => Date;
}

/**
 * Checks now and every `everyMs`; returns a stop function. A failed close is logged and tried
 * again. Without a `closeAt` nothing is scheduled.
 */
export function startEndOfDaySchedule(options: EndOfDayScheduleOptions): () => void {
  const { closeAt } = options;
  if (closeAt === null) return () => undefined;
  const now = options.now ?? (() => new Date());
  let running = false;
  const check = async () => {
    if (running || !endOfDayDue(now(), options.service.lastEndOfDayAt, closeAt, options.timeZone)) return;
    running = true;
    try {
      const result = await options.service.endOfDay();
      if (!result.ok) options.log.warn({ reason: result.error.code }, 'scheduled end of day not done: will try again');
    } catch (error) {
      options.log.error({ err: error }, 'scheduled end of day failed');
    } finally {
      running = false;
    }
  };
  void check();
  const timer = setInterval(() => void check(), options.everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
