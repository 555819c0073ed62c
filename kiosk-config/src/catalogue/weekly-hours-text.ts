import { WEEKDAYS, type WeeklyHours } from './working-hours';

const SHORT_NAMES = { mon: 'пн', tue: 'вт', wed: 'ср', thu: 'чт', fri: 'пт', sat: 'сб', sun: 'вс' } as const;

/**
 * Weekly hours as a person reads them, consecutive days with the same hours folded:
 * «пн–пт 08:00–13:00, 14:00–20:00; сб 09:00–15:00». Undefined when no day has hours.
 */
export function weeklyHoursText(hours: WeeklyHours): string | undefined {
  const days = WEEKDAYS.map((day) => ({
    day,
    text: (hours[day] ?? []).map((interval) => `${interval.from}–${interval.to}`).join(', '),
  }));
  const groups: { first: string; last: string; text: string }[] = [];
  for (const { day, text } of days) {
    const previous = groups.at(-1);
    const yesterday = WEEKDAYS[WEEKDAYS.indexOf(day) - 1];
    if (text !== '' && previous !== undefined && previous.text === text && previous.last === yesterday) {
      previous.last = day;
    } else if (text !== '') {
      groups.push({ first: day, last: day, text });
    }
  }
  if (groups.length === 0) return undefined;
  return groups
    .map((group) => {
      const first = SHORT_NAMES[group.first as keyof typeof SHORT_NAMES];
      const last = SHORT_NAMES[group.last as keyof typeof SHORT_NAMES];
      return `${group.first === group.last ? first : `${first}–${last}`} ${group.text}`;
    })
    .join('; ');
}
