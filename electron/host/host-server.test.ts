import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { connect as connectTcp } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EventName } from '../../kiosk-config/src/index';
import { rawRequest } from '../../test/support/host-fuzz-cases';
import { createCallDispatcher } from '../services/api/call-dispatcher';
import { fixedHandlers, TEST_KIOSK_INFO } from '../services/api/fixed-handlers';
import { ContentStore } from '../services/content/content-store';
import { screensRelease, showRelease, tempDataDir } from '../services/content/content-test-support';
import { currentContentFile } from '../services/content/content-view';
import type { KioskCore } from '../services/kiosk-core';
import { memoryLogger } from '../services/test-support';
import { type BrowserHost, type ContentFileLookup, startBrowserHost } from './host-server';

const info = TEST_KIOSK_INFO;

function fakeCore(): KioskCore & { emit(name: EventName, payload: unknown): void } {
  const { log } = memoryLogger();
  const listeners = new Set<(name: EventName, payload: unknown) => void>();
  const handlers = fixedHandlers();
  return {
    info,
    dispatch: createCallDispatcher(handlers, log),
    acceptScan: () => {},
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit: (name, payload) => {
      for (const l of listeners) l(name, payload);
    },
    close: async () => {},
  };
}

let host: BrowserHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

async function start(core = fakeCore(), contentFile?: ContentFileLookup) {
  const rendererDir = await mkdtemp(path.join(tmpdir(), 'okno-renderer-'));
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Окно</title>');
  await mkdir(path.join(rendererDir, 'assets'));
  await writeFile(path.join(rendererDir, 'assets', 'app.js'), 'export {}');
  host = await startBrowserHost({
    core,
    rendererDir,
    port: 0,
    log: memoryLogger().log,
    ...(contentFile === undefined ? {} : { contentFile }),
  });
  return { host, core };
}

/** Opens the one-time bootstrap address as the kiosk's browser would: the answer and its cookie. */
async function claim(h: BrowserHost): Promise<{ status: number; location: string | null; cookie: string }> {
  const answer = await fetch(h.url, { redirect: 'manual' });
  const setCookie = answer.headers.get('set-cookie') ?? '';
  return { status: answer.status, location: answer.headers.get('location'), cookie: setCookie.split(';')[0] ?? '' };
}

/** Opens the socket with a `Cookie` header (empty: none). */
function connect(h: BrowserHost, cookie: string, origin = h.origin): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const headers = cookie === '' ? {} : { cookie };
    const ws = new WebSocket(`ws://127.0.0.1:${h.port}/api`, { origin, headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function nextMessage(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))));
}

