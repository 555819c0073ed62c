import type { CatalogueFile } from '../../kiosk-config/src/catalogue/catalogue';
import type { QueueTicketState, TicketSource } from '../../kiosk-config/src/hub/queue-api';

/**
 * The queue's storage: offices' catalogues, kiosks' offline tags, tickets and their numbering,
 * bookings, operator tokens (docs/queue.md). Part of `HubRepository`.
 *
 * Every method that changes several rows, or reads a row and writes according to it (the next
 * number, the next visitor), is one transaction with the locks it needs (SQLite: the file's write
 * lock at its start; PostgreSQL: the rows', docs/queue.md), so two hub processes on one database
 * never hand out the same number, use a booking twice or call the same visitor twice.
 */
export interface QueueRepository {
  /** Stores an office's catalogue, validated again here; throws for an unknown office or a bad catalogue. */
  setOfficeCatalogue(officeId: string, catalogue: CatalogueFile, at: string): Promise<void>;
  /** The office's catalogue, validated on read (throws when the stored one is invalid); undefined without one. */
  findOfficeCatalogue(officeId: string): Promise<CatalogueFile | undefined>;
  /** The kiosk's offline tag; on the first call, the smallest `К<n>` free in its office. Throws for an unknown kiosk. */
  assignOfflineTag(kioskId: string): Promise<string>;

  findTicket(ticketId: string): Promise<TicketRecord | undefined>;
  /** The ticket a follow link points to, by the SHA-256 of its token. */
  findTicketByFollowTokenHash(tokenHash: string): Promise<TicketRecord | undefined>;
  /**
   * Issues a ticket: the next number of its queue and day (or the offline number it carries),
   * its follow token and, for a check-in, the booking marked used, all or nothing.
   */
  issueTicket(ticket: NewTicket): Promise<IssueTicketResult>;
  /** Another follow link to the same ticket (a retried request gets a fresh one; all of them work). */
  addFollowToken(ticketId: string, tokenHash: string): Promise<void>;
  /** The office day's waiting and called tickets, in the order they were stored. */
  listQueue(officeId: string, day: string): Promise<TicketRecord[]>;
  /** Service times of the newest served tickets of a queue finished since `since` (ms each, newest first). */
  listServiceDurations(officeId: string, prefix: string, since: string, limit: number): Promise<number[]>;
  /** How many distinct windows called tickets of a queue since `since`. */
  countCallingWindows(officeId: string, prefix: string, since: string): Promise<number>;
  /** How many distinct windows called tickets of any queue of the office since `since`. */
  countOfficeCallingWindows(officeId: string, since: string): Promise<number>;
  /**
   * When each ticket of the office on the given office days was issued (UTC ISO 8601, with its
   * day), dropped ones left out: the history of how busy the office is (the public load page).
   */
  listIssueTimes(officeId: string, days: readonly string[]): Promise<IssueTime[]>;
  /** The window's called ticket, if any, becomes served; then the next waiting ticket is called to it. */
  callNext(call: CallNextCommand): Promise<CallNextResult>;
  /** A called ticket becomes served or no_show. */
  finishTicket(finish: FinishTicketCommand): Promise<FinishTicketResult>;
  /**
   * A served ticket as the back office (or the demo seed) records it: the times are set on each
   * call; the number is taken from the day's counter the first time only.
   */
  recordServedTicket(entry: ServedTicketEntry): Promise<TicketRecord>;

  /** Adds or replaces a booking. */
  upsertBooking(booking: BookingRecord): Promise<void>;
  findBooking(code: string): Promise<BookingRecord | undefined>;
  /** The booking a check-in ticket was issued for. */
  findBookingByTicket(ticketId: string): Promise<BookingRecord | undefined>;
  /** The office's bookings whose slot starts in `[from, to)` (UTC ISO 8601), in every state. */
  listBookings(officeId: string, from: string, to: string): Promise<BookingRecord[]>;
  /** The HMAC key of the office's booking codes on an office day (base64url), made at first use. */
  bookingDayKey(officeId: string, day: string): Promise<string>;

  /** Adds an operator token, or replaces the one with the same id. */
  saveOperatorToken(token: OperatorTokenRecord): Promise<void>;
  findOperatorToken(tokenHash: string): Promise<OperatorTokenRecord | undefined>;
  /** False when there is no such token. */
  revokeOperatorToken(id: string, at: string): Promise<boolean>;
  listOperatorTokens(): Promise<OperatorTokenRecord[]>;
}

/** When a ticket was issued, on which office day. */
export interface IssueTime {
  day: string;
  issuedAt: string;
}

/** What the hub recorded of a print (`ticket.print_outcome`). */
export type PrintedState = 'yes' | 'no' | 'unknown';

