import { hubEndpoints } from '../../../kiosk-config/src/hub/hub-endpoints';
import { sendHubError } from '../hub-errors';
import type { KioskAuth } from '../kiosk-auth';
import type { StatusLookupService } from '../status-lookup';
import type { HubFastify } from './hub-routes';
import { registerEndpoint } from './register-endpoint';

/** `POST /v1/status/lookup`: an application's normalised status, no personal data. */
export function registerStatusRoute(app: HubFastify, auth: KioskAuth, lookups: StatusLookupService): void {
  registerEndpoint(app, hubEndpoints.statusLookup, { kiosk: auth }, async (request, reply) => {
    const kiosk = auth.kioskOf(request);
    const answer = await lookups.lookup(kiosk, request.body.applicationNumber, request.body.secondFactor);
    if (answer.kind === 'rate_limited') {
      request.log.warn({ kioskId: kiosk.id, scope: answer.scope }, 'status lookup rate limited');
      return sendHubError(reply, {
        code: 'rate_limited',
        message:
          answer.scope === 'kiosk' ? 'too many lookups from this kiosk' : 'too many lookups of this application number',
        retryAfterSeconds: answer.retryAfterSeconds,
      });
    }
    return reply.send(answer.response);
  });
}
