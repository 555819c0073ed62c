import { z } from 'zod';
import { CatalogueFile } from '../catalogue/catalogue';

/**
 * The hub's queue API (tickets, bookings, the operator's side, offline sync) as zod schemas,
 * shared by the hub and the kiosk. Paths are under `/v1`; kiosk calls carry the kiosk's bearer
 * credential (hub-api.ts), operator calls an operator token.
 */

/** A wait as a range of minutes, never a falsely precise minute. */
export const WaitEstimate = z
  .object({
    minMinutes: z.number().int().nonnegative(),
    maxMinutes: z.number().int().nonnegative(),
    /** `recent`: from this office's recent service times; `typical`: the catalogue's typical minutes. */
    basis: z.enum(['recent', 'typical']),
  })
  .strict();
export type WaitEstimate = z.infer<typeof WaitEstimate>;

/** Where a ticket came from. */
export const TicketSource = z.enum(['kiosk', 'booking', 'offline']);
export type TicketSource = z.infer<typeof TicketSource>;

/** The kiosk-generated id of a ticket request: a retried request gets the same ticket back. */
export const TicketId = z.uuid();

/** A ticket as the hub issued it. */
export const HubTicket = z
  .object({
    ticketId: TicketId,
    /** As printed and called: `Б-007`; offline tickets carry the kiosk's tag: `Б-К1-03`. */
    number: z.string().min(3).max(16),
    serviceId: z.string().min(1).max(64),
    /** ISO 8601 with the office's offset. */
    issuedAt: z.string().max(40),
    source: TicketSource,
    /** Booked visitors are called before walk-ins. */
    priority: z.boolean(),
    /** Waiting tickets called before this one. */
    peopleAhead: z.number().int().nonnegative(),
    /** Null when there is nobody ahead or nothing to base it on. */
    wait: WaitEstimate.nullable(),
    /** The visitor's page to follow the queue from a phone (an unguessable token, not the number). */
    followUrl: z.url().max(500),
  })
  .strict();
export type HubTicket = z.infer<typeof HubTicket>;

/**
 * A booking code as the kiosk may keep it: HMAC-SHA256 of the 8 digits under the day's key,
 * base64url (43 characters). The key is the hub's, per office per day (`OfflineBookings.key`).
 */
export const BookingCodeHash = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'expected an HMAC-SHA256 in base64url');

/**
 * Today's bookings of the kiosk's office, for checking a booked visitor in while the hub is
 * unreachable (docs/queue.md, «Offline check-in»). No names, no codes: each booking is the HMAC of
 * its code under a key of this office and day. That is no secret from whoever reads the kiosk's
 * disk (the key is next to the hashes and codes are 8 digits with a check digit: 10⁷ guesses),
 * so the list is kept to what it must hold: today's open bookings of this office only.
 */
export const OfflineBookings = z
  .object({
    /** The office day the list and its key are for (`YYYY-MM-DD`); useless on another day. */
    day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    /** 32 random bytes, base64url: the HMAC key of this office and day. */
    key: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
    bookings: z
      .array(
        z
          .object({
            codeHash: BookingCodeHash,
            /** The slot's start, ISO 8601 with the office's offset. */
            slotAt: z.string().max(40),
            serviceId: z.string().min(1).max(64),
          })
          .strict(),
      )
      .max(5000),
  })
  .strict();
export type OfflineBookings = z.infer<typeof OfflineBookings>;

/**
 * Follow tokens the kiosk makes for offline tickets: `o_` and 22 base64url characters (24 in
 * all, where the hub's are 22), so the hub knows a link of an offline ticket it has not received
 * yet and says so instead of «не найден».
 */
export const OFFLINE_FOLLOW_TOKEN = /^o_[A-Za-z0-9_-]{22}$/;

