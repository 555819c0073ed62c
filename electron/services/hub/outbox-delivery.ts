import { backoffDelay } from '../../../drivers/transport/backoff';
import type { OutboxItem } from '../../../kiosk-config/src/index';
import type { Logger } from '../logging/logger';
import { appendLineDurably } from '../storage/durable-file';
import type { HubResult } from './hub-client';
import type { Outbox } from './outbox';

/** Options of the delivery loop. */
export interface OutboxDeliveryOptions {
  outbox: Outbox;
  /** A lane emptied before `outbox` is sent from (`OutboxLanes.first`: offline tickets). */
  first?: Outbox;
  /** Sends a batch (the hub client's `postOutbox`). */
  post: (items: OutboxItem[]) => Promise<HubResult<{ accepted: string[]; duplicates: string[] }>>;
  log: Logger;
  /** Items per request (the hub accepts up to 500). */
  batchSize?: number;
  /** First wait after a failure (ms); doubles with full jitter up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /**
   * Where an item the hub refuses outright (400: outside its contract) is set aside, so that
   * one bad item does not hold back everything behind it. Without it such items are dropped.
   */
  rejectedFile?: string;
  random?: () => number;
  /**
   * Whether the hub answers now (`HubLink.probe`). While a wait after a failure that never
   * reached the hub runs, it is asked about every `probeIntervalMs` (with jitter), and a yes ends
   * the wait: the link's return is noticed within about a second, whatever the backoff.
   */
  probe?: () => Promise<boolean>;
  /** Longest interval between two probes (ms); each is drawn from half to all of it. Default 1000. */
  probeIntervalMs?: number;
}

/** Failures where the hub was not reached: the wait after them probes the link. */
const LINK_DOWN: ReadonlySet<string> = new Set(['connect_failed', 'connection_lost', 'timeout', 'circuit_open']);

type Wake = 'enqueued' | 'link';

/**
 * Delivers the outbox to the hub, oldest first, one batch at a time, until it is empty; then
 * sleeps until something is enqueued.
 *
 * On a failure it waits with exponential backoff and full jitter (so a fleet of kiosks coming
 * back after a hub outage does not arrive in step), or as long as a 429 says; `linkRestored()`
 * (the breaker closed after a lookup got through) or a successful `probe` cuts the wait short.
 * Items are acknowledged in the outbox only after the hub has confirmed them, as a prefix, so
 * order is kept. The `first` lane, when given, is emptied before anything is sent from `outbox`.
 */
export class OutboxDelivery {
  #stopped = false;
  #running: Promise<void> | undefined;
  #failures = 0;
  /** After a refused batch: how many items to send one by one to find the bad one. */
  #isolate = 0;
  #wake: ((reason: Wake) => void) | undefined;
  #waitingFor: 'work' | 'retry' | undefined;
  #idleWaiters: (() => void)[] = [];
  /** The last failure did not reach the hub: the wait after it probes the link. */
  #linkDown = false;
  readonly #unsubscribe: (() => void)[];

  constructor(private readonly options: OutboxDeliveryOptions) {
    this.#unsubscribe = [options.first, options.outbox].flatMap((lane) =>
      lane ? [lane.onEnqueued(() => this.#signal('enqueued'))] : [],
    );
  }

  /** Items waiting, in both lanes. */
  get #pendingCount(): number {
    return (this.options.first?.pendingCount ?? 0) + this.options.outbox.pendingCount;
  }

