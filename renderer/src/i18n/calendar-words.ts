import type { PluralLanguage } from './plural';

/**
 * Month and weekday words by language, from our own tables: `Intl.DateTimeFormat` gives English
 * names for Tatar and Bashkir, and Russian needs the genitive month («12 января») and the
 * weekday with its preposition («во вторник»), which `Intl` does not give.
 */

/** A language with calendar words here (the same as the plural tables). */
export type CalendarLanguage = PluralLanguage;

interface CalendarWords {
  /** A day of a month as said in a date, January first: «12 января», «12 January», «12 гыйнвар». */
  readonly months: readonly string[];
  /** «On» a weekday, Sunday first: «в понедельник», «on Monday», «дүшәмбе көнне». */
  readonly onWeekday: readonly string[];
}

const TABLES: Readonly<Record<CalendarLanguage, CalendarWords>> = {
  ru: {
    months: [
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
    ],
    onWeekday: ['в воскресенье', 'в понедельник', 'во вторник', 'в среду', 'в четверг', 'в пятницу', 'в субботу'],
  },
  en: {
    months: [
      'January',
      'February',
      'March',
      'April',
      'May',
      'June',
      'July',
      'August',
      'September',
      'October',
      'November',
      'December',
    ],
    onWeekday: ['on Sunday', 'on Monday', 'on Tuesday', 'on Wednesday', 'on Thursday', 'on Friday', 'on Saturday'],
  },
  tt: {
    months: [
      'гыйнвар',
      'февраль',
      'март',
      'апрель',
      'май',
      'июнь',
      'июль',
      'август',
      'сентябрь',
      'октябрь',
      'ноябрь',
      'декабрь',
    ],
    onWeekday: [
      'якшәмбе көнне',
      'дүшәмбе көнне',
      'сишәмбе көнне',
      'чәршәмбе көнне',
      'пәнҗешәмбе көнне',
      'җомга көнне',
      'шимбә көнне',
    ],
  },
  ba: {
    months: [
      'ғинуар',
      'февраль',
      'март',
      'апрель',
      'май',
      'июнь',
      'июль',
      'август',
      'сентябрь',
      'октябрь',
      'ноябрь',
      'декабрь',
    ],
    onWeekday: [
      'йәкшәмбе көндө',
      'дүшәмбе көндө',
      'шишәмбе көндө',
      'шаршамбы көндө',
      'кесаҙна көндө',
      'йома көндө',
      'шәмбе көндө',
    ],
  },
};

/** «в понедельник» / «on Monday» / «дүшәмбе көнне» for a weekday, Sunday 0. */
export function onWeekday(language: CalendarLanguage, weekday: number): string {
  return TABLES[language].onWeekday[weekday] ?? '';
}

/** «12 января» / «12 January» / «12 гыйнвар» for a day of a month, January 0. */
export function dayOfMonth(language: CalendarLanguage, day: number, month: number): string {
  // The day before the month in every language here: «12 января», «12 January», «12 гыйнвар».
  return `${day} ${TABLES[language].months[month] ?? ''}`;
}
