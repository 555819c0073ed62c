import { HubError } from '../../../kiosk-config/src/hub/hub-api';
import {
  CheckInRequest,
  CheckInResponse,
  KioskSetup,
  TicketIssueRequest,
  TicketIssueResponse,
} from '../../../kiosk-config/src/hub/queue-api';
import { sendHubError } from '../hub-errors';
import type { KioskAuth } from '../kiosk-auth';
import type { KioskLimits } from '../kiosk-limits';
import { KIOSK_SECURITY } from '../openapi';
import { checkInBooking } from '../queue/booking-check-in';
import { kioskSetup } from '../queue/kiosk-setup';
import type { QueueDeps } from '../queue/queue-deps';
import { issueWalkInTicket } from '../queue/ticket-issuing';
import type { HubFastify } from './hub-routes';

/** The kiosk's side of the queue: its setup, walk-in tickets, booking check-in (docs/queue.md). */
export function registerQueueRoutes(app: HubFastify, auth: KioskAuth, deps: QueueDeps, limits: KioskLimits): void {
  app.get(
    '/v1/kiosk/setup',
    {
      onRequest: auth.hook,
      schema: {
        summary: "The kiosk's queue setup",
        description:
          "The office, its time zone and catalogue, the kiosk's offline tag (assigned at the first call), the " +
          'base of follow links and the booking check-in window. 404 while the office has no catalogue.',
        tags: ['queue'],
        security: KIOSK_SECURITY,
        response: { 200: KioskSetup, 401: HubError, 404: HubError },
      },
    },
    async (request, reply) => {
      const answer = await kioskSetup(deps, auth.kioskOf(request));
      return answer.ok ? reply.send(answer.value) : sendHubError(reply, answer.error);
    },
  );

  app.post(
    '/v1/tickets',
    {
      onRequest: auth.hook,
      schema: {
        summary: 'Issue a walk-in ticket',
        description:
          "The next number of the service's queue for the office day (`А-001`…`А-999`). Idempotent by `ticketId`: " +
          'a retry gets the same ticket (with a fresh follow link). Outcomes other than `issued`: `closed` (with ' +
          '`opensAt`), `booking_required`, `unknown_service`, `numbers_exhausted`. Rate limited per kiosk and per ' +
          'office (429 with Retry-After).',
        tags: ['queue'],
        security: KIOSK_SECURITY,
        body: TicketIssueRequest,
        response: { 200: TicketIssueResponse, 400: HubError, 401: HubError, 429: HubError },
      },
    },
    async (request, reply) => {
      const kiosk = auth.kioskOf(request);
      if (!limits.admit('ticket', kiosk, reply, request.log)) return reply;
      const answer = await issueWalkInTicket(deps, kiosk, request.body);
      return answer.ok ? reply.send(answer.value) : sendHubError(reply, answer.error);
    },
  );

  app.post(
    '/v1/bookings/check-in',
    {
      onRequest: auth.hook,
      schema: {
        summary: 'Check in a booking',
        description:
          'Exchanges a booking code for a priority ticket, from `earlyMinutes` before the slot to `lateMinutes` ' +
          "after it (both inclusive). Idempotent by `ticketId`. 503 when the queue's numbers for the day are used up. " +
          'Rate limited per kiosk and per office; after too many wrong codes (`not_found`) from one kiosk its ' +
          'check-ins are refused for a while (429 with Retry-After) and the hub logs a warning.',
        tags: ['queue'],
        security: KIOSK_SECURITY,
        body: CheckInRequest,
        response: { 200: CheckInResponse, 400: HubError, 401: HubError, 429: HubError, 503: HubError },
      },
    },
    async (request, reply) => {
      const kiosk = auth.kioskOf(request);
      if (!limits.admit('check-in', kiosk, reply, request.log)) return reply;
      const answer = await checkInBooking(deps, kiosk, request.body);
      if (answer.ok && answer.value.outcome === 'not_found') limits.wrongBookingCode(kiosk, request.log);
      return answer.ok ? reply.send(answer.value) : sendHubError(reply, answer.error);
    },
  );
}
