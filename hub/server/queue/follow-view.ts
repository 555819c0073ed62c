import { isFollowToken } from '../../../kiosk-config/src/hub/follow-link';
import { type FollowView, OFFLINE_FOLLOW_TOKEN } from '../../../kiosk-config/src/hub/queue-api';
import { officeDate } from '../../../kiosk-config/src/time/office-time';
import type { HubRepository } from '../../db/hub-repository';
import type { TicketRecord } from '../../db/queue-repository';
import { hashSecret } from '../credentials';
import { findService, loadOfficeContext, type OfficeContext } from './office-context';
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

/**
 * The ticket a follow link names, with its office's context (absent when the office is unknown
 * or has no catalogue): looked up once per request and shared by the follow view and the rating.
 */
export interface FollowedTicket {
  readonly ticket: TicketRecord;
  readonly context?: OfficeContext;
}

/**
 * The ticket whose follow token has SHA-256 `tokenHash` (the only form stored), with its office's
 * context; undefined for an unknown token.
 */
export async function findFollowedTicketByHash(
  repository: HubRepository,
  tokenHash: string,
): Promise<FollowedTicket | undefined> {
  const ticket = await repository.findTicketByFollowTokenHash(tokenHash);
  if (!ticket) return undefined;
  const lookup = await loadOfficeContext(repository, ticket.officeId);
  return lookup.ok ? { ticket, context: lookup.value } : { ticket };
}

/** The ticket of follow token `token`; undefined for a token that is malformed or unknown. */
export async function findFollowedTicket(
  repository: HubRepository,
  token: string,
): Promise<FollowedTicket | undefined> {
  return isFollowToken(token) ? findFollowedTicketByHash(repository, hashSecret(token)) : undefined;
}

/**
 * The follow page's state for `token`, whose ticket (`followed`) the caller has looked up: the
 * ticket's view, an offline ticket not received yet, or nothing.
 */
export async function followStateOf(
  deps: QueueDeps,
  token: string,
  followed: FollowedTicket | undefined,
): Promise<FollowState> {
  const view = followed && (await followViewOfTicket(deps, followed));
  if (view) return { kind: 'ticket', view };
  // A known ticket of another day is gone, not pending.
  return !followed && OFFLINE_FOLLOW_TOKEN.test(token) ? { kind: 'offline_pending' } : { kind: 'not_found' };
}

/**
 * What a follow link shows, by its token. Undefined for a token that is malformed or unknown,
 * and for a ticket of another day: a link works on the day its ticket was issued, after which
 * there is nothing to follow.
 */
export async function followViewOf(deps: QueueDeps, token: string): Promise<FollowView | undefined> {
  const followed = await findFollowedTicket(deps.repository, token);
  return followed && followViewOfTicket(deps, followed);
}

/** What the follow link of a ticket already found shows; undefined for a ticket of another day. */
async function followViewOfTicket(
  deps: QueueDeps,
  { ticket, context }: FollowedTicket,
): Promise<FollowView | undefined> {
  if (!context) return undefined;
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
