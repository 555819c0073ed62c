import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type WebSocket, WebSocketServer } from 'ws';
import { fail, WIRE_PATH, WireCall } from '../../kiosk-config/src/index';
import { describeIssues } from '../services/api/issues';
import { contentFileAnswer, readSpan } from '../services/content/content-file-answer';
import type { ServedContentFile } from '../services/content/content-view';
import type { KioskCore } from '../services/kiosk-core';
import type { Logger } from '../services/logging/logger';
import { parseJson } from '../services/parse-json';
import { parseRequestTarget } from './request-target';
import { readStaticFile } from './static-files';

/** Options of the browser host. */
export interface BrowserHostOptions {
  core: KioskCore;
  /** The built renderer (`dist/renderer`). */
  rendererDir: string;
  /** Port on 127.0.0.1; 0 picks a free one. */
  port: number;
  log: Logger;
  /** The current content release's file by hash, served at `/content/<sha256>` (none: every such path is a 404). */
  contentFile?: ContentFileLookup;
}

/** Finds a file of the current content release by its sha256 (`KioskContent.file`). */
export type ContentFileLookup = (sha256: string) => Promise<ServedContentFile | undefined>;

/** A running browser host. */
export interface BrowserHost {
  /**
   * The one-time bootstrap address `/boot/<nonce>`: the first request to it gets the session
   * cookie and is sent on to the page; every later one is refused. Open it in the kiosk's browser
   * only, and never put it where other users can read it (see `writeBootPage`).
   */
  url: string;
  origin: string;
  port: number;
  /** Settles once a browser has claimed the session through `url`. */
  claimed: Promise<void>;
  /**
   * A new launch of the kiosk's browser (after a crash, a kill, a freeze): new secrets and a new
   * one-time address, since the old browser's session cookie died with it; the sockets of the
   * old page are closed, and its cookie opens none.
   */
  newBootstrap(): Bootstrap;
  close(): Promise<void>;
}

/** One-time bootstrap address and when it was claimed (see `BrowserHost.url`). */
export interface Bootstrap {
  url: string;
  claimed: Promise<void>;
}

/** The UI's pages load nothing remote; sockets only to this host. */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; connect-src 'self' ws://127.0.0.1:*; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

const MAX_MESSAGE_BYTES = 64 * 1024;
/** The session cookie's name: HttpOnly, so the page's scripts never see the secret either. */
export const SESSION_COOKIE = 'okno_session';
const BOOT_PREFIX = '/boot/';
/** Files of the current content release, by hash (`content.current` names them so). */
const CONTENT_PATH = /^\/content\/([0-9a-f]{64})$/;

/** The secrets of one launch and whether the bootstrap address was used. */
export interface HostSession {
  /** Path part of the one-time bootstrap address. */
  nonce: string;
  /** The cookie's value the WebSocket requires. */
  secret: string;
  claimed: boolean;
}

/** What the HTTP handlers need; the bench builds it without a listening server. */
export interface HostHandlerContext {
  rendererDir: string;
  log: Logger;
  /** The page's origin, `http://127.0.0.1:<port>` (the socket's Origin must be this). */
  origin(): string;
  session: HostSession;
  onClaimed(): void;
  contentFile?: ContentFileLookup;
}

/** Draws the secrets of one launch. */
export function newHostSession(): HostSession {
  return {
    nonce: randomBytes(24).toString('base64url'),
    secret: randomBytes(32).toString('base64url'),
    claimed: false,
  };
}

/**
 * The browser host: the same services and the same built renderer as in Electron, served on
 * 127.0.0.1, with the KioskApi over a WebSocket that only the browser holding this launch's
 * session cookie (handed once, at the bootstrap address) may open, from the host's own origin.
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const { core, log } = options;
  let origin = '';
  let markClaimed = () => {};
  const claimedPromise = () =>
    new Promise<void>((resolve) => {
      markClaimed = resolve;
    });
  const claimed = claimedPromise();
  const context: HostHandlerContext = {
    rendererDir: path.resolve(options.rendererDir),
    log,
    origin: () => origin,
    session: newHostSession(),
    onClaimed: () => markClaimed(),
    ...(options.contentFile === undefined ? {} : { contentFile: options.contentFile }),
  };

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const http = createServer((request, response) => void handleHttpRequest(context, request, response));
  http.on('upgrade', (request, socket, head) => {
    if (!upgradeAllowed(context, request, socket)) return;
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
    url: `${origin}${BOOT_PREFIX}${context.session.nonce}`,
    origin,
    port,
    claimed,
    newBootstrap: () => {
      context.session = newHostSession();
      const next = claimedPromise();
      for (const client of sockets.clients) client.terminate();
      return { url: `${origin}${BOOT_PREFIX}${context.session.nonce}`, claimed: next };
    },
    close: async () => {
      unsubscribe();
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/**
 * Decides a WebSocket upgrade: the wire path, the host's origin and the session cookie. A
 * refused or unparsable request is answered (400/403) and its socket closed; never throws.
 */
