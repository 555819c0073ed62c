import { z } from 'zod';
import { HubError } from '../../../kiosk-config/src/hub/hub-api';
import {
  CallNextRequest,
  CallNextResponse,
  FinishTicketRequest,
  FinishTicketResponse,
  TicketId,
} from '../../../kiosk-config/src/hub/queue-api';
import { sendHubError } from '../hub-errors';
import { OPERATOR_SECURITY } from '../openapi';
import type { OperatorAuth } from '../operator-auth';
import { OperatorQueueView } from '../queue/operator-api';
import { callNext, finishTicket, operatorQueue } from '../queue/operator-desk';
import type { QueueDeps } from '../queue/queue-deps';
import type { HubFastify } from './hub-routes';

const OfficeParams = z.object({ officeId: z.string().min(1).max(64) }).strict();
const TicketParams = z.object({ ticketId: TicketId }).strict();

/** The operators' side of the queue: call the next visitor, finish a visit, see the queue. */
export function registerOperatorRoutes(app: HubFastify, auth: OperatorAuth, deps: QueueDeps): void {
  app.post(
    '/v1/operator/call-next',
    {
      onRequest: auth.hook,
      schema: {
        summary: 'Call the next visitor to a window',
        description:
          'Booked visitors first, then by the time of issue, among `prefixes` (all queues when absent). The ' +
          "window's previously called ticket, if still called, becomes served first.",
        tags: ['operator'],
        security: OPERATOR_SECURITY,
        body: CallNextRequest,
        response: { 200: CallNextResponse, 400: HubError, 401: HubError, 404: HubError },
      },
    },
    async (request, reply) => {
      if (!auth.allowOffice(request, reply, request.body.officeId)) return reply;
      const answer = await callNext(deps, request.body);
      return answer.ok ? reply.send(answer.value) : sendHubError(reply, answer.error);
    },
  );

  app.post(
    '/v1/operator/tickets/:ticketId/finish',
    {
      onRequest: auth.hook,
      schema: {
        summary: 'Finish a called ticket',
        description:
          '`served` or `no_show`. A finished ticket stays as it is (the answer gives its state); a ticket not ' +
          'called yet is a 400.',
        tags: ['operator'],
        security: OPERATOR_SECURITY,
        params: TicketParams,
        body: FinishTicketRequest,
        response: { 200: FinishTicketResponse, 400: HubError, 401: HubError, 404: HubError },
      },
    },
    async (request, reply) => {
      const { officeId } = auth.operatorOf(request);
      const answer = await finishTicket(deps, officeId, request.params.ticketId, request.body);
      return answer.ok ? reply.send(answer.value) : sendHubError(reply, answer.error);
    },
  );

  app.get(
    '/v1/operator/offices/:officeId/queue',
    {
      onRequest: auth.hook,
      schema: {
        summary: "Today's queue of an office",
        description: 'Waiting tickets in call order and the called ones: numbers and services only.',
        tags: ['operator'],
        security: OPERATOR_SECURITY,
        params: OfficeParams,
        response: { 200: OperatorQueueView, 400: HubError, 401: HubError, 404: HubError },
      },
    },
    async (request, reply) => {
      if (!auth.allowOffice(request, reply, request.params.officeId)) return reply;
      const answer = await operatorQueue(deps, request.params.officeId);
      return answer.ok ? reply.send(answer.value) : sendHubError(reply, answer.error);
    },
  );
}
