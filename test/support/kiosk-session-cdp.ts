import WebSocket from 'ws';
import { z } from 'zod';

/** One target as `Target.getTargets` lists it. */
export const TargetInfo = z.object({ targetId: z.string(), type: z.string(), url: z.string() });
export type TargetInfo = z.infer<typeof TargetInfo>;

const Reply = z.object({
  id: z.number().optional(),
  method: z.string().optional(),
  params: z.unknown().optional(),
  sessionId: z.string().optional(),
  result: z.unknown().optional(),
  error: z.object({ message: z.string() }).optional(),
});

const BrowserVersion = z.object({ webSocketDebuggerUrl: z.string() });

/**
 * The test's own DevTools connection to the kiosk's Chromium (its `--remote-debugging-port`,
 * added by the test's browser wrapper only): browser-level calls, and page-level ones through a
 * flat session. The host's own pipe is not shared.
 */
export class CdpConnection {
  readonly #socket: WebSocket;
  #nextId = 1;
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  readonly #listeners = new Set<(method: string, params: unknown) => void>();

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.on('message', (data: Buffer) => this.#receive(data));
    socket.on('close', () => {
      for (const waiter of this.#pending.values()) waiter.reject(new Error('the DevTools connection closed'));
      this.#pending.clear();
    });
  }

  /** Connects to the browser on that debugging port, or throws when nothing answers there. */
  static async open(port: number): Promise<CdpConnection> {
    const version = BrowserVersion.parse(await (await fetch(`http://127.0.0.1:${port}/json/version`)).json());
    const socket = new WebSocket(version.webSocketDebuggerUrl, { perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new CdpConnection(socket);
  }

  get open(): boolean {
    return this.#socket.readyState === WebSocket.OPEN;
  }

  /**
   * Sends one command; resolves with its result, rejects with the browser's error message, or
   * after 10 s without an answer (a browser that hangs or is going away).
   */
  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<unknown> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`${method}: no answer within 10 s`));
      }, 10_000);
      const settle = { resolve, reject };
      this.#pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          settle.resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          settle.reject(error);
        },
      });
      this.#socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });
  }

  /** Calls `listener` with every event the browser sends, until the returned function is called. */
  onEvent(listener: (method: string, params: unknown) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The browser's targets: pages, browser UI, workers. */
  async targets(): Promise<TargetInfo[]> {
    const reply = z.object({ targetInfos: z.array(TargetInfo) }).parse(await this.send('Target.getTargets'));
    return reply.targetInfos;
  }

  /** A flat session on one target, for page-level commands. */
  async attach(targetId: string): Promise<string> {
    const reply = z
      .object({ sessionId: z.string() })
      .parse(await this.send('Target.attachToTarget', { targetId, flatten: true }));
    return reply.sessionId;
  }

  close(): void {
    this.#socket.close();
  }

  #receive(data: Buffer): void {
    const message = Reply.parse(JSON.parse(data.toString('utf8')));
    if (message.id !== undefined) {
      const waiter = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      if (message.error) waiter?.reject(new Error(`${message.error.message}`));
      else waiter?.resolve(message.result);
      return;
    }
    if (message.method) for (const listener of this.#listeners) listener(message.method, message.params);
  }
}
