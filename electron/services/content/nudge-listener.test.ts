import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type ContentChannel, openContentChannel, publishFiles } from '../../../hub/content/content-publisher';
import { initChannelRepository } from '../../../hub/content/content-test-support';
import type { SigningKey } from '../../../hub/content/signing-keys';
import { openSqliteDatabase } from '../../../hub/db/sqlite/open-sqlite-database';
import { launchHub } from '../../../hub/server/start-hub';
import { enrollKiosk, startTestHub, type TestHub, type TestKiosk } from '../../../hub/test/hub-test-support';
import { memoryLogger } from '../test-support';
import { NudgeListener, nudgeVersion } from './nudge-listener';

const FAST_BACKOFF = { initialMs: 50, maxMs: 300, factor: 2, jitter: 0 };

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function publishTexts(
  channel: ContentChannel | undefined,
  kiosk: TestKiosk,
  key: SigningKey,
  text: string,
): Promise<number> {
  if (channel === undefined) throw new Error('the test hub has no content channel');
  const outcome = await publishFiles(
    channel,
    [{ path: 'texts.json', kind: 'texts', bytes: Buffer.from(JSON.stringify({ ru: { 'home.title': text } })) }],
    {
      audience: { kind: 'office', officeId: kiosk.officeId },
      stagePercent: 100,
      publisherKey: key,
      now: new Date(),
      actor: 'test',
    },
  );
  if (!outcome.ok) throw new Error(outcome.problems.join('\n'));
  return outcome.release.version;
}

async function contentHub(): Promise<{ hub: TestHub; kiosk: TestKiosk; key: SigningKey }> {
  const hub = await startTestHub();
  if (hub.content === undefined) throw new Error('the test hub has no content channel');
  const key = initChannelRepository(hub.content);
  const kiosk = await enrollKiosk(hub.url, 'kiosk-nudge-1');
  return { hub, kiosk, key };
}

