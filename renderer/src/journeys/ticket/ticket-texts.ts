import type { ErrorCode, WaitEstimate } from '../../../../kiosk-config/src/index';
import type { PrinterFault } from '../../devices/printer-readiness';
import { type Closed, opensAtPhrase, peopleRu, pluralRu } from '../../ui/texts';

/**
 * The ticket journey's sentences: why a ticket could not be issued, the queue on the ticket, the
 * service cards' lines, the documents list.
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
    case 'office_closed':
      return 'Приём по этой услуге сейчас не идёт, поэтому талон не выдан. Приходите в часы работы или обратитесь к сотруднику центра.';
    case 'booking_required':
      return 'На эту услугу принимают только по предварительной записи. Если вы записаны, нажмите «У меня запись». Записаться можно у сотрудника центра.';
    case 'numbers_exhausted':
      return `Талоны на эту услугу на сегодня закончились. ${askStaff}`;
    case 'disk_full':
      return `Киоск временно не выдаёт талоны. ${askStaff}`;
    case 'rate_limited':
      return 'Сейчас терминал не может выдать талон. Подождите несколько минут и попробуйте ещё раз или обратитесь к сотруднику центра.';
    default:
      return `Не получилось взять талон. ${askStaff}`;
  }
}

/** Faults where the office (or the kiosk's full disk), not the printer, said no: no ticket was made, so none was printed. */
const REFUSALS: ReadonlySet<ErrorCode> = new Set([
  'office_closed',
  'booking_required',
  'numbers_exhausted',
  'disk_full',
  'rate_limited',
]);

/** The heading over the fault: after a timeout the ticket may have printed after all. */
export function ticketErrorTitle(code: ErrorCode): string {
  if (code === 'timeout') return 'Печать талона не завершилась';
  return REFUSALS.has(code) ? 'Талон не выдан' : 'Талон не напечатан';
}

/** Whether trying again right away may help after this fault (otherwise staff must act first). */
export function isWorthRetrying(code: ErrorCode): boolean {
  return (
    code !== 'printer_paper_out' &&
    code !== 'printer_cover_open' &&
    code !== 'printer_unavailable' &&
    code !== 'disk_full' &&
    // The hub's limit lifts within minutes: trying again is how the visitor gets the ticket.
    (code === 'rate_limited' || !REFUSALS.has(code))
  );
}

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

/** «1 минута», «3 минуты», «20 минут» (the noun agrees with the number given). */
function minutesWord(count: number): string {
  return pluralRu(count, ['минута', 'минуты', 'минут']);
}

/**
 * The queue before a ticket: «Перед вами: 3 человека», or «Вы следующий» when nobody is ahead;
 * `null` when it is not known (a ticket issued offline).
 */
export function peopleAheadLine(peopleAhead: number | null): string | null {
  if (peopleAhead === null) return null;
  return peopleAhead === 0 ? 'Вы следующий' : `Перед вами: ${peopleRu(peopleAhead)}`;
}

/**
 * The wait as a range, never a falsely precise minute: «Примерное ожидание: 10–20 минут»
 * (the noun agrees with the last number, as Russians say ranges), «до 10 минут» from zero,
 * «около 15 минут» when both ends meet, «больше часа» from an hour on. `null` without an estimate.
 */
export function waitLine(wait: WaitEstimate | null): string | null {
  if (wait === null) return null;
  const low = Math.min(wait.minMinutes, wait.maxMinutes);
  const high = Math.max(wait.minMinutes, wait.maxMinutes);
  let range: string;
  if (low >= 60) range = 'больше часа';
  else if (high === 0) range = 'меньше минуты';
  else if (low === high) range = `около ${high} ${pluralRu(high, ['минуты', 'минут', 'минут'])}`;
  else if (low === 0) range = `до ${high} ${pluralRu(high, ['минуты', 'минут', 'минут'])}`;
  else range = `${low}–${high} ${minutesWord(high)}`;
  return `Примерное ожидание: ${range}`;
}

/**
 * Shown large under the number when the printer took the ticket but never confirmed it: the
 * ticket stands in the queue whether or not the paper came out.
 */
export const unconfirmedTicketNote = 'Если талон не вышел, назовите этот номер сотруднику';

/** Shown instead of the queue on a ticket issued while the hub was unreachable. */
export const offlineTicketNote = 'Нет связи с сервером. Талон действителен, следите за табло.';

/** What a ticket issued from a booking says: «По записи на 14:30», or «По записи». */
export function priorityLine(slotTime: string | null): string {
  return slotTime === null ? 'По записи' : `По записи на ${slotTime}`;
}

/** What the card of a closed service says: when it opens, or only that it does not now. */
export function serviceClosedLine(service: Closed, today: string): string {
  const { opensAt } = service;
  if (opensAt === undefined) return 'Сейчас талоны на эту услугу не выдаются.';
  const when = opensAtPhrase(opensAt, today);
  return opensAt.daysAhead === 1
    ? `Сегодня приём закончен. Откроется ${when}.`
    : `Сейчас не принимают. Откроется ${when}.`;
}

/** What the card of a service taken by appointment only says. */
export const bookingOnlyLine = 'Только по предварительной записи';

/**
 * The first lines of a long list, for a card: all of them when they are few, else the first
 * `shown` and how many more (a card says «и ещё 3»; the confirm screen lists them all).
 */
export function listPreview<T>(items: readonly T[], shown = 3): { items: readonly T[]; more: number } {
  // One line «и ещё 1» takes the room of the line it hides: then show it instead.
  if (items.length <= shown + 1) return { items, more: 0 };
  return { items: items.slice(0, shown), more: items.length - shown };
}

/** On the confirm screen once the A4 list went to the office printer. */
export const a4PrintedLine = 'Лист печатается на принтере у администратора. Заберите его у сотрудника центра.';

/** Why the documents list is shown on the screen instead of on a sheet. */
export function documentsPreviewReason(code: ErrorCode): string {
  return code === 'office_printer_unavailable'
    ? 'Принтер для листов сейчас не работает.'
    : 'Лист не получилось распечатать.';
}

/** What to do with the list shown on the screen. */
export const documentsPreviewHint = 'Сфотографируйте или перепишите список.';
