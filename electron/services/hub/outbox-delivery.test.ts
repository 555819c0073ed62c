import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { enrollKiosk, startTestHub } from '../../../hub/test/hub-test-support';
import type { OutboxItem } from '../../../kiosk-config/src/index';
import { memoryLogger } from '../test-support';
import { CircuitBreaker } from './circuit-breaker';
import { HubClient } from './hub-client';
import { Outbox } from './outbox';
import { OutboxDelivery } from './outbox-delivery';
import { OutboxLanes } from './outbox-lanes';
import { type RecordedRequest, sendJson, startTestHubServer, type TestHubServer } from './test-hub-server';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A receiving hub: stores each id once, answers replays as duplicates, as the real hub does. */
function receiver() {
  const stored: OutboxItem[] = [];
  const handle = (request: RecordedRequest, res: Parameters<Parameters<typeof startTestHubServer>[0]>[1]) => {
    const items = (request.body as { items: OutboxItem[] }).items;
    const accepted: string[] = [];
    const duplicates: string[] = [];
    for (const item of items) {
      if (stored.some((s) => s.id === item.id)) duplicates.push(item.id);
      else {
        stored.push(item);
        accepted.push(item.id);
      }
    }
    sendJson(res, 200, { accepted, duplicates });
  };
  return { stored, handle };
}

async function setup(options: { batchSize?: number; port?: number } = {}) {
  const dir = await mkdtemp(path.join(tmpdir(), 'okno-delivery-'));
  const logger = memoryLogger();
  const hub = receiver();
  const server: TestHubServer = await startTestHubServer(hub.handle, options.port ?? 0);
  cleanups.push(() => server.close());
  const outbox = await Outbox.open({ dir: path.join(dir, 'outbox'), log: logger.log });
  const client = new HubClient({
    baseUrl: server.url,
    kioskId: 'kiosk-1',
    credential: () => 'secret-credential-of-the-kiosk-0000000000000',
    requestTimeoutMs: 1000,
    breaker: new CircuitBreaker({ failureThreshold: 3, openMs: 100 }),
    log: logger.log,
    retryInitialMs: 10,
  });
  const delivery = new OutboxDelivery({
    outbox,
    post: (items) => client.postOutbox(items),
    log: logger.log,
    batchSize: options.batchSize ?? 100,
    initialDelayMs: 50,
    maxDelayMs: 200,
    rejectedFile: path.join(dir, 'outbox', 'rejected.jsonl'),
  });
  cleanups.push(() => delivery.stop());
  return { dir, outbox, delivery, server, hub, logger };
}

