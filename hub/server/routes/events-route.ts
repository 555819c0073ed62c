import type { FastifyReply } from 'fastify';
import { hubEndpoints } from '../../../kiosk-config/src/hub/hub-endpoints';
import type { ContentEvents } from '../content-events';
import { sendHubError } from '../hub-errors';
import type { KioskAuth } from '../kiosk-auth';
import type { HubFastify } from './hub-routes';
import { registerEndpoint } from './register-endpoint';

/**
 * `GET /v1/events`: registered from the endpoint table like every route (authentication as its
 * hook, the OpenAPI entry), then the handler takes the reply over (`hijack`), since a stream
 * that stays open has no body for Fastify to serialize; `ContentEvents` writes to it.
 */
export function registerEventsRoute(app: HubFastify, auth: KioskAuth, events: ContentEvents): void {
  registerEndpoint(app, hubEndpoints.events, { kiosk: auth }, async (request, typedReply) => {
    const reply = typedReply as unknown as FastifyReply;
    const kiosk = auth.kioskOf(request);
    if (!events.open(kiosk, reply.raw)) {
      return sendHubError(reply, { code: 'unavailable', message: 'the hub is shutting down; reconnect later' });
    }
    reply.hijack();
    return reply;
  });
  // Before the server stops accepting: open streams would otherwise hold shutdown for its grace period.
  app.addHook('preClose', async () => events.close());
}
