import type { ErrorCode } from '../../../kiosk-config/src/index';
import type { PrinterFault } from '../devices/printer-readiness';

/**
 * Every sentence the visitor may read about a fault, in one place.
 *
 * Rules: plain words, no codes or technical terms, say what happened and what to do next.
 */

const askStaff = 'Обратитесь, пожалуйста, к сотруднику центра.';

/** What the visitor is told when a ticket could not be issued, by the call's fault code. */
export function ticketErrorMessage(code: ErrorCode): string {
  switch (code) {
    case 'printer_paper_out':
      return `В принтере закончилась бумага. ${askStaff}`;
    case 'printer_cover_open':
      return `Крышка принтера открыта, поэтому талон не напечатался. ${askStaff}`;
    case 'printer_unavailable':
      return `Принтер талонов сейчас не работает. ${askStaff} Вас запишут в очередь.`;
    case 'printer_error':
      return 'Принтер не смог напечатать талон. Попробуйте ещё раз. Если не получится, обратитесь к сотруднику центра.';
    case 'timeout':
      return 'Талон печатается слишком долго. Посмотрите, не вышел ли он из принтера. Если талона нет, попробуйте ещё раз или обратитесь к сотруднику центра.';
    case 'unknown_service':
      return 'На эту услугу сейчас нельзя взять талон здесь. Выберите другую услугу или обратитесь к сотруднику центра.';
    default:
      return `Не получилось взять талон. ${askStaff}`;
  }
}

/** The heading over the fault: after a timeout the ticket may have printed after all. */
export function ticketErrorTitle(code: ErrorCode): string {
  return code === 'timeout' ? 'Печать талона не завершилась' : 'Талон не напечатан';
}

/** Whether trying again right away may help after this fault (otherwise staff must act first). */
export function isWorthRetrying(code: ErrorCode): boolean {
  return code !== 'printer_paper_out' && code !== 'printer_cover_open' && code !== 'printer_unavailable';
}

/** The quiet line on the home screen while the ticket printer cannot print. */
export const printerWarningLine = 'Принтер талонов временно не работает. Талон можно получить у сотрудника центра.';

/** What the ticket button explains while the printer reports a fault, instead of failing later. */
export function printerUnavailableMessage(fault: PrinterFault): string {
  const why =
    fault === 'paper_out'
      ? 'В принтере талонов закончилась бумага'
      : fault === 'cover_open'
        ? 'Крышка принтера талонов открыта'
        : 'Принтер талонов временно не работает';
  return `${why}, поэтому взять талон здесь сейчас нельзя. ${askStaff} Вас запишут в очередь.`;
}

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
