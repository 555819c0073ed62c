import { randomUUID } from 'node:crypto';
import type { AlertEvent, AlertRecord, FleetRepository, NewAlertNotification } from '../db/fleet-repository';
import type { AlertCondition } from './alert-rules';

/** Options of `AlertBook`. */
export interface AlertBookOptions {
  repository: FleetRepository;
  /** An alert that opens again within this long after it closed reuses the closed one (a flap). */
  flapWindowMs: number;
  /** Told after notifications were queued (the webhook delivery wakes up). */
  onQueued?: () => void;
  newId?: () => string;
}

/** What `acknowledge` answers. */
export type AcknowledgeOutcome =
  | { outcome: 'acknowledged' | 'already_acknowledged'; alert: AlertRecord }
  | { outcome: 'not_found' | 'closed' };

/** The webhook's JSON body (docs/operations/fleet.md, "Webhook"). */
export function notificationPayload(event: AlertEvent, alert: AlertRecord, at: string): Record<string, unknown> {
  return { event, at, alert };
}

const key = (rule: string, subject: string) => `${rule}\u0000${subject}`;

/**
 * The alerts' life: a condition opens an alert (or re-opens the one that closed within the flap
 * window, counting the flap), a person acknowledges it, and it closes when its condition is gone.
 * Each change is saved with its webhook notification in one transaction.
 */
export class AlertBook {
  readonly #newId: () => string;

  constructor(private readonly options: AlertBookOptions) {
    this.#newId = options.newId ?? randomUUID;
  }

  /**
   * Brings one kiosk's alerts in line with its conditions now: returns its open alerts after.
   * `open` is the kiosk's open alerts before (the caller keeps them in memory).
   */
  async apply(
    kioskId: string,
    conditions: readonly AlertCondition[],
    open: readonly AlertRecord[],
    now: Date,
  ): Promise<AlertRecord[]> {
    const at = now.toISOString();
    const wanted = new Map(conditions.map((c) => [key(c.rule, c.subject), c]));
    const changed: AlertRecord[] = [];
    const notifications: NewAlertNotification[] = [];
    const stillOpen: AlertRecord[] = [];
    const note = (event: AlertEvent, alert: AlertRecord) => {
      changed.push(alert);
      notifications.push({ alertId: alert.id, event, payload: notificationPayload(event, alert, at), createdAt: at });
    };

    for (const alert of open) {
      const condition = wanted.get(key(alert.rule, alert.subject));
      wanted.delete(key(alert.rule, alert.subject));
      if (condition === undefined) {
        note('closed', { ...alert, closedAt: at });
      } else {
        // Still holds: keep the alert; a change of severity or details is saved without a notification.
        const updated = {
          ...alert,
          severity: condition.severity,
          summary: condition.summary,
          details: condition.details,
        };
        if (JSON.stringify(updated) !== JSON.stringify(alert)) changed.push(updated);
        stillOpen.push(updated);
      }
    }
    for (const condition of wanted.values()) {
      const previous = await this.options.repository.latestAlert(kioskId, condition.rule, condition.subject);
      const closedAt = previous?.closedAt;
      const flap =
        previous && closedAt !== undefined && now.getTime() - Date.parse(closedAt) <= this.options.flapWindowMs;
      if (previous && flap) {
        // Opened again: it needs a person's eyes again, so the earlier acknowledgement does not carry over.
        const { closedAt: _closed, acknowledgedAt: _seen, acknowledgedBy: _by, ...rest } = previous;
        const reopened: AlertRecord = {
          ...rest,
          severity: condition.severity,
          summary: condition.summary,
          details: condition.details,
          reopenedAt: at,
          flapCount: previous.flapCount + 1,
        };
        note('reopened', reopened);
        stillOpen.push(reopened);
      } else {
        const opened: AlertRecord = { id: this.#newId(), kioskId, ...condition, openedAt: at, flapCount: 0 };
        note('opened', opened);
        stillOpen.push(opened);
      }
    }
    if (changed.length === 0) return stillOpen;
    const { refused } = await this.options.repository.saveAlerts(changed, notifications);
    if (notifications.some((n) => !refused.includes(n.alertId))) this.options.onQueued?.();
    // Another hub instance evaluated this kiosk at the same moment and got there first: what is
    // stored is the truth.
    return refused.length === 0 ? stillOpen : this.options.repository.openAlerts(kioskId);
  }

  /**
   * A person has seen the alert and acts on it (the console calls this). `by` names the person
   * (a user id, never their contact data). Acknowledging twice changes nothing.
   */
  async acknowledge(alertId: string, by: string, now: Date): Promise<AcknowledgeOutcome> {
    const alert = await this.options.repository.findAlert(alertId);
    if (!alert) return { outcome: 'not_found' };
    if (alert.closedAt !== undefined) return { outcome: 'closed' };
    if (alert.acknowledgedAt !== undefined) return { outcome: 'already_acknowledged', alert };
    const at = now.toISOString();
    const acknowledged: AlertRecord = { ...alert, acknowledgedAt: at, acknowledgedBy: by };
    const { refused } = await this.options.repository.saveAlerts(
      [acknowledged],
      [
        {
          alertId,
          event: 'acknowledged',
          payload: notificationPayload('acknowledged', acknowledged, at),
          createdAt: at,
        },
      ],
    );
    // Acknowledged or closed meanwhile through another hub instance: answer as if it came second.
    if (refused.length > 0) return this.acknowledge(alertId, by, now);
    this.options.onQueued?.();
    return { outcome: 'acknowledged', alert: acknowledged };
  }
}
