import type { Weekday } from '../../../kiosk-config/src/catalogue/working-hours';
import type { BusyHours, HourLoad } from '../../../kiosk-config/src/hub/office-load-api';
import { wallClockParts } from '../../../kiosk-config/src/time/office-time';
import type { IssueTime } from '../../db/hub-repository';
import { addDays } from './office-clock';

/**
 * «Обычно больше всего людей с 10 до 12»: the usual load of a weekday by hour, from the office's
 * own history of that weekday. Pure: the caller reads the issue times (`listIssueTimes`).
 */

/** Past weeks looked at: a month, enough to smooth one odd day, recent enough to follow a change. */
export const BUSY_HOURS_WEEKS = 4;

/** Hours at or above this share of the busiest hour's average count as busy. */
export const BUSY_SHARE = 0.75;

/** The same weekday in each of the past `weeks` weeks, newest first (`YYYY-MM-DD`). */
export function sameWeekdaysBefore(today: string, weeks: number = BUSY_HOURS_WEEKS): string[] {
  return Array.from({ length: weeks }, (_, i) => addDays(today, -7 * (i + 1)));
}

/** Monday-based weekday of a calendar date (`YYYY-MM-DD`). */
export function weekdayOf(date: string): Weekday {
  const sundayBased = new Date(`${date}T00:00:00Z`).getUTCDay();
  const weekdays: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
  return weekdays[sundayBased] as Weekday;
}

/**
 * Average tickets per hour of the office's wall clock, over the sampled days that had any ticket
 * (a day the office was closed would only dilute the figure). Null when none had any.
 */
export function busyHoursOf(today: string, issued: readonly IssueTime[], timeZone: string): BusyHours | null {
  const days = new Set(issued.map((t) => t.day));
  if (days.size === 0) return null;
  const perHour = new Array<number>(24).fill(0);
  for (const ticket of issued) {
    const hour = Number(wallClockParts(new Date(ticket.issuedAt), timeZone, { hour: '2-digit' }).hour);
    perHour[hour] = (perHour[hour] ?? 0) + 1;
  }
  const first = perHour.findIndex((n) => n > 0);
  const last = 23 - [...perHour].reverse().findIndex((n) => n > 0);
  const hours: HourLoad[] = [];
  for (let hour = first; hour <= last; hour += 1) {
    hours.push({ hour, averageTickets: Math.round(((perHour[hour] ?? 0) / days.size) * 10) / 10 });
  }
  return { weekday: weekdayOf(today), daysSampled: days.size, hours, busiest: busiestStretches(hours) };
}

/** The runs of consecutive hours within `BUSY_SHARE` of the busiest, as `HH:MM` ranges. */
export function busiestStretches(hours: readonly HourLoad[]): BusyHours['busiest'] {
  const peak = Math.max(0, ...hours.map((h) => h.averageTickets));
  if (peak === 0) return [];
  const stretches: BusyHours['busiest'] = [];
  let start: number | undefined;
  for (const [index, hour] of hours.entries()) {
    const busy = hour.averageTickets >= peak * BUSY_SHARE;
    if (busy && start === undefined) start = hour.hour;
    const next = hours[index + 1];
    const ends = next === undefined || next.averageTickets < peak * BUSY_SHARE;
    if (busy && ends && start !== undefined) {
      stretches.push({ from: wallHour(start), to: wallHour(hour.hour + 1) });
      start = undefined;
    }
  }
  return stretches;
}

function wallHour(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}