/** GET /v1/kiosk/setup: what a kiosk needs to issue tickets, also when the hub is unreachable later. */
export const KioskSetup = z
  .object({
    office: z.object({ id: z.string(), name: z.string(), address: z.string().optional() }).strict(),
    /** IANA zone of the office: counters turn at its midnight, hours are on its wall clock. */
    timeZone: z.string().min(1).max(64),
    catalogue: CatalogueFile,
    /**
     * The kiosk's reserved block for offline tickets: numbers `<prefix>-<tag>-NN`, e.g. `Б-К1-03`,
     * which the hub never issues itself and which no other kiosk of the office uses.
     */
    offlineTag: z.string().regex(/^К\d{1,2}$/u, 'expected К followed by one or two digits'),
    /** Base of follow links (`<base>/q/<token>`), so offline tickets carry one too. */
    followBaseUrl: z.url().max(300),
    /** Check-in window around a booking's slot. */
    booking: z
      .object({
        earlyMinutes: z.number().int().nonnegative().max(240),
        lateMinutes: z.number().int().nonnegative().max(240),
      })
      .strict(),
    /** Today's open bookings of the office, hashed (absent from hubs before it, and in old caches). */
    offlineBookings: OfflineBookings.optional(),
    /**
     * The hub's public key for technician QR tokens (raw Ed25519, base64url): the kiosk checks a
     * technician's token offline against it (`hub/technician-token.ts`). Absent from hubs without
     * a technician key, and in old caches: then only the PIN lets a technician in.
     */
    technician: z
      .object({ publicKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/) })
      .strict()
      .optional(),
  })
  .strict();
export type KioskSetup = z.infer<typeof KioskSetup>;

/** POST /v1/tickets: a walk-in ticket. */
export const TicketIssueRequest = z.object({ ticketId: TicketId, serviceId: z.string().min(1).max(64) }).strict();
export type TicketIssueRequest = z.infer<typeof TicketIssueRequest>;
export const TicketIssueResponse = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('issued'), ticket: HubTicket }).strict(),
  /** Outside the service's hours; `opensAt` is ISO 8601 when known. */
  z.object({ outcome: z.literal('closed'), opensAt: z.string().max(40).optional() }).strict(),
  z.object({ outcome: z.literal('booking_required') }).strict(),
  z.object({ outcome: z.literal('unknown_service') }).strict(),
  /** All of the day's numbers for this prefix are used (`А-999`). */
  z.object({ outcome: z.literal('numbers_exhausted') }).strict(),
]);
export type TicketIssueResponse = z.infer<typeof TicketIssueResponse>;

/** A booking code: 8 digits, the last a check digit (Luhn) so a mistyped code is caught at once. */
export const BookingCode = z.string().regex(/^\d{8}$/, 'expected 8 digits');

/** POST /v1/bookings/check-in. */
export const CheckInRequest = z.object({ ticketId: TicketId, code: BookingCode }).strict();
export type CheckInRequest = z.infer<typeof CheckInRequest>;
export const CheckInResponse = z.discriminatedUnion('outcome', [
  z
    .object({
      outcome: z.literal('issued'),
      ticket: HubTicket,
      serviceId: z.string(),
      /** The slot's start, ISO 8601 with the office's offset. */
      slotStart: z.string().max(40),
    })
    .strict(),
  /** Check-in opens at `opensAt` (ISO 8601). */
  z.object({ outcome: z.literal('too_early'), slotStart: z.string().max(40), opensAt: z.string().max(40) }).strict(),
  z.object({ outcome: z.literal('too_late'), slotStart: z.string().max(40) }).strict(),
  /** The booking is for another office: its name, so the visitor knows where to go. */
  z.object({ outcome: z.literal('wrong_office'), officeName: z.string() }).strict(),
  z.object({ outcome: z.literal('already_used'), ticketNumber: z.string() }).strict(),
  z.object({ outcome: z.literal('cancelled') }).strict(),
  z.object({ outcome: z.literal('not_found') }).strict(),
]);
export type CheckInResponse = z.infer<typeof CheckInResponse>;

