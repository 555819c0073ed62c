import { z } from 'zod';
import { wallClockParts } from '../time/office-time';

/**
 * Working hours: per weekday, the intervals when tickets are issued (a lunch break is two
 * intervals). Evaluated on the office's wall clock, so a kiosk whose clock runs in UTC and the
 * hub in another zone agree on whether the office is open.
 */
const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');
export const Interval = z
  .object({ from: Time, to: Time })
  .strict()
  .refine((i) => i.from < i.to, { message: '"from" must be before "to"' });
export type Interval = z.infer<typeof Interval>;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A weekday missing or empty: closed that day. */
export const WeeklyHours = z
  .object(
    Object.fromEntries(WEEKDAYS.map((d) => [d, z.array(Interval).max(4).optional()])) as Record<
      Weekday,
      z.ZodOptional<z.ZodArray<typeof Interval>>
    >,
  )
  .strict();
export type WeeklyHours = z.infer<typeof WeeklyHours>;

/** Open now, or when it opens next (`opensAt` absent: no hours in the coming week). */
export type Availability =
  | { open: true; closesAt: string }
  | { open: false; opensAt?: { weekday: Weekday; time: string; daysAhead: number } };

/** Whether `at` falls in the hours, on the wall clock of `timeZone`. Absent hours: always open. */
export function availability(hours: WeeklyHours | undefined, at: Date, timeZone: string): Availability {
  if (!hours) return { open: true, closesAt: '24:00' };
  const { weekdayIndex, time } = wallClock(at, timeZone);
  const today = hours[WEEKDAYS[weekdayIndex] as Weekday] ?? [];
  const current = today.find((i) => i.from <= time && time < i.to);
  if (current) return { open: true, closesAt: current.to };
  for (let ahead = 0; ahead < 8; ahead += 1) {
    const weekday = WEEKDAYS[(weekdayIndex + ahead) % 7] as Weekday;
    const next = (hours[weekday] ?? [])
      .filter((i) => ahead > 0 || i.from > time)
      .sort((a, b) => a.from.localeCompare(b.from))[0];
    if (next) return { open: false, opensAt: { weekday, time: next.from, daysAhead: ahead } };
  }
  return { open: false };
}

/** Monday-based weekday index and `HH:MM` of an instant on a zone's wall clock. */
function wallClock(at: Date, timeZone: string): { weekdayIndex: number; time: string } {
  const parts = wallClockParts(at, timeZone, { weekday: 'short', hour: '2-digit', minute: '2-digit' });
  const weekdayIndex = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(String(parts.weekday));
  return { weekdayIndex, time: `${parts.hour}:${parts.minute}` };
}
