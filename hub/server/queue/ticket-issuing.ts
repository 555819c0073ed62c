import { availability } from '../../../kiosk-config/src/catalogue/working-hours';
import type { TicketIssueRequest, TicketIssueResponse } from '../../../kiosk-config/src/hub/queue-api';
import { officeDate } from '../../../kiosk-config/src/time/office-time';
import type { IssueTicketResult, NewTicket } from '../../db/hub-repository';
import { hashSecret } from '../credentials';
import type { AuthenticatedKiosk } from '../kiosk-auth';
import { newFollowToken } from './follow-token';
import { opensAtIso } from './office-clock';
import { findService, loadOfficeContext, type OfficeContext } from './office-context';
import type { QueueAnswer, QueueDeps } from './queue-deps';
import { answerTicket } from './ticket-answer';

/** The error for a ticket id another kiosk already used (a kiosk bug, or a forged request). */
export const FOREIGN_TICKET_ID = {
  code: 'bad_request',
  message: 'this ticketId is already used by another request',
} as const;

/**
 * `POST /v1/tickets`: a walk-in ticket. Idempotent by `ticketId`: a request the hub has already
 * answered gets the same ticket back (with a fresh follow link), whatever the hours are now.
 * Refuses an unknown service, a booking-only service, and a service outside its hours.
 */
export async function issueWalkInTicket(
  deps: QueueDeps,
  kiosk: AuthenticatedKiosk,
  request: TicketIssueRequest,
): Promise<QueueAnswer<TicketIssueResponse>> {
  const { repository, logger } = deps;
  const lookup = await loadOfficeContext(repository, kiosk.officeId);
  if (!lookup.ok) {
    logger.warn(
      { kioskId: kiosk.id, officeId: kiosk.officeId, reason: lookup.error.code },
      'no catalogue to issue from',
    );
    return { ok: true, value: { outcome: 'unknown_service' } };
  }
  const { value: context } = lookup;
  const existing = await repository.findTicket(request.ticketId);
  if (existing) {
    if (existing.kioskId !== kiosk.id) return { ok: false, error: FOREIGN_TICKET_ID };
    return { ok: true, value: { outcome: 'issued', ticket: await answerTicket(deps, context, existing) } };
  }

  const service = findService(context, request.serviceId);
  if (!service) return { ok: true, value: { outcome: 'unknown_service' } };
  if (service.bookingRequired) return { ok: true, value: { outcome: 'booking_required' } };
  const now = deps.now();
  const hours = availability(service.hours ?? context.catalogue.hours, now, context.timeZone);
  if (!hours.open) {
    const opensAt = opensAtIso(hours, now, context.timeZone);
    return { ok: true, value: opensAt === undefined ? { outcome: 'closed' } : { outcome: 'closed', opensAt } };
  }

  const { result, token } = await issueKioskTicket(deps, context, kiosk, {
    ticketId: request.ticketId,
    service,
    now,
    kind: { source: 'kiosk', priority: false },
  });
  switch (result.outcome) {
    case 'issued':
      logger.info({ kioskId: kiosk.id, number: result.ticket.number }, 'ticket issued');
      return {
        ok: true,
        value: { outcome: 'issued', ticket: await answerTicket(deps, context, result.ticket, token) },
      };
    case 'existing':
      // The same request twice at once: the other one stored it first.
      if (result.ticket.kioskId !== kiosk.id) return { ok: false, error: FOREIGN_TICKET_ID };
      return { ok: true, value: { outcome: 'issued', ticket: await answerTicket(deps, context, result.ticket) } };
    case 'numbers_exhausted':
      logger.warn({ officeId: kiosk.officeId, prefix: service.prefix }, "the day's ticket numbers are used up");
      return { ok: true, value: { outcome: 'numbers_exhausted' } };
    default:
      throw new Error(`unexpected issue outcome ${result.outcome}`);
  }
}

/** A ticket a kiosk asks for: its id, the service's queue, the moment, and what kind of ticket it is. */
export interface KioskTicketRequest {
  ticketId: string;
  service: { id: string; prefix: string };
  now: Date;
  /** A walk-in ticket, or a booking's priority ticket (which uses the booking). */
  kind: Pick<NewTicket, 'source' | 'priority' | 'bookingCode'>;
}

/**
 * Issues a kiosk's ticket in the service's queue on the office's day, with a new follow token:
 * the repository's result, and the token (only its hash is stored) for the answer's follow link.
 */
export async function issueKioskTicket(
  deps: QueueDeps,
  context: OfficeContext,
  kiosk: AuthenticatedKiosk,
  ticket: KioskTicketRequest,
): Promise<{ result: IssueTicketResult; token: string }> {
  const token = newFollowToken();
  const result = await deps.repository.issueTicket({
    ticketId: ticket.ticketId,
    officeId: kiosk.officeId,
    kioskId: kiosk.id,
    serviceId: ticket.service.id,
    prefix: ticket.service.prefix,
    day: officeDate(ticket.now, context.timeZone),
    issuedAt: ticket.now.toISOString(),
    followTokenHash: hashSecret(token),
    ...ticket.kind,
  });
  return { result, token };
}
