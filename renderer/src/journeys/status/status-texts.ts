import {
  type ApplicationStatusView,
  describeApplicationStatus,
  type ErrorCode,
  type SecondFactorKind,
  type StatusText,
} from '../../../../kiosk-config/src/index';
import type { ProblemTexts } from '../../ui/problem-texts';

/**
 * Every sentence the visitor may read on the status screens, in one place: the answer itself
 * comes from the shared `kiosk-config/src/hub/status-text.ts`; the problems, the slip and the
 * hints are the screens' own.
 *
 * Rules as in `texts.ts`: plain words, no codes or technical terms; say what happened and what
 * to do next. Dates as the visitor writes them: 15.12.2026.
 */

const askStaff = 'Если не получается, обратитесь к сотруднику центра.';

/**
 * The answer about a found application: the shared plain-Russian sentences
 * (`describeApplicationStatus`), so that the screen and the printed slip tell one story.
 */
export function statusSentences(application: ApplicationStatusView, hereOfficeId?: string): StatusText {
  return describeApplicationStatus(application, hereOfficeId === undefined ? {} : { hereOfficeId });
}

/** Why a lookup did not give an answer, as the status screens tell it. */
export type StatusProblem =
  | { kind: 'not_found' }
  | { kind: 'second_factor_mismatch'; factor: SecondFactorKind }
  | { kind: 'fault'; code: ErrorCode };

/** What the visitor can do about a problem, as the error screen's main button offers it. */
export type StatusRemedy = 'edit-number' | 'enter-second-factor' | 'retry';

/** The error screen's texts: a heading, the calm sentence with the next step, and the button. */
export type StatusProblemTexts = ProblemTexts<StatusRemedy>;

/** The calm explanation of a problem, with the next step; never a technical text. */
export function statusProblemTexts(problem: StatusProblem): StatusProblemTexts {
  switch (problem.kind) {
    case 'not_found':
      return {
        title: 'Заявление не найдено',
        message:
          'Заявления с таким номером нет. Сверьте номер с распиской и наберите его ещё раз. Если номер верный, обратитесь к сотруднику центра.',
        remedy: 'edit-number',
        action: 'Исправить номер',
      };
    case 'second_factor_mismatch':
      return problem.factor === 'filing_date'
        ? {
            title: 'Дата не подошла',
            message: `Дата подачи не подходит к заявлению с таким номером. Сверьте с распиской номер и дату подачи и введите дату ещё раз. ${askStaff}`,
            remedy: 'enter-second-factor',
            action: 'Ввести дату ещё раз',
          }
        : {
            title: 'Цифры не подошли',
            message: `Эти цифры не подходят к заявлению с таким номером. Сверьте номер с распиской и введите последние 4 цифры того телефона, который вы указали в центре. ${askStaff}`,
            remedy: 'enter-second-factor',
            action: 'Ввести цифры ещё раз',
          };
    case 'fault':
      return faultTexts(problem.code);
  }
}

function faultTexts(code: ErrorCode): StatusProblemTexts {
  switch (code) {
    case 'invalid_application_number':
      return {
        title: 'Номер набран неверно',
        message: `Такого номера заявления не бывает. Сверьте номер с распиской и наберите его ещё раз. ${askStaff}`,
        remedy: 'edit-number',
        action: 'Исправить номер',
      };
    case 'hub_unreachable':
    case 'timeout':
      return {
        title: 'Сейчас нет связи',
        message:
          'Терминал сейчас не может узнать статус: нет связи с базой заявлений. Попробуйте ещё раз через несколько минут или спросите о заявлении сотрудника центра.',
        remedy: 'retry',
        action: 'Попробовать ещё раз',
      };
    case 'rate_limited':
      return {
        title: 'Подождите немного',
        message:
          'Статус проверяли слишком часто. Подождите несколько минут и попробуйте ещё раз или спросите о заявлении сотрудника центра.',
        remedy: 'retry',
        action: 'Попробовать ещё раз',
      };
    default:
      return {
        title: 'Не получилось узнать статус',
        message: 'Попробуйте ещё раз. Если не получится, спросите о заявлении сотрудника центра.',
        remedy: 'retry',
        action: 'Попробовать ещё раз',
      };
  }
}

/** What the visitor is told when the status slip did not print, by the call's fault code. */
export function slipPrintErrorMessage(code: ErrorCode): string {
  switch (code) {
    case 'printer_paper_out':
      return 'В принтере закончилась бумага, листок не напечатался. Запишите ответ или обратитесь к сотруднику центра.';
    case 'printer_cover_open':
      return 'Крышка принтера открыта, листок не напечатался. Запишите ответ или обратитесь к сотруднику центра.';
    case 'printer_unavailable':
      return 'Принтер сейчас не работает. Запишите ответ или обратитесь к сотруднику центра.';
    case 'timeout':
      return 'Печать не завершилась. Посмотрите, не вышел ли листок из принтера. Если его нет, попробуйте ещё раз.';
    case 'nothing_to_print':
      return 'Ответ уже стёрт с терминала. Найдите заявление ещё раз, чтобы напечатать его.';
    default:
      return 'Листок не напечатался. Попробуйте ещё раз или запишите ответ.';
  }
}

/** Whether «Распечатать» is worth offering again after this fault. */
export function isSlipWorthRetrying(code: ErrorCode): boolean {
  return (
    code !== 'printer_paper_out' &&
    code !== 'printer_cover_open' &&
    code !== 'printer_unavailable' &&
    code !== 'nothing_to_print'
  );
}

/** The line shown instead of «Распечатать» while the printer reports a fault. */
export const slipPrinterUnavailableLine =
  'Принтер сейчас не работает, напечатать ответ нельзя. Запишите его, пожалуйста.';

/** Shown on the entry screen when a scanned code holds no application number. */
export const scanRejectedMessage =
  'Этот код не похож на номер заявления. Поднесите к сканеру штрихкод с расписки или наберите номер на экране.';

/** Where to find the number on the receipt, shown over the keypad. */
export const receiptHint =
  'Номер заявления напечатан вверху расписки, которую вам выдали в центре. Наберите его ниже или поднесите расписку штрихкодом к сканеру.';

/** The question of the second-factor screen, by kind. */
export function secondFactorQuestion(kind: SecondFactorKind): string {
  return kind === 'filing_date'
    ? 'Введите дату, когда вы подали заявление. Она напечатана на расписке.'
    : 'Введите последние 4 цифры телефона, который вы указали в заявлении.';
}

/** The second factor's name on its choice button. */
export function secondFactorLabel(kind: SecondFactorKind): string {
  return kind === 'filing_date' ? 'Дата подачи' : 'Цифры телефона';
}