describe('NudgeListener over real HTTP on 127.0.0.1', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  /** A started listener, once its stream is open, and the nudges it heard. */
  const connectedListener = async (hubUrl: string, headers: Record<string, string>) => {
    const nudges: number[] = [];
    const listener = new NudgeListener({
      hubUrl,
      headers: () => headers,
      onNudge: (version) => nudges.push(version),
      backoff: FAST_BACKOFF,
    });
    cleanups.push(() => listener.stop());
    listener.start();
    await until(() => listener.connected, 3_000);
    return { listener, nudges };
  };

  it('hears a publish within a few seconds (the hub checks its releases table every 2 s)', async () => {
    const { hub, kiosk, key } = await contentHub();
    cleanups.push(() => hub.dispose());
    const { nudges } = await connectedListener(hub.url, kiosk.headers);
    expect(nudges).toEqual([]);
    const published = Date.now();
    const version = await publishTexts(hub.content, kiosk, key, 'Первый');
    await until(() => nudges.includes(version), 5_000);
    expect(Date.now() - published).toBeLessThan(5_000);
    expect(nudges).toEqual([version]);
  });

  it('reconnects after the hub restarts, and is told the release it should run on connecting', async () => {
    const { hub, kiosk, key } = await contentHub();
    const port = Number(new URL(hub.url).port);
    const { listener, nudges } = await connectedListener(hub.url, kiosk.headers);
    await hub.close();
    await until(() => !listener.connected, 3_000);
    // Published while the hub is down, as the admin CLI does (its own database handle): the nudge on reconnecting carries it.
    const { db } = openSqliteDatabase(hub.dbPath);
    const version = await publishTexts(openContentChannel(db, hub.dbPath), kiosk, key, 'Пока хаб стоял');
    db.close();
    const again = await launchHub({ dbPath: hub.dbPath, port, logger: hub.log.logger });
    cleanups.push(() => hub.dispose());
    cleanups.push(() => again.close());
    await until(() => nudges.includes(version), 5_000);
    expect(listener.connected).toBe(true);
  });

  it('survives a garbage stream and a refused credential, and reconnects until a good stream nudges', async () => {
    let connections = 0;
    const server: Server = createServer((request, response) => {
      connections += 1;
      if (connections === 1) {
        response.writeHead(401, { 'content-type': 'application/json' }).end('{}');
        return;
      }
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      if (connections === 2) {
        // Binary garbage, a huge line, bad event data, then a cut.
        response.write(Buffer.from([0xff, 0xfe, 0x00, 0x0d, 0x0a, 0xc3]));
        response.write(
          `data: ${'z'.repeat(100_000)}\n\nevent: content\ndata: {"version":"x"}\n\nevent: content\ndata: nope\n\n`,
        );
        request.socket.destroy();
        return;
      }
      response.write('event: content\r\ndata: {"version":12}\r\n\r\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    cleanups.push(() => server.closeAllConnections());
    const nudges: number[] = [];
    const listener = new NudgeListener({
      hubUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      headers: () => ({ authorization: 'Bearer x', 'x-okno-kiosk': 'k' }),
      onNudge: (version) => nudges.push(version),
      backoff: FAST_BACKOFF,
    });
    cleanups.push(() => listener.stop());
    listener.start();
    await until(() => nudges.length > 0, 5_000);
    expect(nudges).toEqual([12]);
    expect(connections).toBe(3);
  });

  it('takes a stream whose keep-alive stops for 2.5 announced intervals as dead, and reconnects', async () => {
    let connections = 0;
    const server: Server = createServer((_request, response) => {
      connections += 1;
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      // Keep-alives every 100 ms, as announced, three times; then silence on a socket left open.
      response.write('event: keepalive\ndata: {"seconds":0.1}\n\n');
      let sent = 0;
      const timer = setInterval(() => {
        if (++sent <= 3) response.write(':\n\n');
        else clearInterval(timer);
      }, 100);
      response.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    cleanups.push(() => server.closeAllConnections());
    const changes: boolean[] = [];
    const listener = new NudgeListener({
      hubUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      headers: () => ({ authorization: 'Bearer x', 'x-okno-kiosk': 'k' }),
      backoff: FAST_BACKOFF,
    });
    listener.onConnection((connected) => changes.push(connected));
    cleanups.push(() => listener.stop());
    listener.start();
    // Silent after the third keep-alive (~400 ms): dead 250 ms later, a new stream after the backoff.
    await until(() => connections >= 2 && listener.connected, 5_000);
    expect(changes).toEqual([true, false, true]);
  });

  it('ignores a keep-alive announcement outside its schema (the stream stays up)', async () => {
    const server: Server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('event: keepalive\ndata: {"seconds":-1}\n\nevent: keepalive\ndata: soon\n\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    cleanups.push(() => server.closeAllConnections());
    const logs = memoryLogger();
    const listener = new NudgeListener({
      hubUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      headers: () => ({ authorization: 'Bearer x', 'x-okno-kiosk': 'k' }),
      backoff: FAST_BACKOFF,
      log: logs.log,
    });
    cleanups.push(() => listener.stop());
    listener.start();
    await until(() => logs.text().split('keep-alive announcement ignored').length === 3, 3_000);
    expect(listener.connected).toBe(true);
  });

  it('waits for a credential before connecting', async () => {
    let requests = 0;
    const server = createServer((_request, response) => {
      requests += 1;
      response.writeHead(200, { 'content-type': 'text/event-stream' }).write('data: {"version":1}\n\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    cleanups.push(() => server.closeAllConnections());
    let headers: Record<string, string> | undefined;
    const listener = new NudgeListener({
      hubUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      headers: () => headers,
      onNudge: () => {},
      backoff: FAST_BACKOFF,
    });
    cleanups.push(() => listener.stop());
    listener.start();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(requests).toBe(0);
    headers = { authorization: 'Bearer x' };
    await until(() => listener.connected, 2_000);
    expect(requests).toBe(1);
  });
});

describe('nudgeVersion', () => {
  it('reads a positive integer version and refuses anything else', () => {
    expect(nudgeVersion('{"version":4}')).toBe(4);
    for (const data of ['', 'null', '{"version":0}', '{"version":1.5}', '{"version":"4"}', '[4]', '{']) {
      expect(nudgeVersion(data)).toBeUndefined();
    }
  });
});
