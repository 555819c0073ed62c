import type { ErrorCode, WaitEstimate } from '../../../../kiosk-config/src/index';
import type { PrinterFault } from '../../devices/printer-readiness';
import type { MessageKey } from '../../i18n/catalog';
import { russian, type Translate } from '../../i18n/languages';
import { type Closed, opensAtPhrase, peoplePhrase } from '../../ui/texts';

/**
 * The ticket journey's sentences, in the visitor's language (`t`; the words in the catalogs): why a ticket could not be issued, the queue on the ticket, the
 * service cards' lines, the documents list.
 *
 * Rules: plain words, no codes or technical terms, say what happened and what to do next.
 */

/** The message of each fault the visitor may meet; others say «Не получилось взять талон». */
const ERROR_MESSAGES: Partial<Record<ErrorCode, MessageKey>> = {
  printer_paper_out: 'ticket.error.paperOut',
  printer_cover_open: 'ticket.error.coverOpen',
  printer_unavailable: 'ticket.error.printerUnavailable',
  printer_error: 'ticket.error.printerError',
  timeout: 'ticket.error.timeout',
  unknown_service: 'ticket.error.unknownService',
  office_closed: 'ticket.error.officeClosed',
  booking_required: 'ticket.error.bookingRequired',
  numbers_exhausted: 'ticket.error.numbersExhausted',
  disk_full: 'ticket.error.diskFull',
  rate_limited: 'ticket.error.rateLimited',
};

/** What the visitor is told when a ticket could not be issued, by the call's fault code. */
export function ticketErrorMessage(code: ErrorCode, t: Translate = russian): string {
  return t(ERROR_MESSAGES[code] ?? 'ticket.error.other');
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
export function ticketErrorTitle(code: ErrorCode, t: Translate = russian): string {
  if (code === 'timeout') return t('ticket.errorTitle.timeout');
  return t(REFUSALS.has(code) ? 'ticket.errorTitle.refused' : 'ticket.errorTitle.notPrinted');
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
export function printerUnavailableMessage(fault: PrinterFault, t: Translate = russian): string {
  return t(
    fault === 'paper_out'
      ? 'ticket.printerDown.paperOut'
      : fault === 'cover_open'
        ? 'ticket.printerDown.coverOpen'
        : 'ticket.printerDown.other',
  );
}

/**
 * The queue before a ticket: «Перед вами: 3 человека», or «Вы следующий» when nobody is ahead;
 * `null` when it is not known (a ticket issued offline).
 */
export function peopleAheadLine(peopleAhead: number | null, t: Translate = russian): string | null {
  if (peopleAhead === null) return null;
  return peopleAhead === 0 ? t('ticket.nextInLine') : t('ticket.peopleAhead', { people: peoplePhrase(peopleAhead, t) });
}

/**
 * The wait as a range, never a falsely precise minute: «Примерное ожидание: 10–20 минут»
 * (the noun agrees with the last number, as Russians say ranges), «до 10 минут» from zero,
 * «около 15 минут» when both ends meet, «больше часа» from an hour on. `null` without an estimate.
 */
export function waitLine(wait: WaitEstimate | null, t: Translate = russian): string | null {
  if (wait === null) return null;
  const low = Math.min(wait.minMinutes, wait.maxMinutes);
  const high = Math.max(wait.minMinutes, wait.maxMinutes);
  let range: string;
  if (low >= 60) range = t('ticket.wait.overHour');
  else if (high === 0) range = t('ticket.wait.underMinute');
  else if (low === high) range = t('ticket.wait.about', { count: high });
  else if (low === 0) range = t('ticket.wait.upTo', { count: high });
  else range = t('ticket.wait.range', { low, count: high });
  return t('ticket.wait', { range });
}

/** What a ticket issued from a booking says: «По записи на 14:30», or «По записи». */
export function priorityLine(slotTime: string | null, t: Translate = russian): string {
  return slotTime === null ? t('ticket.byBooking') : t('ticket.byBookingAt', { time: slotTime });
}

/** What the card of a closed service says: when it opens, or only that it does not now. */
export function serviceClosedLine(service: Closed, today: string, t: Translate = russian): string {
  const { opensAt } = service;
  if (opensAt === undefined) return t('ticket.serviceClosed');
  const when = opensAtPhrase(opensAt, today, t);
  return t(opensAt.daysAhead === 1 ? 'ticket.serviceClosedUntilTomorrow' : 'ticket.serviceClosedUntil', { when });
}

/**
 * The first lines of a long list, for a card: all of them when they are few, else the first
 * `shown` and how many more (a card says «и ещё 3»; the confirm screen lists them all).
 */
export function listPreview<T>(items: readonly T[], shown = 3): { items: readonly T[]; more: number } {
  // One line «и ещё 1» takes the room of the line it hides: then show it instead.
  if (items.length <= shown + 1) return { items, more: 0 };
  return { items: items.slice(0, shown), more: items.length - shown };
}

/** Why the documents list is shown on the screen instead of on a sheet. */
export function documentsPreviewReason(code: ErrorCode, t: Translate = russian): string {
  return t(code === 'office_printer_unavailable' ? 'ticket.previewReason.printerDown' : 'ticket.previewReason.other');
}
