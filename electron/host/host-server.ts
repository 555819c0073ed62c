import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { type WebSocket, WebSocketServer } from 'ws';
import { fail, WIRE_PATH, WireCall } from '../../kiosk-config/src/index';
import { describeIssues } from '../services/api/issues';
import type { KioskCore } from '../services/kiosk-core';
import type { Logger } from '../services/logging/logger';
import { parseJson } from '../services/parse-json';
import { readStaticFile } from './static-files';

/** Options of the browser host. */
export interface BrowserHostOptions {
  core: KioskCore;
  /** The built renderer (`dist/renderer`). */
  rendererDir: string;
  /** Port on 127.0.0.1; 0 picks a free one. */
  port: number;
  log: Logger;
  /** The per-launch token; drawn at random when absent (tests may fix it). */
  token?: string;
}

/** A running browser host. */
export interface BrowserHost {
  /** The page's URL with the token in the fragment (never sent to the server in requests). */
  url: string;
  origin: string;
  port: number;
  close(): Promise<void>;
}

/** The UI's pages load nothing remote; sockets only to this host. */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; connect-src 'self' ws://127.0.0.1:*; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

const MAX_MESSAGE_BYTES = 64 * 1024;

/**
 * The browser host: the same services and the same built renderer as in Electron, served on
 * 127.0.0.1, with the KioskApi over a WebSocket guarded by a per-launch token and the origin.
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const { core, log } = options;
  const rendererDir = path.resolve(options.rendererDir);
  const token = options.token ?? randomBytes(24).toString('base64url');
  let origin = '';

  const http = createServer((request, response) => {
    void serveStatic(rendererDir, request, response);
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  http.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', origin);
    const allowed =
      url.pathname === WIRE_PATH &&
      request.headers.origin === origin &&
      tokensMatch(url.searchParams.get('token'), token);
    if (!allowed) {
      log.warn({ path: url.pathname, originOk: request.headers.origin === origin }, 'websocket refused');
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => serveSocket(ws, core, log));
  });

  const unsubscribe = core.onEvent((name, payload) => {
    const message = JSON.stringify({ type: 'event', name, payload });
    for (const client of sockets.clients) {
      if (client.readyState === client.OPEN) client.send(message);
    }
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  log.info({ port }, 'browser host listening');

  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    close: async () => {
      unsubscribe();
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** Answers the page's calls; a malformed message is answered with `bad_request` when it has an id. */
function serveSocket(ws: WebSocket, core: KioskCore, log: Logger): void {
  ws.on('message', (data, isBinary) => {
    void (async () => {
      const message = isBinary ? undefined : parseJson(data.toString());
      const parsed = WireCall.safeParse(message);
      if (!parsed.success) {
        log.warn({ issues: describeIssues(parsed.error) }, 'malformed websocket message refused');
        const id = idOf(message);
        if (id !== undefined) {
          send(ws, { type: 'result', id, result: fail('bad_request', 'malformed message') });
        }
        return;
      }
      const result = await core.dispatch(parsed.data.name, parsed.data.input);
      send(ws, { type: 'result', id: parsed.data.id, result });
    })();
  });
  ws.on('error', (error) => log.warn({ err: error }, 'websocket error'));
}

function send(ws: WebSocket, message: unknown): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

async function serveStatic(root: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('Cache-Control', 'no-store');
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405).end();
    return;
  }
  const pathname = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
  const file = await readStaticFile(root, pathname);
  if (file.status !== 200) {
    response.writeHead(file.status).end();
    return;
  }
  response.writeHead(200, { 'Content-Type': file.contentType, 'Content-Length': file.body.length });
  response.end(request.method === 'HEAD' ? undefined : file.body);
}

function tokensMatch(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function idOf(message: unknown): number | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const id = (message as { id?: unknown }).id;
  return typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : undefined;
}
