import { z } from 'zod';
import { TicketId } from './queue-api';

/**
 * The operator's queue view (`GET /v1/operator/offices/:officeId/queue`): numbers and services
 * only. Portable for the endpoint table; not exported from the package index, as neither the
 * kiosk nor its renderer uses it.
 */
export const OperatorQueueTicket = z
  .object({
    ticketId: TicketId,
    number: z.string(),
    serviceId: z.string(),
    serviceName: z.string(),
    priority: z.boolean(),
    /** ISO 8601 with the office's offset. */
    issuedAt: z.string(),
    /** Called tickets: the window and when. */
    window: z.string().optional(),
    calledAt: z.string().optional(),
    /**
     * An offline check-in whose booking could not be used when the kiosk's ticket reached the hub:
     * `used_twice` (the code was used by another ticket too: `bookingUsedBy`, its number),
     * `cancelled` meanwhile, or `unknown`. The operator decides; the ticket keeps its place.
     */
    bookingProblem: z.enum(['used_twice', 'cancelled', 'unknown']).optional(),
    bookingUsedBy: z.string().optional(),
  })
  .strict();
export type OperatorQueueTicket = z.infer<typeof OperatorQueueTicket>;

export const OperatorQueueView = z
  .object({
    officeId: z.string(),
    /** The office day, `YYYY-MM-DD`. */
    day: z.string(),
    /** In the order they will be called. */
    waiting: z.array(OperatorQueueTicket),
    /** Called and not yet finished, one per window at most. */
    called: z.array(OperatorQueueTicket),
  })
  .strict();
export type OperatorQueueView = z.infer<typeof OperatorQueueView>;
