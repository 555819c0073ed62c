import { hubEndpoints } from '../../../kiosk-config/src/hub/hub-endpoints';
import type { EnrollmentService } from '../enrollment';
import { sendHubError } from '../hub-errors';
import type { HubLogger } from '../hub-logger';
import type { KeyedLimiter } from '../rate-limiter';
import type { HubFastify } from './hub-routes';
import { registerEndpoint } from './register-endpoint';

/** Dependencies of the enrollment route. */
export interface EnrollRouteOptions {
  enrollment: EnrollmentService;
  /** Attempts per client address (shared by the hub's instances on PostgreSQL). */
  perAddress: KeyedLimiter;
  logger: HubLogger;
}

/** `POST /v1/kiosks/enroll`: a one-time code or a provisioning token for a kiosk credential. */
export function registerEnrollRoute(app: HubFastify, options: EnrollRouteOptions): void {
  const { enrollment, perAddress, logger } = options;
  registerEndpoint(app, hubEndpoints.enroll, {}, async (request, reply) => {
    const limit = await perAddress.hit(request.ip);
    if (!limit.allowed) {
      logger.warn({ ip: request.ip }, 'enrollment rate limited');
      return sendHubError(reply, {
        code: 'rate_limited',
        message: 'too many enrollment attempts from this address',
        retryAfterSeconds: limit.retryAfterSeconds,
      });
    }
    const { kioskId, enrollmentCode, requestSecret } = request.body;
    const outcome = await enrollment.enroll(kioskId, enrollmentCode, {
      ...(requestSecret === undefined ? {} : { requestSecret }),
      fromAddress: request.ip,
    });
    if (!outcome.ok) {
      logger.warn({ kioskId, reason: outcome.error.code, ip: request.ip }, 'kiosk enrollment refused');
      return sendHubError(reply, {
        code: 'unauthorized',
        message: 'the enrollment code is unknown, used or expired, or the kiosk is enrolled already',
      });
    }
    const answer = outcome.value;
    if (answer.status === 'pending') {
      if (answer.isNew) {
        logger.info(
          { kioskId, officeId: answer.officeId, requestId: answer.requestId, ip: request.ip },
          'kiosk enrollment requested: waiting for an admin',
        );
      }
      return reply.send({
        status: 'pending' as const,
        kioskId: answer.kioskId,
        officeId: answer.officeId,
        requestId: answer.requestId,
      });
    }
    logger.info({ kioskId, officeId: answer.officeId, via: answer.via }, 'kiosk enrolled');
    return reply.send({
      status: 'enrolled' as const,
      kioskId: answer.kioskId,
      credential: answer.credential,
      officeId: answer.officeId,
    });
  });
}
