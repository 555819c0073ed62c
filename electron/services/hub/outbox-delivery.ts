import { backoffDelay } from '../../../drivers/transport/backoff';
import type { OutboxItem } from '../../../kiosk-config/src/index';
import type { Logger } from '../logging/logger';
import { appendLineDurably } from '../storage/durable-file';
import type { HubResult } from './hub-client';
import type { Outbox } from './outbox';

/** Options of the delivery loop. */
export interface OutboxDeliveryOptions {
  outbox: Outbox;
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
}

type Wake = 'enqueued' | 'link';

/**
 * Delivers the outbox to the hub, oldest first, one batch at a time, until it is empty; then
 * sleeps until something is enqueued.
 *
 * On a failure it waits with exponential backoff and full jitter (so a fleet of kiosks coming
 * back after a hub outage does not arrive in step), or as long as a 429 says; `linkRestored()`
 * (the breaker closed after a lookup got through) cuts the wait short. Items are acknowledged in
 * the outbox only after the hub has confirmed them, as a prefix, so order is kept.
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
  readonly #unsubscribe: () => void;

  constructor(private readonly options: OutboxDeliveryOptions) {
    this.#unsubscribe = options.outbox.onEnqueued(() => this.#signal('enqueued'));
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
    if (this.options.outbox.pendingCount === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Stops the loop; an item in flight stays pending and is re-sent at the next start. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe();
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
      if (this.options.outbox.pendingCount === 0) {
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
      if (!this.#stopped) await this.#wait('retry', delayMs);
    }
  }

  /** Sends one batch; returns 0 after progress, or how long to wait before trying again. */
  async #deliverBatch(): Promise<number> {
    const { outbox, log } = this.options;
    const batch = outbox.peek(this.#isolate > 0 ? 1 : (this.options.batchSize ?? 100));
    const result = await this.options.post(batch);
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
      log.debug({ delivered: count, pending: outbox.pendingCount }, 'outbox: delivered');
      return 0;
    }
    const { failure } = result;
    if (failure.code === 'rejected') {
      if (batch.length > 1) {
        // One bad item refuses the whole batch: send them one at a time to find it.
        this.#isolate = batch.length;
        return 0;
      }
      const item = batch[0];
      if (item !== undefined) await this.#setAside(item, failure.message);
      return 0;
    }
    if (this.#failures === 0)
      log.info({ failure: failure.code, pending: outbox.pendingCount }, 'outbox: hub not reachable; will retry');
    if (failure.code === 'rate_limited' && failure.retryAfterSeconds !== undefined) {
      return Math.max(1000, failure.retryAfterSeconds * 1000);
    }
    return this.#backoff();
  }

  async #setAside(item: OutboxItem, reason: string): Promise<void> {
    const { outbox, log, rejectedFile } = this.options;
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
