import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_UIN_PASSPORT } from '../../../hub/db/payments-demo-seed';
import { healthChange, healthyState } from '../../../hub/fleet/fleet-test-support';
import { enrollKiosk, startTestHub, type TestHub, type TestKiosk } from '../../../hub/test/hub-test-support';
import { hubEndpoints } from '../../../kiosk-config/src/hub/hub-endpoints';
import type { HubClient } from './hub-client';
import { kioskTestClient } from './kiosk-client-test-support';
import { parseHubAnswer } from './newer-hub-answer';
import { FOUND_ANSWER } from './test-hub-server';

/** A field no version of the contract has: what a newer hub might add. */
const FUTURE_FIELD = 'zzFutureField';

/** The answer with `FUTURE_FIELD` added to every object in it, at every depth. */
function withFutureFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withFutureFields);
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = { [FUTURE_FIELD]: { note: 'added by a newer hub' } };
  for (const [key, inner] of Object.entries(value)) copy[key] = withFutureFields(inner);
  return copy;
}

/** The answer with the hub's clock reading blanked: two heartbeats are a few ms apart. */
function withoutClock(answer: unknown): unknown {
  return JSON.parse(JSON.stringify(answer), (key, value: unknown) => (key === 'hubTime' ? 'the hub time' : value));
}

/** A proxy that plays a newer hub: the real hub's answers, each JSON object with a field this kiosk does not know. */
async function newerHubProxy(target: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const headers = Object.fromEntries(
        Object.entries(request.headers).filter(
          (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== 'host',
        ),
      );
      const answer = await fetch(new URL(request.url ?? '/', target), {
        method: request.method ?? 'GET',
        headers,
        ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
      });
      const text = await answer.text();
      const body = answer.ok ? JSON.stringify(withFutureFields(JSON.parse(text))) : text;
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * A hub upgraded before its kiosks (the order docs/operations/hub.md asks for) answers with
 * fields an older kiosk does not know. Against a real hub behind a proxy that adds such a field
 * to every object of every answer, the kiosk's client reads each answer as the hub without the
 * field would have been read, and logs the fields' names only.
 */
describe('answers of a newer hub', () => {
  let hub: TestHub;
  let kiosk: TestKiosk;
  let proxy: Awaited<ReturnType<typeof newerHubProxy>>;

  beforeAll(async () => {
    hub = await startTestHub();
    kiosk = await enrollKiosk(hub.url, 'kiosk-newer-hub');
    proxy = await newerHubProxy(hub.url);
  });
  afterAll(async () => {
    await proxy.close();
    await hub.dispose();
  });

  const clientOf = (baseUrl: string) => kioskTestClient(baseUrl, kiosk, { requestTimeoutMs: 5000 });

  it('reads every kiosk answer of the newer hub as the same answer without the new field', async () => {
    const direct = clientOf(hub.url).client;
    const { client: newer, logger } = clientOf(proxy.url);
    const ticketId = randomUUID();
    const calls: [string, (client: HubClient) => Promise<unknown>][] = [
      ['status lookup', (c) => c.lookupStatus({ applicationNumber: 'КУВД-001/2021-3670443' })],
      ['kiosk setup', (c) => c.kioskSetup()],
      // The same ticket id twice: the hub answers the ticket it issued first.
      ['ticket', (c) => c.issueTicket({ ticketId, serviceId: 'passport' })],
      ['charge', (c) => c.resolveCharge({ uin: DEMO_UIN_PASSPORT })],
      ['heartbeat', (c) => c.call('heartbeat', healthChange(healthyState()))],
    ];
    for (const [what, call] of calls) {
      const expected = withoutClock(await call(direct));
      expect(expected, what).toMatchObject({ ok: true });
      expect(withoutClock(await call(newer)), what).toEqual(expected);
    }
    expect(logger.text()).toContain(FUTURE_FIELD);
    expect(logger.text()).not.toContain('added by a newer hub');
  });

  it('still refuses what no contract allows: a wrong type, a missing field, an outcome it does not know', () => {
    const lookup = hubEndpoints.statusLookup.responses[200];
    const found = FOUND_ANSWER;
    expect(parseHubAnswer(lookup, withFutureFields(found))).toMatchObject({ success: true, data: found });
    const refused = [
      { ...found, [FUTURE_FIELD]: 1, application: { ...found.application, window: 2 } },
      { outcome: 'found', [FUTURE_FIELD]: 1 },
      { outcome: 'maybe', [FUTURE_FIELD]: 1 },
    ];
    for (const answer of refused) {
      const parsed = parseHubAnswer(lookup, answer);
      expect(parsed.success, JSON.stringify(answer)).toBe(false);
      expect(parsed.dropped).toEqual([]);
    }
  });

  it('drops exactly the unknown fields, wherever a newer hub put them (property)', () => {
    const lookup = hubEndpoints.statusLookup.responses[200];
    const base = FOUND_ANSWER;
    const places = [[], ['application'], ['application', 'office']] as const;
    fc.assert(
      fc.property(
        fc.subarray([0, 1, 2], { minLength: 1 }),
        fc.string({ minLength: 1, maxLength: 12 }).map((name) => `new${name}`),
        fc.jsonValue(),
        (where, name, value) => {
          const answer = structuredClone(base) as Record<string, unknown>;
          for (const index of where) {
            const target = (places[index] ?? []).reduce<Record<string, unknown>>(
              (node, key) => node[key] as Record<string, unknown>,
              answer,
            );
            target[name] = value;
          }
          const parsed = parseHubAnswer(lookup, answer);
          expect(parsed.success).toBe(true);
          expect(parsed.data).toEqual(base);
          expect([...parsed.dropped].sort()).toEqual(
            where.map((index) => [...(places[index] ?? []), name].join('.')).sort(),
          );
        },
      ),
    );
  });
});