/** A queue ticket as stored. Times are UTC ISO 8601 (`toISOString`), so they sort as text. */
export interface TicketRecord {
  ticketId: string;
  officeId: string;
  /** The office's date when it was issued, `YYYY-MM-DD`: numbers restart each office day. */
  day: string;
  prefix: string;
  /** `А-007`, or an offline `Б-К1-03`. */
  number: string;
  serviceId: string;
  kioskId?: string;
  issuedAt: string;
  source: TicketSource;
  priority: boolean;
  state: QueueTicketState;
  window?: string;
  calledAt?: string;
  finishedAt?: string;
  printed?: PrintedState;
  /** Offline tickets: the kiosk's count of its offline tickets that day (orders same-millisecond ones). */
  kioskSeq?: number;
  /** An offline check-in whose booking could not be used (shown to the operator). */
  bookingProblem?: BookingProblem;
  /** With `used_twice`: the number of the ticket that used the booking first. */
  bookingUsedBy?: string;
}

/**
 * Why an offline check-in's booking was not marked used by its ticket when merged: another ticket
 * used it (`used_twice`: two offline check-ins, or offline and online), it was cancelled
 * meanwhile, or its hash matches no booking of the office that day (`unknown`).
 */
export type BookingProblem = 'used_twice' | 'cancelled' | 'unknown';

/** A ticket to issue. */
export interface NewTicket {
  ticketId: string;
  officeId: string;
  kioskId: string;
  serviceId: string;
  prefix: string;
  day: string;
  issuedAt: string;
  source: TicketSource;
  priority: boolean;
  /** SHA-256 (hex) of the follow token; the token itself is never stored. */
  followTokenHash: string;
  /** Offline tickets carry their own number; others get the next of the counter. */
  number?: string;
  /** A check-in: this booking, which must still be `booked`, becomes `checked_in` with the ticket. */
  bookingCode?: string;
  /** Offline tickets: the kiosk's sequence number of the day. */
  kioskSeq?: number;
}

export type IssueTicketResult =
  | { outcome: 'issued'; ticket: TicketRecord }
  /** A ticket with this id exists (a retry, or a replayed offline ticket): nothing was written. */
  | { outcome: 'existing'; ticket: TicketRecord }
  | { outcome: 'numbers_exhausted' }
  /** The booking is no longer `booked` (another check-in won the race); absent when it vanished. */
  | { outcome: 'booking_unavailable'; booking?: BookingRecord }
  /** An offline number already used that day by another ticket. */
  | { outcome: 'number_taken' };

/** An operator calls the next visitor to a window. */
export interface CallNextCommand {
  officeId: string;
  day: string;
  window: string;
  /** The queues this window serves; absent: all. */
  prefixes?: readonly string[];
  at: string;
}

export interface CallNextResult {
  called?: TicketRecord;
  /** The ticket the window had called before, now served. */
  previous?: TicketRecord;
}

export interface FinishTicketCommand {
  ticketId: string;
  /** Only tickets of this office are found. */
  officeId: string;
  outcome: 'served' | 'no_show';
  at: string;
}

export type FinishTicketResult =
  | { outcome: 'finished'; ticket: TicketRecord }
  /** Already served or no_show: left as it was (a repeated request changes nothing). */
  | { outcome: 'already_finished'; ticket: TicketRecord }
  /** Waiting or dropped: only a called ticket can be finished. */
  | { outcome: 'not_called'; ticket: TicketRecord }
  | { outcome: 'not_found' };

/** A served ticket from history. */
export interface ServedTicketEntry {
  ticketId: string;
  officeId: string;
  serviceId: string;
  prefix: string;
  day: string;
  source: TicketSource;
  priority: boolean;
  issuedAt: string;
  window: string;
  calledAt: string;
  finishedAt: string;
}

/** A booking (предварительная запись), by its 8-digit code. */
export interface BookingRecord {
  code: string;
  officeId: string;
  serviceId: string;
  /** UTC ISO 8601. */
  slotStart: string;
  state: 'booked' | 'checked_in' | 'cancelled';
  /** Set while `checked_in`. */
  ticketId?: string;
}

/** An operator's bearer token, by hash, valid for one office. */
export interface OperatorTokenRecord {
  /** Short public id, to list and revoke it. */
  id: string;
  tokenHash: string;
  officeId: string;
  /** Who or which window holds it («окно 3»). */
  label: string;
  createdAt: string;
  revokedAt?: string;
}

/**
 * What an outbox item about a ticket asks of the queue, checked and prepared by the hub
 * (`planTicketMerges`), applied in the outbox's own transaction, only when the item is new.
 */
export type TicketMerge =
  | {
      itemId: string;
      kind: 'offline';
      ticket: NewTicket & { number: string };
      /**
       * An offline check-in: the booking's code found by its hash (absent when none matched).
       * The ticket joins the queue either way (the visitor holds it); the booking becomes used
       * by it, or the ticket carries the problem for the operator.
       */
      offlineBooking?: { code?: string };
    }
  | { itemId: string; kind: 'print_outcome'; ticketId: string; printed: PrintedState }
  | { itemId: string; kind: 'abandoned'; ticketId: string };

/** What applying a merge did, for the log. */
export interface TicketMergeOutcome {
  itemId: string;
  kind: TicketMerge['kind'];
  result: 'applied' | 'unchanged' | 'unknown_ticket' | 'number_taken' | 'failed';
}
