import { EnrollRequest, EnrollResponse, HubError } from '../../../kiosk-config/src/hub/hub-api';
import type { EnrollmentService } from '../enrollment';
import { sendHubError } from '../hub-errors';
import type { HubLogger } from '../hub-logger';
import type { SlidingWindowLimiter } from '../rate-limiter';
import type { HubFastify } from './hub-routes';

/** Dependencies of the enrollment route. */
export interface EnrollRouteOptions {
  enrollment: EnrollmentService;
  perAddress: SlidingWindowLimiter;
  logger: HubLogger;
}

/** `POST /v1/kiosks/enroll`: a one-time code or a provisioning token for a kiosk credential. */
export function registerEnrollRoute(app: HubFastify, options: EnrollRouteOptions): void {
  const { enrollment, perAddress, logger } = options;
  app.post(
    '/v1/kiosks/enroll',
    {
      schema: {
        summary: 'Enroll a kiosk',
        description:
          'Exchanges a one-time enrollment code (created with the admin CLI) or a provisioning token for the ' +
          'kiosk credential. The credential is shown once; the hub keeps only its hash. Re-enrolling replaces it.',
        tags: ['kiosks'],
        body: EnrollRequest,
        response: { 200: EnrollResponse, 400: HubError, 401: HubError, 429: HubError },
      },
    },
    async (request, reply) => {
      const limit = perAddress.hit(request.ip);
      if (!limit.allowed) {
        logger.warn({ ip: request.ip }, 'enrollment rate limited');
        return sendHubError(reply, {
          error: 'rate_limited',
          message: 'too many enrollment attempts from this address',
          retryAfterSeconds: limit.retryAfterSeconds,
        });
      }
      const { kioskId, enrollmentCode } = request.body;
      const outcome = await enrollment.enroll(kioskId, enrollmentCode);
      if (!outcome.ok) {
        logger.warn({ kioskId, reason: outcome.reason, ip: request.ip }, 'kiosk enrollment refused');
        return sendHubError(reply, {
          error: 'unauthorized',
          message: 'the enrollment code is unknown, used or expired',
        });
      }
      logger.info({ kioskId, officeId: outcome.officeId, via: outcome.via }, 'kiosk enrolled');
      return reply.send({ kioskId: outcome.kioskId, credential: outcome.credential, officeId: outcome.officeId });
    },
  );
}
