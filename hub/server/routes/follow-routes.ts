import { hubEndpoints } from '../../../kiosk-config/src/hub/hub-endpoints';
import { renderRatingPart } from '../../rating/rating-form';
import type { RatingService } from '../../rating/rating-service';
import { sendHubError } from '../hub-errors';
import {
  FOLLOW_PAGE_CSP,
  renderFollowNotFound,
  renderFollowOfflinePending,
  renderFollowPage,
  renderFollowRatingPage,
} from '../queue/follow-page';
import { findFollowedTicket, followStateOf, followViewOf } from '../queue/follow-view';
import type { QueueDeps } from '../queue/queue-deps';
import type { HubFastify } from './hub-routes';
import { publicHtmlReply } from './public-html';
import { registerEndpoint } from './register-endpoint';

/**
 * The visitor's follow link: `GET /q/:token` (a page for a phone) and `GET /v1/follow/:token`
 * (the same as JSON). No authentication: the unguessable token is the key. Answers are never
 * cached and send no referrer, so the token does not leak into logs of other sites.
 */
export function registerFollowRoutes(app: HubFastify, deps: QueueDeps, ratings?: RatingService): void {
  registerEndpoint(app, hubEndpoints.followPage, {}, async (request, reply) => {
    const page = await followPageOf(deps, ratings, request.params.token);
    publicHtmlReply(reply, FOLLOW_PAGE_CSP, 'no-store');
    return reply.code(page.found ? 200 : 404).send(page.html);
  });

  registerEndpoint(app, hubEndpoints.follow, {}, async (request, reply) => {
    const view = await followViewOf(deps, request.params.token);
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    return view
      ? reply.send(view)
      : sendHubError(reply, { code: 'not_found', message: 'no ticket follows this link today' });
  });
}

/**
 * The follow page of a token: the ticket's state, and after the visit its rating (the form, or
 * the thanks); for a ticket of a past day that may still be rated, the rating alone.
 * `problem`: what was wrong with a rating form just posted.
 */
export async function followPageOf(
  deps: QueueDeps,
  ratings: RatingService | undefined,
  token: string,
  problem?: string,
): Promise<{ found: boolean; html: string }> {
  // One look-up of the ticket serves both the queue's view and the rating.
  const followed = await findFollowedTicket(deps.repository, token);
  const state = await followStateOf(deps, token, followed);
  const offer = ratings && followed ? await ratings.offerFor(followed) : undefined;
  const ratingPart = offer ? renderRatingPart(offer, token, problem) : '';
  switch (state.kind) {
    case 'ticket':
      return { found: true, html: renderFollowPage(state.view, ratingPart) };
    case 'offline_pending':
      return { found: true, html: renderFollowOfflinePending() };
    default:
      if (ratingPart === '') return { found: false, html: renderFollowNotFound() };
      return { found: true, html: renderFollowRatingPage(offer?.outcome === 'open' ? offer : undefined, ratingPart) };
  }
}
