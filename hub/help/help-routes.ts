import { hubEndpoints } from '../../kiosk-config/src/hub/hub-endpoints';
import type { RateLimit } from '../server/hub-config';
import { sendHubError } from '../server/hub-errors';
import type { KioskAuth } from '../server/kiosk-auth';
import { MultiWindowLimiter } from '../server/rate-limiter';
import type { HubFastify } from '../server/routes/hub-routes';
import { registerEndpoint } from '../server/routes/register-endpoint';
import type { HelpService } from './help-service';

/**
 * Per kiosk: a few help requests in ten minutes (a visitor pressing again while staff walk over),
 * a few dozen a day; fewer call-backs (each one is a call centre's time).
 */
export const HELP_LIMITS: Readonly<Record<'request' | 'callback', readonly RateLimit[]>> = {
  request: [
    { limit: 5, windowSeconds: 600 },
    { limit: 60, windowSeconds: 86_400 },
  ],
  callback: [
    { limit: 3, windowSeconds: 600 },
    { limit: 30, windowSeconds: 86_400 },
  ],
};

/** The per-kiosk limits of the help routes, in memory per hub process. */
export class HelpLimits {
  readonly request: MultiWindowLimiter;
  readonly callback: MultiWindowLimiter;

  constructor(now: () => number) {
    this.request = new MultiWindowLimiter(HELP_LIMITS.request, { now });
    this.callback = new MultiWindowLimiter(HELP_LIMITS.callback, { now });
  }

  /** Frees memory of windows that have passed. */
  sweep(): void {
    this.request.sweep();
    this.callback.sweep();
  }
}

/**
 * `POST /v1/help/requests` and `POST /v1/help/callbacks` (kiosk-authenticated). Log lines name
 * the kiosk, the office and the screen; a call-back's number is never written to a log.
 */
export function registerHelpRoutes(app: HubFastify, auth: KioskAuth, help: HelpService, limits: HelpLimits): void {
  registerEndpoint(app, hubEndpoints.helpRequest, { kiosk: auth }, async (request, reply) => {
    const kiosk = auth.kioskOf(request);
    const decision = limits.request.hit(kiosk.id);
    if (!decision.allowed) {
      request.log.warn({ kioskId: kiosk.id, officeId: kiosk.officeId }, 'help request rate limited');
      return sendHubError(reply, {
        code: 'rate_limited',
        message: 'too many help requests from this kiosk',
        retryAfterSeconds: decision.retryAfterSeconds,
      });
    }
    const answer = await help.raise(kiosk, request.body);
    request.log.info(
      { kioskId: kiosk.id, officeId: kiosk.officeId, screen: request.body.screen, ahead: answer.ahead },
      'help requested',
    );
    return reply.send(answer);
  });

  registerEndpoint(app, hubEndpoints.helpCallback, { kiosk: auth }, async (request, reply) => {
    const kiosk = auth.kioskOf(request);
    const decision = limits.callback.hit(kiosk.id);
    if (!decision.allowed) {
      request.log.warn({ kioskId: kiosk.id, officeId: kiosk.officeId }, 'help call-back rate limited');
      return sendHubError(reply, {
        code: 'rate_limited',
        message: 'too many call-back requests from this kiosk',
        retryAfterSeconds: decision.retryAfterSeconds,
      });
    }
    const answer = await help.callback(kiosk, request.body);
    request.log.info(
      { kioskId: kiosk.id, officeId: kiosk.officeId, screen: request.body.screen, outcome: answer.outcome },
      'help call-back requested',
    );
    return reply.send(answer);
  });
}
