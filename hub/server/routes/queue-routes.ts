import { hubEndpoints } from '../../../kiosk-config/src/hub/hub-endpoints';
import { sendHubError } from '../hub-errors';
import type { KioskAuth } from '../kiosk-auth';
import type { KioskLimits } from '../kiosk-limits';
import { checkInBooking } from '../queue/booking-check-in';
import { kioskSetup } from '../queue/kiosk-setup';
import type { QueueDeps } from '../queue/queue-deps';
import { issueWalkInTicket } from '../queue/ticket-issuing';
import type { HubFastify } from './hub-routes';
import { registerEndpoint } from './register-endpoint';

/** The kiosk's side of the queue: its setup, walk-in tickets, booking check-in (docs/queue.md). */
export function registerQueueRoutes(app: HubFastify, auth: KioskAuth, deps: QueueDeps, limits: KioskLimits): void {
  const guards = { kiosk: auth, limits };
  registerEndpoint(app, hubEndpoints.kioskSetup, guards, async (request, reply) => {
    const answer = await kioskSetup(deps, auth.kioskOf(request));
    return answer.ok ? reply.send(answer.value) : sendHubError(reply, answer.error);
  });

  registerEndpoint(app, hubEndpoints.issueTicket, guards, async (request, reply) => {
    const answer = await issueWalkInTicket(deps, auth.kioskOf(request), request.body);
    return answer.ok ? reply.send(answer.value) : sendHubError(reply, answer.error);
  });

  registerEndpoint(app, hubEndpoints.checkIn, guards, async (request, reply) => {
    const kiosk = auth.kioskOf(request);
    const answer = await checkInBooking(deps, kiosk, request.body);
    if (answer.ok && answer.value.outcome === 'not_found') limits.wrongBookingCode(kiosk, request.log);
    return answer.ok ? reply.send(answer.value) : sendHubError(reply, answer.error);
  });
}
