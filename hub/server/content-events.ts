import type { ServerResponse } from 'node:http';
import { releaseForKiosk } from '../content/content-director';
import type { ContentChannel } from '../content/content-publisher';
import type { HubLogger } from './hub-logger';
import type { AuthenticatedKiosk } from './kiosk-auth';

/** Options of `ContentEvents`. */
export interface ContentEventsOptions {
  /** The content channel; without one no `content` event is sent (the stream still carries the others). */
  channel?: ContentChannel;
  logger: HubLogger;
  /**
   * A keep-alive (an empty comment line) this often (ms): proxies and NATs keep an idle stream
   * open, the kiosk knows its stream is alive, and the hub notices a closed one (default 60 s).
   */
  pingMs?: number;
  /** Open streams per kiosk; one more closes the oldest (default 2). */
  maxStreamsPerKiosk?: number;
  /** Told each kiosk that opens a stream, after its content assignment (e.g. to say commands wait). */
  onOpen?: (kioskId: string) => void;
  /** Told of each kiosk's stream life: the fleet's liveness (docs/operations/fleet.md, "Liveness"). */
  liveness?: StreamLiveness;
}

/** What the hub learns of kiosks from their open streams (this hub process's streams only). */
export interface StreamLiveness {
  /** A kiosk opened a stream. */
  opened(kioskId: string): void;
  /** A kiosk's last open stream closed (the kiosk went, or its link; or the hub ended it). */
  closed(kioskId: string): void;
  /** The keep-alive went out to these kiosks' open streams. */
  alive(kioskIds: readonly string[]): void;
}

/** One kiosk's open stream and the release it was last told about. */
interface EventStream {
  readonly kiosk: AuthenticatedKiosk;
  readonly response: ServerResponse;
  /** The version last sent (0: none assigned). */
  sentVersion: number;
  /** Counts the assignments worked out for it: one overtaken by a later one is not sent. */
  assignments: number;
}

const DEFAULT_PING_MS = 60_000;
/** The keep-alive: an empty comment, 3 bytes (8 with HTTP/1.1's chunk framing), the least SSE allows. */
const KEEP_ALIVE = ':\n\n';
const DEFAULT_MAX_STREAMS_PER_KIOSK = 2;

/**
 * The hub's server-sent events (`GET /v1/events`): tells each connected kiosk the version of
 * the release it should run, on connecting and whenever that changes. A hint only, so the
 * stream carries no more than a number: the kiosk polls the signed metadata and verifies
 * everything itself. Other parts of the hub send their own hints to one kiosk through `send`
 * (remote commands: `event: command`).
 *
 * The admin CLI publishes from another process, so the hub learns of a release by calling
 * `checkReleases()` every few seconds: one cheap query, and the kiosks' assignments are worked
 * out only when it changed (and once at the first check, the fingerprint being unknown before).
 */
export class ContentEvents {
  readonly #channel: ContentChannel | undefined;
  readonly #onOpen: ((kioskId: string) => void) | undefined;
  readonly #liveness: StreamLiveness | undefined;
  readonly #pingMs: number;
  readonly #logger: HubLogger;
  readonly #maxPerKiosk: number;
  readonly #streams = new Map<string, EventStream[]>();
  readonly #pingTimer: NodeJS.Timeout;
  #fingerprint: string | undefined;
  #checking: Promise<void> | undefined;
  #closed = false;

  constructor(options: ContentEventsOptions) {
    this.#channel = options.channel;
    this.#logger = options.logger;
    this.#maxPerKiosk = Math.max(1, options.maxStreamsPerKiosk ?? DEFAULT_MAX_STREAMS_PER_KIOSK);
    this.#onOpen = options.onOpen;
    this.#liveness = options.liveness;
    this.#pingMs = options.pingMs ?? DEFAULT_PING_MS;
    // One timer for every stream: a ping is the same line for all of them.
    this.#pingTimer = setInterval(() => this.#pingAll(), this.#pingMs);
    this.#pingTimer.unref();
  }

