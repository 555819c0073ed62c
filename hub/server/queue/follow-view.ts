import { type FollowView, OFFLINE_FOLLOW_TOKEN } from '../../../kiosk-config/src/hub/queue-api';
import { officeDate } from '../../../kiosk-config/src/time/office-time';
import { hashSecret } from '../credentials';
import { FOLLOW_TOKEN } from './follow-token';
import { findService, loadOfficeContext } from './office-context';
import type { QueueDeps } from './queue-deps';
import { positionOf } from './queue-position';

/** What the follow page has to show for a token. */
export type FollowState =
  | { kind: 'ticket'; view: FollowView }
  /**
   * A token in the kiosk's offline format that no ticket has yet: an offline ticket whose kiosk
   * has not delivered it (the link was down, or is just back). Its page says the data comes soon.
   */
  | { kind: 'offline_pending' }
  | { kind: 'not_found' };

/** The follow page's state: the ticket's view, an offline ticket not received yet, or nothing. */
export async function followStateOf(deps: QueueDeps, token: string): Promise<FollowState> {
  const view = await followViewOf(deps, token);
  if (view) return { kind: 'ticket', view };
  if (!OFFLINE_FOLLOW_TOKEN.test(token)) return { kind: 'not_found' };
  // A known ticket of another day is gone, not pending.
  const known = await deps.repository.findTicketByFollowTokenHash(hashSecret(token));
  return known ? { kind: 'not_found' } : { kind: 'offline_pending' };
}

/**
 * What a follow link shows, by its token (compared by SHA-256, the only form stored).
 * Undefined for a token that is malformed or unknown, and for a ticket of another day: a link
 * works on the day its ticket was issued, after which there is nothing to follow.
 */
export async function followViewOf(deps: QueueDeps, token: string): Promise<FollowView | undefined> {
  if (!FOLLOW_TOKEN.test(token)) return undefined;
  const ticket = await deps.repository.findTicketByFollowTokenHash(hashSecret(token));
  if (!ticket) return undefined;
  const lookup = await loadOfficeContext(deps.repository, ticket.officeId);
  if (!lookup.ok) return undefined;
  const { value: context } = lookup;
  if (ticket.day !== officeDate(deps.now(), context.timeZone)) return undefined;
  const position = await positionOf(deps, context, ticket);
  const view: FollowView = {
    number: ticket.number,
    serviceName: findService(context, ticket.serviceId)?.name ?? ticket.serviceId,
    officeName: context.office.name,
    state: ticket.state,
    peopleAhead: position.peopleAhead,
    wait: position.wait,
  };
  if (ticket.state === 'called' && ticket.window !== undefined) view.window = ticket.window;
  if (ticket.printed === 'no' || ticket.printed === 'unknown') view.printed = ticket.printed;
  return view;
}
