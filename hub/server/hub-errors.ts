import type { FastifyReply } from 'fastify';
import type { HubError } from '../../kiosk-config/src/hub/hub-api';

/** HTTP status of each error code of the contract. */
export const HUB_ERROR_STATUS: Readonly<Record<HubError['code'], number>> = {
  bad_request: 400,
  unauthorized: 401,
  not_found: 404,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

/**
 * Sends a contract error: the status code that goes with its code, and for `rate_limited` the
 * `Retry-After` header alongside `retryAfterSeconds`.
 */
export function sendHubError(reply: FastifyReply, error: HubError): FastifyReply {
  reply.code(HUB_ERROR_STATUS[error.code]);
  if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
  if (error.code === 'unauthorized') reply.header('www-authenticate', 'Bearer realm="okno-hub"');
  return reply.send(error);
}
