import type Database from 'better-sqlite3';
import type { ContentStateReport } from '../../../kiosk-config/src/content/content-state';
import type {
  AlertNotificationRecord,
  AlertRecord,
  FleetRepository,
  HealthChangeEntry,
  HealthHistoryEntry,
  HistoryBounds,
  KioskHealthRecord,
  NewAlertNotification,
  NotificationClaim,
  ReconciliationNote,
  SavedAlerts,
} from '../fleet-repository';
import {
  type AlertRow,
  alertFromRow,
  alertSaveApplies,
  alertToRow,
  eventsByAlert,
  type HealthRow,
  type HistoryRow,
  healthFromRow,
  historyEntryFromRow,
  isNewerHealthState,
  type NotificationRow,
  notificationFromRow,
  queueHeadClaimable,
  storedDeliveryError,
} from '../fleet-rows';
import type { SqliteBackgroundWriter } from './sqlite-background-writer';

/**
 * `FleetRepository` on the hub's SQLite database (the handle is shared with `SqliteHubRepository`,
 * which owns and closes it). Last-seen times go through the hub's background writer when it has
 * one (off the event loop; see `SqliteBackgroundWriter`).
 */
export class SqliteFleetRepository implements FleetRepository {
  readonly #statements;
  readonly #writer: SqliteBackgroundWriter | undefined;

