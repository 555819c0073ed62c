import { z } from 'zod';
import { HubError } from '../../../kiosk-config/src/hub/hub-api';
import { FollowView } from '../../../kiosk-config/src/hub/queue-api';
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

// Any string: a malformed token is answered like an unknown one (404), not with a schema error.
const TokenParams = z.object({ token: z.string() }).strict();

/**
 * The visitor's follow link: `GET /q/:token` (a page for a phone) and `GET /v1/follow/:token`
 * (the same as JSON). No authentication: the unguessable token is the key. Answers are never
 * cached and send no referrer, so the token does not leak into logs of other sites.
 */
export function registerFollowRoutes(app: HubFastify, deps: QueueDeps): void {
  app.get(
    '/q/:token',
    {
      schema: {
        summary: 'Follow page (HTML)',
        description:
          'A small page in Russian: the number, the state (waiting, called to window N, served), people ahead ' +
          'and the wait range; reloads itself every 30 s. 404 page for an unknown token or a past day; ' +
          'for an offline ticket its kiosk has not delivered yet (a token `o_…`), a page saying so that ' +
          'reloads itself every 5 s.',
        tags: ['follow'],
        params: TokenParams,
      },
    },
    async (request, reply) => {
      const state = await followStateOf(deps, request.params.token);
      reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-security-policy', FOLLOW_PAGE_CSP)
        .header('x-content-type-options', 'nosniff')
        .header('x-frame-options', 'DENY')
        .header('referrer-policy', 'no-referrer')
        .header('cache-control', 'no-store');
      switch (state.kind) {
        case 'ticket':
          return reply.code(200).send(renderFollowPage(state.view));
        case 'offline_pending':
          return reply.code(200).send(renderFollowOfflinePending());
        default:
          return reply.code(404).send(renderFollowNotFound());
      }
    },
  );

  app.get(
    '/v1/follow/:token',
    {
      schema: {
        summary: 'Follow a ticket (JSON)',
        description: 'What the follow page shows, as data. 404 for an unknown token or a ticket of a past day.',
        tags: ['follow'],
        params: TokenParams,
        response: { 200: FollowView, 404: HubError },
      },
    },
    async (request, reply) => {
      const view = await followViewOf(deps, request.params.token);
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      return view
        ? reply.send(view)
        : sendHubError(reply, { error: 'not_found', message: 'no ticket follows this link today' });
    },
  );
}
