import {
  type ContentStateReport,
  ContentStateReport as ContentStateSchema,
} from '../../kiosk-config/src/content/content-state';
import {
  HEALTH_OUTBOX_KIND,
  type HealthChange,
  HealthChange as HealthChangeSchema,
  type HeartbeatAnswer,
  type HeartbeatRequest,
} from '../../kiosk-config/src/hub/fleet-health';
import type { OutboxItem } from '../../kiosk-config/src/hub/hub-api';
import type {
  AlertRecord,
  FleetRepository,
  HealthChangeEntry,
  KioskHealthRecord,
  ReconciliationNote,
} from '../db/fleet-repository';
import type { StreamLiveness } from '../server/content-events';
import type { HubLogger } from '../server/hub-logger';
import { type AcknowledgeOutcome, AlertBook } from './alert-book';
import { type AlertCondition, evaluateRules, type RuleInput } from './alert-rules';
import type { FleetConfig } from './fleet-config';

/** Options of `FleetService`. */
export interface FleetServiceOptions {
  repository: FleetRepository;
  config: FleetConfig;
  logger: HubLogger;
  /** Told when webhook notifications were queued. */
  onNotificationsQueued?: () => void;
  now?: () => number;
}

/**
 * The fleet's health on the hub: each kiosk's latest state and open alerts, kept in memory (the
 * database has them too, read once at start). States and last-seen times are written in batches
 * (`flush`, every few seconds, and before any alert changes, so an alert is never stored ahead of
 * the state that caused it): a crash loses at most those seconds of health, which the kiosks
 * send again (a hash the hub does not know is answered `resend`). Alerts and their webhook
 * notifications are written at once.
 * Rules are evaluated on each new state, on each `content.state` or reconciliation, and by
 * `checkAll` on a timer (a kiosk gone silent, a printer offline for longer than its threshold).
 * The work of one kiosk runs one step at a time.
 *
 * Liveness (`StreamLiveness`): a kiosk's open event stream marks it seen on opening, on each
 * keep-alive and on closing, so a kiosk with a stream heartbeats rarely and is still known silent
 * within `silentAfterHeartbeats` keep-alive intervals. The streams are this process's own: with
 * several hub instances (issue 18) each marks the kiosks connected to it, which is enough while
 * last-seen times go to the one shared database.
 */
export class FleetService implements StreamLiveness {
  readonly #health = new Map<string, KioskHealthRecord>();
  readonly #open = new Map<string, AlertRecord[]>();
  readonly #seen = new Map<string, string>();
  /** When each kiosk itself last sent something (ms); absent: not since this hub started. */
  readonly #lastReport = new Map<string, number>();
  readonly #startedAt: number;
  #pendingChanges: HealthChangeEntry[] = [];
  readonly #queues = new Map<string, Promise<unknown>>();
  readonly #book: AlertBook;
  readonly #now: () => number;

