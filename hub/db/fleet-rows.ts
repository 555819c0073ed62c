import type { ContentStateReport } from '../../kiosk-config/src/content/content-state';
import type { HealthState } from '../../kiosk-config/src/hub/fleet-health';
import type {
  AlertEvent,
  AlertNotificationRecord,
  AlertRecord,
  AlertSeverity,
  HealthHistoryEntry,
  KioskHealthRecord,
  NewAlertNotification,
  NotificationClaim,
} from './fleet-repository';
import { withOptional } from './store-rows';

/* The fleet store's rows as both stores keep them (the same column names), and the rules both apply. */

/** A row of `kiosk_health`; `reconciliation_matched` is 0/1 in SQLite, a boolean in PostgreSQL. */
export interface HealthRow {
  kiosk_id: string;
  hash: string | null;
  state_json: string | null;
  state_at: string | null;
  last_seen_at: string;
  content_json: string | null;
  reconciliation_at: string | null;
  reconciliation_matched: number | boolean | null;
}

/** A row of `alerts`. */
export interface AlertRow {
  id: string;
  kiosk_id: string;
  rule: string;
  subject: string;
  severity: AlertSeverity;
  summary: string;
  details_json: string;
  opened_at: string;
  reopened_at: string | null;
  flap_count: number;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  closed_at: string | null;
}

/** A row of `alert_notifications`; `id` is a string where the driver returns bigint so. */
export interface NotificationRow {
  id: number | string;
  alert_id: string;
  event: AlertEvent;
  payload_json: string;
  created_at: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  delivered_at: string | null;
  claimed_by: string | null;
  claimed_until: string | null;
}

/** A row of `kiosk_health_history` as `healthHistory` reads it. */
export interface HistoryRow {
  hash: string;
  state_json: string;
  state_at: string;
  received_at: string;
}

export function healthFromRow(row: HealthRow): KioskHealthRecord {
  const record: KioskHealthRecord = withOptional<KioskHealthRecord>(
    { kioskId: row.kiosk_id, lastSeenAt: row.last_seen_at },
    { hash: row.hash, stateAt: row.state_at },
  );
  if (row.state_json !== null) record.state = JSON.parse(row.state_json) as HealthState;
  if (row.content_json !== null) record.content = JSON.parse(row.content_json) as ContentStateReport;
  if (row.reconciliation_at !== null && row.reconciliation_matched !== null) {
    record.reconciliation = { at: row.reconciliation_at, matched: Boolean(row.reconciliation_matched) };
  }
  return record;
}

export function historyEntryFromRow(row: HistoryRow): HealthHistoryEntry {
  return {
    hash: row.hash,
    state: JSON.parse(row.state_json) as HealthState,
    stateAt: row.state_at,
    receivedAt: row.received_at,
  };
}

export function alertFromRow(row: AlertRow): AlertRecord {
  return withOptional<AlertRecord>(
    {
      id: row.id,
      kioskId: row.kiosk_id,
      rule: row.rule,
      subject: row.subject,
      severity: row.severity,
      summary: row.summary,
      details: JSON.parse(row.details_json) as AlertRecord['details'],
      openedAt: row.opened_at,
      flapCount: row.flap_count,
    },
    {
      reopenedAt: row.reopened_at,
      acknowledgedAt: row.acknowledged_at,
      acknowledgedBy: row.acknowledged_by,
      closedAt: row.closed_at,
    },
  );
}

export function alertToRow(alert: AlertRecord): AlertRow {
  return {
    id: alert.id,
    kiosk_id: alert.kioskId,
    rule: alert.rule,
    subject: alert.subject,
    severity: alert.severity,
    summary: alert.summary,
    details_json: JSON.stringify(alert.details),
    opened_at: alert.openedAt,
    reopened_at: alert.reopenedAt ?? null,
    flap_count: alert.flapCount,
    acknowledged_at: alert.acknowledgedAt ?? null,
    acknowledged_by: alert.acknowledgedBy ?? null,
    closed_at: alert.closedAt ?? null,
  };
}

export function notificationFromRow(row: NotificationRow): AlertNotificationRecord {
  return withOptional<AlertNotificationRecord>(
    {
      id: Number(row.id),
      alertId: row.alert_id,
      event: row.event,
      payload: JSON.parse(row.payload_json) as Record<string, unknown>,
      createdAt: row.created_at,
      attempts: row.attempts,
      nextAttemptAt: row.next_attempt_at,
    },
    { lastError: row.last_error, deliveredAt: row.delivered_at },
  );
}

/** A webhook failure as stored: its reason, kept short. */
export function storedDeliveryError(error: string): string {
  return error.slice(0, 300);
}

/**
 * Whether a health change replaces the kiosk's latest state (`current`: when the stored one was
 * seen). Compared as times: a kiosk's ISO strings need not all be in UTC.
 */
export function isNewerHealthState(changeAt: string, current: string | null | undefined): boolean {
  return current == null || Date.parse(changeAt) >= Date.parse(current);
}

/** The event each alert of a `saveAlerts` batch is saved with (none: a change without a notification). */
export function eventsByAlert(notifications: readonly NewAlertNotification[]): Map<string, AlertEvent> {
  return new Map(notifications.map((n) => [n.alertId, n.event]));
}

/**
 * Whether an alert save still applies to what is stored now, inside the saving transaction:
 * another hub instance may have evaluated the same kiosk at the same moment and got there first.
 * A save applies only when it moves the alert on from the state its writer saw:
 * - a new alert (none stored by its id): unless an alert of its kiosk, rule and subject is open;
 *   never for `reopened` or `acknowledged`, which change a stored one;
 * - `reopened`: a closed alert, unless another of its kiosk, rule and subject is open;
 * - `closed`: an open one; `acknowledged`: an open one nobody acknowledged yet;
 * - a change without a notification (severity, details): an open one.
 * A refused save writes nothing, and its notification is not queued (so each event is sent once).
 */
export function alertSaveApplies(
  next: AlertRecord,
  stored: AlertRecord | undefined,
  event: AlertEvent | undefined,
  anotherOpen: boolean,
): boolean {
  if (stored === undefined) {
    // Re-opening or acknowledging needs the stored alert (pruned meanwhile: nothing to change).
    if (event === 'reopened' || event === 'acknowledged') return false;
    return next.closedAt !== undefined || !anotherOpen;
  }
  const storedOpen = stored.closedAt === undefined;
  switch (event) {
    case 'reopened':
      return !storedOpen && !anotherOpen;
    case 'acknowledged':
      return storedOpen && stored.acknowledgedAt === undefined;
    case 'opened':
      return false;
    default:
      return storedOpen;
  }
}

/**
 * Whether `claim` may take the head of the webhook's queue (`head`: the oldest undelivered rows):
 * not while another deliverer's lease on any of them runs, so one instance delivers at a time,
 * in order. A holder renews its own lease; an expired one is taken over (its holder died).
 */
export function queueHeadClaimable(
  head: readonly Pick<NotificationRow, 'claimed_by' | 'claimed_until'>[],
  claim: NotificationClaim,
): boolean {
  const now = Date.parse(claim.now);
  return head.every(
    (row) =>
      row.claimed_by === null ||
      row.claimed_by === claim.holder ||
      row.claimed_until === null ||
      Date.parse(row.claimed_until) <= now,
  );
}
