import { followUrl } from '../../../kiosk-config/src/hub/follow-link';
import type { HubTicket } from '../../../kiosk-config/src/hub/queue-api';
import { officeIsoTime } from '../../../kiosk-config/src/time/office-time';
import type { TicketRecord } from '../../db/hub-repository';
import { hashSecret } from '../credentials';
import { newFollowToken } from './follow-token';
import type { OfficeContext } from './office-context';
import type { QueueDeps } from './queue-deps';
import { positionOf } from './queue-position';

/**
 * A stored ticket as a kiosk receives it. `followToken` is the token stored with a new ticket;
 * without it (a retried request) a fresh link is added, because the hub keeps no token in clear:
 * each answer carries a working link to the same ticket.
 */
export async function answerTicket(
  deps: QueueDeps,
  context: OfficeContext,
  ticket: TicketRecord,
  followToken?: string,
): Promise<HubTicket> {
  let token = followToken;
  if (token === undefined) {
    token = newFollowToken();
    await deps.repository.addFollowToken(ticket.ticketId, hashSecret(token));
  }
  const position = await positionOf(deps, context, ticket);
  return {
    ticketId: ticket.ticketId,
    number: ticket.number,
    serviceId: ticket.serviceId,
    issuedAt: officeIsoTime(new Date(ticket.issuedAt), context.timeZone),
    source: ticket.source,
    priority: ticket.priority,
    peopleAhead: position.peopleAhead,
    wait: position.wait,
    followUrl: followUrl(deps.followBaseUrl(), token),
  };
}