  private constructor(private readonly options: FleetServiceOptions) {
    this.#now = options.now ?? Date.now;
    this.#startedAt = this.#now();
    this.#book = new AlertBook({
      repository: options.repository,
      flapWindowMs: options.config.flapWindowMinutes * 60_000,
      ...(options.onNotificationsQueued ? { onQueued: options.onNotificationsQueued } : {}),
    });
  }

  /** Reads every kiosk's latest health and open alerts. */
  static async load(options: FleetServiceOptions): Promise<FleetService> {
    const service = new FleetService(options);
    for (const record of await options.repository.listHealth()) service.#health.set(record.kioskId, record);
    for (const alert of await options.repository.openAlerts()) {
      service.#open.set(alert.kioskId, [...(service.#open.get(alert.kioskId) ?? []), alert]);
    }
    return service;
  }

  /** `POST /v1/kiosks/heartbeat`. */
  heartbeat(kioskId: string, request: HeartbeatRequest): Promise<HeartbeatAnswer> {
    return this.#serially(kioskId, async () => {
      const now = this.#now();
      const at = new Date(now).toISOString();
      this.#lastReport.set(kioskId, now);
      if ('unchanged' in request) {
        const known = this.#health.get(kioskId);
        if (known?.hash !== request.unchanged) return { outcome: 'resend', hubTime: now };
        this.#markSeen(kioskId, known, at);
        // Only a kiosk that was silent has anything to re-evaluate.
        if (this.#open.get(kioskId)?.some((alert) => alert.rule === 'kiosk_silent')) await this.#evaluate(kioskId);
        return { outcome: 'seen', hubTime: now };
      }
      await this.#record(kioskId, request, at);
      return { outcome: 'stored', hubTime: now };
    });
  }

  /** Items newly stored from a kiosk's outbox: its health changes and content states. */
  recordOutboxItems(kioskId: string, items: readonly OutboxItem[]): Promise<void> {
    const relevant = items.filter((item) => item.kind === HEALTH_OUTBOX_KIND || item.kind === 'content.state');
    if (relevant.length === 0) return Promise.resolve();
    return this.#serially(kioskId, async () => {
      const at = new Date(this.#now()).toISOString();
      this.#lastReport.set(kioskId, this.#now());
      for (const item of relevant) {
        if (item.kind === HEALTH_OUTBOX_KIND) {
          // The outbox route checked the payload against its kind already.
          await this.#record(kioskId, HealthChangeSchema.parse(item.payload), at, false);
        } else {
          await this.#recordContent(kioskId, ContentStateSchema.parse(item.payload), at);
        }
      }
      await this.#evaluate(kioskId);
    });
  }

  /** A kiosk opened its event stream: seen now (a silent alert closes). */
  opened(kioskId: string): void {
    void this.#serially(kioskId, async () => {
      const known = this.#health.get(kioskId);
      // A kiosk never heard of has no record yet: its heartbeat right after connecting makes one.
      if (known === undefined) return;
      this.#markSeen(kioskId, known, new Date(this.#now()).toISOString());
      if (this.#open.get(kioskId)?.some((alert) => alert.rule === 'kiosk_silent')) await this.#evaluate(kioskId);
    }).catch((error: unknown) => this.options.logger.error({ err: error, kioskId }, 'stream liveness failed'));
  }

  /** A kiosk's last stream closed: it was there until now; silence is counted from here. */
  closed(kioskId: string): void {
    const known = this.#health.get(kioskId);
    if (known !== undefined) this.#markSeen(kioskId, known, new Date(this.#now()).toISOString());
  }

  /** The keep-alive went out on these kiosks' streams: seen now (in memory, stored with the next flush). */
  alive(kioskIds: readonly string[]): void {
    const at = new Date(this.#now()).toISOString();
    for (const kioskId of kioskIds) {
      const known = this.#health.get(kioskId);
      if (known !== undefined) this.#markSeen(kioskId, known, at);
    }
  }

  /** A terminal's end of day as the ledger reconciled it. */
  noteReconciliation(kioskId: string, note: ReconciliationNote): Promise<void> {
    return this.#serially(kioskId, async () => {
      await this.options.repository.recordReconciliation(kioskId, note);
      const record = this.#health.get(kioskId) ?? { kioskId, lastSeenAt: new Date(this.#now()).toISOString() };
      this.#health.set(kioskId, { ...record, reconciliation: note });
      await this.#evaluate(kioskId);
    });
  }

  /**
   * Evaluates every kiosk's rules now (silence, offline durations): run on a timer. Pure and in
   * memory; only a kiosk whose conditions differ from its open alerts goes on to store a change.
   */
  async checkAll(): Promise<void> {
    const now = this.#now();
    for (const [kioskId, health] of this.#health) {
      const conditions = evaluateRules(this.#ruleInput(kioskId, health, now));
      if (!sameKeys(conditions, this.#open.get(kioskId) ?? [])) {
        await this.#serially(kioskId, () => this.#evaluate(kioskId));
      }
    }
  }

  /** Writes the states and last-seen times gathered since the last flush. */
  async flush(): Promise<void> {
    const changes = this.#pendingChanges;
    this.#pendingChanges = [];
    if (changes.length > 0) {
      await this.options.repository.recordHealth(changes, { perKiosk: this.options.config.historyPerKiosk });
    }
    if (this.#seen.size === 0) return;
    const batch = new Map(this.#seen);
    this.#seen.clear();
    await this.options.repository.touchHealth(batch);
  }

  /** A person acknowledges an alert (the console calls this; `by` is their user id). */
  acknowledge(alertId: string, by: string): Promise<AcknowledgeOutcome> {
    return this.#book.acknowledge(alertId, by, new Date(this.#now())).then((outcome) => {
      if (outcome.outcome === 'acknowledged') {
        const { alert } = outcome;
        const open = this.#open.get(alert.kioskId) ?? [];
        this.#open.set(
          alert.kioskId,
          open.map((known) => (known.id === alert.id ? alert : known)),
        );
      }
      return outcome;
    });
  }

  /** The open alerts, of one kiosk or of all. */
  openAlerts(kioskId?: string): AlertRecord[] {
    if (kioskId !== undefined) return [...(this.#open.get(kioskId) ?? [])];
    return [...this.#open.values()].flat();
  }

  /** A kiosk's latest health. */
  health(kioskId: string): KioskHealthRecord | undefined {
    return this.#health.get(kioskId);
  }

  async #record(kioskId: string, change: HealthChange, at: string, evaluate = true): Promise<void> {
    const known = this.#health.get(kioskId);
    if (known?.hash === change.hash) {
      this.#markSeen(kioskId, known, at);
    } else {
      this.#pendingChanges.push({ kioskId, change, receivedAt: at });
      const base = known ?? { kioskId, lastSeenAt: at };
      const latest = base.stateAt === undefined || Date.parse(change.at) >= Date.parse(base.stateAt);
      this.#health.set(
        kioskId,
        latest
          ? { ...base, lastSeenAt: at, hash: change.hash, state: change.state, stateAt: change.at }
          : { ...base, lastSeenAt: at },
      );
      this.#seen.set(kioskId, at);
    }
    if (evaluate) await this.#evaluate(kioskId);
  }

  async #recordContent(kioskId: string, report: ContentStateReport, at: string): Promise<void> {
    await this.options.repository.recordContentState(kioskId, report, at);
    const record = this.#health.get(kioskId) ?? { kioskId, lastSeenAt: at };
    this.#health.set(kioskId, { ...record, content: report, lastSeenAt: at });
  }

  #markSeen(kioskId: string, known: KioskHealthRecord, at: string): void {
    known.lastSeenAt = at;
    this.#seen.set(kioskId, at);
  }

  async #evaluate(kioskId: string): Promise<void> {
    const health = this.#health.get(kioskId);
    if (!health) return;
    const now = this.#now();
    const conditions = evaluateRules(this.#ruleInput(kioskId, health, now));
    const open = this.#open.get(kioskId) ?? [];
    if (conditions.length === 0 && open.length === 0) return;
    // The states behind a change of alerts are stored first (one batch, rarely).
    if (this.#pendingChanges.length > 0 && !sameKeys(conditions, open)) await this.flush();
    const after = await this.#book.apply(kioskId, conditions, open, new Date(now));
    for (const alert of after.filter((a) => !open.some((o) => o.id === a.id))) {
      this.options.logger.info(
        { kioskId, alertId: alert.id, rule: alert.rule, flaps: alert.flapCount },
        'alert opened',
      );
    }
    for (const alert of open.filter((o) => !after.some((a) => a.id === o.id))) {
      this.options.logger.info({ kioskId, alertId: alert.id, rule: alert.rule }, 'alert closed');
    }
    if (after.length === 0) this.#open.delete(kioskId);
    else this.#open.set(kioskId, after);
  }

  #ruleInput(kioskId: string, health: KioskHealthRecord, now: number): RuleInput {
    // Since the hub started, at the earliest: a restart does not make every kiosk overdue.
    const lastReportAt = this.#lastReport.get(kioskId) ?? this.#startedAt;
    return { health, now, config: this.options.config, lastReportAt };
  }

  /** Runs `task` after the kiosk's earlier tasks (a failure does not stop the ones after it). */
  #serially<T>(kioskId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#queues.get(kioskId) ?? Promise.resolve();
    const next = previous.then(task, task);
    const settled = next.catch(() => undefined);
    this.#queues.set(kioskId, settled);
    void settled.then(() => {
      if (this.#queues.get(kioskId) === settled) this.#queues.delete(kioskId);
    });
    return next;
  }
}

/** Whether the conditions are exactly the open alerts' rules and subjects. */
function sameKeys(conditions: readonly AlertCondition[], open: readonly AlertRecord[]): boolean {
  if (conditions.length !== open.length) return false;
  const keys = new Set(open.map((alert) => `${alert.rule}/${alert.subject}`));
  return conditions.every((condition) => keys.has(`${condition.rule}/${condition.subject}`));
}
