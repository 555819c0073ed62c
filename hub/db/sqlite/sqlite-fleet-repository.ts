import type Database from 'better-sqlite3';
import type { ContentStateReport } from '../../../kiosk-config/src/content/content-state';
import type { HealthState } from '../../../kiosk-config/src/hub/fleet-health';
import type {
  AlertEvent,
  AlertNotificationRecord,
  AlertRecord,
  AlertSeverity,
  FleetRepository,
  HealthChangeEntry,
  HealthHistoryEntry,
  HistoryBounds,
  KioskHealthRecord,
  NewAlertNotification,
  ReconciliationNote,
} from '../fleet-repository';
import { withOptional } from '../store-rows';
import type { SqliteBackgroundWriter } from './sqlite-background-writer';

interface HealthRow {
  kiosk_id: string;
  hash: string | null;
  state_json: string | null;
  state_at: string | null;
  last_seen_at: string;
  content_json: string | null;
  reconciliation_at: string | null;
  reconciliation_matched: number | null;
}

interface AlertRow {
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

interface NotificationRow {
  id: number;
  alert_id: string;
  event: AlertEvent;
  payload_json: string;
  created_at: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  delivered_at: string | null;
}

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
      listHealth: db.prepare<[], HealthRow>('SELECT * FROM kiosk_health'),
      history: db.prepare<
        [string, number],
        { hash: string; state_json: string; state_at: string; received_at: string }
      >(
        'SELECT hash, state_json, state_at, received_at FROM kiosk_health_history WHERE kiosk_id = ? ORDER BY id DESC LIMIT ?',
      ),
      openAlerts: db.prepare<[], AlertRow>('SELECT * FROM alerts WHERE closed_at IS NULL ORDER BY opened_at'),
      openAlertsOf: db.prepare<[string], AlertRow>(
        'SELECT * FROM alerts WHERE closed_at IS NULL AND kiosk_id = ? ORDER BY opened_at',
      ),
      findAlert: db.prepare<[string], AlertRow>('SELECT * FROM alerts WHERE id = ?'),
      latestAlert: db.prepare<[string, string, string], AlertRow>(
        'SELECT * FROM alerts WHERE kiosk_id = ? AND rule = ? AND subject = ? ORDER BY opened_at DESC, rowid DESC LIMIT 1',
      ),
      listAlerts: db.prepare<[string, number], AlertRow>(
        'SELECT * FROM alerts WHERE opened_at >= ? ORDER BY opened_at DESC LIMIT ?',
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
      delivered: db.prepare('UPDATE alert_notifications SET delivered_at = ?, attempts = attempts + 1 WHERE id = ?'),
      failed: db.prepare(
        'UPDATE alert_notifications SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?',
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
        const current = s.latestAt.get(kioskId)?.state_at;
        // Compared as times: a kiosk's ISO strings need not all be in UTC.
        if (current == null || Date.parse(change.at) >= Date.parse(current)) {
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
    return this.#statements.history.all(kioskId, limit).map((row) => ({
      hash: row.hash,
      state: JSON.parse(row.state_json) as HealthState,
      stateAt: row.state_at,
      receivedAt: row.received_at,
    }));
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

  async saveAlerts(alerts: readonly AlertRecord[], notifications: readonly NewAlertNotification[]): Promise<void> {
    const s = this.#statements;
    this.db.transaction(() => {
      for (const alert of alerts) s.saveAlert.run(alertToRow(alert));
      for (const n of notifications) {
        s.queueNotification.run(n.alertId, n.event, JSON.stringify(n.payload), n.createdAt, n.createdAt);
      }
    })();
  }

  async undeliveredNotifications(limit: number): Promise<AlertNotificationRecord[]> {
    return this.#statements.undelivered.all(limit).map((row) =>
      withOptional<AlertNotificationRecord>(
        {
          id: row.id,
          alertId: row.alert_id,
          event: row.event,
          payload: JSON.parse(row.payload_json) as Record<string, unknown>,
          createdAt: row.created_at,
          attempts: row.attempts,
          nextAttemptAt: row.next_attempt_at,
        },
        { lastError: row.last_error, deliveredAt: row.delivered_at },
      ),
    );
  }

  async markNotificationDelivered(id: number, at: string): Promise<void> {
    this.#statements.delivered.run(at, id);
  }

  async markNotificationFailed(
    id: number,
    failure: { attempts: number; nextAttemptAt: string; error: string },
  ): Promise<void> {
    this.#statements.failed.run(failure.attempts, failure.nextAttemptAt, failure.error.slice(0, 300), id);
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

function healthFromRow(row: HealthRow): KioskHealthRecord {
  const record: KioskHealthRecord = withOptional<KioskHealthRecord>(
    { kioskId: row.kiosk_id, lastSeenAt: row.last_seen_at },
    { hash: row.hash, stateAt: row.state_at },
  );
  if (row.state_json !== null) record.state = JSON.parse(row.state_json) as HealthState;
  if (row.content_json !== null) record.content = JSON.parse(row.content_json) as ContentStateReport;
  if (row.reconciliation_at !== null && row.reconciliation_matched !== null) {
    record.reconciliation = { at: row.reconciliation_at, matched: row.reconciliation_matched === 1 };
  }
  return record;
}

function alertFromRow(row: AlertRow): AlertRecord {
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

function alertToRow(alert: AlertRecord): Record<string, string | number | null> {
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
