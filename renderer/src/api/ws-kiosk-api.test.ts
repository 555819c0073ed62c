import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// biome-ignore lint/style/noRestrictedImports: this test runs in Node and needs a real WebSocket server and client; the UI itself uses the browser's WebSocket.
import { WebSocket, WebSocketServer, type WebSocketServer as WebSocketServerType } from 'ws';
import type { IssuedTicket, KioskInfo } from '../../../kiosk-config/src/index';
import { createWebSocketKioskApi, type WebSocketKioskApi, type WebSocketKioskApiOptions } from './ws-kiosk-api';

const info: KioskInfo = {
  kioskId: 'kiosk-1',
  appVersion: '0.1.0',
  host: 'browser-host',
  office: { id: 'office-1', name: 'МФЦ с. Берёзовка' },
  timeZone: 'Europe/Moscow',
  idleResetSeconds: 120,
  idleWarningSeconds: 20,
  accessibility: { languages: ['ru', 'en', 'tt'], lowLayoutReachPx: 1200, staffOnSite: true, speechKey: null },
};

const ticket: IssuedTicket = {
  number: 'А-001',
  serviceId: 'passport',
  serviceName: 'Паспорт',
  officeName: 'МФЦ с. Берёзовка',
  issuedAt: '2025-01-01T10:00:00+03:00',
  peopleAhead: 2,
  wait: { minMinutes: 10, maxMinutes: 20, basis: 'recent' },
  offline: false,
  priority: false,
  documents: ['Паспорт'],
  print: 'printed',
};

type Received = { type: string; id: number; name: string; input: unknown };

