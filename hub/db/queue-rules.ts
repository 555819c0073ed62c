import { randomBytes } from 'node:crypto';
import type {
  BookingProblem,
  BookingRecord,
  IssueTicketResult,
  TicketMergeOutcome,
  TicketRecord,
} from './queue-repository';
import { MAX_OFFLINE_TAGS, offlineTagNumber } from './ticket-numbers';

/*
 * The queue's decisions that depend on stored rows, made the same way by both stores once each
 * has read (and locked) the rows: which offline tag a kiosk gets, what a merge of an outbox item
 * did, why an offline check-in could not use its booking.
 */

/** The smallest offline tag (`К1`…) not among `taken` (an office's kiosks' tags); throws when all are. */
export function freeOfflineTag(officeId: string, taken: readonly string[]): string {
  const numbers = new Set(taken.map(offlineTagNumber));
  for (let n = 1; n <= MAX_OFFLINE_TAGS; n++) if (!numbers.has(n)) return `К${n}`;
  throw new Error(`office ${officeId} has no free offline tag (${MAX_OFFLINE_TAGS} kiosks)`);
}

/** What merging an offline ticket came to, by what issuing it did (a replayed ticket changes nothing). */
export function offlineMergeResult(issued: IssueTicketResult): TicketMergeOutcome['result'] {
  if (issued.outcome === 'issued') return 'applied';
  return issued.outcome === 'number_taken' ? 'number_taken' : 'unchanged';
}

/** Whether a kiosk may speak of a ticket in its outbox: only of its own tickets. */
export function isKiosksTicket(ticket: TicketRecord | undefined, kioskId: string): ticket is TicketRecord {
  return ticket !== undefined && ticket.kioskId === kioskId;
}

/**
 * Why a merged offline check-in cannot use its booking (found by `code`), or undefined when it
 * can: the booking is still `booked` and of the ticket's office.
 */
export function offlineBookingProblem(
  ticket: TicketRecord,
  code: string | undefined,
  booking: BookingRecord | undefined,
): BookingProblem | undefined {
  if (code !== undefined && booking?.state === 'booked' && booking.officeId === ticket.officeId) return undefined;
  if (booking === undefined || booking.officeId !== ticket.officeId) return 'unknown';
  return booking.state === 'cancelled' ? 'cancelled' : 'used_twice';
}

/** A new HMAC key for an office day's booking codes: 32 random bytes, base64url. */
export function newBookingDayKey(): string {
  return randomBytes(32).toString('base64url');
}
