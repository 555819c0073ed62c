import fastifySwagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { createJsonSchemaTransform, createJsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApplicationStatusView,
  EnrollRequest,
  EnrollResponse,
  HubError,
  OutboxItem,
  OutboxPostRequest,
  OutboxPostResponse,
  SecondFactor,
  StatusLookupResponse,
} from '../../kiosk-config/src/hub/hub-api';
import { OfficeLoadIndex, OfficeLoadView } from '../../kiosk-config/src/hub/office-load-api';
import { OperatorQueueView } from '../../kiosk-config/src/hub/operator-api';
import {
  CallNextRequest,
  CallNextResponse,
  CheckInRequest,
  CheckInResponse,
  FinishTicketRequest,
  FinishTicketResponse,
  FollowView,
  HubTicket,
  KioskSetup,
  TicketIssueRequest,
  TicketIssueResponse,
  WaitEstimate,
} from '../../kiosk-config/src/hub/queue-api';

/**
 * The contract's schemas that appear as named components in the OpenAPI document. A registry
 * of the hub's own, not zod's global one, so the kiosk's use of the same schemas is untouched.
 * `StatusLookupRequest` stays inline: its number normalises (a transform), which has an input
 * shape only.
 */
export const HUB_SCHEMA_REGISTRY = z.registry<{ id: string }>();
for (const [schema, id] of [
  [ApplicationStatusView, 'ApplicationStatusView'],
  [EnrollRequest, 'EnrollRequest'],
  [EnrollResponse, 'EnrollResponse'],
  [HubError, 'HubError'],
  [OutboxItem, 'OutboxItem'],
  [OutboxPostRequest, 'OutboxPostRequest'],
  [OutboxPostResponse, 'OutboxPostResponse'],
  [SecondFactor, 'SecondFactor'],
  [StatusLookupResponse, 'StatusLookupResponse'],
  [CallNextRequest, 'CallNextRequest'],
  [CallNextResponse, 'CallNextResponse'],
  [CheckInRequest, 'CheckInRequest'],
  [CheckInResponse, 'CheckInResponse'],
  [FinishTicketRequest, 'FinishTicketRequest'],
  [FinishTicketResponse, 'FinishTicketResponse'],
  [FollowView, 'FollowView'],
  [HubTicket, 'HubTicket'],
  [KioskSetup, 'KioskSetup'],
  [OfficeLoadIndex, 'OfficeLoadIndex'],
  [OfficeLoadView, 'OfficeLoadView'],
  [OperatorQueueView, 'OperatorQueueView'],
  [TicketIssueRequest, 'TicketIssueRequest'],
  [TicketIssueResponse, 'TicketIssueResponse'],
  [WaitEstimate, 'WaitEstimate'],
] as const) {
  HUB_SCHEMA_REGISTRY.add(schema, { id });
}

/** The security requirement of kiosk routes: both headers together. */
export const KIOSK_SECURITY = [{ kioskCredential: [], kioskId: [] }];

/** The security requirement of operator routes. */
export const OPERATOR_SECURITY = [{ operatorToken: [] }];

/**
 * Registers @fastify/swagger so that `app.swagger()` returns an OpenAPI 3.1 document generated
 * from the routes' zod schemas (served as `GET /openapi.json`).
 */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Okno hub',
        version,
        description:
          'The central server of Okno kiosks: enrollment, application status lookups, the kiosk outbox, ' +
          "the queue (tickets, bookings, operators, follow links), and each office's queue load in public. " +
          'Every error is a HubError; 429 answers carry Retry-After.',
      },
      components: {
        securitySchemes: {
          kioskCredential: {
            type: 'http',
            scheme: 'bearer',
            description: 'The credential the kiosk received at enrollment.',
          },
          kioskId: { type: 'apiKey', in: 'header', name: 'X-Okno-Kiosk', description: 'The enrolled kiosk id.' },
          operatorToken: {
            type: 'http',
            scheme: 'bearer',
            description: "An office operator's token (admin CLI `create-operator-token`), valid for one office.",
          },
        },
      },
    },
    transform: createJsonSchemaTransform({ schemaRegistry: HUB_SCHEMA_REGISTRY }),
    transformObject: createJsonSchemaTransformObject({ schemaRegistry: HUB_SCHEMA_REGISTRY }),
  });
}
