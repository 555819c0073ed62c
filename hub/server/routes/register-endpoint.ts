import type {
  ContextConfigDefault,
  FastifyBaseLogger,
  FastifyReply,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
  RouteGenericInterface,
  RouteHandlerMethod,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { HubEndpoint } from '../../../kiosk-config/src/hub/hub-endpoints';
import type { KioskAuth } from '../kiosk-auth';
import type { KioskLimits } from '../kiosk-limits';
import { KIOSK_SECURITY, OPERATOR_SECURITY } from '../openapi';
import type { OperatorAuth } from '../operator-auth';
import type { HubFastify } from './hub-routes';

/** What enforces an endpoint's `auth` and `rateLimit`; only the kinds a route file uses are needed. */
export interface EndpointGuards {
  kiosk?: KioskAuth;
  operator?: OperatorAuth;
  limits?: KioskLimits;
}

/** The Fastify schema of an endpoint, as types: what its handler's request and reply are typed by. */
type SchemaOf<E extends HubEndpoint> = {
  body: E extends { body: infer B } ? B : undefined;
  params: E extends { params: infer P } ? P : undefined;
  querystring: E extends { querystring: infer Q } ? Q : undefined;
  response: E extends { responses: infer R } ? R : undefined;
};

/** The handler of endpoint `E`: its request body, params and query parsed, its reply typed by its answers. */
export type EndpointHandler<E extends HubEndpoint> = RouteHandlerMethod<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  RouteGenericInterface,
  ContextConfigDefault,
  SchemaOf<E>,
  ZodTypeProvider,
  FastifyBaseLogger
>;

type Hook = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;

/**
 * Registers one endpoint of the table (`kiosk-config/src/hub/hub-endpoints.ts`): its method and
 * path, its schemas (validation, serialization, the OpenAPI document), its authentication as an
 * `onRequest` hook (401 before the body is read) and its rate limit before the handler (429,
 * after validation, as a refused request must not spend the limit). The route file holds only
 * the handler.
 */
export function registerEndpoint<const E extends HubEndpoint>(
  app: HubFastify,
  endpoint: E,
  guards: EndpointGuards,
  handler: EndpointHandler<E>,
): void {
  const onRequest = authHook(endpoint, guards);
  const preHandler = rateLimitHook(endpoint, guards);
  app.route<RouteGenericInterface, ContextConfigDefault, SchemaOf<E>>({
    method: endpoint.method,
    url: endpoint.path,
    ...(onRequest === undefined ? {} : { onRequest }),
    ...(preHandler === undefined ? {} : { preHandler }),
    // The same schemas, spread: TypeScript cannot follow `SchemaOf<E>`'s conditionals over a generic `E`.
    schema: {
      summary: endpoint.summary,
      ...(endpoint.description === undefined ? {} : { description: endpoint.description }),
      tags: [...endpoint.tags],
      ...securityOf(endpoint),
      ...(endpoint.params === undefined ? {} : { params: endpoint.params }),
      ...(endpoint.querystring === undefined ? {} : { querystring: endpoint.querystring }),
      ...(endpoint.body === undefined ? {} : { body: endpoint.body }),
      ...(endpoint.responses === undefined ? {} : { response: endpoint.responses }),
    } as unknown as SchemaOf<E>,
    handler,
  });
}

function authHook(endpoint: HubEndpoint, guards: EndpointGuards): Hook | undefined {
  switch (endpoint.auth) {
    case 'none':
      return undefined;
    case 'kiosk':
      return required(guards.kiosk, endpoint, 'kiosk authentication').hook;
    case 'operator':
      return required(guards.operator, endpoint, 'operator authentication').hook;
  }
}

function rateLimitHook(endpoint: HubEndpoint, guards: EndpointGuards): Hook | undefined {
  const action = endpoint.rateLimit;
  if (action === undefined) return undefined;
  const limits = required(guards.limits, endpoint, 'kiosk limits');
  const auth = required(guards.kiosk, endpoint, 'kiosk authentication');
  // Returning the reply after sending the 429 tells Fastify the request is answered.
  return async (request, reply) =>
    (await limits.admit(action, auth.kioskOf(request), reply, request.log)) ? undefined : reply;
}

function securityOf(endpoint: HubEndpoint): { security?: typeof KIOSK_SECURITY | typeof OPERATOR_SECURITY } {
  if (endpoint.auth === 'kiosk') return { security: KIOSK_SECURITY };
  if (endpoint.auth === 'operator') return { security: OPERATOR_SECURITY };
  return {};
}

function required<T>(guard: T | undefined, endpoint: HubEndpoint, what: string): T {
  // A wiring bug: the route would otherwise be served unguarded.
  if (guard === undefined) throw new Error(`${endpoint.method} ${endpoint.path} needs ${what}`);
  return guard;
}
