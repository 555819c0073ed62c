import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import type { StatusLookupResponse } from '../../../kiosk-config/src/index';

/** A status lookup's answer, `found`, as the hub sends it under today's contract. */
export const FOUND_ANSWER: Extract<StatusLookupResponse, { outcome: 'found' }> = {
  outcome: 'found',
  application: {
    status: 'ready_for_pickup',
    serviceName: 'Замена паспорта',
    office: { id: 'mfc-demo-01', name: 'МФЦ с. Берёзовка' },
    window: '2',
    filedOn: '2026-11-01',
    storageUntil: '2026-12-15',
  },
};

/** A request as the test server received it. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** The parsed JSON body, or the raw text when it is not JSON. */
  body: unknown;
}

/** Answers one request; may never answer (a hung hub) or destroy the socket (a dropped link). */
export type TestHubHandler = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>;

/** A real HTTP server on 127.0.0.1 standing in for the hub in tests. */
export interface TestHubServer {
  url: string;
  port: number;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Replaces the handler (a test changes the hub's mood mid-way). */
  setHandler(handler: TestHubHandler): void;
  close(): Promise<void>;
}

/** Sends a JSON answer. */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/**
 * Starts a real HTTP server on 127.0.0.1 (a free port, or `port` to come back on the same one
 * after a simulated outage). Tests of the hub client run against it rather than a mocked
 * `fetch`, so sockets, timeouts and refused connections are the real ones.
 */
export async function startTestHubServer(handler: TestHubHandler, port = 0): Promise<TestHubServer> {
  let current = handler;
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Kept as text.
      }
      const recorded: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
      requests.push(recorded);
      Promise.resolve(current(recorded, res)).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { code: 'internal', message: String(error) });
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    requests,
    setHandler: (next) => {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that refuses connections (bound, then released): a hub that is not there. */
export async function closedPortUrl(): Promise<string> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
