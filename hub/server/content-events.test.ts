import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { enrollKiosk, openStream, startTestHub, type TestHub } from '../test/hub-test-support';
import { ContentEvents } from './content-events';

describe('GET /v1/events', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('refuses a request without the kiosk credential (401)', async () => {
    const hub = await startTestHub();
    cleanups.push(() => hub.dispose());
    const answer = await fetch(`${hub.url}/v1/events`);
    expect(answer.status).toBe(401);
  });

  it('keeps at most 2 streams per kiosk: a third closes the oldest', async () => {
    const hub = await startTestHub();
    cleanups.push(() => hub.dispose());
    const kiosk = await enrollKiosk(hub.url, 'kiosk-events-1');
    const url = `${hub.url}/v1/events`;
    const first = await openStream(url, kiosk.headers);
    const second = await openStream(url, kiosk.headers);
    expect(first.response.statusCode).toBe(200);
    expect(first.response.headers['content-type']).toMatch(/^text\/event-stream/);
    const third = await openStream(url, kiosk.headers);
    await first.ended;
    expect(hub.hub.contentEvents?.openStreams).toBe(2);
    for (const stream of [second, third]) stream.response.destroy();
  });

  it('ends every stream when the hub shuts down, without waiting for the grace period', async () => {
    const hub: TestHub = await startTestHub({ config: { shutdownGraceMs: 30_000 } });
    const kiosk = await enrollKiosk(hub.url, 'kiosk-events-2');
    const stream = await openStream(`${hub.url}/v1/events`, kiosk.headers);
    const started = Date.now();
    await hub.dispose();
    await stream.ended;
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('announces its keep-alive interval, then writes an empty comment line that often', async () => {
    const hub = await startTestHub();
    cleanups.push(() => hub.dispose());
    if (hub.content === undefined) throw new Error('the test hub has no content channel');
    const events = new ContentEvents({ channel: hub.content, logger: hub.log.logger, pingMs: 40 });
    cleanups.push(() => events.close());
    const server = createServer((_request, response) => {
      events.open({ id: 'k1', officeId: 'office-1' }, response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const stream = await openStream(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, {});
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(stream.text()).toMatch(/^event: keepalive\ndata: \{"seconds":0\.04\}\n\n(:\n\n){2,}$/);
    events.close();
    await stream.ended;
  });
});