  constructor(
    private readonly db: Database.Database,
    options: { backgroundWriter?: SqliteBackgroundWriter } = {},
  ) {
    this.#writer = options.backgroundWriter;
    this.#statements = {
      latestAt: db.prepare<[string], { state_at: string | null }>(
        'SELECT state_at FROM kiosk_health WHERE kiosk_id = ?',
      ),
      upsertLatest: db.prepare(
        `INSERT INTO kiosk_health (kiosk_id, hash, state_json, state_at, last_seen_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (kiosk_id) DO UPDATE SET hash = excluded.hash, state_json = excluded.state_json,
           state_at = excluded.state_at, last_seen_at = max(last_seen_at, excluded.last_seen_at)`,
      ),
      seenOnly: db.prepare(
        `INSERT INTO kiosk_health (kiosk_id, last_seen_at) VALUES (?, ?)
         ON CONFLICT (kiosk_id) DO UPDATE SET last_seen_at = max(last_seen_at, excluded.last_seen_at)`,
      ),
      touch: db.prepare('UPDATE kiosk_health SET last_seen_at = max(last_seen_at, ?) WHERE kiosk_id = ?'),
      appendHistory: db.prepare(
        'INSERT INTO kiosk_health_history (kiosk_id, hash, state_json, state_at, received_at) VALUES (?, ?, ?, ?, ?)',
      ),
      pruneHistory: db.prepare(
        `DELETE FROM kiosk_health_history WHERE kiosk_id = ? AND id <= (
           SELECT id FROM kiosk_health_history WHERE kiosk_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`,
      ),
      content: db.prepare(
        `INSERT INTO kiosk_health (kiosk_id, last_seen_at, content_json) VALUES (?, ?, ?)
         ON CONFLICT (kiosk_id) DO UPDATE SET content_json = excluded.content_json,
           last_seen_at = max(last_seen_at, excluded.last_seen_at)`,
      ),
      reconciliation: db.prepare(
        `INSERT INTO kiosk_health (kiosk_id, last_seen_at, reconciliation_at, reconciliation_matched) VALUES (?, ?, ?, ?)
         ON CONFLICT (kiosk_id) DO UPDATE SET reconciliation_at = excluded.reconciliation_at,
           reconciliation_matched = excluded.reconciliation_matched`,
      ),
      listHealth: db.prepare<[], HealthRow>('SELECT * FROM kiosk_health ORDER BY kiosk_id'),
      history: db.prepare<[string, number], HistoryRow>(
        'SELECT hash, state_json, state_at, received_at FROM kiosk_health_history WHERE kiosk_id = ? ORDER BY id DESC LIMIT ?',
      ),
      openAlerts: db.prepare<[], AlertRow>('SELECT * FROM alerts WHERE closed_at IS NULL ORDER BY opened_at, rowid'),
      openAlertsOf: db.prepare<[string], AlertRow>(
        'SELECT * FROM alerts WHERE closed_at IS NULL AND kiosk_id = ? ORDER BY opened_at, rowid',
      ),
      findAlert: db.prepare<[string], AlertRow>('SELECT * FROM alerts WHERE id = ?'),
      latestAlert: db.prepare<[string, string, string], AlertRow>(
        'SELECT * FROM alerts WHERE kiosk_id = ? AND rule = ? AND subject = ? ORDER BY opened_at DESC, rowid DESC LIMIT 1',
      ),
      listAlerts: db.prepare<[string, number], AlertRow>(
        'SELECT * FROM alerts WHERE opened_at >= ? ORDER BY opened_at DESC, rowid DESC LIMIT ?',
      ),
      anotherOpen: db.prepare<[string, string, string, string], { one: number }>(
        `SELECT 1 AS one FROM alerts WHERE kiosk_id = ? AND rule = ? AND subject = ? AND closed_at IS NULL
           AND id <> ? LIMIT 1`,
      ),
      saveAlert: db.prepare(
        `INSERT INTO alerts (id, kiosk_id, rule, subject, severity, summary, details_json, opened_at, reopened_at,
           flap_count, acknowledged_at, acknowledged_by, closed_at)
         VALUES (@id, @kiosk_id, @rule, @subject, @severity, @summary, @details_json, @opened_at, @reopened_at,
           @flap_count, @acknowledged_at, @acknowledged_by, @closed_at)
         ON CONFLICT (id) DO UPDATE SET severity = excluded.severity, summary = excluded.summary,
           details_json = excluded.details_json, reopened_at = excluded.reopened_at, flap_count = excluded.flap_count,
           acknowledged_at = excluded.acknowledged_at, acknowledged_by = excluded.acknowledged_by,
           closed_at = excluded.closed_at`,
      ),
      queueNotification: db.prepare(
        `INSERT INTO alert_notifications (alert_id, event, payload_json, created_at, next_attempt_at)
         VALUES (?, ?, ?, ?, ?)`,
      ),
      undelivered: db.prepare<[number], NotificationRow>(
        'SELECT * FROM alert_notifications WHERE delivered_at IS NULL ORDER BY id LIMIT ?',
      ),
      claim: db.prepare('UPDATE alert_notifications SET claimed_by = ?, claimed_until = ? WHERE id = ?'),
      delivered: db.prepare('UPDATE alert_notifications SET delivered_at = ?, attempts = attempts + 1 WHERE id = ?'),
      failed: db.prepare(
        `UPDATE alert_notifications SET attempts = ?, next_attempt_at = ?, last_error = ?,
           claimed_by = NULL, claimed_until = NULL WHERE id = ?`,
      ),
      pruneNotifications: db.prepare(
        'DELETE FROM alert_notifications WHERE delivered_at IS NOT NULL AND delivered_at < ?',
      ),
      pruneAlerts: db.prepare(
        `DELETE FROM alerts WHERE closed_at IS NOT NULL AND closed_at < ?
           AND NOT EXISTS (SELECT 1 FROM alert_notifications n WHERE n.alert_id = alerts.id)`,
      ),
      pruneOldHistory: db.prepare('DELETE FROM kiosk_health_history WHERE received_at < ?'),
    };
  }

  async recordHealth(changes: readonly HealthChangeEntry[], history: HistoryBounds): Promise<void> {
    const s = this.#statements;
    this.db.transaction(() => {
      for (const { kioskId, change, receivedAt } of changes) {
        const stateJson = JSON.stringify(change.state);
        s.appendHistory.run(kioskId, change.hash, stateJson, change.at, receivedAt);
        s.pruneHistory.run(kioskId, kioskId, history.perKiosk);
        if (isNewerHealthState(change.at, s.latestAt.get(kioskId)?.state_at)) {
          s.upsertLatest.run(kioskId, change.hash, stateJson, change.at, receivedAt);
        } else {
          s.seenOnly.run(kioskId, receivedAt);
        }
      }
    })();
  }

  async touchHealth(seen: ReadonlyMap<string, string>): Promise<void> {
    if (this.#writer) {
      await this.#writer.write([...seen].map(([id, at]) => ({ statement: 'touchHealth', params: { id, at } })));
      return;
    }
    const touch = this.#statements.touch;
    this.db.transaction(() => {
      for (const [kioskId, at] of seen) touch.run(at, kioskId);
    })();
  }

  async recordContentState(kioskId: string, report: ContentStateReport, at: string): Promise<void> {
    this.#statements.content.run(kioskId, at, JSON.stringify(report));
  }

  async recordReconciliation(kioskId: string, note: ReconciliationNote): Promise<void> {
    this.#statements.reconciliation.run(kioskId, note.at, note.at, note.matched ? 1 : 0);
  }

  async listHealth(): Promise<KioskHealthRecord[]> {
    return this.#statements.listHealth.all().map(healthFromRow);
  }

  async healthHistory(kioskId: string, limit: number): Promise<HealthHistoryEntry[]> {
    return this.#statements.history.all(kioskId, limit).map(historyEntryFromRow);
  }

  async openAlerts(kioskId?: string): Promise<AlertRecord[]> {
    const rows = kioskId === undefined ? this.#statements.openAlerts.all() : this.#statements.openAlertsOf.all(kioskId);
    return rows.map(alertFromRow);
  }

  async findAlert(id: string): Promise<AlertRecord | undefined> {
    const row = this.#statements.findAlert.get(id);
    return row && alertFromRow(row);
  }

  async latestAlert(kioskId: string, rule: string, subject: string): Promise<AlertRecord | undefined> {
    const row = this.#statements.latestAlert.get(kioskId, rule, subject);
    return row && alertFromRow(row);
  }

  async listAlerts(options: { since?: string; limit: number }): Promise<AlertRecord[]> {
    return this.#statements.listAlerts.all(options.since ?? '', options.limit).map(alertFromRow);
  }

  async saveAlerts(
    alerts: readonly AlertRecord[],
    notifications: readonly NewAlertNotification[],
  ): Promise<SavedAlerts> {
    const s = this.#statements;
    const events = eventsByAlert(notifications);
    // IMMEDIATE: the write lock from the first read, so another connection's save waits its turn
    // and then sees this one (SQLite has one writer: the check below is the lock).
    return this.db
      .transaction((): SavedAlerts => {
        const refused: string[] = [];
        for (const alert of alerts) {
          const row = s.findAlert.get(alert.id);
          const anotherOpen = s.anotherOpen.get(alert.kioskId, alert.rule, alert.subject, alert.id) !== undefined;
          if (alertSaveApplies(alert, row && alertFromRow(row), events.get(alert.id), anotherOpen)) {
            s.saveAlert.run(alertToRow(alert));
          } else {
            refused.push(alert.id);
          }
        }
        for (const n of notifications) {
          if (refused.includes(n.alertId)) continue;
          s.queueNotification.run(n.alertId, n.event, JSON.stringify(n.payload), n.createdAt, n.createdAt);
        }
        return { refused };
      })
      .immediate();
  }

  async undeliveredNotifications(limit: number): Promise<AlertNotificationRecord[]> {
    return this.#statements.undelivered.all(limit).map(notificationFromRow);
  }

  async claimNotifications(limit: number, claim: NotificationClaim): Promise<AlertNotificationRecord[]> {
    const s = this.#statements;
    return this.db
      .transaction(() => {
        const head = s.undelivered.all(limit);
        if (!queueHeadClaimable(head, claim)) return [];
        for (const row of head) s.claim.run(claim.holder, claim.until, row.id);
        return head.map(notificationFromRow);
      })
      .immediate();
  }

  async markNotificationDelivered(id: number, at: string): Promise<void> {
    this.#statements.delivered.run(at, id);
  }

  async markNotificationFailed(
    id: number,
    failure: { attempts: number; nextAttemptAt: string; error: string },
  ): Promise<void> {
    this.#statements.failed.run(failure.attempts, failure.nextAttemptAt, storedDeliveryError(failure.error), id);
  }

  async pruneFleet(before: string): Promise<number> {
    const s = this.#statements;
    return this.db.transaction(
      () =>
        s.pruneNotifications.run(before).changes +
        s.pruneAlerts.run(before).changes +
        s.pruneOldHistory.run(before).changes,
    )();
  }
}
