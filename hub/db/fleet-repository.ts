import type { ContentStateReport } from '../../kiosk-config/src/content/content-state';
import type { HealthChange, HealthState } from '../../kiosk-config/src/hub/fleet-health';

/**
 * Fleet health and alerts, beside `HubRepository` on the same database (SQLite migrations 0010
 * and 0017, PostgreSQL 0004): each kiosk's latest health and the history of its changes, the
 * alerts, and the webhook's queue. Two stores: SQLite and PostgreSQL (several hub instances on one
 * database; the contract suite, fleet-repository.contract.ts, races them). Each method that changes
 * more than one row is one transaction.
 */
export interface FleetRepository {
  /**
   * Stores kiosks' health changes (batched by the caller), in one transaction: each in the
   * history (kept to `history`'s bounds), and as its kiosk's latest state unless a newer one (by
   * `change.at`) is already stored.
   */
  recordHealth(changes: readonly HealthChangeEntry[], history: HistoryBounds): Promise<void>;
  /** Writes kiosks' last-seen times (batched by the caller); kiosks without a row are skipped. */
  touchHealth(seen: ReadonlyMap<string, string>): Promise<void>;
  /** Keeps a kiosk's latest `content.state` report. */
  recordContentState(kioskId: string, report: ContentStateReport, at: string): Promise<void>;
  /** Keeps a kiosk's latest end-of-day reconciliation as the ledger judged it. */
  recordReconciliation(kioskId: string, reconciliation: ReconciliationNote): Promise<void>;
  /** Every kiosk's latest health (the fleet service keeps them in memory). */
  listHealth(): Promise<KioskHealthRecord[]>;
  /** A kiosk's state changes, the newest first. */
  healthHistory(kioskId: string, limit: number): Promise<HealthHistoryEntry[]>;

  /** Alerts not closed, of one kiosk or of all. */
  openAlerts(kioskId?: string): Promise<AlertRecord[]>;
  findAlert(id: string): Promise<AlertRecord | undefined>;
  /** The newest alert of one rule and subject of a kiosk, open or closed (for folding flaps). */
  latestAlert(kioskId: string, rule: string, subject: string): Promise<AlertRecord | undefined>;
  /** Alerts opened at `since` or later, the newest first (the console's list). */
  listAlerts(options: { since?: string; limit: number }): Promise<AlertRecord[]>;
  /**
   * Writes alerts (new or changed) and queues their notifications (at most one per alert), in one
   * transaction. A save another hub instance has overtaken is refused, with its notification (see
   * `alertSaveApplies` in fleet-rows.ts: one open alert per kiosk, rule and subject; each event
   * once): the caller re-reads the refused ones.
   */
  saveAlerts(alerts: readonly AlertRecord[], notifications: readonly NewAlertNotification[]): Promise<SavedAlerts>;

  /** Notifications not delivered yet, oldest first (delivered in that order). */
  undeliveredNotifications(limit: number): Promise<AlertNotificationRecord[]>;
  /**
   * The deliverer's read: up to `limit` notifications from the head of the queue (as
   * `undeliveredNotifications`), leased to `claim.holder` until `claim.until`; none while another
   * holder's lease on the head runs at `claim.now`. So one hub instance delivers at a time, in
   * order; a dead one's lease runs out and another takes over.
   */
  claimNotifications(limit: number, claim: NotificationClaim): Promise<AlertNotificationRecord[]>;
  markNotificationDelivered(id: number, at: string): Promise<void>;
  /** Records a failed attempt and its retry time, and ends its claim (any deliverer may retry it). */
  markNotificationFailed(
    id: number,
    failure: { attempts: number; nextAttemptAt: string; error: string },
  ): Promise<void>;
  /** Deletes delivered notifications, closed alerts and history older than `before`; returns rows deleted. */
  pruneFleet(before: string): Promise<number>;
}

/** What `saveAlerts` did not write (ids): another instance changed those alerts first. */
export interface SavedAlerts {
  refused: string[];
}

/** Who claims the webhook's queue (one id per deliverer), the time now, and the lease's end. */
export interface NotificationClaim {
  holder: string;
  now: string;
  until: string;
}

/** A kiosk's health change and when the hub received it. */
export interface HealthChangeEntry {
  kioskId: string;
  change: HealthChange;
  receivedAt: string;
}

/** How much history is kept per kiosk: the newest `perKiosk` changes (older ones pruned by age too). */
export interface HistoryBounds {
  perKiosk: number;
}

/** A kiosk's latest health as the hub knows it. */
export interface KioskHealthRecord {
  kioskId: string;
  /** The last heartbeat or outbox delivery (the hub's clock). */
  lastSeenAt: string;
  hash?: string;
  state?: HealthState;
  /** When the kiosk saw `state` (its clock). */
  stateAt?: string;
  content?: ContentStateReport;
  reconciliation?: ReconciliationNote;
}

/** A terminal's end of day as the ledger reconciled it. */
export interface ReconciliationNote {
  at: string;
  matched: boolean;
}

/** One stored state change. */
export interface HealthHistoryEntry {
  hash: string;
  state: HealthState;
  stateAt: string;
  receivedAt: string;
}

/** How bad an alert is: `critical` stops visitors being served (paper out), `warning` will soon. */
export type AlertSeverity = 'warning' | 'critical';

/** An alert: opened by a rule, acknowledged by a person, closed when its condition clears. */
export interface AlertRecord {
  id: string;
  kioskId: string;
  rule: string;
  /** What it is about within the kiosk: a device kind, `kiosk`, `content`… */
  subject: string;
  severity: AlertSeverity;
  /** A sentence for people (Russian), no personal data. */
  summary: string;
  details: Readonly<Record<string, string | number | boolean>>;
  openedAt: string;
  /** The last time it opened again within the flap window. */
  reopenedAt?: string;
  /** How many times it opened again within the flap window. */
  flapCount: number;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  closedAt?: string;
}

/** What happened to an alert, as its webhook notification says. */
export type AlertEvent = 'opened' | 'reopened' | 'acknowledged' | 'closed';

/** A notification to queue. */
export interface NewAlertNotification {
  alertId: string;
  event: AlertEvent;
  payload: Record<string, unknown>;
  createdAt: string;
}

/** A queued notification. */
export interface AlertNotificationRecord extends NewAlertNotification {
  id: number;
  attempts: number;
  nextAttemptAt: string;
  lastError?: string;
  deliveredAt?: string;
}
