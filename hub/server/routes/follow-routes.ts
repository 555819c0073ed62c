import { hubEndpoints } from '../../../kiosk-config/src/hub/hub-endpoints';
import { sendHubError } from '../hub-errors';
import {
  FOLLOW_PAGE_CSP,
  renderFollowNotFound,
  renderFollowOfflinePending,
  renderFollowPage,
} from '../queue/follow-page';
import { followStateOf, followViewOf } from '../queue/follow-view';
import type { QueueDeps } from '../queue/queue-deps';
import type { HubFastify } from './hub-routes';
import { publicHtmlReply } from './public-html';
import { registerEndpoint } from './register-endpoint';

/**
 * The visitor's follow link: `GET /q/:token` (a page for a phone) and `GET /v1/follow/:token`
 * (the same as JSON). No authentication: the unguessable token is the key. Answers are never
 * cached and send no referrer, so the token does not leak into logs of other sites.
 */
export function registerFollowRoutes(app: HubFastify, deps: QueueDeps): void {
  registerEndpoint(app, hubEndpoints.followPage, {}, async (request, reply) => {
    const state = await followStateOf(deps, request.params.token);
    publicHtmlReply(reply, FOLLOW_PAGE_CSP, 'no-store');
    switch (state.kind) {
      case 'ticket':
        return reply.code(200).send(renderFollowPage(state.view));
      case 'offline_pending':
        return reply.code(200).send(renderFollowOfflinePending());
      default:
        return reply.code(404).send(renderFollowNotFound());
    }
  });

  registerEndpoint(app, hubEndpoints.follow, {}, async (request, reply) => {
    const view = await followViewOf(deps, request.params.token);
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    return view
      ? reply.send(view)
      : sendHubError(reply, { code: 'not_found', message: 'no ticket follows this link today' });
  });
}
