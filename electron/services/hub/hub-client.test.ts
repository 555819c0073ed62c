import { afterEach, describe, expect, it } from 'vitest';
import type { OutboxItem } from '../../../kiosk-config/src/index';
import { memoryLogger } from '../test-support';
import { CircuitBreaker } from './circuit-breaker';
import { HubClient, type HubClientOptions } from './hub-client';
import {
  closedPortUrl,
  FOUND_ANSWER,
  sendJson,
  startTestHubServer,
  type TestHubHandler,
  type TestHubServer,
} from './test-hub-server';

const found = FOUND_ANSWER;

const servers: TestHubServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function hub(handler: TestHubHandler): Promise<TestHubServer> {
  const server = await startTestHubServer(handler);
  servers.push(server);
  return server;
}

function client(baseUrl: string, overrides: Partial<HubClientOptions> = {}) {
  const logger = memoryLogger();
  const sleeps: number[] = [];
  const breaker =
    overrides.breaker ?? new CircuitBreaker({ failureThreshold: 100, openMs: 10_000 /* out of the way */ });
  const hubClient = new HubClient({
    baseUrl,
    kioskId: 'kiosk-1',
    credential: () => 'c'.repeat(43),
    requestTimeoutMs: 2000,
    breaker,
    log: logger.log,
    retryInitialMs: 20,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
      await new Promise((resolve) => setTimeout(resolve, ms));
    },
    ...overrides,
  });
  return { hubClient, sleeps, logger, breaker };
}

const item: OutboxItem = {
  id: '0b7f2c36-7d1e-4d7a-9a52-0b9a2f5e1c11',
  kind: 'ticket.issued',
  at: '2026-11-23T07:45:00.000Z',
  payload: { number: 'Б-001', serviceId: 'passport-rf' },
};

