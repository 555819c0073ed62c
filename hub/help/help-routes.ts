import { hubEndpoints } from '../../kiosk-config/src/hub/hub-endpoints';
import type { AuthenticatedKiosk, KioskAuth } from '../server/kiosk-auth';
import type { KioskLimits } from '../server/kiosk-limits';
import type { HubFastify } from '../server/routes/hub-routes';
import { registerEndpoint } from '../server/routes/register-endpoint';
import type { HelpService } from './help-service';

/**
 * `POST /v1/help/requests` and `POST /v1/help/callbacks` (kiosk-authenticated; limited per kiosk
 * by their endpoints' `rateLimit`, sized by `helpRequestLimitsPerKiosk` and
 * `helpCallbackLimitsPerKiosk`). Log lines name the kiosk, the office and the screen; a
 * call-back's number is never written to a log.
 */
export function registerHelpRoutes(app: HubFastify, auth: KioskAuth, help: HelpService, limits: KioskLimits): void {
  registerEndpoint(app, hubEndpoints.helpRequest, { kiosk: auth, limits }, async (request, reply) => {
    const kiosk = auth.kioskOf(request);
    const answer = await help.raise(kiosk, request.body);
    request.log.info(
      { ...where(kiosk, request.body.screen), ahead: answer.ahead, waiting: answer.waiting },
      'help requested',
    );
    return reply.send(answer);
  });

  registerEndpoint(app, hubEndpoints.helpCallback, { kiosk: auth, limits }, async (request, reply) => {
    const kiosk = auth.kioskOf(request);
    const answer = await help.callback(kiosk, request.body);
    request.log.info({ ...where(kiosk, request.body.screen), outcome: answer.outcome }, 'help call-back requested');
    return reply.send(answer);
  });
}

/** What a help route's log line says of a request: the kiosk, its office, the screen. */
function where(kiosk: AuthenticatedKiosk, screen: string) {
  return { kioskId: kiosk.id, officeId: kiosk.officeId, screen };
}
