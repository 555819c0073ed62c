import { officeDate } from '../../../kiosk-config/src/index';
import type { Logger } from '../logging/logger';
import { PAYMENT_ARCHIVE_DAYS, type PaymentJournal } from '../payments/payment-journal';
import { TICKET_JOURNAL_DAYS, type TicketJournal } from '../tickets/ticket-journal';

const DAY_MS = 24 * 3_600_000;

/** What the retention schedule keeps in bounds (the kiosk log bounds itself: `LOG_ROTATION`). */
export interface RetentionTargets {
  tickets: Pick<TicketJournal, 'prune'>;
  payments: Pick<PaymentJournal, 'archiveFinished' | 'pruneArchive'>;
  /** The office's zone: ticket journals are per office date. */
  timeZone: string;
  log: Logger;
  /** Days kept, today's included (defaults: `TICKET_JOURNAL_DAYS`, `PAYMENT_ARCHIVE_DAYS`). */
  ticketJournalDays?: number;
  paymentArchiveDays?: number;
}

/**
 * One pass of retention at `now`: ticket journals older than their days deleted (never today's
 * or yesterday's, which recovery reads), final payments of earlier days archived, archive days
 * past their retention deleted. See docs/security.md, "Retention".
 */
export async function applyRetention(targets: RetentionTargets, now: Date): Promise<void> {
  const ticketDays = Math.max(2, targets.ticketJournalDays ?? TICKET_JOURNAL_DAYS);
  const today = officeDate(now, targets.timeZone);
  await targets.tickets.prune(daysBefore(today, ticketDays - 1));
  // The payment journal's days are UTC days (its records' `createdAt`).
  const utcToday = now.toISOString().slice(0, 10);
  await targets.payments.archiveFinished(utcToday);
  await targets.payments.pruneArchive(daysBefore(utcToday, targets.paymentArchiveDays ?? PAYMENT_ARCHIVE_DAYS));
}

/** Options of `startRetentionSchedule`. */
export interface RetentionScheduleOptions {
  /** How often the date is looked at (default hourly); a pass runs once per new office date. */
  everyMs?: number;
  now?: () => Date;
}

/**
 * Runs `applyRetention` now and then once each office day while the kiosk runs (it may run for
 * months without a restart). A failed pass is logged and tried again at the next tick. Returns
 * the stop function.
 */
export function startRetentionSchedule(targets: RetentionTargets, options: RetentionScheduleOptions = {}): () => void {
  const now = options.now ?? (() => new Date());
  let doneFor: string | undefined;
  let running = false;
  const tick = async () => {
    const at = now();
    const day = `${officeDate(at, targets.timeZone)}/${at.toISOString().slice(0, 10)}`;
    if (running || day === doneFor) return;
    running = true;
    try {
      await applyRetention(targets, at);
      doneFor = day;
    } catch (error) {
      targets.log.error({ err: error }, 'retention pass failed; tried again within the hour');
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), options.everyMs ?? 3_600_000);
  timer.unref();
  return () => clearInterval(timer);
}

/** The date `days` before a `YYYY-MM-DD` date. */
export function daysBefore(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day) - days * DAY_MS).toISOString().slice(0, 10);
}