  /** Open streams now (all kiosks). */
  get openStreams(): number {
    let count = 0;
    for (const streams of this.#streams.values()) count += streams.length;
    return count;
  }

  /**
   * Takes over `response` as an event stream for `kiosk`: writes the head and the kiosk's
   * current assignment. False once the hub is closing (the caller answers 503 instead).
   */
  open(kiosk: AuthenticatedKiosk, response: ServerResponse): boolean {
    if (this.#closed) return false;
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      // nginx would otherwise buffer the stream and the nudge would sit in it.
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    // Sent now, not with the first event (which may be hours away): the kiosk knows it is connected.
    response.flushHeaders();
    response.socket?.setNoDelay(true);
    const stream: EventStream = { kiosk, response, sentVersion: 0, assignments: 0 };
    const streams = this.#streams.get(kiosk.id) ?? [];
    streams.push(stream);
    this.#streams.set(kiosk.id, streams);
    // A kiosk whose link died half-open reconnects before the hub notices: the newest stream wins.
    while (streams.length > this.#maxPerKiosk) streams.shift()?.response.end();
    response.on('close', () => this.#forget(stream));
    // The keep-alive's interval, so the kiosk can tell a silent stream from a quiet one.
    response.write(`event: keepalive\ndata: ${JSON.stringify({ seconds: this.#pingMs / 1000 })}\n\n`);
    this.#liveness?.opened(kiosk.id);
    void this.#greet(stream);
    return true;
  }

  /**
   * Sends one event to every open stream of `kioskId` (none open: nothing, the kiosk polls).
   * `event` is a bare name and `data` one line of JSON, as the kiosk's parser expects.
   */
  send(kioskId: string, event: string, data: Record<string, unknown>): boolean {
    if (this.#closed || !/^[a-z][a-z.]{0,30}$/.test(event)) return false;
    const streams = this.#streams.get(kioskId) ?? [];
    for (const stream of streams) stream.response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    return streams.length > 0;
  }

  /**
   * Sends a nudge to each kiosk whose assignment changed since the last check; cheap when no
   * release did. A check asked for while one runs is that one (the timer may outpace the store).
   */
  checkReleases(): Promise<void> {
    this.#checking ??= this.#check().finally(() => {
      this.#checking = undefined;
    });
    return this.#checking;
  }

  /** Ends every stream and refuses new ones (hub shutdown: an open stream would hold it for the grace period). */
  close(): void {
    this.#closed = true;
    clearInterval(this.#pingTimer);
    for (const streams of this.#streams.values()) {
      for (const stream of streams) stream.response.end();
    }
    this.#streams.clear();
  }

  async #check(): Promise<void> {
    if (this.#closed || this.#channel === undefined) return;
    const channel = this.#channel;
    const fingerprint = await channel.store.releasesFingerprint();
    if (fingerprint === this.#fingerprint) return;
    const releases = await channel.store.listReleases();
    const streams = [...this.#streams.values()].flat();
    await Promise.all(streams.map((stream) => this.#sendAssignment(channel, stream, releases)));
    // Only once every stream was told: a check that failed half-way is done again next time.
    this.#fingerprint = fingerprint;
  }

  /** A new stream's assignment, then `onOpen` (so its content event comes before the others' hints). */
  async #greet(stream: EventStream): Promise<void> {
    try {
      if (this.#channel) await this.#sendAssignment(this.#channel, stream, await this.#channel.store.listReleases());
    } catch (error) {
      // The kiosk polls its assignment anyway; the stream stays open for the other hints.
      this.#logger.error({ err: error, kioskId: stream.kiosk.id }, 'content assignment for a new stream failed');
    }
    if (!this.#closed) this.#onOpen?.(stream.kiosk.id);
  }

  async #sendAssignment(
    channel: ContentChannel,
    stream: EventStream,
    releases: Parameters<typeof releaseForKiosk>[2],
  ): Promise<void> {
    stream.assignments += 1;
    const mine = stream.assignments;
    const version = (await releaseForKiosk(channel.store, stream.kiosk, releases))?.version ?? 0;
    // Overtaken by a later assignment, or the stream ended meanwhile: nothing to write.
    if (mine !== stream.assignments || stream.response.writableEnded || stream.response.destroyed) return;
    if (version === stream.sentVersion) return;
    stream.sentVersion = version;
    if (version === 0) return;
    stream.response.write(`event: content\ndata: ${JSON.stringify({ version })}\n\n`);
    this.#logger.debug({ kioskId: stream.kiosk.id, version }, 'content nudge sent');
  }

  #pingAll(): void {
    for (const streams of this.#streams.values()) {
      for (const stream of streams) stream.response.write(KEEP_ALIVE);
    }
    // A write to a stream whose kiosk is gone fails later (TCP gives up), and its close tells.
    if (this.#streams.size > 0) this.#liveness?.alive([...this.#streams.keys()]);
  }

  #forget(stream: EventStream): void {
    const streams = this.#streams.get(stream.kiosk.id);
    if (streams === undefined) return;
    const index = streams.indexOf(stream);
    if (index >= 0) streams.splice(index, 1);
    if (streams.length > 0) return;
    this.#streams.delete(stream.kiosk.id);
    if (!this.#closed) this.#liveness?.closed(stream.kiosk.id);
  }
}