  /** The lane to send from now: `first` while it holds anything. */
  #lane(): Outbox {
    const { first, outbox } = this.options;
    return first && first.pendingCount > 0 ? first : outbox;
  }

  /** Starts the loop (idempotent). */
  start(): void {
    this.#running ??= this.#run().catch((error: unknown) => {
      // A bug (e.g. the disk refusing the cursor): logged; items stay durable for the next start.
      this.options.log.error({ err: error }, 'outbox delivery stopped by an error');
    });
  }

  /** The link works again: retry now instead of at the end of the backoff. */
  linkRestored(): void {
    this.#signal('link');
  }

  /** Resolves when nothing is pending (at once if nothing is). */
  drained(): Promise<void> {
    if (this.#pendingCount === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Stops the loop; an item in flight stays pending and is re-sent at the next start. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#wake?.('link');
    await this.#running;
  }

  #signal(reason: Wake): void {
    // New items do not cut a backoff short (a chatty producer would defeat it); a restored link does.
    if (this.#waitingFor === 'work' || (this.#waitingFor === 'retry' && reason === 'link')) this.#wake?.(reason);
  }

  #wait(kind: 'work' | 'retry', ms?: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(done, ms);
      this.#waitingFor = kind;
      this.#wake = done;
      function done() {
        clearTimeout(timer);
        resolve();
      }
    }).finally(() => {
      this.#waitingFor = undefined;
      this.#wake = undefined;
    });
  }

  async #run(): Promise<void> {
    while (!this.#stopped) {
      if (this.#pendingCount === 0) {
        for (const resolve of this.#idleWaiters.splice(0)) resolve();
        await this.#wait('work');
        continue;
      }
      const delayMs = await this.#deliverBatch();
      if (delayMs === 0) {
        this.#failures = 0;
        continue;
      }
      this.#failures += 1;
      if (!this.#stopped) await this.#retryWait(delayMs);
    }
  }

  /** Waits `ms` before the next try; after a failure that never reached the hub, probes the link meanwhile. */
  async #retryWait(ms: number): Promise<void> {
    const waiting = this.#wait('retry', ms);
    const { probe } = this.options;
    if (probe && this.#linkDown) void this.#probeWhile(waiting, probe);
    await waiting;
  }

  /** Probes the link about every second until `waiting` ends; a yes ends it. */
  async #probeWhile(waiting: Promise<void>, probe: () => Promise<boolean>): Promise<void> {
    let over = false;
    void waiting.then(() => {
      over = true;
    });
    const interval = this.options.probeIntervalMs ?? 1000;
    const random = this.options.random ?? Math.random;
    while (!over) {
      let timer: NodeJS.Timeout | undefined;
      const pause = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, interval * (0.5 + 0.5 * random()));
      });
      await Promise.race([waiting, pause]);
      clearTimeout(timer);
      if (over) return;
      const answered = await probe().catch(() => false);
      if (answered && !over) {
        this.options.log.info({ pending: this.#pendingCount }, 'outbox: the hub answers again; delivering');
        this.#signal('link');
        return;
      }
    }
  }

  /** Sends one batch; returns 0 after progress, or how long to wait before trying again. */
  async #deliverBatch(): Promise<number> {
    const { log } = this.options;
    const outbox = this.#lane();
    const batch = outbox.peek(this.#isolate > 0 ? 1 : (this.options.batchSize ?? 100));
    const result = await this.options.post(batch);
    this.#linkDown = !result.ok && LINK_DOWN.has(result.error.code);
    if (result.ok) {
      const confirmed = new Set([...result.value.accepted, ...result.value.duplicates]);
      let count = 0;
      while (count < batch.length && confirmed.has(batch[count]?.id ?? '')) count += 1;
      if (count === 0) {
        log.error({ items: batch.length }, 'outbox: the hub confirmed none of the batch');
        return this.#backoff();
      }
      await outbox.acknowledge(count);
      this.#isolate = Math.max(0, this.#isolate - count);
      log.debug({ delivered: count, pending: this.#pendingCount }, 'outbox: delivered');
      return 0;
    }
    const { error: failure } = result;
    if (failure.code === 'rejected') {
      if (batch.length > 1) {
        // One bad item refuses the whole batch: send them one at a time to find it.
        this.#isolate = batch.length;
        return 0;
      }
      const item = batch[0];
      if (item !== undefined) await this.#setAside(outbox, item, failure.message);
      return 0;
    }
    if (this.#failures === 0)
      log.info({ failure: failure.code, pending: this.#pendingCount }, 'outbox: hub not reachable; will retry');
    if (failure.code === 'rate_limited' && failure.retryAfterSeconds !== undefined) {
      return Math.max(1000, failure.retryAfterSeconds * 1000);
    }
    return this.#backoff();
  }

  async #setAside(outbox: Outbox, item: OutboxItem, reason: string): Promise<void> {
    const { log, rejectedFile } = this.options;
    log.error({ kind: item.kind, id: item.id, reason }, 'outbox: the hub refused an item; set aside');
    if (rejectedFile !== undefined) await appendLineDurably(rejectedFile, JSON.stringify({ reason, item }));
    await outbox.acknowledge(1);
    this.#isolate = Math.max(0, this.#isolate - 1);
  }

  #backoff(): number {
    // Never 0, which would read as progress; full jitter may draw a delay close to it.
    return Math.max(
      100,
      backoffDelay(
        this.#failures,
        { initialMs: this.options.initialDelayMs ?? 1000, maxMs: this.options.maxDelayMs ?? 60_000, jitter: 1 },
        this.options.random,
      ),
    );
  }
}
