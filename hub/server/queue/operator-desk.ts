import type { z } from 'zod';
import type { OperatorQueueTicket, OperatorQueueView } from '../../../kiosk-config/src/hub/operator-api';
import type {
  CallNextRequest,
  CallNextResponse,
  FinishTicketRequest,
  FinishTicketResponse,
} from '../../../kiosk-config/src/hub/queue-api';
import { officeDate, officeIsoTime } from '../../../kiosk-config/src/time/office-time';
import type { TicketRecord } from '../../db/hub-repository';
import { findService, loadOfficeContext, type OfficeContext } from './office-context';
import type { QueueAnswer, QueueDeps } from './queue-deps';
import { inCallOrder } from './queue-order';

const NO_OFFICE = (officeId: string) =>
  ({ ok: false, error: { code: 'not_found', message: `no queue for office ${officeId}` } }) as const;

/**
 * `POST /v1/operator/call-next`: the next visitor for a window, booked visitors first, then by
 * the time of issue, among the queues (prefixes) the window serves, today's tickets only.
 *
 * The ticket the window called before, if it is still `called`, becomes `served` first: an
 * operator who calls the next visitor is done with the previous one. A visitor who did not come
 * is marked with `finish` `no_show` before calling the next.
 */
export async function callNext(
  deps: QueueDeps,
  request: z.infer<typeof CallNextRequest>,
): Promise<QueueAnswer<z.infer<typeof CallNextResponse>>> {
  const lookup = await loadOfficeContext(deps.repository, request.officeId);
  if (!lookup.ok) return NO_OFFICE(request.officeId);
  const now = deps.now();
  const result = await deps.repository.callNext({
    officeId: request.officeId,
    day: officeDate(now, lookup.value.timeZone),
    window: request.window,
    ...(request.prefixes === undefined ? {} : { prefixes: request.prefixes }),
    at: now.toISOString(),
  });
  if (!result.called) return { ok: true, value: { outcome: 'empty' } };
  const { ticketId, number, serviceId, priority } = result.called;
  deps.logger.info({ officeId: request.officeId, window: request.window, number }, 'visitor called');
  return { ok: true, value: { outcome: 'called', ticket: { ticketId, number, serviceId, priority } } };
}

/**
 * `POST /v1/operator/tickets/:ticketId/finish`: a called visitor was served, or did not come.
 * Finishing a finished ticket again changes nothing and answers its state; a ticket that was
 * not called cannot be finished.
 */
export async function finishTicket(
  deps: QueueDeps,
  officeId: string,
  ticketId: string,
  request: z.infer<typeof FinishTicketRequest>,
): Promise<QueueAnswer<z.infer<typeof FinishTicketResponse>>> {
  const result = await deps.repository.finishTicket({
    ticketId,
    officeId,
    outcome: request.outcome,
    at: deps.now().toISOString(),
  });
  switch (result.outcome) {
    case 'not_found':
      return { ok: false, error: { code: 'not_found', message: 'no such ticket in this office' } };
    case 'not_called':
      return {
        ok: false,
        error: { code: 'bad_request', message: `the ticket is ${result.ticket.state}, not called` },
      };
    default:
      return { ok: true, value: { ticketId, state: result.ticket.state } };
  }
}

/** `GET /v1/operator/offices/:officeId/queue`: today's waiting tickets in call order, and the called ones. */
export async function operatorQueue(deps: QueueDeps, officeId: string): Promise<QueueAnswer<OperatorQueueView>> {
  const lookup = await loadOfficeContext(deps.repository, officeId);
  if (!lookup.ok) return NO_OFFICE(officeId);
  const { value: context } = lookup;
  const day = officeDate(deps.now(), context.timeZone);
  const tickets = await deps.repository.listQueue(officeId, day);
  const view = (ticket: TicketRecord) => queueTicketView(context, ticket);
  return {
    ok: true,
    value: {
      officeId,
      day,
      waiting: inCallOrder(tickets.filter((t) => t.state === 'waiting')).map(view),
      called: tickets
        .filter((t) => t.state === 'called')
        .sort((a, b) => (a.calledAt ?? '').localeCompare(b.calledAt ?? ''))
        .map(view),
    },
  };
}

function queueTicketView(context: OfficeContext, ticket: TicketRecord): OperatorQueueTicket {
  const view: OperatorQueueTicket = {
    ticketId: ticket.ticketId,
    number: ticket.number,
    serviceId: ticket.serviceId,
    serviceName: findService(context, ticket.serviceId)?.name ?? ticket.serviceId,
    priority: ticket.priority,
    issuedAt: officeIsoTime(new Date(ticket.issuedAt), context.timeZone),
  };
  if (ticket.window !== undefined) view.window = ticket.window;
  if (ticket.calledAt !== undefined) view.calledAt = officeIsoTime(new Date(ticket.calledAt), context.timeZone);
  if (ticket.bookingProblem !== undefined) view.bookingProblem = ticket.bookingProblem;
  if (ticket.bookingUsedBy !== undefined) view.bookingUsedBy = ticket.bookingUsedBy;
  return view;
}
