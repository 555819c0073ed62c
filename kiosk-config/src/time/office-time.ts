/**
 * Dates and times in the office's time zone (a kiosk's clock may run in UTC; the ticket must
 * show the time on the office's wall clock, and the daily counter must turn at its midnight).
 */

/** `YYYY-MM-DD` of the instant in the zone. */
export function officeDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/**
 * The fields asked for of an instant on the zone's 24-hour wall clock, by `Intl`'s part names
 * (`year`, `month`, `day`, `hour`, `weekday`, `timeZoneName`…), as `Intl` writes them in English.
 */
export function wallClockParts(
  at: Date,
  timeZone: string,
  fields: Omit<Intl.DateTimeFormatOptions, 'timeZone' | 'hourCycle'>,
): Partial<Record<Intl.DateTimeFormatPartTypes, string>> {
  return Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', ...fields })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
}

/** The fields of a full date and time to the second, for `wallClockParts`. */
export const DATE_TIME_FIELDS = {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
} as const;

/** `HH:MM` of the instant on the zone's 24-hour wall clock. */
export function officeTimeOfDay(at: Date, timeZone: string): string {
  const parts = wallClockParts(at, timeZone, { hour: '2-digit', minute: '2-digit' });
  return `${parts.hour}:${parts.minute}`;
}

/**
 * ISO 8601 with the zone's offset, e.g. `2026-11-23T10:45:00+03:00`; with `milliseconds`,
 * `2026-11-23T10:45:00.250+03:00` (an offline ticket's time of issue orders it in the queue).
 */
export function officeIsoTime(at: Date, timeZone: string, options: { milliseconds?: boolean } = {}): string {
  const parts = wallClockParts(at, timeZone, { ...DATE_TIME_FIELDS, timeZoneName: 'longOffset' });
  const offset = parts.timeZoneName === 'GMT' ? '+00:00' : String(parts.timeZoneName).replace('GMT', '');
  const ms = options.milliseconds ? `.${String(at.getUTCMilliseconds()).padStart(3, '0')}` : '';
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${ms}${offset}`;
}

/** `23.11.2026 10:45` on the office's wall clock, as printed on tickets. */
export function officeWallClock(at: Date, timeZone: string): string {
  const format = new Intl.DateTimeFormat('ru-RU', {
    timeZone,
    hourCycle: 'h23',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  return format.format(at).replace(',', '');
}