export function upgradeAllowed(context: HostHandlerContext, request: IncomingMessage, socket: Duplex): boolean {
  const target = parseRequestTarget(request.url);
  if (target === undefined) {
    refuseUpgrade(socket, '400 Bad Request');
    return false;
  }
  const originOk = request.headers.origin === context.origin();
  const sessionOk = secretsMatch(cookieValue(request.headers.cookie, SESSION_COOKIE), context.session.secret);
  if (target.pathname !== WIRE_PATH || !originOk || !sessionOk) {
    context.log.warn({ path: target.pathname.slice(0, 100), originOk, sessionOk }, 'websocket refused');
    refuseUpgrade(socket, '403 Forbidden');
    return false;
  }
  return true;
}

function refuseUpgrade(socket: Duplex, status: string): void {
  socket.on('error', () => {});
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * Answers one HTTP request: the one-time bootstrap address, else a file of the renderer. Never
 * rejects: an unparsable target is a 400, an unexpected fault a 500, and the host goes on.
 */
export async function handleHttpRequest(
  context: HostHandlerContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  try {
    response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'no-referrer');
    response.setHeader('Cache-Control', 'no-store');
    const target = parseRequestTarget(request.url);
    if (target === undefined) {
      response.writeHead(400).end();
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405).end();
      return;
    }
    if (target.pathname.startsWith(BOOT_PREFIX)) {
      // Only a navigation claims the session: a HEAD (a link checker, a prefetch) spends nothing.
      if (request.method === 'GET') bootstrap(context, target.pathname.slice(BOOT_PREFIX.length), response);
      else response.writeHead(405).end();
      return;
    }
    const contentHash = CONTENT_PATH.exec(target.pathname)?.[1];
    if (contentHash !== undefined) {
      await serveContentFile(context, contentHash, request, response);
      return;
    }
    const file = await readStaticFile(context.rendererDir, target.pathname);
    if (file.status !== 200) {
      response.writeHead(file.status).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': file.contentType, 'Content-Length': file.body.length });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  } catch (error) {
    context.log.error({ err: error }, 'browser host request failed');
    if (!response.headersSent) response.writeHead(500);
    response.end();
  }
}

/**
 * A file of the current content release, streamed from the store with its sniffed type, with
 * `Range` honoured (a video seeks by ranges): any other hash (another release's, a partial's, a
 * made-up one) is a 404, like a missing file.
 */
async function serveContentFile(
  context: HostHandlerContext,
  sha256: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const found = await context.contentFile?.(sha256);
  if (found === undefined) {
    response.writeHead(404).end();
    return;
  }
  const ifRange = request.headers['if-range'];
  const answer = contentFileAnswer(found, sha256, {
    range: request.headers.range,
    ifRange: typeof ifRange === 'string' ? ifRange : undefined,
  });
  response.writeHead(answer.status, answer.headers);
  if (request.method === 'HEAD' || answer.span === undefined) {
    response.end();
    return;
  }
  await pipeline(readSpan(found, answer.span), response);
}

/**
 * The bootstrap address: good once. It sets the session cookie and sends the browser on to the
 * page, so the secret is never in an address, a command line or the page's scripts.
 */
function bootstrap(context: HostHandlerContext, nonce: string, response: ServerResponse): void {
  const { session } = context;
  const nonceOk = secretsMatch(nonce, session.nonce);
  if (session.claimed || !nonceOk) {
    // The right nonce again is a reload of the used address or someone racing the kiosk's
    // browser: worth a line. Guesses are not (they would only fill the log).
    if (nonceOk) context.log.warn('bootstrap address used again: refused');
    response.writeHead(410).end();
    return;
  }
  session.claimed = true;
  context.onClaimed();
  context.log.info('browser session claimed');
  response.writeHead(303, {
    Location: '/',
    'Set-Cookie': `${SESSION_COOKIE}=${session.secret}; Path=/; HttpOnly; SameSite=Strict`,
  });
  response.end();
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

/** The value of one cookie in a `Cookie` header, or undefined. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const pair of header.split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return undefined;
}

function secretsMatch(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function idOf(message: unknown): number | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const id = (message as { id?: unknown }).id;
  return typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : undefined;
}
