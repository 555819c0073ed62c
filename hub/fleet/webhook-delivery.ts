import { createHmac, randomUUID } from 'node:crypto';
import type { AlertNotificationRecord, FleetRepository } from '../db/fleet-repository';
import type { HubLogger } from '../server/hub-logger';
import type { WebhookConfig } from './fleet-config';

/** Options of `WebhookDelivery`. */
export interface WebhookDeliveryOptions {
  repository: FleetRepository;
  webhook: WebhookConfig;
  logger: HubLogger;
  now?: () => number;
  /** This deliverer's name in the queue's claims (one per hub instance); random by default. */
  holder?: string;
}

/** A claim's margin over one POST's timeout (the database round trips around it). */
const LEASE_MARGIN_MS = 5000;

/**
 * Delivers the alerts' notifications to the office's webhook, in the order they were queued:
 * a JSON POST each, answered 2xx to count as delivered. A failure (no connection, a timeout, any
 * other status) is retried after a growing wait (`initialRetryMs` doubling to `maxRetryMs`),
 * and the ones behind it wait their turn, so a receiver never sees an alert closed before it
 * opened. The queue is the database: what was not delivered before a restart is sent after it.
 * A receiver may get a notification twice (an answer lost on the way): `deliveryId` tells.
 *
 * Several hub instances on one database: each POST is preceded by a claim of the queue's head
 * (`claimNotifications`, a lease a little longer than one POST may take), so one instance
 * delivers at a time and a notification is POSTed by one only; another takes over when the
 * holder's lease runs out (it stopped or died).
 */
export class WebhookDelivery {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = false;
  readonly #abort = new AbortController();
  readonly #now: () => number;
  readonly #holder: string;
  readonly #leaseMs: number;

  constructor(private readonly options: WebhookDeliveryOptions) {
    this.#now = options.now ?? Date.now;
    this.#holder = options.holder ?? randomUUID();
    this.#leaseMs = options.webhook.timeoutMs + LEASE_MARGIN_MS;
  }

  /** Delivers what is waiting now (at start, and whenever a notification is queued). */
  kick(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#clearTimer();
    this.#running = this.#pass()
      .catch((error: unknown) => {
        this.options.logger.error({ err: error }, 'alert webhook: delivery pass failed');
        this.#schedule(this.options.webhook.maxRetryMs);
      })
      .finally(() => {
        this.#running = undefined;
        if (this.#again) {
          this.#again = false;
          this.kick();
        }
      });
  }

  /** Stops delivering (a POST in flight is aborted and tried again after the next start). */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#clearTimer();
    this.#abort.abort();
    await this.#running;
  }

  async #pass(): Promise<void> {
    const { repository } = this.options;
    for (;;) {
      if (this.#stopped) return;
      const now = this.#now();
      // One at a time: the lease covers one POST, and the head is re-read after each.
      const [notification] = await repository.claimNotifications(1, {
        holder: this.#holder,
        now: new Date(now).toISOString(),
        until: new Date(now + this.#leaseMs).toISOString(),
      });
      if (notification === undefined) {
        // Another instance is POSTing (or died doing so, until its lease runs out): look again soon.
        if ((await repository.undeliveredNotifications(1)).length > 0)
          this.#schedule(this.options.webhook.initialRetryMs);
        return;
      }
      const waitMs = Date.parse(notification.nextAttemptAt) - this.#now();
      if (waitMs > 0) {
        this.#schedule(waitMs);
        return;
      }
      const failure = await this.#post(notification);
      if (failure === undefined) {
        await repository.markNotificationDelivered(notification.id, new Date(this.#now()).toISOString());
        continue;
      }
      if (this.#stopped) {
        // Aborted by stop: not counted as an attempt, but its claim is given back at once, so
        // another instance (or this hub restarted) sends it without waiting for the lease to end.
        await repository.markNotificationFailed(notification.id, {
          attempts: notification.attempts,
          nextAttemptAt: notification.nextAttemptAt,
          error: failure,
        });
        return;
      }
      const attempts = notification.attempts + 1;
      const retryMs = retryDelay(attempts, this.options.webhook);
      await repository.markNotificationFailed(notification.id, {
        attempts,
        nextAttemptAt: new Date(this.#now() + retryMs).toISOString(),
        error: failure,
      });
      const level = attempts >= 5 ? 'error' : 'warn';
      this.options.logger[level](
        { notificationId: notification.id, event: notification.event, attempts, retryMs, reason: failure },
        'alert webhook: not delivered; will retry',
      );
      this.#schedule(retryMs);
      return;
    }
  }

  /** POSTs one notification; undefined when the receiver took it, else why not (no body quoted). */
  async #post(notification: AlertNotificationRecord): Promise<string | undefined> {
    const { webhook } = this.options;
    const body = JSON.stringify({ deliveryId: notification.id, ...notification.payload });
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-okno-delivery': String(notification.id),
    };
    if (webhook.secret !== undefined) {
      headers['x-okno-signature'] = `sha256=${createHmac('sha256', webhook.secret).update(body).digest('hex')}`;
    }
    try {
      const response = await fetch(webhook.url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.any([this.#abort.signal, AbortSignal.timeout(webhook.timeoutMs)]),
      });
      // The body is not needed; reading it frees the connection for the next POST.
      await response.arrayBuffer().catch(() => undefined);
      return response.ok ? undefined : `status ${response.status}`;
    } catch (error) {
      const cause = (error as { cause?: { code?: unknown } }).cause?.code;
      return typeof cause === 'string' ? cause : (error as Error).name;
    }
  }

  #schedule(ms: number): void {
    if (this.#stopped) return;
    this.#clearTimer();
    this.#timer = setTimeout(() => this.kick(), Math.max(0, ms));
    this.#timer.unref();
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

/** The wait before attempt `attempts + 1`: doubling from the first, capped. */
export function retryDelay(attempts: number, webhook: Pick<WebhookConfig, 'initialRetryMs' | 'maxRetryMs'>): number {
  return Math.min(webhook.maxRetryMs, webhook.initialRetryMs * 2 ** Math.min(30, attempts - 1));
}
