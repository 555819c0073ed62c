import { hubEndpoints } from '../../../kiosk-config/src/hub/hub-endpoints';
import { sendHubError } from '../hub-errors';
import type { OperatorAuth } from '../operator-auth';
import { callNext, finishTicket, operatorQueue } from '../queue/operator-desk';
import type { QueueDeps } from '../queue/queue-deps';
import type { HubFastify } from './hub-routes';
import { registerEndpoint } from './register-endpoint';

/** The operators' side of the queue: call the next visitor, finish a visit, see the queue. */
export function registerOperatorRoutes(app: HubFastify, auth: OperatorAuth, deps: QueueDeps): void {
  registerEndpoint(app, hubEndpoints.callNext, { operator: auth }, async (request, reply) => {
    if (!auth.allowOffice(request, reply, request.body.officeId)) return reply;
    const answer = await callNext(deps, request.body);
    return answer.ok ? reply.send(answer.value) : sendHubError(reply, answer.error);
  });

  registerEndpoint(app, hubEndpoints.finishTicket, { operator: auth }, async (request, reply) => {
    const { officeId } = auth.operatorOf(request);
    const answer = await finishTicket(deps, officeId, request.params.ticketId, request.body);
    return answer.ok ? reply.send(answer.value) : sendHubError(reply, answer.error);
  });

  registerEndpoint(app, hubEndpoints.operatorQueue, { operator: auth }, async (request, reply) => {
    if (!auth.allowOffice(request, reply, request.params.officeId)) return reply;
    const answer = await operatorQueue(deps, request.params.officeId);
    return answer.ok ? reply.send(answer.value) : sendHubError(reply, answer.error);
  });
}
