import type { QueueTicketState } from '../../../kiosk-config/src/hub/queue-api';

/** What the call order needs of a ticket. */
export interface QueuedTicket {
  ticketId: string;
  prefix: string;
  priority: boolean;
  state: QueueTicketState;
  /** UTC ISO 8601 with milliseconds (sorts as text). */
  issuedAt: string;
  /** Offline tickets: the kiosk's count of the day, for two issued in the same millisecond. */
  kioskSeq?: number;
}

/**
 * The order in which tickets are called: booked visitors (priority) first, then by the time of
 * issue to the millisecond, then by the kiosk's sequence of offline tickets (none first); ties
 * keep the input's order (the order they were stored). The hub's SQL for call-next
 * orders the same way (CALL_ORDER in `sqlite-queue-store.ts` and `postgres-queue-store.ts`).
 *
 * Offline tickets merged late take their place by the time they were issued: their holders
 * have been waiting since then.
 */
export function inCallOrder<T extends QueuedTicket>(tickets: readonly T[]): T[] {
  return tickets
    .map((ticket, index) => ({ ticket, index }))
    .sort(
      (a, b) =>
        Number(b.ticket.priority) - Number(a.ticket.priority) ||
        a.ticket.issuedAt.localeCompare(b.ticket.issuedAt) ||
        (a.ticket.kioskSeq ?? 0) - (b.ticket.kioskSeq ?? 0) ||
        a.index - b.index,
    )
    .map(({ ticket }) => ticket);
}

/**
 * The waiting tickets of the same queue (prefix) called before `ticket`: for a walk-in, every
 * waiting priority ticket and the walk-ins issued before it; for a priority ticket, only the
 * priority tickets before it. Empty when `ticket` is not waiting.
 */
export function ticketsAhead<T extends QueuedTicket>(queue: readonly T[], ticket: QueuedTicket): T[] {
  if (ticket.state !== 'waiting') return [];
  const ordered = inCallOrder(queue.filter((t) => t.state === 'waiting' && t.prefix === ticket.prefix));
  const position = ordered.findIndex((t) => t.ticketId === ticket.ticketId);
  return position < 0 ? [] : ordered.slice(0, position);
}