describe('browser host', () => {
  it('serves the renderer with a strict CSP and refuses paths outside it', async () => {
    const { host } = await start();
    const page = await fetch(`${host.origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await page.text()).toContain('Окно');
    expect((await fetch(`${host.origin}/assets/app.js`)).headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${host.origin}/%2e%2e/%2e%2e/etc/passwd`)).status).toBeGreaterThanOrEqual(400);
    expect((await fetch(`${host.origin}/..%2fpackage.json`)).status).toBeGreaterThanOrEqual(400);
    expect((await fetch(`${host.origin}/`, { method: 'POST' })).status).toBe(405);
  });

  it('hands the session cookie once, at the one-time bootstrap address, and nowhere in an address', async () => {
    const { host } = await start();
    expect(host.url).toMatch(new RegExp(`^${host.origin}/boot/[\\w-]{32}$`));
    expect((await fetch(host.url, { method: 'HEAD', redirect: 'manual' })).status).toBe(405);
    const first = await claim(host);
    expect(first.status).toBe(303);
    expect(first.location).toBe('/');
    expect(first.cookie).toMatch(/^okno_session=[\w-]{43}$/);
    const setCookie = (await fetch(host.url, { redirect: 'manual' })).headers.get('set-cookie');
    expect(setCookie).toBeNull();
    const second = await claim(host);
    expect(second.status).toBe(410);
    expect(second.cookie).toBe('');
    await expect(host.claimed).resolves.toBeUndefined();
    // The secret is in no address the host ever hands out.
    expect(host.url).not.toContain(first.cookie.split('=')[1]);
    expect((await fetch(`${host.origin}/boot/guess`, { redirect: 'manual' })).status).toBe(410);
  });

  it('answers calls over the socket with the session cookie', async () => {
    const { host } = await start();
    const ws = await connect(host, (await claim(host)).cookie);
    ws.send(JSON.stringify({ type: 'call', id: 7, name: 'tickets.issue', input: { serviceId: 'x' } }));
    expect(await nextMessage(ws)).toEqual({
      type: 'result',
      id: 7,
      result: { ok: true, value: expect.objectContaining({ number: 'А-001' }) },
    });
    ws.close();
  });

  it('refuses a socket without the cookie, with a wrong one, from a foreign origin, or with the old ?token=', async () => {
    const { host } = await start();
    const { cookie } = await claim(host);
    await expect(connect(host, '')).rejects.toThrow(/403/);
    await expect(connect(host, 'okno_session=guess')).rejects.toThrow(/403/);
    await expect(connect(host, cookie, 'http://evil.example')).rejects.toThrow(/403/);
    const secret = cookie.split('=')[1] ?? '';
    const byQuery = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${secret}`, { origin: host.origin });
    await expect(new Promise((resolve, reject) => byQuery.once('open', resolve).once('error', reject))).rejects.toThrow(
      /403/,
    );
    // A second client that got hold of the used bootstrap address gets nothing to connect with.
    const late = await claim(host);
    expect(late.status).toBe(410);
    await expect(connect(host, late.cookie)).rejects.toThrow(/403/);
  });

  it('answers bad messages with typed errors and stays up', async () => {
    const { host } = await start();
    const ws = await connect(host, (await claim(host)).cookie);
    ws.send(JSON.stringify({ type: 'call', id: 1, name: 'no.such', input: {} }));
    expect(await nextMessage(ws)).toMatchObject({ id: 1, result: { ok: false, error: { code: 'unknown_call' } } });
    ws.send(JSON.stringify({ type: 'call', id: 2, name: 'tickets.issue', input: { serviceId: '' } }));
    expect(await nextMessage(ws)).toMatchObject({ id: 2, result: { ok: false, error: { code: 'bad_request' } } });
    ws.send(JSON.stringify({ type: 'nonsense', id: 3 }));
    expect(await nextMessage(ws)).toMatchObject({ id: 3, result: { ok: false, error: { code: 'bad_request' } } });
    ws.send('not json at all');
    ws.send(JSON.stringify({ type: 'call', id: 4, name: 'kiosk.info', input: {} }));
    expect(await nextMessage(ws)).toMatchObject({ id: 4, result: { ok: true } });
    ws.close();
  });

  it('pushes events to connected pages', async () => {
    const { host, core } = await start();
    const ws = await connect(host, (await claim(host)).cookie);
    const message = nextMessage(ws);
    (core as ReturnType<typeof fakeCore>).emit('session.idleWarning', { secondsLeft: 15 });
    expect(await message).toEqual({ type: 'event', name: 'session.idleWarning', payload: { secondsLeft: 15 } });
    ws.close();
  });
});

/** Sends raw bytes to the host and resolves with everything it answers until it closes. */
function rawExchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connectTcp(port, '127.0.0.1');
    let answer = '';
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer within 5 s')));
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
    socket.write(bytes, 'latin1');
    // Half-close: the host answers what it read and closes its side.
    socket.end();
  });
}

/** Request targets that are not a plain path: `new URL(target, base)` throws on the first two. */
const ODD_TARGETS = ['//[', 'http://[', '*', '/%zz', '//evil.example/api'];

describe('browser host content files', () => {
  it('serves /content/<sha256> of the current release only, typed by its bytes, under the same CSP', async () => {
    const store = await ContentStore.open({ dataDir: await tempDataDir() });
    const release = screensRelease('rel-1', 1);
    await showRelease(store, release);
    const other = Buffer.from('{"ru":{}}');
    const otherHash = await store.putBlob(other);
    const { host } = await start(fakeCore(), (sha256) => currentContentFile(store, sha256));
    const png = release.manifest.files.find((f) => f.path === 'attract/1.png');
    const webm = release.manifest.files.find((f) => f.path === 'attract/2.webm');
    if (png === undefined || webm === undefined) throw new Error('the release lacks its media');

    const image = await fetch(`${host.origin}/content/${png.sha256}`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(image.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(image.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await image.arrayBuffer()).equals(release.blobs.get(png.sha256) ?? Buffer.alloc(0))).toBe(true);
    const video = await fetch(`${host.origin}/content/${webm.sha256}`, { method: 'HEAD' });
    expect([video.status, video.headers.get('content-type')]).toEqual([200, 'video/webm']);
    expect(video.headers.get('content-length')).toBe(String(webm.length));

    // Stored but not the current release's, made up, not a hash, a path out of the folder.
    for (const target of [otherHash, 'f'.repeat(64), png.sha256.toUpperCase(), `${png.sha256}/x`, '..%2fcurrent']) {
      expect((await fetch(`${host.origin}/content/${target}`)).status, target).toBe(404);
    }
    expect((await fetch(`${host.origin}/content/${png.sha256}`, { method: 'POST' })).status).toBe(405);
  });

  it('honours Range on content files as a video player asks: 206 with Content-Range, suffixes, If-Range, 416', async () => {
    const store = await ContentStore.open({ dataDir: await tempDataDir() });
    const release = screensRelease('rel-1', 1);
    await showRelease(store, release);
    const { host } = await start(fakeCore(), (sha256) => currentContentFile(store, sha256));
    const webm = release.manifest.files.find((f) => f.path === 'attract/2.webm');
    const bytes = webm === undefined ? undefined : release.blobs.get(webm.sha256);
    if (webm === undefined || bytes === undefined) throw new Error('the release lacks its video');
    const url = `${host.origin}/content/${webm.sha256}`;
    const get = (headers: Record<string, string>, method = 'GET') => fetch(url, { headers, method });

    const whole = await get({});
    expect([whole.status, whole.headers.get('accept-ranges'), whole.headers.get('etag')]).toEqual([
      200,
      'bytes',
      `"${webm.sha256}"`,
    ]);
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);

    const size = bytes.length;
    const cases: Array<[string, number, number]> = [
      ['bytes=0-9', 0, 9],
      [`bytes=${size - 7}-`, size - 7, size - 1],
      ['bytes=-5', size - 5, size - 1],
      [`bytes=3-${size + 100}`, 3, size - 1],
    ];
    for (const [range, start, end] of cases) {
      const part = await get({ range });
      expect(part.status, range).toBe(206);
      expect(part.headers.get('content-range'), range).toBe(`bytes ${start}-${end}/${size}`);
      expect(part.headers.get('content-type'), range).toBe('video/webm');
      expect(part.headers.get('content-length'), range).toBe(String(end - start + 1));
      expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(start, end + 1)), range).toBe(true);
    }
    const head = await get({ range: 'bytes=0-9' }, 'HEAD');
    expect([head.status, head.headers.get('content-length')]).toEqual([206, '10']);

    const past = await get({ range: `bytes=${size}-` });
    expect([past.status, past.headers.get('content-range')]).toEqual([416, `bytes */${size}`]);
    expect((await past.arrayBuffer()).byteLength).toBe(0);
    // If-Range naming another file's ETag: the whole file; naming this one: the range.
    expect((await get({ range: 'bytes=0-9', 'if-range': '"other"' })).status).toBe(200);
    expect((await get({ range: 'bytes=0-9', 'if-range': `"${webm.sha256}"` })).status).toBe(206);
    // Ignored headers (several ranges, a reversed one) answer the whole file.
    for (const range of ['bytes=0-1,4-5', 'bytes=9-2', 'lines=1-2']) {
      const answer = await get({ range });
      expect([answer.status, Number(answer.headers.get('content-length'))], range).toEqual([200, size]);
      await answer.arrayBuffer();
    }
  });

  it('answers 404 for every content path when the kiosk runs without content', async () => {
    const { host } = await start();
    expect((await fetch(`${host.origin}/content/${'a'.repeat(64)}`)).status).toBe(404);
  });
});

describe('browser host against malformed requests', () => {
  it('answers a target that is not a URL with a 4xx and keeps serving', async () => {
    const { host } = await start();
    for (const target of ODD_TARGETS) {
      const answer = await rawExchange(host.port, `GET ${target} HTTP/1.1\r\nHost: x\r\n\r\n`);
      expect(answer, target).toMatch(/^HTTP\/1\.1 4\d\d /);
    }
    expect(await rawExchange(host.port, 'GET http://[ HTTP/1.1\r\nHost: x\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 /);
    expect((await fetch(`${host.origin}/`)).status).toBe(200);
  });

  it('answers an upgrade to a target that is not a URL with a 4xx and keeps serving', async () => {
    const { host } = await start();
    for (const target of ODD_TARGETS) {
      const upgrade =
        `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n';
      expect(await rawExchange(host.port, upgrade), target).toMatch(/^HTTP\/1\.1 4\d\d /);
    }
    expect((await fetch(`${host.origin}/`)).status).toBe(200);
  });
});

describe('browser host fuzzed over raw sockets', () => {
  it('answers every odd request and keeps serving (fast-check, 200 cases)', async () => {
    const { host } = await start();
    await fc.assert(
      fc.asyncProperty(rawRequest, async (request) => {
        // Either an HTTP answer or a closed socket (Node's parser refusing the bytes), never a hang.
        const answer = await rawExchange(host.port, request);
        expect(answer === '' || /^HTTP\/1\.1 \d{3} /.test(answer)).toBe(true);
      }),
      { numRuns: 200, seed: 0x0c40 },
    );
    expect((await fetch(`${host.origin}/`)).status).toBe(200);
  });
});
