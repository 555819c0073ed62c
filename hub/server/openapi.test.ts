import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubEndpoints } from '../../kiosk-config/src/hub/hub-endpoints';
import { startTestHub, type TestHub } from '../test/hub-test-support';

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
}

describe('the OpenAPI document', () => {
  let hub: TestHub;
  let doc: OpenApiDocument;

  beforeAll(async () => {
    hub = await startTestHub();
    doc = (await (await fetch(`${hub.url}/openapi.json`)).json()) as OpenApiDocument;
  });
  afterAll(async () => {
    await hub.dispose();
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc) as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('describes the contract: request bodies, responses, errors and security from the zod schemas', () => {
    const lookup = doc.paths['/v1/status/lookup']?.post as {
      requestBody: {
        content: { 'application/json': { schema: { required: string[]; properties: Record<string, unknown> } } };
      };
      responses: Record<string, { content: { 'application/json': { schema: { $ref?: string } } } }>;
      security: unknown[];
    };
    const body = lookup.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(['applicationNumber']);
    expect(body.properties).toHaveProperty('secondFactor');
    expect(lookup.responses['200']?.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/StatusLookupResponse',
    );
    for (const status of ['400', '401', '429']) {
      expect(lookup.responses[status]?.content['application/json'].schema.$ref).toBe('#/components/schemas/HubError');
    }
    expect(lookup.security).toEqual([{ kioskCredential: [], kioskId: [] }]);
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['kioskCredential', 'kioskId', 'operatorToken']);
    expect(doc.paths['/v1/kiosks/enroll']?.post).not.toHaveProperty('security');
    expect(JSON.stringify(doc.components.schemas.ApplicationStatusView)).toContain('ready_for_pickup');
  });

  it('describes the queue: kiosk, operator and public routes with their schemas and security', () => {
    type Operation = {
      security?: unknown[];
      requestBody?: { content: { 'application/json': { schema: { $ref?: string } } } };
      responses: Record<string, { content?: { 'application/json': { schema: { $ref?: string } } } }>;
    };
    const op = (path: string, method: string) => doc.paths[path]?.[method] as Operation;
    const ref = (name: string) => `#/components/schemas/${name}`;
    const tickets = op('/v1/tickets', 'post');
    expect(tickets.security).toEqual([{ kioskCredential: [], kioskId: [] }]);
    // Request bodies refer to the input side of a schema.
    expect(tickets.requestBody?.content['application/json'].schema.$ref).toBe(ref('TicketIssueRequestInput'));
    expect(tickets.responses['200']?.content?.['application/json'].schema.$ref).toBe(ref('TicketIssueResponse'));
    expect(op('/v1/bookings/check-in', 'post').responses['200']?.content?.['application/json'].schema.$ref).toBe(
      ref('CheckInResponse'),
    );
    expect(op('/v1/kiosk/setup', 'get').responses['200']?.content?.['application/json'].schema.$ref).toBe(
      ref('KioskSetup'),
    );
    for (const [path, method] of [
      ['/v1/operator/call-next', 'post'],
      ['/v1/operator/tickets/{ticketId}/finish', 'post'],
      ['/v1/operator/offices/{officeId}/queue', 'get'],
    ] as const) {
      expect(op(path, method).security, path).toEqual([{ operatorToken: [] }]);
    }
    expect(op('/v1/follow/{token}', 'get')).not.toHaveProperty('security');
    expect(op('/q/{token}', 'get')).not.toHaveProperty('security');
    expect(JSON.stringify(doc.components.schemas.HubTicket)).toContain('followUrl');
  });

  it('documents exactly the endpoint table: each entry with its method, auth and answers', () => {
    const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const table = Object.values(hubEndpoints);
    expect(documented.sort()).toEqual(table.map((e) => `${e.method} ${openApiPath(e.path)}`).sort());
    const security = {
      kiosk: [{ kioskCredential: [], kioskId: [] }],
      operator: [{ operatorToken: [] }],
      none: undefined,
    };
    for (const endpoint of table) {
      const operation = doc.paths[openApiPath(endpoint.path)]?.[endpoint.method.toLowerCase()] as {
        security?: unknown;
        summary: string;
        responses: Record<string, unknown>;
      };
      expect(operation.security, endpoint.path).toEqual(security[endpoint.auth]);
      expect(operation.summary).toBe(endpoint.summary);
      if ('responses' in endpoint) {
        expect(Object.keys(operation.responses).sort(), endpoint.path).toEqual(Object.keys(endpoint.responses).sort());
      }
    }
  });
});
