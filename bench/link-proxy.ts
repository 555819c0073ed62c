import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';

/** Options of `LinkProxy`: a bad rural link between the kiosk and the hub. */
export interface LinkProxyOptions {
  /** The hub's port on 127.0.0.1. */
  targetPort: number;
  /** The link's speed towards the kiosk (bytes/s), shared by all connections; unpaced without. */
  bytesPerSecond?: number;
  /** Cut every connection at random moments, each `minMs`–`maxMs` after the last (seeded `random`). */
  cuts?: { minMs: number; maxMs: number; random: () => number };
}

const TICK_MS = 20;
/** Bytes held per connection before the hub's side is paused (so pacing holds back the hub, not memory). */
const HIGH_WATER = 64 * 1024;

/** One kiosk connection through the proxy. */
interface Link {
  kiosk: Socket;
  hub: Socket;
  queue: Buffer[];
  queued: number;
  /** The hub closed its side; what is queued still goes to the kiosk. */
  hubDone: boolean;
}

/**
 * A TCP proxy of the bench's own (node:net): kiosk → proxy → hub on 127.0.0.1. It counts the
 * bytes it hands to the kiosk's sockets (what crossed the link towards the kiosk), paces them to
 * a link speed, and cuts every open connection (both sides destroyed) at seeded random moments.
 */
export class LinkProxy {
  /** Bytes written towards the kiosk, over all connections. */
  bytesToKiosk = 0;
  /** Bytes written towards the hub, over all connections. */
  bytesToHub = 0;
  /** Cuts that destroyed at least one open connection. */
  cuts = 0;
  readonly #options: LinkProxyOptions;
  readonly #links = new Set<Link>();
  readonly #server: Server;
  #tick: NodeJS.Timeout | undefined;
  #cutTimer: NodeJS.Timeout | undefined;

  constructor(options: LinkProxyOptions) {
    this.#options = options;
    this.#server = createServer((kiosk) => this.#accept(kiosk));
  }

  /** Starts listening; returns the proxy's URL for the kiosk. */
  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    const address = this.#server.address();
    if (address === null || typeof address === 'string') throw new Error('the proxy has no port');
    if (this.#options.bytesPerSecond !== undefined) this.#tick = setInterval(() => this.#pace(), TICK_MS);
    this.#scheduleCut();
    return `http://127.0.0.1:${address.port}`;
  }

  async close(): Promise<void> {
    clearInterval(this.#tick);
    clearTimeout(this.#cutTimer);
    for (const link of this.#links) this.#drop(link);
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(kiosk: Socket): void {
    const hub = tcpConnect(this.#options.targetPort, '127.0.0.1');
    const link: Link = { kiosk, hub, queue: [], queued: 0, hubDone: false };
    this.#links.add(link);
    kiosk.setNoDelay(true);
    kiosk.on('data', (chunk) => {
      this.bytesToHub += chunk.length;
      hub.write(chunk);
    });
    hub.on('data', (chunk: Buffer) => {
      if (this.#options.bytesPerSecond === undefined) {
        this.bytesToKiosk += chunk.length;
        kiosk.write(chunk);
        return;
      }
      link.queue.push(chunk);
      link.queued += chunk.length;
      if (link.queued > HIGH_WATER) hub.pause();
    });
    // A failing side ends the other: the kiosk sees what a dropped link looks like. The hub
    // closing normally ends the kiosk's side once the bytes still paced have been handed over.
    kiosk.on('error', () => this.#drop(link));
    kiosk.on('close', () => this.#drop(link));
    hub.on('error', () => this.#drop(link));
    hub.on('close', () => {
      link.hubDone = true;
      if (link.queued === 0) this.#finish(link);
    });
  }

  /** Hands out one tick's worth of the link's bytes, round the connections. */
  #pace(): void {
    let budget = Math.round(((this.#options.bytesPerSecond ?? 0) * TICK_MS) / 1000);
    for (const link of this.#links) {
      while (budget > 0 && link.queue.length > 0) {
        const head = link.queue[0] as Buffer;
        const piece = head.length <= budget ? head : head.subarray(0, budget);
        if (piece === head) link.queue.shift();
        else link.queue[0] = head.subarray(budget);
        link.queued -= piece.length;
        budget -= piece.length;
        this.bytesToKiosk += piece.length;
        link.kiosk.write(piece);
      }
      if (link.queued === 0 && link.hubDone) this.#finish(link);
      else if (link.queued <= HIGH_WATER / 2) link.hub.resume();
    }
  }

  #scheduleCut(): void {
    const cuts = this.#options.cuts;
    if (cuts === undefined) return;
    const delay = cuts.minMs + cuts.random() * (cuts.maxMs - cuts.minMs);
    this.#cutTimer = setTimeout(() => {
      if (this.#links.size > 0) this.cuts += 1;
      for (const link of this.#links) this.#drop(link);
      this.#scheduleCut();
    }, delay);
  }

  /** The hub's side closed and everything is handed over: the kiosk's side ends after its last byte. */
  #finish(link: Link): void {
    if (!this.#links.delete(link)) return;
    link.kiosk.end();
  }

  #drop(link: Link): void {
    if (!this.#links.delete(link)) return;
    link.queue = [];
    link.queued = 0;
    link.kiosk.destroy();
    link.hub.destroy();
  }
}