describe('HubClient against a real HTTP server', () => {
  it('sends a normalised lookup with the kiosk headers and returns the validated answer', async () => {
    const server = await hub((_req, res) => sendJson(res, 200, found));
    const { hubClient } = client(server.url);
    const result = await hubClient.lookupStatus({ applicationNumber: ' кувд-001/2021-3670443 ' });
    expect(result).toEqual({ ok: true, value: found });
    const [request] = server.requests;
    expect(request?.path).toBe('/v1/status/lookup');
    expect(request?.body).toEqual({ applicationNumber: 'КУВД-001/2021-3670443' });
    expect(request?.headers.authorization).toBe(`Bearer ${'c'.repeat(43)}`);
    expect(request?.headers['x-okno-kiosk']).toBe('kiosk-1');
  });

  it('answers within the budget when the hub never answers (timeout, no retry past the budget)', async () => {
    const server = await hub(() => {
      // A hung hub: the request is read, no answer ever comes.
    });
    const { hubClient } = client(server.url, { requestTimeoutMs: 400 });
    const started = Date.now();
    const result = await hubClient.lookupStatus({ applicationNumber: 'КУВД-001/2021-3670443' });
    const elapsed = Date.now() - started;
    expect(result).toMatchObject({ ok: false, error: { code: 'timeout' } });
    expect(elapsed).toBeGreaterThanOrEqual(380);
    expect(elapsed).toBeLessThan(900);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a lookup after 5xx with growing jittered delays, and succeeds', async () => {
    let calls = 0;
    const server = await hub((_req, res) => {
      calls += 1;
      if (calls < 3) sendJson(res, 503, { code: 'unavailable', message: 'restarting' });
      else sendJson(res, 200, found);
    });
    const { hubClient, sleeps } = client(server.url);
    const result = await hubClient.lookupStatus({ applicationNumber: 'КУВД-001/2021-3670443' });
    expect(result.ok).toBe(true);
    expect(server.requests).toHaveLength(3);
    // initial 20 ms ×2 per attempt, with jitter: random 0.5 takes half off.
    expect(sleeps).toEqual([10, 20]);
  });

  it('retries a refused connection for a lookup, then gives up with connect_failed', async () => {
    const { hubClient, sleeps } = client(await closedPortUrl());
    const result = await hubClient.lookupStatus({ applicationNumber: 'КУВД-001/2021-3670443' });
    expect(result).toMatchObject({ ok: false, error: { code: 'connect_failed' } });
    expect(sleeps).toHaveLength(2);
  });

  it('re-sends an outbox batch after a 500 (idempotent), and the answer is checked', async () => {
    let calls = 0;
    const server = await hub((_req, res) => {
      calls += 1;
      if (calls === 1) sendJson(res, 500, { code: 'internal', message: 'oops' });
      else sendJson(res, 200, { accepted: [item.id], duplicates: [] });
    });
    const { hubClient } = client(server.url);
    expect(await hubClient.postOutbox([item])).toEqual({ ok: true, value: { accepted: [item.id], duplicates: [] } });
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.body).toEqual({ items: [item] });
  });

  it('never re-sends an enrollment whose answer was lost (5xx, dropped connection, timeout)', async () => {
    for (const behaviour of ['503', 'drop', 'hang'] as const) {
      const server = await hub((_req, res) => {
        if (behaviour === '503') sendJson(res, 503, { code: 'unavailable', message: 'busy' });
        else if (behaviour === 'drop') res.socket?.destroy();
      });
      const { hubClient, sleeps } = client(server.url, { requestTimeoutMs: 300 });
      const result = await hubClient.enroll('7KQM-4XPD-9R2T');
      expect(result.ok).toBe(false);
      expect(server.requests).toHaveLength(1);
      expect(sleeps).toEqual([]);
      expect(server.requests[0]?.headers.authorization).toBeUndefined();
    }
  });

  it('does retry an enrollment that provably never left (connection refused)', async () => {
    const { hubClient, sleeps } = client(await closedPortUrl());
    expect(await hubClient.enroll('7KQM-4XPD-9R2T')).toMatchObject({ ok: false, error: { code: 'connect_failed' } });
    expect(sleeps).toHaveLength(1);
  });

  it('maps 429 to rate_limited with the hub’s delay, without retrying or tripping the breaker', async () => {
    const server = await hub((_req, res) =>
      sendJson(res, 429, { code: 'rate_limited', message: 'slow down', retryAfterSeconds: 42 }),
    );
    const breaker = new CircuitBreaker({ failureThreshold: 1, openMs: 60_000 });
    const { hubClient } = client(server.url, { breaker });
    expect(await hubClient.lookupStatus({ applicationNumber: 'КУВД-001/2021-3670443' })).toEqual({
      ok: false,
      error: { code: 'rate_limited', message: 'slow down', status: 429, retryAfterSeconds: 42 },
    });
    expect(server.requests).toHaveLength(1);
    expect(breaker.state).toBe('closed');
  });

  it('reads Retry-After when a proxy answers 429 without the hub’s JSON', async () => {
    const server = await hub((_req, res) => {
      res.writeHead(429, { 'retry-after': '7', 'content-type': 'text/html' });
      res.end('<html>Too Many Requests</html>');
    });
    const { hubClient } = client(server.url);
    expect(await hubClient.lookupStatus({ applicationNumber: 'КУВД-001/2021-3670443' })).toMatchObject({
      ok: false,
      error: { code: 'rate_limited', retryAfterSeconds: 7 },
    });
  });

  it('turns every malformed answer into a clear failure, never a throw', async () => {
    const answers: [string, (res: import('node:http').ServerResponse) => void, RegExp][] = [
      [
        'captive portal HTML',
        (res) => {
          res.writeHead(200, { 'content-type': 'text/html' });
          res.end('<html><body>Войдите в сеть Wi-Fi</body></html>');
        },
        /not JSON/,
      ],
      ['truncated JSON', (res) => res.end('{"outcome":"fou'), /not JSON/],
      [
        'wrong field type',
        (res) => sendJson(res, 200, { ...found, application: { ...found.application, window: 2 } }),
        /outside the contract: application\.window/,
      ],
      ['unknown outcome', (res) => sendJson(res, 200, { outcome: 'maybe' }), /outside the contract/],
      ['huge body', (res) => res.end(`"${'x'.repeat(300 * 1024)}"`), /larger than/],
    ];
    for (const [what, answer, message] of answers) {
      const server = await hub((_req, res) => answer(res));
      const { hubClient } = client(server.url);
      const result = await hubClient.lookupStatus({ applicationNumber: 'КУВД-001/2021-3670443' });
      expect(result, what).toMatchObject({
        ok: false,
        error: { code: 'malformed', message: expect.stringMatching(message) },
      });
      // The same garbage would come back: not retried.
      expect(server.requests, what).toHaveLength(1);
    }
  });

  it('drops a field the contract does not know (a newer hub), so its value reaches neither the screen nor a log', async () => {
    const server = await hub((_req, res) => sendJson(res, 200, { ...found, applicantName: 'Иванов' }));
    const { hubClient, logger } = client(server.url);
    const result = await hubClient.lookupStatus({ applicationNumber: 'КУВД-001/2021-3670443' });
    expect(result).toEqual({ ok: true, value: found });
    expect(logger.text()).toContain('applicantName');
    expect(logger.text()).not.toContain('Иванов');
  });

  it('maps 401 to unauthorized and other 4xx to rejected', async () => {
    const server = await hub((req, res) =>
      req.path === '/v1/outbox'
        ? sendJson(res, 400, { code: 'bad_request', message: 'items.0.kind: too long' })
        : sendJson(res, 401, { code: 'unauthorized', message: 'unknown credential' }),
    );
    const { hubClient } = client(server.url);
    expect(await hubClient.lookupStatus({ applicationNumber: 'КУВД-001/2021-3670443' })).toMatchObject({
      ok: false,
      error: { code: 'unauthorized', status: 401 },
    });
    expect(await hubClient.postOutbox([item])).toMatchObject({
      ok: false,
      error: { code: 'rejected', status: 400, message: 'items.0.kind: too long' },
    });
  });

  it('tells of a refused credential once per authenticated call, and not of a refused enrollment code', async () => {
    const server = await hub((_req, res) =>
      sendJson(res, 401, { code: 'unauthorized', message: 'unknown credential' }),
    );
    let refusals = 0;
    const { hubClient } = client(server.url, { onCredentialRefused: () => (refusals += 1) });
    await hubClient.lookupStatus({ applicationNumber: 'КУВД-001/2021-3670443' });
    await hubClient.postOutbox([item]);
    expect(refusals).toBe(2);
    // The enrollment carries a code, not the credential: its 401 says nothing of the credential.
    expect(await hubClient.enroll('7KQM-4XPD-9R2T')).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(refusals).toBe(2);
  });

  it('makes no request without an address or a credential', async () => {
    const { hubClient } = client('http://127.0.0.1:9', { credential: () => undefined });
    expect(await hubClient.lookupStatus({ applicationNumber: 'КУВД-001/2021-3670443' })).toMatchObject({
      ok: false,
      error: { code: 'not_enrolled' },
    });
    const none = new HubClient({
      baseUrl: undefined,
      kioskId: 'k',
      credential: () => 'x',
      requestTimeoutMs: 1000,
      breaker: new CircuitBreaker({ failureThreshold: 1, openMs: 1000 }),
      log: memoryLogger().log,
    });
    expect(await none.postOutbox([item])).toMatchObject({ ok: false, error: { code: 'not_configured' } });
  });

  it('opens the breaker on a dead link, answers at once while open, half-opens for one probe, closes on success', async () => {
    let healthy = false;
    const server = await hub((_req, res) =>
      healthy ? sendJson(res, 200, found) : sendJson(res, 502, { code: 'unavailable', message: 'bad gateway' }),
    );
    let now = 1_000_000;
    const states: string[] = [];
    const breaker = new CircuitBreaker({
      failureThreshold: 3,
      openMs: 20_000,
      now: () => now,
      onStateChange: (s) => states.push(s),
    });
    const { hubClient } = client(server.url, { breaker });
    const lookup = () => hubClient.lookupStatus({ applicationNumber: 'КУВД-001/2021-3670443' });

    // Three attempts (one call with its two retries) are three failures: open.
    expect(await lookup()).toMatchObject({ ok: false, error: { code: 'server_error' } });
    expect(breaker.state).toBe('open');
    expect(server.requests).toHaveLength(3);

    const started = Date.now();
    expect(await lookup()).toMatchObject({ ok: false, error: { code: 'circuit_open' } });
    expect(Date.now() - started).toBeLessThan(50);
    expect(server.requests).toHaveLength(3);

    // Time is up: one probe goes; the link is still bad, so it opens again with no retry.
    now += 20_000;
    expect(breaker.state).toBe('half_open');
    expect(await lookup()).toMatchObject({ ok: false, error: { code: 'server_error' } });
    expect(server.requests).toHaveLength(4);
    expect(breaker.state).toBe('open');

    // Next time the probe succeeds and the circuit closes.
    now += 20_000;
    healthy = true;
    expect((await lookup()).ok).toBe(true);
    expect(breaker.state).toBe('closed');
    expect(states).toEqual(['open', 'half_open', 'open', 'half_open', 'closed']);
  });

  it('lets only one probe through while half-open; the others are answered at once', async () => {
    let release: () => void = () => undefined;
    const server = await hub(
      (_req, res) =>
        new Promise<void>((resolve) => {
          release = () => {
            sendJson(res, 200, found);
            resolve();
          };
        }),
    );
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 1, openMs: 1000, now: () => now });
    const permit = breaker.acquire();
    breaker.failed(permit);
    now = 1000;
    const { hubClient } = client(server.url, { breaker });
    const probe = hubClient.lookupStatus({ applicationNumber: 'КУВД-001/2021-3670443' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await hubClient.lookupStatus({ applicationNumber: 'КУВД-001/2021-3670443' })).toMatchObject({
      ok: false,
      error: { code: 'circuit_open' },
    });
    release();
    expect((await probe).ok).toBe(true);
    expect(breaker.state).toBe('closed');
  });

  it('never logs the request body (the application number) or the credential', async () => {
    const server = await hub((_req, res) => sendJson(res, 503, { code: 'unavailable', message: 'x' }));
    const { hubClient, logger } = client(server.url);
    await hubClient.lookupStatus({ applicationNumber: 'КУВД-001/2021-3670443' });
    await hubClient.enroll('7KQM-4XPD-9R2T');
    expect(logger.text()).not.toContain('3670443');
    expect(logger.text()).not.toContain('ccccc');
    expect(logger.text()).not.toContain('7KQM');
  });

  it('fetches the kiosk setup with a GET (no body) and validates it', async () => {
    const setup = {
      office: { id: 'mfc-demo-01', name: 'МФЦ с. Берёзовка' },
      timeZone: 'Europe/Moscow',
      catalogue: {
        categories: [{ id: 'p', name: 'Паспорта' }],
        services: [{ id: 'passport', categoryId: 'p', name: 'Замена паспорта', prefix: 'Б' }],
      },
      offlineTag: 'К1',
      followBaseUrl: 'https://hub.example',
      booking: { earlyMinutes: 15, lateMinutes: 10 },
    };
    const server = await hub((_req, res) => sendJson(res, 200, setup));
    const { hubClient } = client(server.url);
    const result = await hubClient.kioskSetup();
    expect(result).toMatchObject({ ok: true, value: { offlineTag: 'К1', office: { id: 'mfc-demo-01' } } });
    const [request] = server.requests;
    expect(request).toMatchObject({ method: 'GET', path: '/v1/kiosk/setup', body: '' });
    expect(request?.headers['content-type']).toBeUndefined();
    expect(request?.headers.authorization).toBe(`Bearer ${'c'.repeat(43)}`);

    server.setHandler((_req, res) => sendJson(res, 200, { ...setup, offlineTag: 'K1' /* Latin K */ }));
    expect(await hubClient.kioskSetup()).toMatchObject({ ok: false, error: { code: 'malformed' } });
  });

  it('retries a ticket request with the same ticket id within a short budget, whatever the configured timeout', async () => {
    const server = await hub(() => {
      // A hung hub.
    });
    const { hubClient } = client(server.url, { requestTimeoutMs: 20_000 });
    const started = Date.now();
    const ticketId = '0b7f2c36-7d1e-4d7a-9a52-0b9a2f5e1c11';
    const result = await hubClient.issueTicket({ ticketId, serviceId: 'passport' });
    expect(result).toMatchObject({ ok: false, error: { code: 'timeout' } });
    expect(Date.now() - started).toBeLessThan(4500);
    expect(server.requests.every((r) => (r.body as { ticketId: string }).ticketId === ticketId)).toBe(true);
  });

  it('checks a booking in and never logs the code', async () => {
    const server = await hub((_req, res) => sendJson(res, 503, { code: 'unavailable', message: 'x' }));
    const { hubClient, logger } = client(server.url);
    const result = await hubClient.checkIn({ ticketId: '0b7f2c36-7d1e-4d7a-9a52-0b9a2f5e1c11', code: '12345674' });
    expect(result).toMatchObject({ ok: false, error: { code: 'server_error' } });
    expect(server.requests[0]?.path).toBe('/v1/bookings/check-in');
    expect(logger.text()).not.toContain('12345674');
  });

  it('resolves a УИН (normalised before sending), retries a 5xx, and validates the charge', async () => {
    const charge = {
      uin: '18810177260000543210',
      amountMinor: 150_000,
      payee: { name: 'УФК', inn: '7700000001', kpp: '770001001', account: '03100643000000017300', bic: '004525000' },
      purpose: 'Госпошлина',
    };
    let calls = 0;
    const server = await hub((_req, res) => {
      calls += 1;
      if (calls === 1) sendJson(res, 502, { code: 'unavailable', message: 'x' });
      else sendJson(res, 200, { outcome: 'found', charge });
    });
    const { hubClient } = client(server.url);
    expect(await hubClient.resolveCharge({ uin: '1881 0177 2600 0054 3210' })).toEqual({
      ok: true,
      value: { outcome: 'found', charge },
    });
    expect(server.requests.map((r) => [r.path, r.body])).toEqual([
      ['/v1/charges/resolve', { uin: '18810177260000543210' }],
      ['/v1/charges/resolve', { uin: '18810177260000543210' }],
    ]);
    // A УИН with a wrong check digit never leaves the kiosk.
    expect(await hubClient.resolveCharge({ uin: '18810177260000543211' })).toMatchObject({
      ok: false,
      error: { code: 'rejected' },
    });
    expect(server.requests).toHaveLength(2);
  });
});
