import type { FastifyBaseLogger, FastifyReply } from 'fastify';
import { hubEndpoints } from '../../kiosk-config/src/hub/hub-endpoints';
import type { RateLimit } from '../server/hub-config';
import { sendHubError } from '../server/hub-errors';
import type { AuthenticatedKiosk, KioskAuth } from '../server/kiosk-auth';
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
    if (!admitted(limits.request, kiosk, 'help request', request.log, reply)) return reply;
    const answer = await help.raise(kiosk, request.body);
    request.log.info({ ...where(kiosk, request.body.screen), ahead: answer.ahead }, 'help requested');
    return reply.send(answer);
  });

  registerEndpoint(app, hubEndpoints.helpCallback, { kiosk: auth }, async (request, reply) => {
    const kiosk = auth.kioskOf(request);
    if (!admitted(limits.callback, kiosk, 'call-back request', request.log, reply)) return reply;
    const answer = await help.callback(kiosk, request.body);
    request.log.info({ ...where(kiosk, request.body.screen), outcome: answer.outcome }, 'help call-back requested');
    return reply.send(answer);
  });
}

/** What a help route's log line says of a request: the kiosk, its office, the screen. */
function where(kiosk: AuthenticatedKiosk, screen: string) {
  return { kioskId: kiosk.id, officeId: kiosk.officeId, screen };
}

/** Counts one request of `kiosk`; when its limit is full, answers 429 with Retry-After and returns false. */
function admitted(
  limiter: MultiWindowLimiter,
  kiosk: AuthenticatedKiosk,
  what: string,
  log: FastifyBaseLogger,
  reply: FastifyReply,
): boolean {
  const decision = limiter.hit(kiosk.id);
  if (decision.allowed) return true;
  log.warn({ kioskId: kiosk.id, officeId: kiosk.officeId }, `${what} rate limited`);
  sendHubError(reply, {
    code: 'rate_limited',
    message: `too many ${what}s from this kiosk`,
    retryAfterSeconds: decision.retryAfterSeconds,
  });
  return false;
}
