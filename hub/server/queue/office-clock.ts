import type { Availability } from '../../../kiosk-config/src/catalogue/working-hours';
import {
  DATE_TIME_FIELDS,
  officeDate,
  officeIsoTime,
  wallClockParts,
} from '../../../kiosk-config/src/time/office-time';

/**
 * From an office's wall clock back to instants: when «Monday 08:00 in Europe/Samara» is, to tell
 * a kiosk when a closed service opens. (`office-time.ts` goes the other way.)
 */

/** `YYYY-MM-DD` plus `days` (calendar arithmetic, no time zone involved). */
export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** How far the zone's wall clock is ahead of UTC at `at` (ms). */
function zoneOffsetMs(at: Date, timeZone: string): number {
  const parts = wallClockParts(at, timeZone, DATE_TIME_FIELDS);
  const wall = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/**
 * The instant at which the zone's wall clock shows `date` `time` (`YYYY-MM-DD`, `HH:MM`). Across
 * a daylight-saving change the offset after the change is used; Russia has none since 2014.
 */
export function officeInstant(date: string, time: string, timeZone: string): Date {
  const wall = Date.parse(`${date}T${time}:00Z`);
  const first = wall - zoneOffsetMs(new Date(wall), timeZone);
  return new Date(wall - zoneOffsetMs(new Date(first), timeZone));
}

/** When a closed service opens next, ISO 8601 with the office's offset; undefined if open or unknown. */
export function opensAtIso(availability: Availability, now: Date, timeZone: string): string | undefined {
  if (availability.open || availability.opensAt === undefined) return undefined;
  const { daysAhead, time } = availability.opensAt;
  const date = addDays(officeDate(now, timeZone), daysAhead);
  return officeIsoTime(officeInstant(date, time, timeZone), timeZone);
}
