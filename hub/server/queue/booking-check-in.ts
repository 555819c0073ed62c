import type { CheckInRequest, CheckInResponse } from '../../../kiosk-config/src/hub/queue-api';
import { officeIsoTime } from '../../../kiosk-config/src/time/office-time';
import type { BookingRecord, TicketRecord } from '../../db/hub-repository';
import type { AuthenticatedKiosk } from '../kiosk-auth';
import { findService, loadOfficeContext, type OfficeContext } from './office-context';
import type { QueueAnswer, QueueDeps } from './queue-deps';
import { answerTicket } from './ticket-answer';
import { FOREIGN_TICKET_ID, issueKioskTicket } from './ticket-issuing';

/**
 * `POST /v1/bookings/check-in`: a booked visitor at the kiosk gets a priority ticket in the
 * service's queue, and the booking is used, in one transaction. Idempotent by `ticketId`.
 *
 * The window is inclusive at both ends: from `slot − earlyMinutes` to `slot + lateMinutes`
 * (hub config `booking`). Booking codes are never logged: a code lets anyone take the visitor's
 * place in the queue.
 */
export async function checkInBooking(
  deps: QueueDeps,
  kiosk: AuthenticatedKiosk,
  request: CheckInRequest,
): Promise<QueueAnswer<CheckInResponse>> {
  const { repository, logger } = deps;
  const lookup = await loadOfficeContext(repository, kiosk.officeId);
  if (!lookup.ok) {
    logger.warn(
      { kioskId: kiosk.id, officeId: kiosk.officeId, reason: lookup.error.code },
      'no catalogue to check in with',
    );
    return { ok: true, value: { outcome: 'not_found' } };
  }
  const { value: context } = lookup;

  const existing = await repository.findTicket(request.ticketId);
  if (existing) return repeatedCheckIn(deps, context, kiosk, existing);

  const booking = await repository.findBooking(request.code);
  const refusal = booking ? await refusalFor(deps, context, kiosk, booking) : { outcome: 'not_found' as const };
  if (refusal) return answered(deps, kiosk, refusal);
  const open = booking as BookingRecord;

  const service = findService(context, open.serviceId);
  if (!service) {
    logger.warn({ kioskId: kiosk.id, serviceId: open.serviceId }, 'a booking names a service the catalogue lacks');
    return answered(deps, kiosk, { outcome: 'not_found' });
  }
  const { result, token } = await issueKioskTicket(deps, context, kiosk, {
    ticketId: request.ticketId,
    service,
    now: deps.now(),
    kind: { source: 'booking', priority: true, bookingCode: open.code },
  });
  switch (result.outcome) {
    case 'issued':
      logger.info({ kioskId: kiosk.id, number: result.ticket.number }, 'booking checked in');
      return {
        ok: true,
        value: {
          outcome: 'issued',
          ticket: await answerTicket(deps, context, result.ticket, token),
          serviceId: service.id,
          slotStart: officeIsoTime(new Date(open.slotStart), context.timeZone),
        },
      };
    case 'existing':
      return repeatedCheckIn(deps, context, kiosk, result.ticket);
    case 'booking_unavailable': {
      // Another kiosk checked it in (or it was cancelled) a moment ago: say what it is now.
      const current = result.booking ? await refusalFor(deps, context, kiosk, result.booking) : undefined;
      return answered(deps, kiosk, current ?? { outcome: 'not_found' });
    }
    case 'numbers_exhausted':
      logger.warn({ officeId: kiosk.officeId, prefix: service.prefix }, "the day's ticket numbers are used up");
      return {
        ok: false,
        error: { code: 'unavailable', message: "this queue's numbers for today are used up; ask at the desk" },
      };
    default:
      throw new Error(`unexpected check-in outcome ${result.outcome}`);
  }
}

/** Why a booking cannot be checked in now; undefined when it can. */
async function refusalFor(
  deps: QueueDeps,
  context: OfficeContext,
  kiosk: AuthenticatedKiosk,
  booking: BookingRecord,
): Promise<CheckInResponse | undefined> {
  if (booking.state === 'cancelled') return { outcome: 'cancelled' };
  if (booking.state === 'checked_in') {
    const ticket = booking.ticketId === undefined ? undefined : await deps.repository.findTicket(booking.ticketId);
    return { outcome: 'already_used', ticketNumber: ticket?.number ?? '—' };
  }
  if (booking.officeId !== kiosk.officeId) {
    const office = await deps.repository.findOffice(booking.officeId);
    return { outcome: 'wrong_office', officeName: office?.name ?? booking.officeId };
  }
  const slot = Date.parse(booking.slotStart);
  const now = deps.now().getTime();
  const slotStart = officeIsoTime(new Date(slot), context.timeZone);
  const opensAt = slot - deps.booking.earlyMinutes * 60_000;
  if (now < opensAt) {
    return { outcome: 'too_early', slotStart, opensAt: officeIsoTime(new Date(opensAt), context.timeZone) };
  }
  if (now > slot + deps.booking.lateMinutes * 60_000) return { outcome: 'too_late', slotStart };
  return undefined;
}

/** The same check-in request again: the ticket it got, if it was a check-in of this kiosk. */
async function repeatedCheckIn(
  deps: QueueDeps,
  context: OfficeContext,
  kiosk: AuthenticatedKiosk,
  ticket: TicketRecord,
): Promise<QueueAnswer<CheckInResponse>> {
  const booking = await deps.repository.findBookingByTicket(ticket.ticketId);
  if (ticket.kioskId !== kiosk.id || !booking) return { ok: false, error: FOREIGN_TICKET_ID };
  return {
    ok: true,
    value: {
      outcome: 'issued',
      ticket: await answerTicket(deps, context, ticket),
      serviceId: ticket.serviceId,
      slotStart: officeIsoTime(new Date(booking.slotStart), context.timeZone),
    },
  };
}

/** A refusal, logged by outcome only (never the code). */
function answered(deps: QueueDeps, kiosk: AuthenticatedKiosk, response: CheckInResponse): QueueAnswer<CheckInResponse> {
  deps.logger.info({ kioskId: kiosk.id, outcome: response.outcome }, 'booking check-in refused');
  return { ok: true, value: response };
}
