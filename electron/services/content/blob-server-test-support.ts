import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the test blob server answered. */
export interface BlobRequest {
  sha256: string;
  range?: string;
  ifRange?: string;
  status: number;
  /** Body bytes the server wrote for this request (before any cut). */
  bytesSent: number;
}

/** How the server misbehaves on one request (by its index, 0 for the first). */
export interface Misbehaviour {
  /** Write this many body bytes, then close the connection (a link that drops). */
  cutAfter?: number;
  /** With `cutAfter`: reset the connection instead of closing it (bytes in flight may be lost). */
  reset?: boolean;
  /** Write this many body bytes, then send nothing more and keep the socket open (a stalled link). */
  stallAfter?: number;
}

/** Options of `startBlobServer`. */
export interface BlobServerOptions {
  /** The bytes served under each sha256 (a test may serve wrong bytes under a name on purpose). */
  blobs: Map<string, Buffer>;
  /** The credential the server accepts (`Authorization: Bearer <credential>`). */
  credential: string;
  /** What to do with request number `index`; undefined: answer it properly. */
  misbehave?: (index: number, request: { sha256: string; offset: number }) => Misbehaviour | undefined;
  /** The ETag of a blob (default `"<sha256>"`, as the hub's); another value makes every If-Range miss. */
  etag?: (sha256: string) => string;
}

/** A running test blob server. */
export interface BlobServer {
  /** Its base URL (`http://127.0.0.1:<port>`). */
  url: string;
  requests: BlobRequest[];
  /** All body bytes written, over all requests. */
  bytesSent(): number;
  /** TCP connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

const BLOB_PATH = /^\/v1\/content\/blobs\/([0-9a-f]{64})$/;

/**
 * A small HTTP server on 127.0.0.1 that serves blobs as the spec asks of the hub's
 * `GET /v1/content/blobs/:sha256` (docs/content.md): bearer credential, `ETag`, `Accept-Ranges`,
 * `Range: bytes=N-` answered by 206 with `Content-Range` when `If-Range` matches the ETag (200
 * with the whole body when it does not), 416 past the end; and that cuts or stalls responses on
 * demand, as a rural link does.
 */
export async function startBlobServer(options: BlobServerOptions): Promise<BlobServer> {
  const requests: BlobRequest[] = [];
  const stalled = new Set<ServerResponse>();
  const etagOf = options.etag ?? ((sha256: string) => `"${sha256}"`);

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const match = BLOB_PATH.exec(request.url ?? '');
    const sha256 = match?.[1];
    const bytes = sha256 === undefined ? undefined : options.blobs.get(sha256);
    const record: BlobRequest = {
      sha256: sha256 ?? '',
      ...(typeof request.headers.range === 'string' ? { range: request.headers.range } : {}),
      ...(typeof request.headers['if-range'] === 'string' ? { ifRange: request.headers['if-range'] } : {}),
      status: 0,
      bytesSent: 0,
    };
    const index = requests.length;
    requests.push(record);
    const answer = (status: number, headers: Record<string, string | number> = {}): void => {
      record.status = status;
      response.writeHead(status, headers).end();
    };
    if (request.headers.authorization !== `Bearer ${options.credential}`) {
      answer(401);
      return;
    }
    if (sha256 === undefined || bytes === undefined) {
      answer(404);
      return;
    }

    const etag = etagOf(sha256);
    const rangeStart = /^bytes=(\d+)-$/.exec(record.range ?? '')?.[1];
    const ranged = rangeStart !== undefined && (record.ifRange === undefined || record.ifRange === etag);
    const offset = ranged ? Number(rangeStart) : 0;
    if (ranged && offset >= bytes.length) {
      answer(416, { 'content-range': `bytes */${bytes.length}` });
      return;
    }
    const body = bytes.subarray(offset);
    record.status = ranged ? 206 : 200;
    response.writeHead(record.status, {
      'content-length': body.length,
      etag,
      'accept-ranges': 'bytes',
      'cache-control': 'public, max-age=31536000, immutable',
      ...(ranged ? { 'content-range': `bytes ${offset}-${bytes.length - 1}/${bytes.length}` } : {}),
    });
    const fault = options.misbehave?.(index, { sha256, offset });
    const limit = Math.min(body.length, fault?.cutAfter ?? fault?.stallAfter ?? body.length);
    record.bytesSent = limit;
    if (limit === body.length) {
      response.end(body);
      return;
    }
    response.write(body.subarray(0, limit), () => {
      // A FIN, not a reset: the bytes written arrive (a reset may discard them in the client's
      // buffer, and the test could not say how many it should have got).
      if (fault?.cutAfter !== undefined && fault.reset === true) response.socket?.resetAndDestroy();
      else if (fault?.cutAfter !== undefined) response.socket?.end();
      else stalled.add(response);
    });
  };

  const server: Server = createServer(handle);
  let connections = 0;
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    bytesSent: () => requests.reduce((sum, request) => sum + request.bytesSent, 0),
    connections: () => connections,
    close: async () => {
      for (const response of stalled) response.socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
