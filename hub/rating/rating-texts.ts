import type { RatingReason } from '../../kiosk-config/src/hub/rating-api';

/**
 * The rating's Russian words on the hub's pages (the follow page, the console). The criteria are
 * those of ИАС МКГУ «Ваш контроль», worded as it words them.
 */
export const REASON_NAMES_RU: Readonly<Record<RatingReason, string>> = {
  service_time: 'Время предоставления услуги',
  waiting_time: 'Время ожидания в очереди',
  staff: 'Вежливость и компетентность сотрудника',
  comfort: 'Комфортность условий в помещении',
  information: 'Доступность информации о порядке предоставления услуги',
};

/** What each score means, from 1 to 5. */
export const SCORE_NAMES_RU: readonly string[] = ['Очень плохо', 'Плохо', 'Удовлетворительно', 'Хорошо', 'Отлично'];

/** `2026-12-10` as «10.12.2026». */
export function dayRu(day: string): string {
  const [year, month, date] = day.split('-');
  return `${date}.${month}.${year}`;
}
