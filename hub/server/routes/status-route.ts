import { HubError, StatusLookupRequest, StatusLookupResponse } from '../../../kiosk-config/src/hub/hub-api';
import { sendHubError } from '../hub-errors';
import type { KioskAuth } from '../kiosk-auth';
import { KIOSK_SECURITY } from '../openapi';
import type { StatusLookupService } from '../status-lookup';
import type { HubFastify } from './hub-routes';

/** `POST /v1/status/lookup`: an application's normalised status, no personal data. */
export function registerStatusRoute(app: HubFastify, auth: KioskAuth, lookups: StatusLookupService): void {
  app.post(
    '/v1/status/lookup',
    {
      onRequest: auth.hook,
      schema: {
        summary: 'Look up an application status',
        description:
          'By application number: after upper-casing, removing spaces and, in a known format, replacing ' +
          'look-alike characters (Cyrillic Р for Latin P, the letter О for 0), 4 to 48 capitals (Cyrillic or Latin), ' +
          'digits and `-` `/` `_` `.`, starting with a letter or digit (e.g. `КУВД-001/2021-3670443`). Some regions ' +
          'ask for a second factor. Rate limited per kiosk and per number; 429 carries Retry-After.',
        tags: ['status'],
        security: KIOSK_SECURITY,
        body: StatusLookupRequest,
        response: { 200: StatusLookupResponse, 400: HubError, 401: HubError, 429: HubError },
      },
    },
    async (request, reply) => {
      const kiosk = auth.kioskOf(request);
      const answer = await lookups.lookup(kiosk, request.body.applicationNumber, request.body.secondFactor);
      if (answer.kind === 'rate_limited') {
        request.log.warn({ kioskId: kiosk.id, scope: answer.scope }, 'status lookup rate limited');
        return sendHubError(reply, {
          error: 'rate_limited',
          message:
            answer.scope === 'kiosk'
              ? 'too many lookups from this kiosk'
              : 'too many lookups of this application number',
          retryAfterSeconds: answer.retryAfterSeconds,
        });
      }
      return reply.send(answer.response);
    },
  );
}
