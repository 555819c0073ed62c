import type { ServiceAvailability } from '../../../kiosk-config/src/index';

/**
 * Words more than one screen says: Russian plurals, when something opens, the office's state on
 * the home screen. A journey's own sentences live in its folder (`journeys/<name>/*-texts.ts`).
 */

/** The quiet line on the home screen while the ticket printer cannot print. */
export const printerWarningLine = 'Принтер талонов временно не работает. Талон можно получить у сотрудника центра.';

/**
 * Picks the Russian plural form for a count: `pluralRu(5, ['секунда', 'секунды', 'секунд'])`.
 *
 * @param forms the forms for 1, for 2–4 and for 5–20 (and 0)
 */
export function pluralRu(count: number, forms: readonly [one: string, few: string, many: string]): string {
  const n = Math.abs(Math.trunc(count));
  const lastTwo = n % 100;
  const last = n % 10;
  if (lastTwo >= 11 && lastTwo <= 14) return forms[2];
  if (last === 1) return forms[0];
  if (last >= 2 && last <= 4) return forms[1];
  return forms[2];
}

/** «15 секунд», «1 секунду» (accusative, as in «через 1 секунду»). */
export function secondsRu(count: number): string {
  return `${count} ${pluralRu(count, ['секунду', 'секунды', 'секунд'])}`;
}

/** «1 человек», «2 человека», «5 человек». */
export function peopleRu(count: number): string {
  return `${count} ${pluralRu(count, ['человек', 'человека', 'человек'])}`;
}

/** The weekday with its preposition, as in «откроется в понедельник»; Sunday is 0. */
const WEEKDAYS_AT = ['в воскресенье', 'в понедельник', 'во вторник', 'в среду', 'в четверг', 'в пятницу', 'в субботу'];
const MONTHS_GENITIVE = [
  'января',
  'февраля',
  'марта',
  'апреля',
  'мая',
  'июня',
  'июля',
  'августа',
  'сентября',
  'октября',
  'ноября',
  'декабря',
];

/** When something opens next, as said aloud. */
export type OpensAt = { time: string; daysAhead: number };

/**
 * When something opens, in words: «сегодня в 14:00», «завтра в 08:00», «в понедельник в 08:00»,
 * and after a long break (holidays) the date: «12 января в 08:00».
 *
 * @param today the office's date now, `YYYY-MM-DD`, for the weekday or date of a later day
 */
export function opensAtPhrase(opensAt: OpensAt, today: string): string {
  const at = `в ${opensAt.time}`;
  if (opensAt.daysAhead === 0) return `сегодня ${at}`;
  if (opensAt.daysAhead === 1) return `завтра ${at}`;
  const [year = 0, month = 1, day = 1] = today.split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day + opensAt.daysAhead));
  if (Number.isNaN(date.getTime())) return `через ${opensAt.daysAhead} дн. ${at}`;
  if (opensAt.daysAhead < 7) return `${WEEKDAYS_AT[date.getUTCDay()]} ${at}`;
  return `${date.getUTCDate()} ${MONTHS_GENITIVE[date.getUTCMonth()]} ${at}`;
}

/** A closed office or service, with when it opens if known. */
export type Closed = Extract<ServiceAvailability, { state: 'closed' }>;

/**
 * The calm line on the home screen while the office is closed: «Сегодня офис уже закрыт.
 * Откроется завтра в 08:00.» Before opening or over lunch it says «сейчас» rather than «уже».
 */
export function officeClosedLine(office: Closed, today: string): string {
  const { opensAt } = office;
  if (opensAt === undefined) return 'Офис сейчас закрыт.';
  const when = opensAtPhrase(opensAt, today);
  return opensAt.daysAhead === 1
    ? `Сегодня офис уже закрыт. Откроется ${when}.`
    : `Офис сейчас закрыт. Откроется ${when}.`;
}

/** The line on the home screen while only booked visitors are seen. */
export const officeBookingOnlyLine = 'Сейчас принимают только по предварительной записи.';
