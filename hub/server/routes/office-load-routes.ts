import type { FastifyReply, FastifyRequest } from 'fastify';
import { hubEndpoints } from '../../../kiosk-config/src/hub/hub-endpoints';
import { PublicOfficeId } from '../../../kiosk-config/src/hub/office-load-api';
import { sendHubError } from '../hub-errors';
import type { OfficeLoadReader } from '../queue/office-load';
import {
  OFFICE_LOAD_PAGE_CSP,
  renderOfficeIndexPage,
  renderOfficeLoadPage,
  renderOfficeLoadTooManyPage,
  renderOfficeNotFoundPage,
} from '../queue/office-load-page';
import type { KeyedLimiter } from '../rate-limiter';
import { etagOf, ifNoneMatchHits } from './http-etag';
import type { HubFastify } from './hub-routes';
import { publicHtmlReply } from './public-html';
import { registerEndpoint } from './register-endpoint';

/** How long a browser, the portal or a proxy may keep an office's load (seconds). */
export const OFFICE_LOAD_MAX_AGE_SECONDS = 30;
/** How long they may keep the list of offices (seconds). */
export const OFFICE_INDEX_MAX_AGE_SECONDS = 300;

/** What the public load routes need. */
export interface OfficeLoadRouteOptions {
  reader: OfficeLoadReader;
  /** Requests per client address (a personal key: kept as a keyed hash; shared on PostgreSQL). */
  perAddress: KeyedLimiter;
}

/**
 * The office's queue load in public: `GET /offices` and `GET /offices/:officeId` (pages for
 * people), `GET /v1/offices` and `GET /v1/offices/:officeId/load` (the same as JSON for the
 * region's portal). No authentication and nothing personal to protect; cached briefly with an
 * ETag, and rate limited per client address, so a crowd of phones or a misbehaving portal
 * costs the hub little.
 */
export function registerOfficeLoadRoutes(app: HubFastify, options: OfficeLoadRouteOptions): void {
  const { reader, perAddress } = options;

  /** Counts the request against its address; when refused, answers 429 and returns false. */
  const admitted = async (request: FastifyRequest, refuse: (retryAfterSeconds: number) => void): Promise<boolean> => {
    const decision = await perAddress.hit(request.ip);
    if (decision.allowed) return true;
    // No address in the log: a visitor's address is theirs.
    request.log.info({ route: request.routeOptions.url }, 'public load page rate limited');
    refuse(decision.retryAfterSeconds);
    return false;
  };
  const tooManyPage = (reply: FastifyReply) => (retryAfterSeconds: number) =>
    publicHtmlReply(reply, OFFICE_LOAD_PAGE_CSP, 'no-store')
      .code(429)
      .header('retry-after', String(retryAfterSeconds))
      .send(renderOfficeLoadTooManyPage(retryAfterSeconds));
  const tooManyJson = (reply: FastifyReply) => (retryAfterSeconds: number) =>
    sendHubError(reply, { code: 'rate_limited', message: 'too many requests from this address', retryAfterSeconds });

  /** Sends `body` with its ETag and max-age, or 304 when the client has it already. */
  const cachedHtml = (request: FastifyRequest, reply: FastifyReply, body: string, maxAge: number) => {
    const etag = etagOf(body);
    publicHtmlReply(reply, OFFICE_LOAD_PAGE_CSP, `public, max-age=${maxAge}`).header('etag', etag);
    return ifNoneMatchHits(request, etag) ? reply.code(304).send() : reply.code(200).send(body);
  };

  registerEndpoint(app, hubEndpoints.officesPage, {}, async (request, reply) => {
    if (!(await admitted(request, tooManyPage(reply)))) return reply;
    return cachedHtml(request, reply, renderOfficeIndexPage(await reader.index()), OFFICE_INDEX_MAX_AGE_SECONDS);
  });

  registerEndpoint(app, hubEndpoints.officePage, {}, async (request, reply) => {
    if (!(await admitted(request, tooManyPage(reply)))) return reply;
    const view = await officeLoad(reader, request.params.officeId);
    if (view === undefined) {
      return publicHtmlReply(reply, OFFICE_LOAD_PAGE_CSP, `public, max-age=${OFFICE_LOAD_MAX_AGE_SECONDS}`)
        .code(404)
        .send(renderOfficeNotFoundPage());
    }
    return cachedHtml(request, reply, renderOfficeLoadPage(view), OFFICE_LOAD_MAX_AGE_SECONDS);
  });

  registerEndpoint(app, hubEndpoints.officesLoad, {}, async (request, reply) => {
    if (!(await admitted(request, tooManyJson(reply)))) return reply;
    const index = await reader.index();
    return cachedJson(request, reply, index, OFFICE_INDEX_MAX_AGE_SECONDS) ?? index;
  });

  registerEndpoint(app, hubEndpoints.officeLoad, {}, async (request, reply) => {
    if (!(await admitted(request, tooManyJson(reply)))) return reply;
    const view = await officeLoad(reader, request.params.officeId);
    if (view === undefined)
      return sendHubError(reply, { code: 'not_found', message: 'no office with a queue by this id' });
    return cachedJson(request, reply, view, OFFICE_LOAD_MAX_AGE_SECONDS) ?? view;
  });
}

/** The office's load, or undefined for an id that names no office with a queue (or is malformed). */
async function officeLoad(reader: OfficeLoadReader, officeId: string) {
  return PublicOfficeId.safeParse(officeId).success ? reader.loadOf(officeId) : undefined;
}

/**
 * Sets a JSON answer's ETag and max-age; sends 304 and returns the reply when the client has
 * it already, else returns undefined (the caller returns the value, serialized by its schema).
 */
function cachedJson(request: FastifyRequest, reply: FastifyReply, value: unknown, maxAge: number) {
  const etag = etagOf(JSON.stringify(value));
  reply.header('etag', etag).header('cache-control', `public, max-age=${maxAge}`);
  // 304 has no body, so no schema to serialize by.
  return ifNoneMatchHits(request, etag) ? reply.code(304).send() : undefined;
}
