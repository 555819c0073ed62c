import type { ServiceAvailability } from '../../../kiosk-config/src/index';
import { dayOfMonth, onWeekday } from '../i18n/calendar-words';
import { russian, type Translate } from '../i18n/languages';

/**
 * Words more than one screen says, in the visitor's language (`t`, Russian when not given):
 * counts, when something opens, the office's state on the home screen. A journey's own
 * sentences live in its folder (`journeys/<name>/*-texts.ts`), the words in the catalogs.
 */

/** «15 секунд», «1 секунду» (accusative, as in «через 1 секунду»); «15 seconds». */
export function secondsPhrase(count: number, t: Translate = russian): string {
  return t('common.seconds', { count });
}

/** «1 человек», «2 человека», «5 человек»; «2 people». */
export function peoplePhrase(count: number, t: Translate = russian): string {
  return t('common.people', { count });
}

/** When something opens next, as said aloud. */
export type OpensAt = { time: string; daysAhead: number };

/**
 * When something opens, in words: «сегодня в 14:00», «завтра в 08:00», «в понедельник в 08:00»,
 * and after a long break (holidays) the date: «12 января в 08:00» (weekdays and months from
 * `calendar-words.ts`, whatever the language).
 *
 * @param today the office's date now, `YYYY-MM-DD`, for the weekday or date of a later day
 */
export function opensAtPhrase(opensAt: OpensAt, today: string, t: Translate = russian): string {
  const { time, daysAhead } = opensAt;
  if (daysAhead === 0) return t('when.today', { time });
  if (daysAhead === 1) return t('when.tomorrow', { time });
  const [year = 0, month = 1, day = 1] = today.split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day + daysAhead));
  if (Number.isNaN(date.getTime())) return t('when.inDays', { count: daysAhead, time });
  const when =
    daysAhead < 7
      ? onWeekday(t.language, date.getUTCDay())
      : dayOfMonth(t.language, date.getUTCDate(), date.getUTCMonth());
  return t('when.onDay', { day: when, time });
}

/** A closed office or service, with when it opens if known. */
export type Closed = Extract<ServiceAvailability, { state: 'closed' }>;

/**
 * The calm line on the home screen while the office is closed: «Сегодня офис уже закрыт.
 * Откроется завтра в 08:00.» Before opening or over lunch it says «сейчас» rather than «уже».
 */
export function officeClosedLine(office: Closed, today: string, t: Translate = russian): string {
  const { opensAt } = office;
  if (opensAt === undefined) return t('home.closed');
  const when = opensAtPhrase(opensAt, today, t);
  return t(opensAt.daysAhead === 1 ? 'home.closedUntilTomorrow' : 'home.closedUntil', { when });
}
