import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../../test/support/eventually';
import { postgresMissing, useTestPostgres } from '../../test/support/postgres';
import type { FleetRepository } from '../db/fleet-repository';
import { migratePostgres } from '../db/postgres/migrate-postgres';
import { POSTGRES_MIGRATIONS } from '../db/postgres/migrations/migrations';
import { PostgresFleetRepository } from '../db/postgres/postgres-fleet-repository';
import { openSqliteDatabase } from '../db/sqlite/open-sqlite-database';
import { SqliteFleetRepository } from '../db/sqlite/sqlite-fleet-repository';
import { memoryHubLogger } from '../test/hub-test-support';
import { AlertBook } from './alert-book';
import type { AlertCondition } from './alert-rules';
import { WebhookConfig } from './fleet-config';
import { retryDelay, WebhookDelivery } from './webhook-delivery';

const paperNearEnd: AlertCondition = {
  rule: 'paper_near_end',
  subject: 'printer',
  severity: 'warning',
  summary: 'Бумага в принтере талонов заканчивается',
  details: {},
};

/** A real HTTP receiver on 127.0.0.1 that answers each POST with the next status of `statuses` (then 200). */
async function receiver(statuses: number[] = []): Promise<{
  url: string;
  received: Array<{ body: Record<string, unknown>; headers: IncomingMessage['headers'] }>;
  attempts: () => number;
  close(): Promise<void>;
}> {
  const received: Array<{ body: Record<string, unknown>; headers: IncomingMessage['headers'] }> = [];
  let attempts = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      attempts++;
      const status = statuses.shift() ?? 200;
      if (status === 200) {
        received.push({ body: JSON.parse(Buffer.concat(chunks).toString('utf8')), headers: request.headers });
      }
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/alerts`,
    received,
    attempts: () => attempts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('WebhookDelivery', () => {
  let dir: string;
  let dbPath: string;
  const closers: Array<() => Promise<void> | void> = [];

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'okno-webhook-'));
    dbPath = path.join(dir, 'hub.sqlite');
  });
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await rm(dir, { recursive: true, force: true });
  });

  function open(url: string, changes: Partial<WebhookConfig> = {}) {
    const { db } = openSqliteDatabase(dbPath);
    const repository = new SqliteFleetRepository(db);
    const webhook = WebhookConfig.parse({ url, initialRetryMs: 20, maxRetryMs: 200, timeoutMs: 2000, ...changes });
    const log = memoryHubLogger();
    const delivery = new WebhookDelivery({ repository, webhook, logger: log.logger });
    const book = new AlertBook({ repository, flapWindowMs: 0, onQueued: () => delivery.kick() });
    const close = async () => {
      await delivery.stop();
      db.close();
    };
    closers.push(close);
    return { repository, delivery, book, log, close };
  }

  it('POSTs each event as JSON, in order, signed when a secret is set', async () => {
    const target = await receiver();
    closers.push(target.close);
    const secret = 'a-shared-secret-of-the-office';
    const { book, repository } = open(target.url, { secret });
    const [alert] = await book.apply('kiosk-1', [paperNearEnd], [], new Date('2026-03-02T09:00:00Z'));
    await book.acknowledge(alert?.id ?? '', 'tech-7', new Date('2026-03-02T09:01:00Z'));
    await book.apply('kiosk-1', [], await repository.openAlerts(), new Date('2026-03-02T09:02:00Z'));

    await eventually(() => target.received.length === 3, 'three notifications delivered');
    expect(target.received.map((r) => r.body.event)).toEqual(['opened', 'acknowledged', 'closed']);
    const [first] = target.received;
    expect(first?.body).toEqual({
      deliveryId: 1,
      event: 'opened',
      at: '2026-03-02T09:00:00.000Z',
      alert: expect.objectContaining({
        id: alert?.id,
        kioskId: 'kiosk-1',
        rule: 'paper_near_end',
        severity: 'warning',
      }),
    });
    const raw = JSON.stringify(first?.body);
    expect(first?.headers['x-okno-signature']).toBe(`sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`);
    expect(first?.headers['content-type']).toBe('application/json');
    await eventually(async () => (await repository.undeliveredNotifications(10)).length === 0, 'marked delivered');
  });

  it('retries a receiver that fails twice, and the ones behind wait their turn', async () => {
    const target = await receiver([500, 503]);
    closers.push(target.close);
    const { book, repository, log } = open(target.url);
    await book.apply('kiosk-1', [paperNearEnd], [], new Date());
    await book.apply('kiosk-1', [], await repository.openAlerts(), new Date());

    await eventually(() => target.received.length === 2, 'delivered after two failures');
    expect(target.attempts()).toBe(4);
    expect(target.received.map((r) => r.body.event)).toEqual(['opened', 'closed']);
    // Marked delivered once the receiver's answer is back, a moment after it received the body.
    await eventually(async () => (await repository.undeliveredNotifications(10)).length === 0, 'marked delivered');
    expect(log.text()).toContain('status 500');
    expect(log.text()).toContain('status 503');
  });

  it('loses nothing across a hub restart: what was not delivered goes after the restart', async () => {
    const down = await receiver();
    const downUrl = down.url;
    await down.close(); // nothing listens there now: connection refused
    const first = open(downUrl);
    await first.book.apply('kiosk-1', [paperNearEnd], [], new Date());
    await eventually(
      async () => ((await first.repository.undeliveredNotifications(1))[0]?.attempts ?? 0) >= 1,
      'a first attempt failed',
    );
    await first.close();

    const target = await receiver();
    closers.push(target.close);
    const second = open(target.url);
    second.delivery.kick(); // as the hub does at start
    await eventually(() => target.received.length === 1, 'delivered after the restart');
    expect(target.received[0]?.body.event).toBe('opened');
  });

  it('has each notification POSTed by one of two hub instances only, in order', async () => {
    const target = await receiver();
    closers.push(target.close);
    await deliverThroughTwoInstances(target, open(target.url), open(target.url));
  });

  it('takes the queue over once the lease of an instance that died holding it runs out', async () => {
    const target = await receiver();
    closers.push(target.close);
    const { book, repository, delivery } = open(target.url);
    await delivery.stop(); // queue one without delivering it
    await book.apply('kiosk-1', [paperNearEnd], [], new Date());
    const now = Date.now();
    const lease = {
      holder: 'a-hub-that-died',
      now: new Date(now).toISOString(),
      until: new Date(now + 300).toISOString(),
    };
    expect(await repository.claimNotifications(1, lease)).toHaveLength(1);

    const survivor = open(target.url);
    survivor.delivery.kick();
    await eventually(() => target.received.length === 1, 'delivered by the survivor');
    expect(Date.now()).toBeGreaterThanOrEqual(now + 300);
  });

  it('waits longer after each failure, up to the cap', () => {
    const webhook = { initialRetryMs: 2000, maxRetryMs: 600_000 };
    expect([1, 2, 3, 4, 12].map((n) => retryDelay(n, webhook))).toEqual([2000, 4000, 8000, 16_000, 600_000]);
  });
});

/**
 * Queues six notifications, tells both instances of each (as each would be by its own
 * evaluations), and checks the receiver got each once, in order.
 */
async function deliverThroughTwoInstances(
  target: Awaited<ReturnType<typeof receiver>>,
  first: { repository: FleetRepository; delivery: WebhookDelivery },
  second: { delivery: WebhookDelivery },
): Promise<void> {
  const kickBoth = () => {
    first.delivery.kick();
    second.delivery.kick();
  };
  const book = new AlertBook({ repository: first.repository, flapWindowMs: 0, onQueued: kickBoth });
  for (const kioskId of ['kiosk-1', 'kiosk-2', 'kiosk-3']) {
    const opened = await book.apply(kioskId, [paperNearEnd], [], new Date());
    await book.apply(kioskId, [], opened, new Date());
  }
  await eventually(
    async () => target.received.length >= 6 && (await first.repository.undeliveredNotifications(10)).length === 0,
    'all delivered',
  );
  await Promise.all([first.delivery.stop(), second.delivery.stop()]);
  expect(await first.repository.listAlerts({ limit: 10 })).toHaveLength(3);
  expect(target.received.map((r) => r.body.deliveryId)).toEqual([1, 2, 3, 4, 5, 6]);
}

describe.skipIf(postgresMissing())('WebhookDelivery on PostgreSQL', () => {
  const server = useTestPostgres();
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  it('has each notification POSTed by one of two hub instances only, in order', async () => {
    const config = server().config(await server().createDatabase());
    const target = await receiver();
    closers.push(target.close);
    const open = () => {
      const pool = new pg.Pool(config);
      const repository = new PostgresFleetRepository(pool);
      const webhook = WebhookConfig.parse({ url: target.url, initialRetryMs: 20, maxRetryMs: 200, timeoutMs: 2000 });
      const delivery = new WebhookDelivery({ repository, webhook, logger: memoryHubLogger().logger });
      closers.push(async () => {
        await delivery.stop();
        await pool.end();
      });
      return { pool, repository, delivery };
    };
    const first = open();
    await migratePostgres(first.pool, POSTGRES_MIGRATIONS);
    await deliverThroughTwoInstances(target, first, open());
  });
});
