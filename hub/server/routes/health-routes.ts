import { z } from 'zod';
import { HubError } from '../../../kiosk-config/src/hub/hub-api';
import type { HubRepository } from '../../db/hub-repository';
import { sendHubError } from '../hub-errors';
import type { HubFastify } from './hub-routes';

/** `GET /healthz`: the process answers. */
export const HealthResponse = z.object({ status: z.literal('ok') }).strict();
/** `GET /readyz`: the hub can serve (its database answers and it is not shutting down). */
export const ReadyResponse = z.object({ status: z.literal('ready') }).strict();

/** Dependencies of the health routes. */
export interface HealthRouteOptions {
  repository: HubRepository;
  /** True from the moment shutdown begins: a load balancer stops sending new work. */
  draining: () => boolean;
}

/** Liveness and readiness, for systemd, nginx and load balancers; no authentication. */
export function registerHealthRoutes(app: HubFastify, options: HealthRouteOptions): void {
  app.get(
    '/healthz',
    {
      schema: {
        summary: 'Liveness',
        tags: ['health'],
        response: { 200: HealthResponse },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        summary: 'Readiness',
        description: '503 while the hub shuts down or cannot reach its database.',
        tags: ['health'],
        response: { 200: ReadyResponse, 503: HubError },
      },
    },
    async (request, reply) => {
      if (options.draining()) return sendHubError(reply, { error: 'unavailable', message: 'the hub is shutting down' });
      try {
        await options.repository.ping();
      } catch (error) {
        request.log.error({ err: error }, 'readiness: the database does not answer');
        return sendHubError(reply, { error: 'unavailable', message: 'the hub database does not answer' });
      }
      return reply.send({ status: 'ready' });
    },
  );
}
