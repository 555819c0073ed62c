import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { answerState, RawHttpPoster } from './raw-http-poster';

describe('answerState', () => {
  it('waits for the whole head, then for the length or the last chunk', () => {
    const head = 'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 7\r\n\r\n';
    expect(answerState(Buffer.from(head.slice(0, 20)))).toBeUndefined();
    expect(answerState(Buffer.from(`${head}{"a":`))).toEqual({ status: 200, complete: false, close: false });
    expect(answerState(Buffer.from(`${head}{"a":1}`))).toEqual({ status: 200, complete: true, close: false });
    const chunked = 'HTTP/1.1 429 Too Many\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\n';
    expect(answerState(Buffer.from(chunked))).toEqual({ status: 429, complete: false, close: true });
    expect(answerState(Buffer.from(`${chunked}0\r\n\r\n`))).toEqual({ status: 429, complete: true, close: true });
    expect(answerState(Buffer.from('HTTP/1.1 204 No Content\r\n\r\n'))).toEqual({
      status: 204,
      complete: true,
      close: true,
    });
  });

  it('never throws on any bytes, and a complete answer is complete with every byte after it', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        answerState(Buffer.from(bytes));
      }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 50 }), fc.string({ maxLength: 20 }), (body, extra) => {
        const answer = `HTTP/1.1 200 OK\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
        expect(answerState(Buffer.from(answer))?.complete).toBe(true);
        expect(answerState(Buffer.from(answer + extra))?.complete).toBe(true);
      }),
    );
  });
});

describe('RawHttpPoster against a real HTTP server', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  it('posts each body whole over at most the given connections, reading split answers, and counts error statuses as failed', async () => {
    const seen: { path: string; body: string; kiosk: string | undefined }[] = [];
    const sockets = new Set<unknown>();
    server = createServer((request, response) => {
      sockets.add(request.socket);
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => {
        body += chunk;
      });
      request.on('end', () => {
        seen.push({ path: request.url ?? '', body, kiosk: request.headers['x-kiosk-id'] as string | undefined });
        const status = request.url === '/refused' ? 403 : 200;
        // The answer in two writes, chunked: the poster must wait for its end.
        response.writeHead(status, { 'content-type': 'application/json' });
        response.write('{"ok":');
        setTimeout(() => response.end('true}'), 5);
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const poster = new RawHttpPoster(`http://127.0.0.1:${port}`, 3);
    try {
      const bodies = Array.from({ length: 30 }, (_, i) => JSON.stringify({ number: `КУВД-${i}` }));
      const outcomes = await Promise.all(
        bodies.map((body, i) =>
          poster.post(i === 7 ? '/refused' : '/v1/status/lookup', { 'x-kiosk-id': `k${i}` }, body),
        ),
      );
      expect(outcomes.filter((outcome) => outcome === 'failed')).toHaveLength(1);
      expect(outcomes[7]).toBe('failed');
      expect(seen.map((request) => request.body).sort()).toEqual([...bodies].sort());
      expect(seen.find((request) => request.kiosk === 'k3')?.body).toBe(bodies[3]);
      expect(sockets.size).toBeLessThanOrEqual(3);
    } finally {
      poster.close();
    }
  });

  it('answers failed, never hangs, when the server is gone', async () => {
    server = createServer((request) => request.socket.destroy());
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const poster = new RawHttpPoster(`http://127.0.0.1:${port}`, 2);
    try {
      expect(await Promise.all([1, 2, 3].map(() => poster.post('/x', {}, '{}')))).toEqual([
        'failed',
        'failed',
        'failed',
      ]);
    } finally {
      poster.close();
    }
  });
});
