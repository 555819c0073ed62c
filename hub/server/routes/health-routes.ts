import { hubEndpoints } from '../../../kiosk-config/src/hub/hub-endpoints';
import { DatabaseNotWritableError } from '../../db/database-not-writable';
import type { HubRepository } from '../../db/hub-repository';
import { sendHubError } from '../hub-errors';
import type { HubFastify } from './hub-routes';
import { registerEndpoint } from './register-endpoint';

/** Dependencies of the health routes. */
export interface HealthRouteOptions {
  repository: HubRepository;
  /** True from the moment shutdown begins: a load balancer stops sending new work. */
  draining: () => boolean;
}

/** Liveness and readiness, for systemd, nginx and load balancers; no authentication. */
export function registerHealthRoutes(app: HubFastify, options: HealthRouteOptions): void {
  registerEndpoint(app, hubEndpoints.healthz, {}, async () => ({ status: 'ok' as const }));
  registerEndpoint(app, hubEndpoints.readyz, {}, async (request, reply) => {
    if (options.draining()) return sendHubError(reply, { code: 'unavailable', message: 'the hub is shutting down' });
    try {
      await options.repository.ping();
    } catch (error) {
      request.log.error({ err: error }, 'readiness: the database does not answer, or takes no writes');
      const message = error instanceof DatabaseNotWritableError ? error.message : 'the hub database does not answer';
      return sendHubError(reply, { code: 'unavailable', message });
    }
    return reply.send({ status: 'ready' });
  });
}
