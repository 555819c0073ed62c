import { hubEndpoints } from '../../../kiosk-config/src/hub/hub-endpoints';
import type { FleetService } from '../../fleet/fleet-service';
import type { KioskAuth } from '../kiosk-auth';
import type { HubFastify } from './hub-routes';
import { registerEndpoint } from './register-endpoint';

/**
 * `POST /v1/kiosks/heartbeat`: a kiosk's health, or only "unchanged" (docs/operations/fleet.md).
 * The state's payload holds no personal data; only its outcome is logged, at debug level.
 */
export function registerFleetRoutes(app: HubFastify, auth: KioskAuth, fleet: FleetService): void {
  registerEndpoint(app, hubEndpoints.heartbeat, { kiosk: auth }, async (request, reply) => {
    const kiosk = auth.kioskOf(request);
    const answer = await fleet.heartbeat(kiosk.id, request.body);
    request.log.debug({ kioskId: kiosk.id, outcome: answer.outcome }, 'heartbeat');
    return reply.send(answer);
  });
}