/** A tiny host: answers calls as the test says, records what it got, pushes events on demand. */
class FakeHost {
  readonly received: Received[] = [];
  /** The address of each connection: the client puts no secret in it. */
  readonly paths: (string | undefined)[] = [];
  readonly sockets = new Set<WebSocket>();
  answer: (call: Received, reply: (result: unknown) => void) => void = () => {};
  private constructor(readonly server: WebSocketServerType) {
    server.on('connection', (socket, request) => {
      this.paths.push(request.url);
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('message', (data) => {
        const call = JSON.parse(String(data)) as Received;
        this.received.push(call);
        this.answer(call, (result) => socket.send(JSON.stringify({ type: 'result', id: call.id, result })));
      });
    });
  }
  static async start(port = 0): Promise<FakeHost> {
    const server = new WebSocketServer({ host: '127.0.0.1', port, path: '/api' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    return new FakeHost(server);
  }
  get port(): number {
    const address = this.server.address();
    if (typeof address !== 'object' || address === null) throw new Error('not listening');
    return address.port;
  }
  get url(): string {
    return `ws://127.0.0.1:${this.port}/api`;
  }
  push(name: string, payload: unknown): void {
    for (const socket of this.sockets) socket.send(JSON.stringify({ type: 'event', name, payload }));
  }
  sendRaw(text: string): void {
    for (const socket of this.sockets) socket.send(text);
  }
  dropClients(): void {
    for (const socket of this.sockets) socket.terminate();
  }
  async stop(): Promise<void> {
    this.dropClients();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function waitFor(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (check()) resolve();
      else if (Date.now() - started > timeoutMs) reject(new Error('condition not met in time'));
      else setTimeout(tick, 10);
    };
    tick();
  });
}

describe('createWebSocketKioskApi', () => {
  let host: FakeHost;
  let api: WebSocketKioskApi | undefined;

  const connect = (options: WebSocketKioskApiOptions = {}, url = host.url) => {
    api = createWebSocketKioskApi(url, { WebSocket, reconnectMinDelayMs: 20, ...options });
    return api;
  };

  beforeEach(async () => {
    host = await FakeHost.start();
  });
  afterEach(async () => {
    api?.close();
    api = undefined;
    await host.stop();
  });

  it('connects to the bare endpoint and pairs each answer with its call, even out of order', async () => {
    const replies: ((result: unknown) => void)[] = [];
    host.answer = (call, reply) => {
      if (call.name === 'kiosk.info') replies.push(() => reply({ ok: true, value: info }));
      if (call.name === 'tickets.issue') replies.push(() => reply({ ok: true, value: ticket }));
      if (replies.length === 2) {
        // Answer the second call first.
        replies[1]?.(undefined);
        replies[0]?.(undefined);
      }
    };
    const client = connect();
    const [infoResult, ticketResult] = await Promise.all([
      client.call('kiosk.info', {}),
      client.call('tickets.issue', { serviceId: 'passport' }),
    ]);
    expect(infoResult).toEqual({ ok: true, value: info });
    expect(ticketResult).toEqual({ ok: true, value: ticket });
    expect(host.paths).toEqual(['/api']);
    expect(host.received.map(({ type, name, input }) => ({ type, name, input }))).toEqual([
      { type: 'call', name: 'kiosk.info', input: {} },
      { type: 'call', name: 'tickets.issue', input: { serviceId: 'passport' } },
    ]);
    expect(new Set(host.received.map((call) => call.id)).size).toBe(2);
  });

  it('passes expected faults through as data', async () => {
    host.answer = (_call, reply) => reply({ ok: false, error: { code: 'printer_paper_out', message: 'paper out' } });
    const result = await connect().call('tickets.issue', { serviceId: 'passport' });
    expect(result).toEqual({ ok: false, error: { code: 'printer_paper_out', message: 'paper out' } });
  });

  it('turns an answer that breaks the contract into an internal fault', async () => {
    host.answer = (call, reply) => {
      if (call.name === 'tickets.issue') reply({ ok: true, value: { number: 42 } });
      if (call.name === 'kiosk.info') reply({ ok: false, error: { code: 'no_such_code', message: 'x' } });
    };
    const client = connect();
    const issued = await client.call('tickets.issue', { serviceId: 'passport' });
    expect(issued.ok).toBe(false);
    if (!issued.ok) expect(issued.error.code).toBe('internal');
    const infoResult = await client.call('kiosk.info', {});
    expect(infoResult.ok).toBe(false);
    if (!infoResult.ok) expect(infoResult.error.code).toBe('internal');
  });

  it('ends a call that gets no answer with a timeout result, and ignores the late answer', async () => {
    let late: (() => void) | undefined;
    host.answer = (_call, reply) => {
      late = () => reply({ ok: true, value: info });
    };
    const client = connect({ callTimeoutMs: 150 });
    const started = Date.now();
    const result = await client.call('kiosk.info', {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('timeout');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    late?.();
    // A later call still gets its own answer, not the stale one.
    host.answer = (_call, reply) => reply({ ok: true, value: { sessionId: 's-2' } });
    expect(await client.call('session.activity', {})).toEqual({ ok: true, value: { sessionId: 's-2' } });
  });

  it('delivers valid events and drops invalid or unknown ones', async () => {
    const client = connect();
    const warnings: unknown[] = [];
    const resets: unknown[] = [];
    client.on('session.idleWarning', (payload) => warnings.push(payload));
    const unsubscribe = client.on('session.reset', (payload) => resets.push(payload));
    await waitFor(() => host.sockets.size === 1);

    host.push('session.idleWarning', { secondsLeft: -3 });
    host.push('session.idleWarning', { secondsLeft: 'soon' });
    host.push('no.such.event', { secondsLeft: 5 });
    host.sendRaw('not json at all');
    host.sendRaw(JSON.stringify({ type: 'event', name: 'session.idleWarning' }));
    host.push('session.idleWarning', { secondsLeft: 15 });
    host.push('session.reset', { reason: 'idle', sessionId: 's-9' });
    await waitFor(() => warnings.length === 1 && resets.length === 1);
    expect(warnings).toEqual([{ secondsLeft: 15 }]);
    expect(resets).toEqual([{ reason: 'idle', sessionId: 's-9' }]);

    unsubscribe();
    host.push('session.reset', { reason: 'visitor', sessionId: 's-10' });
    host.push('session.idleWarning', { secondsLeft: 10 });
    await waitFor(() => warnings.length === 2);
    expect(resets).toHaveLength(1);
  });

  it('counts the same listener subscribed twice as two subscriptions, each unsubscribed on its own', async () => {
    const client = connect();
    const warnings: unknown[] = [];
    const listener = (payload: unknown) => warnings.push(payload);
    const first = client.on('session.idleWarning', listener);
    client.on('session.idleWarning', listener);
    await waitFor(() => host.sockets.size === 1);

    host.push('session.idleWarning', { secondsLeft: 15 });
    await waitFor(() => warnings.length === 2);
    first();
    host.push('session.idleWarning', { secondsLeft: 10 });
    await waitFor(() => warnings.length === 3);
    expect(warnings).toEqual([{ secondsLeft: 15 }, { secondsLeft: 15 }, { secondsLeft: 10 }]);
  });

  it('reconnects after the socket drops; calls in flight fail with timeout', async () => {
    host.answer = () => {}; // never answers the first call
    const client = connect();
    const lost = client.call('kiosk.info', {});
    await waitFor(() => host.received.length === 1);
    host.dropClients();
    const lostResult = await lost;
    expect(lostResult.ok).toBe(false);
    if (!lostResult.ok) expect(lostResult.error.code).toBe('timeout');

    host.answer = (_call, reply) => reply({ ok: true, value: info });
    // Made while the socket is (probably) still down: waits for the reconnect, then succeeds.
    expect(await client.call('kiosk.info', {})).toEqual({ ok: true, value: info });
    await waitFor(() => host.paths.length === 2);
    expect(host.paths).toEqual(['/api', '/api']);
  });

  it('fails a call made while the host is down with timeout after the connect wait', async () => {
    const { port, url } = host;
    await host.stop();
    const client = connect({ connectWaitMs: 200, reconnectMaxDelayMs: 50 }, url);
    const started = Date.now();
    const result = await client.call('kiosk.info', {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('timeout');
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);

    // The host comes back on the same port: the client finds it again on its own.
    host = await FakeHost.start(port);
    host.answer = (_call, reply) => reply({ ok: true, value: info });
    await waitFor(() => host.sockets.size === 1);
    expect(await client.call('kiosk.info', {})).toEqual({ ok: true, value: info });
  });

  it('ends outstanding calls when closed', async () => {
    const client = connect();
    const pending = client.call('kiosk.info', {});
    await waitFor(() => host.received.length === 1);
    client.close();
    const result = await pending;
    expect(result.ok).toBe(false);
    const afterClose = await client.call('kiosk.info', {});
    expect(afterClose.ok).toBe(false);
    if (!afterClose.ok) expect(afterClose.error.code).toBe('timeout');
  });
});