/**
 * Outbox items about tickets (kind → payload), validated by the hub when it merges them.
 *
 * - `ticket.offline`: a ticket the kiosk issued from its reserved block while the hub was
 *   unreachable; merged once by `ticketId` (a replay changes nothing). With `booking`, a booked
 *   visitor checked in offline: a priority ticket, and the hub marks the booking used (or flags a
 *   code used twice to the operator).
 * - `ticket.print_outcome`: whether a ticket reached paper (`unknown` after a crash mid-print);
 *   a ticket that was not printed leaves the queue, so it does not count as "ahead".
 * - `ticket.abandoned`: the kiosk asked the hub for a ticket and crashed before learning the
 *   answer; the hub drops the ticket if it issued one.
 */
export const TicketOutboxPayloads = {
  'ticket.offline': z
    .object({
      ticketId: TicketId,
      number: z.string().min(3).max(16),
      serviceId: z.string().min(1).max(64),
      /** ISO 8601 with the office's offset and milliseconds: the queue orders by it. */
      issuedAt: z.string().max(40),
      /** The follow token printed in the ticket's QR (the hub keeps its hash). */
      followToken: z.string().min(22).max(64),
      /** The kiosk's own count of its offline tickets that day: orders two issued in the same millisecond. */
      kioskSeq: z.number().int().positive().optional(),
      /** A booked visitor checked in offline: the code's hash under the day's key, and the slot. */
      booking: z
        .object({ codeHash: BookingCodeHash, slotAt: z.string().max(40) })
        .strict()
        .optional(),
    })
    .strict(),
  'ticket.print_outcome': z.object({ ticketId: TicketId, printed: z.enum(['yes', 'no', 'unknown']) }).strict(),
  'ticket.abandoned': z.object({ ticketId: TicketId }).strict(),
} as const;

/** A ticket's state in the queue. */
export const QueueTicketState = z.enum(['waiting', 'called', 'served', 'no_show', 'dropped']);
export type QueueTicketState = z.infer<typeof QueueTicketState>;

/** POST /v1/operator/call-next: the operator at a window calls the next visitor. */
export const CallNextRequest = z
  .object({
    officeId: z.string().min(1).max(64),
    /** The window (окно) the visitor goes to, as shown on the board. */
    window: z.string().min(1).max(8),
    /** Which queues this window serves; absent: all. */
    prefixes: z
      .array(z.string().regex(/^[А-ЯЁ]$/u))
      .max(33)
      .optional(),
  })
  .strict();
export const CallNextResponse = z.discriminatedUnion('outcome', [
  z
    .object({
      outcome: z.literal('called'),
      ticket: z
        .object({ ticketId: TicketId, number: z.string(), serviceId: z.string(), priority: z.boolean() })
        .strict(),
    })
    .strict(),
  z.object({ outcome: z.literal('empty') }).strict(),
]);

/** POST /v1/operator/tickets/:ticketId/finish: the visitor was served (or did not come). */
export const FinishTicketRequest = z.object({ outcome: z.enum(['served', 'no_show']) }).strict();
export const FinishTicketResponse = z.object({ ticketId: TicketId, state: QueueTicketState }).strict();

/** GET /v1/follow/:token: what the follow page shows (no personal data: there is none to show). */
export const FollowView = z
  .object({
    number: z.string(),
    serviceName: z.string(),
    officeName: z.string(),
    state: QueueTicketState,
    /** Set once called: the window to go to. */
    window: z.string().optional(),
    peopleAhead: z.number().int().nonnegative(),
    wait: WaitEstimate.nullable(),
    /**
     * Set when the kiosk reported the ticket not printed (`no`) or not confirmed on paper
     * (`unknown`: the printer took it but never said it printed it): the page says so.
     */
    printed: z.enum(['no', 'unknown']).optional(),
  })
  .strict();
export type FollowView = z.infer<typeof FollowView>;
