import { z } from 'zod';
import { WaitEstimate } from '../hub/queue-api';
import { ScreenLanguage } from './screen-language';

/** Whether tickets can be taken for a service now, and when they can if not. */
export const ServiceAvailability = z.discriminatedUnion('state', [
  z.object({ state: z.literal('open') }),
  /** Outside the hours: `opensAt` is `HH:MM` and `daysAhead` 0 (today), 1 (tomorrow)…; absent when unknown. */
  z.object({
    state: z.literal('closed'),
    opensAt: z.object({ time: z.string(), daysAhead: z.number().int().nonnegative() }).optional(),
  }),
  /** Only by appointment: the visitor can check in with a booking code, not take a ticket. */
  z.object({ state: z.literal('booking_only') }),
]);
export type ServiceAvailability = z.infer<typeof ServiceAvailability>;

/** A service a visitor can take a queue ticket for. */
export const ServiceView = z.object({
  id: z.string(),
  categoryId: z.string(),
  /** The plain-language name shown on the card. */
  name: z.string(),
  /** One line under the name, when the catalogue has one. */
  summary: z.string().optional(),
  /** Queue prefix letter, e.g. `А`. */
  prefix: z.string(),
  /** What to bring, one line each. */
  documents: z.array(z.string()),
  availability: ServiceAvailability,
});
export type ServiceView = z.infer<typeof ServiceView>;

export const CategoryView = z.object({ id: z.string(), name: z.string() });
export type CategoryView = z.infer<typeof CategoryView>;

export const CatalogueView = z.object({
  categories: z.array(CategoryView),
  services: z.array(ServiceView),
  /** The office as a whole: closed when no service is open now. */
  office: ServiceAvailability,
  /** Whether an A4 printout of the documents list can be printed here (an office printer is set). */
  a4Printer: z.boolean(),
});
export type CatalogueView = z.infer<typeof CatalogueView>;

/**
 * Whether the ticket is known to be on paper: `printed` (the printer confirmed it, or, for a
 * printer that cannot confirm jobs, took it and reported no fault), or `unconfirmed` (the printer
 * took it but never said it printed it): the ticket stands in the queue all the same, and the
 * screen shows its number for the visitor to name to staff if no paper came out.
 */
export const TicketPrintState = z.enum(['printed', 'unconfirmed']);
export type TicketPrintState = z.infer<typeof TicketPrintState>;

/** A ticket that was issued (and printed, or sent to the printer: `print`). */
export const IssuedTicket = z.object({
  /** The number as printed, e.g. `А-001` (offline: `А-К1-01`). */
  number: z.string(),
  serviceId: z.string(),
  serviceName: z.string(),
  officeName: z.string(),
  /** ISO 8601 with the office's offset. */
  issuedAt: z.string(),
  /** Waiting before this ticket; null when the kiosk issued it offline and cannot know. */
  peopleAhead: z.number().int().nonnegative().nullable(),
  wait: WaitEstimate.nullable(),
  /** Issued from the kiosk's reserved block while the hub was unreachable. */
  offline: z.boolean(),
  /** From a booking: called before walk-ins. */
  priority: z.boolean(),
  /** What to bring, as printed on the ticket. */
  documents: z.array(z.string()),
  print: TicketPrintState,
  /**
   * The language of the ticket's own words (the service's and office's names stay as the hub has
   * them): the one asked for, or `ru` when the code page cannot print it. Absent: Russian.
   */
  printedLanguage: ScreenLanguage.optional(),
});
export type IssuedTicket = z.infer<typeof IssuedTicket>;

/** The answer to a booking check-in: a ticket, or why not, in words the screen can say. */
export const CheckInOutcome = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('issued'), ticket: IssuedTicket, slotTime: z.string() }),
  /** `slotTime` and `opensAt` as `HH:MM` on the office's clock. */
  z.object({ outcome: z.literal('too_early'), slotTime: z.string(), opensAt: z.string() }),
  z.object({ outcome: z.literal('too_late'), slotTime: z.string() }),
  z.object({ outcome: z.literal('wrong_office'), officeName: z.string() }),
  z.object({ outcome: z.literal('already_used'), ticketNumber: z.string() }),
  z.object({ outcome: z.literal('cancelled') }),
  z.object({ outcome: z.literal('not_found') }),
  /** Not a booking code (wrong length or check digit): nothing was sent to the hub. */
  z.object({ outcome: z.literal('invalid_code') }),
]);
export type CheckInOutcome = z.infer<typeof CheckInOutcome>;
