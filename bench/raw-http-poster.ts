/**
 * A lean HTTP/1.1 client for the load generator: kept-alive sockets, one request in flight on
 * each, the request written as one string and the answer read only as far as its status and
 * length. Node's `http.request` costs 150–350 µs of CPU per request (docs/operations/hub.md,
 * "Latency"); on a 2-core machine that shares its cores with the hub, a generator that costly
 * measures itself. This one does what a kiosk's request needs and no more: no redirects, no
 * compression, no trailers.
 */
import { connect, type Socket } from 'node:net';
import type { SendOutcome } from './fixed-rate-load';

/** What the generator posts with (both clients). */
export interface Poster {
  post(path: string, headers: Readonly<Record<string, string>>, body: string): Promise<SendOutcome>;
  close(): void;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const CHUNKED_END = Buffer.from('0\r\n\r\n');

/** One kept-alive connection and the answer it waits for. */
interface Connection {
  socket: Socket;
  /** The answer's bytes so far. */
  received: Buffer[];
  receivedBytes: number;
  settle: ((outcome: SendOutcome) => void) | undefined;
}

/** A request waiting for a free connection. */
interface Waiting {
  text: string;
  settle: (outcome: SendOutcome) => void;
}

/** The answer's status and whether all of it has arrived, from the bytes so far; undefined until its head is whole. */
export function answerState(bytes: Buffer): { status: number; complete: boolean; close: boolean } | undefined {
  const headEnd = bytes.indexOf(HEADER_END);
  if (headEnd < 0) return undefined;
  const head = bytes.toString('latin1', 0, headEnd);
  const status = Number(head.slice(9, 12));
  const lower = head.toLowerCase();
  const close = /\r\nconnection:\s*close/.test(lower);
  const bodyStart = headEnd + HEADER_END.length;
  const length = /\r\ncontent-length:\s*(\d+)/.exec(lower);
  if (length?.[1] !== undefined) return { status, close, complete: bytes.length - bodyStart >= Number(length[1]) };
  if (/\r\ntransfer-encoding:\s*chunked/.test(lower)) {
    return { status, close, complete: bytes.indexOf(CHUNKED_END, bodyStart) >= 0 };
  }
  // No length: the answer ends with the connection (or has no body at all, as a 204 or 304).
  return { status, close: true, complete: status === 204 || status === 304 };
}

/** Posts JSON over at most `connections` kept-alive sockets to one server. */
export class RawHttpPoster implements Poster {
  readonly #host: string;
  readonly #port: number;
  readonly #max: number;
  readonly #idle: Connection[] = [];
  readonly #all = new Set<Connection>();
  readonly #waiting: Waiting[] = [];
  #closed = false;

  constructor(baseUrl: string, connections: number) {
    const url = new URL(baseUrl);
    this.#host = url.hostname;
    this.#port = Number(url.port || 80);
    this.#max = connections;
  }

  post(path: string, headers: Readonly<Record<string, string>>, body: string): Promise<SendOutcome> {
    let head = `POST ${path} HTTP/1.1\r\nhost: ${this.#host}:${this.#port}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n`;
    for (const name in headers) head += `${name}: ${headers[name]}\r\n`;
    const text = `${head}\r\n${body}`;
    return new Promise((settle) => {
      if (this.#closed) return settle('failed');
      const connection = this.#idle.pop() ?? (this.#all.size < this.#max ? this.#open() : undefined);
      if (connection) this.#send(connection, text, settle);
      else this.#waiting.push({ text, settle });
    });
  }

  close(): void {
    this.#closed = true;
    for (const connection of this.#all) connection.socket.destroy();
    for (const waiting of this.#waiting.splice(0)) waiting.settle('failed');
  }

  #open(): Connection {
    const socket = connect({ host: this.#host, port: this.#port, noDelay: true });
    const connection: Connection = { socket, received: [], receivedBytes: 0, settle: undefined };
    this.#all.add(connection);
    socket.on('data', (chunk: Buffer) => this.#onData(connection, chunk));
    const lost = () => this.#drop(connection);
    socket.on('error', lost);
    socket.on('close', lost);
    return connection;
  }

  #send(connection: Connection, text: string, settle: (outcome: SendOutcome) => void): void {
    connection.settle = settle;
    connection.received = [];
    connection.receivedBytes = 0;
    connection.socket.write(text);
  }

  #onData(connection: Connection, chunk: Buffer): void {
    connection.received.push(chunk);
    connection.receivedBytes += chunk.length;
    // Most answers come in one chunk; a split one is joined once per chunk (answers are small).
    const bytes =
      connection.received.length === 1 ? chunk : Buffer.concat(connection.received, connection.receivedBytes);
    connection.received = [bytes];
    const state = answerState(bytes);
    if (state === undefined || !state.complete) return;
    const settle = connection.settle;
    connection.settle = undefined;
    connection.received = [];
    connection.receivedBytes = 0;
    if (state.close) this.#drop(connection);
    else this.#release(connection);
    settle?.(state.status >= 200 && state.status < 300 ? 'ok' : 'failed');
  }

  /** A free connection takes the oldest waiting request, or goes idle. */
  #release(connection: Connection): void {
    const next = this.#waiting.shift();
    if (next) this.#send(connection, next.text, next.settle);
    else this.#idle.push(connection);
  }

  /** A connection closed or failed: its request (if any) failed; a waiting request gets a new connection. */
  #drop(connection: Connection): void {
    if (!this.#all.delete(connection)) return;
    connection.socket.destroy();
    const index = this.#idle.indexOf(connection);
    if (index >= 0) this.#idle.splice(index, 1);
    const settle = connection.settle;
    connection.settle = undefined;
    settle?.('failed');
    const next = this.#waiting.shift();
    if (next && !this.#closed) this.#send(this.#open(), next.text, next.settle);
  }
}
