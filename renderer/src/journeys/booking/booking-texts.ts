import type { CheckInOutcome } from '../../../../kiosk-config/src/index';
import type { ProblemTexts } from '../../ui/problem-texts';

/**
 * Every sentence the visitor may read on the booking screens («У меня запись»), in one place.
 *
 * Rules as in `texts.ts`: plain words, no codes or technical terms; say what happened and what
 * to do next. Times as the office's clock shows them: 14:30.
 */

/** Why a check-in gave no ticket, as the outcome screen tells it (printer faults go to the ticket's error screen). */
export type BookingProblem =
  | Exclude<CheckInOutcome, { outcome: 'issued' } | { outcome: 'invalid_code' }>
  /** The hub could not be asked: the booking cannot be checked now. */
  | { outcome: 'hub_unreachable' };

/** What the visitor can do about it, as the outcome screen's main button offers it. */
export type BookingRemedy = 'walk-in' | 'edit-code' | 'done';

/** The outcome screen's texts: a heading, the calm sentence with the next step, and the button. */
export type BookingProblemTexts = ProblemTexts<BookingRemedy>;

const walkIn = { remedy: 'walk-in', action: 'Взять обычный талон' } as const;
const done = { remedy: 'done', action: 'Понятно' } as const;

/** The calm explanation of a check-in that gave no ticket, with the next step. */
export function bookingProblemTexts(problem: BookingProblem): BookingProblemTexts {
  switch (problem.outcome) {
    case 'too_early':
      return {
        title: 'Регистрация ещё не началась',
        message: `Вы пришли раньше. Запись на ${problem.slotTime}, регистрация откроется в ${problem.opensAt}. Подойдите к терминалу в это время.`,
        ...done,
      };
    case 'too_late':
      return {
        title: 'Время записи прошло',
        message: `Время записи ${problem.slotTime} прошло. Можно взять обычный талон и подождать в общей очереди.`,
        ...walkIn,
      };
    case 'wrong_office':
      return {
        title: 'Запись в другой офис',
        message: `Эта запись в другой офис: ${problem.officeName}. Приходите туда в назначенное время или обратитесь к сотруднику центра.`,
        ...done,
      };
    case 'already_used':
      return {
        title: 'Талон уже выдан',
        message: `По этой записи уже выдан талон ${problem.ticketNumber}. Если талон потерялся, обратитесь к сотруднику центра.`,
        ...done,
      };
    case 'cancelled':
      return {
        title: 'Запись отменена',
        message: 'Эта запись отменена. Можно взять обычный талон или записаться снова у сотрудника центра.',
        ...walkIn,
      };
    case 'not_found':
      return {
        title: 'Запись не найдена',
        message:
          'Запись не найдена. Проверьте код: он напечатан в подтверждении записи. Если код верный, обратитесь к сотруднику центра.',
        remedy: 'edit-code',
        action: 'Исправить код',
      };
    case 'hub_unreachable':
      return {
        title: 'Сейчас нет связи',
        message: 'Нет связи, проверить запись нельзя. Возьмите обычный талон или обратитесь к сотруднику центра.',
        ...walkIn,
      };
  }
}

/** Under the keypad when the typed code is not a booking code (its check digit does not match). */
export const bookingCodeInvalidMessage = 'В коде ошибка, проверьте цифры.';

/** Under the keypad when a scanned code is not a booking's QR code. */
export const bookingScanRejectedMessage =
  'Этот код не похож на код записи. Поднесите к сканеру QR-код из подтверждения записи или наберите 8 цифр.';

/** Over the keypad: where the code is and the two ways to give it. */
export const bookingCodeHint =
  'Код записи — 8 цифр в подтверждении, которое вам выдали или прислали. Наберите его ниже или поднесите QR-код к сканеру.';