describe('OutboxDelivery', () => {
  it('delivers everything in order, in batches, and moves the cursor', async () => {
    const { outbox, delivery, server, hub } = await setup({ batchSize: 4 });
    for (let seq = 0; seq < 10; seq++) await outbox.enqueue('test.item', { seq });
    delivery.start();
    await delivery.drained();
    expect(hub.stored.map((i) => i.payload.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(server.requests.map((r) => (r.body as { items: unknown[] }).items.length)).toEqual([4, 4, 2]);
    expect(outbox.pendingCount).toBe(0);
  });

  it('wakes up for items enqueued later', async () => {
    const { outbox, delivery, hub } = await setup();
    delivery.start();
    await outbox.enqueue('test.item', { seq: 0 });
    await new Promise((resolve) => setTimeout(resolve, 10));
    await delivery.drained();
    expect(hub.stored).toHaveLength(1);
  });

  it('keeps items through an outage and delivers them, once, when the hub is back', async () => {
    const { outbox, delivery, server, hub } = await setup();
    const port = server.port;
    await server.close();
    delivery.start();
    for (let seq = 0; seq < 3; seq++) await outbox.enqueue('test.item', { seq });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(outbox.pendingCount).toBe(3);
    const back = await startTestHubServer(hub.handle, port);
    cleanups.push(() => back.close());
    // No nudge: the loop's own backoff and the breaker's half-open probe find the hub again.
    await delivery.drained();
    expect(hub.stored.map((i) => i.payload.seq)).toEqual([0, 1, 2]);
  });

  it('acknowledges only the confirmed prefix, keeping order', async () => {
    const { outbox, delivery, server, hub } = await setup();
    let first = true;
    server.setHandler((request, res) => {
      const items = (request.body as { items: OutboxItem[] }).items;
      if (first) {
        // The hub stored only the first two (e.g. it was stopping): the rest must be re-sent.
        first = false;
        hub.stored.push(...items.slice(0, 2));
        sendJson(res, 200, { accepted: items.slice(0, 2).map((i) => i.id), duplicates: [] });
      } else hub.handle(request, res);
    });
    for (let seq = 0; seq < 5; seq++) await outbox.enqueue('test.item', { seq });
    delivery.start();
    await delivery.drained();
    expect(hub.stored.map((i) => i.payload.seq)).toEqual([0, 1, 2, 3, 4]);
  });

  it('sets aside an item the hub refuses, so it does not block those behind it', async () => {
    const { outbox, delivery, server, hub, dir } = await setup();
    server.setHandler((request, res) => {
      const items = (request.body as { items: OutboxItem[] }).items;
      if (items.some((i) => i.payload.poison)) sendJson(res, 400, { code: 'bad_request', message: 'payload too odd' });
      else hub.handle(request, res);
    });
    await outbox.enqueue('test.item', { seq: 0 });
    await outbox.enqueue('test.item', { seq: 1, poison: true });
    await outbox.enqueue('test.item', { seq: 2 });
    delivery.start();
    await delivery.drained();
    expect(hub.stored.map((i) => i.payload.seq)).toEqual([0, 2]);
    const rejected = (await readFile(path.join(dir, 'outbox', 'rejected.jsonl'), 'utf8')).trim().split('\n');
    expect(rejected.map((l) => JSON.parse(l).item.payload.seq)).toEqual([1]);
  });

  it('waits as long as a 429 says before sending again', async () => {
    const { outbox, delivery, server, hub } = await setup();
    const times: number[] = [];
    server.setHandler((request, res) => {
      times.push(Date.now());
      if (times.length === 1) sendJson(res, 429, { code: 'rate_limited', message: 'later', retryAfterSeconds: 1 });
      else hub.handle(request, res);
    });
    await outbox.enqueue('test.item', { seq: 0 });
    delivery.start();
    await delivery.drained();
    expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('sends offline tickets (the first lane) before everything enqueued earlier, and keeps them across a restart', async () => {
    const { dir, server, hub, logger } = await setup({ batchSize: 10 });
    const lanesDir = path.join(dir, 'lanes');
    const written = await OutboxLanes.open({ dir: lanesDir, log: logger.log });
    for (let seq = 0; seq < 25; seq++) await written.enqueue('status.lookup', { seq });
    await written.enqueue('ticket.offline', { seq: 25 });
    await written.enqueue('ticket.print_outcome', { seq: 26 });
    // Reopened from disk, as after a restart: the lanes are two durable outboxes.
    const lanes = await OutboxLanes.open({ dir: lanesDir, log: logger.log });
    expect(lanes.pendingCount).toBe(27);
    const client = new HubClient({
      baseUrl: server.url,
      kioskId: 'kiosk-1',
      credential: () => 'secret-credential-of-the-kiosk-0000000000000',
      requestTimeoutMs: 1000,
      breaker: new CircuitBreaker({ failureThreshold: 3, openMs: 100 }),
      log: logger.log,
    });
    const delivery = new OutboxDelivery({
      outbox: lanes.rest,
      first: lanes.first,
      post: (items) => client.postOutbox(items),
      log: logger.log,
      batchSize: 10,
    });
    cleanups.push(() => delivery.stop());
    delivery.start();
    await delivery.drained();
    expect(hub.stored[0]?.kind).toBe('ticket.offline');
    expect(hub.stored.slice(1).map((i) => i.payload.seq)).toEqual([...Array.from({ length: 25 }, (_, i) => i), 26]);
    expect(lanes.pendingCount).toBe(0);
  });

  it('against the real hub: an item it refuses (unknown kind, bad payload) is set aside and logged, the rest delivered', async () => {
    const hub = await startTestHub();
    cleanups.push(() => hub.dispose());
    const kiosk = await enrollKiosk(hub.url, 'kiosk-refused');
    const dir = await mkdtemp(path.join(tmpdir(), 'okno-delivery-'));
    const logger = memoryLogger();
    const outbox = await Outbox.open({ dir: path.join(dir, 'outbox'), log: logger.log });
    const client = new HubClient({
      baseUrl: hub.url,
      kioskId: kiosk.kioskId,
      credential: () => kiosk.credential,
      requestTimeoutMs: 2000,
      breaker: new CircuitBreaker({ failureThreshold: 3, openMs: 100 }),
      log: logger.log,
      retryInitialMs: 10,
    });
    const delivery = new OutboxDelivery({
      outbox,
      post: (items) => client.postOutbox(items),
      log: logger.log,
      initialDelayMs: 50,
      maxDelayMs: 200,
      rejectedFile: path.join(dir, 'outbox', 'rejected.jsonl'),
    });
    cleanups.push(() => delivery.stop());
    const lookup = (n: number) => ({ maskedNumber: `***000${n}`, outcome: 'not_found' });
    await outbox.enqueue('status.lookup', lookup(1));
    const junk = await outbox.enqueue('junk.kind', { blob: 'x'.repeat(1000) });
    await outbox.enqueue('status.lookup', lookup(2));
    const extra = await outbox.enqueue('status.lookup', { ...lookup(3), applicationNumber: '2345678901' });
    await outbox.enqueue('status.lookup', lookup(4));
    delivery.start();
    await delivery.drained();
    expect(outbox.pendingCount).toBe(0);
    const stored = await hub.repository.listOutbox(kiosk.kioskId);
    expect(stored.map((i) => i.payload.maskedNumber)).toEqual(['***0001', '***0002', '***0004']);
    const rejected = (await readFile(path.join(dir, 'outbox', 'rejected.jsonl'), 'utf8')).trim().split('\n');
    expect(rejected.map((l) => JSON.parse(l).item.id)).toEqual([junk.id, extra.id]);
    expect(logger.text()).toMatch(/the hub refused an item; set aside/);
  });
});
