import { z } from 'zod';
import { WEEKDAYS } from '../catalogue/working-hours';
import { WaitEstimate } from './queue-api';

/**
 * The office's queue load in public (`GET /v1/offices`, `GET /v1/offices/:officeId/load`, and
 * the pages `/offices`, `/offices/:officeId`): how many wait, windows open, the wait range, the
 * usual busy hours. For anyone, without sign-in, so only counts and the catalogue's names:
 * never a ticket number, a booking, an application or anything else tied to a person.
 */

/** `HH:MM` on the office's wall clock. */
const WallTime = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/);

/** The office as the public sees it. */
export const PublicOffice = z
  .object({
    id: z.string(),
    name: z.string(),
    address: z.string().optional(),
  })
  .strict();
export type PublicOffice = z.infer<typeof PublicOffice>;

/** One queue (a ticket prefix) of the office now. */
export const QueueLoad = z
  .object({
    /** The letter its tickets start with («Б»). */
    prefix: z.string(),
    /** The catalogue's names of the services taken in this queue. */
    services: z.array(z.string()),
    /** Every service of it is by appointment only: no walk-in tickets. */
    bookingOnly: z.boolean(),
    /** Tickets waiting to be called. */
    waiting: z.number().int().nonnegative(),
    /** Windows that called this queue within the last hour. */
    windows: z.number().int().nonnegative(),
    /** What a walk-in taking a ticket now may wait; null with nobody waiting. */
    wait: WaitEstimate.nullable(),
  })
  .strict();
export type QueueLoad = z.infer<typeof QueueLoad>;

/** Tickets usually issued in one hour of the day. */
export const HourLoad = z
  .object({
    /** The hour on the office's wall clock: 9 is 09:00–10:00. */
    hour: z.number().int().min(0).max(23),
    /** Average tickets issued in this hour, over the sampled days (one decimal). */
    averageTickets: z.number().nonnegative(),
  })
  .strict();
export type HourLoad = z.infer<typeof HourLoad>;

/** How busy this weekday usually is, from the office's own history. */
export const BusyHours = z
  .object({
    weekday: z.enum(WEEKDAYS),
    /** The same weekdays of past weeks that had any ticket, which the averages are over. */
    daysSampled: z.number().int().positive(),
    /** From the first to the last hour with tickets, quiet hours between them included. */
    hours: z.array(HourLoad),
    /** The busiest stretches (hours within 75% of the busiest one), in order. */
    busiest: z.array(z.object({ from: WallTime, to: WallTime }).strict()),
  })
  .strict();
export type BusyHours = z.infer<typeof BusyHours>;

/** `GET /v1/offices/:officeId/load`: the office's queue now and its usual busy hours today. */
export const OfficeLoadView = z
  .object({
    office: PublicOffice,
    /** When these figures were taken, to the minute, ISO 8601 with the office's offset. */
    asOf: z.string(),
    /** Open now by the catalogue's hours; `closesAt` (`HH:MM`) when open, `opensAt` (ISO 8601) when known. */
    open: z.boolean(),
    closesAt: WallTime.optional(),
    opensAt: z.string().optional(),
    /** Windows that called any queue within the last hour. */
    windowsOpen: z.number().int().nonnegative(),
    /** Tickets waiting in all queues. */
    waiting: z.number().int().nonnegative(),
    queues: z.array(QueueLoad),
    /** Null until the office has history for this weekday. */
    busyHours: BusyHours.nullable(),
  })
  .strict();
export type OfficeLoadView = z.infer<typeof OfficeLoadView>;

/** `GET /v1/offices`: the offices whose queue the hub runs, with where to read their load. */
export const OfficeLoadIndex = z
  .object({
    offices: z.array(
      PublicOffice.extend({
        /** The page for people (HTML). */
        pageUrl: z.string(),
        /** The load as JSON. */
        loadUrl: z.string(),
      }).strict(),
    ),
  })
  .strict();
export type OfficeLoadIndex = z.infer<typeof OfficeLoadIndex>;

/**
 * The office id in a public path. Any string passes the route's schema: a malformed id is
 * answered like an unknown one (a 404 page), not with a schema error.
 */
export const PublicOfficeParams = z.object({ officeId: z.string() }).strict();

/** An office id as the hub stores them (as the operator routes take it); anything else is not looked up. */
export const PublicOfficeId = z.string().min(1).max(64);
