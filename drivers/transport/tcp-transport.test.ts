import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { within } from '../test-support/within';
import { createTcpLink, TcpTransport } from './tcp-transport';

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An echo server on 127.0.0.1 that lets the test drop its connections. */
async function echoServer(): Promise<{ port: number; sockets: Set<Socket>; server: Server }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (chunk) => socket.write(chunk));
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  const address = server.address();
  return { port: typeof address === 'object' && address ? address.port : 0, sockets, server };
}

describe('TcpTransport', () => {
  it('connects, writes and reads, and closes without reporting a loss', async () => {
    const { port } = await echoServer();
    const transport = new TcpTransport({ host: '127.0.0.1', port });
    const closes: Array<Error | undefined> = [];
    transport.onClose((error) => closes.push(error));
    await transport.open();
    expect(transport.address).toBe(`tcp://127.0.0.1:${port}`);
    const echoed = new Promise<Uint8Array>((resolve) => transport.onData(resolve));
    await transport.write(Uint8Array.of(0x80, 0x00, 0x00));
    expect(await within(echoed, 2000, 'the echo')).toEqual(Uint8Array.of(0x80, 0x00, 0x00));
    await transport.close();
    expect(transport.isOpen).toBe(false);
    expect(closes).toEqual([undefined]);
  });

  it('fails to open with open_failed when nothing listens, and reports a dropped connection as lost', async () => {
    const { port, server, sockets } = await echoServer();
    const refused = new TcpTransport({ host: '127.0.0.1', port: 1, connectTimeoutMs: 1000 });
    await expect(refused.open()).rejects.toMatchObject({ name: 'TransportError', code: 'open_failed' });

    const transport = new TcpTransport({ host: '127.0.0.1', port });
    await transport.open();
    cleanups.push(() => transport.close());
    const lost = new Promise<Error | undefined>((resolve) => transport.onClose(resolve));
    await new Promise<void>((resolve) => (sockets.size > 0 ? resolve() : server.once('connection', () => resolve())));
    for (const socket of sockets) socket.destroy();
    expect(await within(lost, 2000, 'the loss')).toMatchObject({ name: 'TransportError', disconnected: true });
    await expect(transport.write(Uint8Array.of(1))).rejects.toMatchObject({ code: 'not_open' });
  });

  it('reconnects through createTcpLink after the peer dropped the connection', async () => {
    const { port, sockets } = await echoServer();
    const link = createTcpLink({ host: '127.0.0.1', port, backoff: { initialMs: 10, maxMs: 50, jitter: 0 } });
    cleanups.push(() => link.close());
    await link.open();
    const reconnected = new Promise<void>((resolve) => {
      link.onLinkEvent((event) => {
        if (event.type === 'connected') resolve();
      });
    });
    for (const socket of sockets) socket.destroy();
    await within(reconnected, 2000, 'the reconnection');
    expect(link.isOpen).toBe(true);
  });
});
