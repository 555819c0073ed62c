import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EventName } from '../../kiosk-config/src/index';
import { createCallDispatcher } from '../services/api/call-dispatcher';
import { fixedHandlers, TEST_KIOSK_INFO } from '../services/api/fixed-handlers';
import type { KioskCore } from '../services/kiosk-core';
import { memoryLogger } from '../services/test-support';
import { type BrowserHost, startBrowserHost } from './host-server';

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

async function start(core = fakeCore()) {
  const rendererDir = await mkdtemp(path.join(tmpdir(), 'okno-renderer-'));
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Окно</title>');
  await mkdir(path.join(rendererDir, 'assets'));
  await writeFile(path.join(rendererDir, 'assets', 'app.js'), 'export {}');
  host = await startBrowserHost({ core, rendererDir, port: 0, log: memoryLogger().log, token: 'launch-token' });
  return { host, core };
}

function connect(h: BrowserHost, token: string, origin = h.origin): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${h.port}/api?token=${token}`, { origin });
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
    expect(host.url).toBe(`${host.origin}/#token=launch-token`);
  });

  it('answers calls over the socket with the launch token', async () => {
    const { host } = await start();
    const ws = await connect(host, 'launch-token');
    ws.send(JSON.stringify({ type: 'call', id: 7, name: 'tickets.issue', input: { serviceId: 'x' } }));
    expect(await nextMessage(ws)).toEqual({
      type: 'result',
      id: 7,
      result: { ok: true, value: expect.objectContaining({ number: 'А-001' }) },
    });
    ws.close();
  });

  it('refuses a wrong token or a foreign origin', async () => {
    const { host } = await start();
    await expect(connect(host, 'guess')).rejects.toThrow(/403/);
    await expect(connect(host, 'launch-token', 'http://evil.example')).rejects.toThrow(/403/);
  });

  it('answers bad messages with typed errors and stays up', async () => {
    const { host } = await start();
    const ws = await connect(host, 'launch-token');
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
    const ws = await connect(host, 'launch-token');
    const message = nextMessage(ws);
    (core as ReturnType<typeof fakeCore>).emit('session.idleWarning', { secondsLeft: 15 });
    expect(await message).toEqual({ type: 'event', name: 'session.idleWarning', payload: { secondsLeft: 15 } });
    ws.close();
  });
});
