import type pg from 'pg';
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
import { inTransaction } from './postgres-transaction';

/** PostgreSQL's unique_violation: the one-open-alert index refused a write. */
const UNIQUE_VIOLATION = '23505';

const SAVE_ALERT = `INSERT INTO alerts (id, kiosk_id, rule, subject, severity, summary, details_json, opened_at,
    reopened_at, flap_count, acknowledged_at, acknowledged_by, closed_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
  ON CONFLICT (id) DO UPDATE SET severity = excluded.severity, summary = excluded.summary,
    details_json = excluded.details_json, reopened_at = excluded.reopened_at, flap_count = excluded.flap_count,
    acknowledged_at = excluded.acknowledged_at, acknowledged_by = excluded.acknowledged_by,
    closed_at = excluded.closed_at`;

/**
 * `FleetRepository` on PostgreSQL, for one or several hub instances on one database (migration
 * 0004). Runs on a pool it does not own (the hub opens, migrates and ends it). Across instances:
 * a kiosk's health writes lock its `kiosk_health` row (its history bound holds); an alert save
 * locks the alerts it changes and the `alerts_one_open` index refuses a second open alert of one
 * kiosk, rule and subject; the webhook queue is claimed with row locks and a lease.
 */
export class PostgresFleetRepository implements FleetRepository {
  constructor(private readonly pool: pg.Pool) {}

  async recordHealth(changes: readonly HealthChangeEntry[], history: HistoryBounds): Promise<void> {
    if (changes.length === 0) return;
    const lastSeen = new Map<string, string>();
    for (const { kioskId, receivedAt } of changes) {
      const seen = lastSeen.get(kioskId);
      if (seen === undefined || receivedAt > seen) lastSeen.set(kioskId, receivedAt);
    }
    const kioskIds = [...lastSeen.keys()].sort();
    await inTransaction(this.pool, async (client) => {
      // Every kiosk's row first, created if new and locked in id order (two instances' batches
      // never wait on each other in a circle): its history is then appended and bounded in turn.
      const locked = await client.query<{ kiosk_id: string; state_at: string | null }>(
        `INSERT INTO kiosk_health (kiosk_id, last_seen_at)
           SELECT id, at FROM unnest($1::text[], $2::text[]) AS t (id, at) ORDER BY id
         ON CONFLICT (kiosk_id) DO UPDATE SET last_seen_at = GREATEST(kiosk_health.last_seen_at, excluded.last_seen_at)
         RETURNING kiosk_id, state_at`,
        [kioskIds, kioskIds.map((id) => lastSeen.get(id))],
      );
      const latestAt = new Map(locked.rows.map((row) => [row.kiosk_id, row.state_at]));
      for (const { kioskId, change, receivedAt } of changes) {
        const stateJson = JSON.stringify(change.state);
        await client.query(
          'INSERT INTO kiosk_health_history (kiosk_id, hash, state_json, state_at, received_at) VALUES ($1, $2, $3, $4, $5)',
          [kioskId, change.hash, stateJson, change.at, receivedAt],
        );
        await client.query(
          `DELETE FROM kiosk_health_history WHERE kiosk_id = $1 AND id <= (
             SELECT id FROM kiosk_health_history WHERE kiosk_id = $1 ORDER BY id DESC LIMIT 1 OFFSET $2)`,
          [kioskId, history.perKiosk],
        );
        if (isNewerHealthState(change.at, latestAt.get(kioskId))) {
          await client.query('UPDATE kiosk_health SET hash = $2, state_json = $3, state_at = $4 WHERE kiosk_id = $1', [
            kioskId,
            change.hash,
            stateJson,
            change.at,
          ]);
          latestAt.set(kioskId, change.at);
        }
      }
    });
  }

  async touchHealth(seen: ReadonlyMap<string, string>): Promise<void> {
    if (seen.size === 0) return;
    const kioskIds = [...seen.keys()].sort();
    await inTransaction(this.pool, async (client) => {
      // Locked in id order first, as recordHealth does: no deadlock between the two.
      await client.query('SELECT 1 FROM kiosk_health WHERE kiosk_id = ANY($1::text[]) ORDER BY kiosk_id FOR UPDATE', [
        kioskIds,
      ]);
      await client.query(
        `UPDATE kiosk_health AS k SET last_seen_at = GREATEST(k.last_seen_at, t.at)
         FROM unnest($1::text[], $2::text[]) AS t (id, at) WHERE k.kiosk_id = t.id`,
        [kioskIds, kioskIds.map((id) => seen.get(id))],
      );
    });
  }

  async recordContentState(kioskId: string, report: ContentStateReport, at: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO kiosk_health (kiosk_id, last_seen_at, content_json) VALUES ($1, $2, $3)
       ON CONFLICT (kiosk_id) DO UPDATE SET content_json = excluded.content_json,
         last_seen_at = GREATEST(kiosk_health.last_seen_at, excluded.last_seen_at)`,
      [kioskId, at, JSON.stringify(report)],
    );
  }

  async recordReconciliation(kioskId: string, note: ReconciliationNote): Promise<void> {
    await this.pool.query(
      `INSERT INTO kiosk_health (kiosk_id, last_seen_at, reconciliation_at, reconciliation_matched) VALUES ($1, $2, $2, $3)
       ON CONFLICT (kiosk_id) DO UPDATE SET reconciliation_at = excluded.reconciliation_at,
         reconciliation_matched = excluded.reconciliation_matched`,
      [kioskId, note.at, note.matched],
    );
  }

  async listHealth(): Promise<KioskHealthRecord[]> {
    const { rows } = await this.pool.query<HealthRow>('SELECT * FROM kiosk_health ORDER BY kiosk_id');
    return rows.map(healthFromRow);
  }

  async healthHistory(kioskId: string, limit: number): Promise<HealthHistoryEntry[]> {
    const { rows } = await this.pool.query<HistoryRow>(
      'SELECT hash, state_json, state_at, received_at FROM kiosk_health_history WHERE kiosk_id = $1 ORDER BY id DESC LIMIT $2',
      [kioskId, limit],
    );
    return rows.map(historyEntryFromRow);
  }

  async openAlerts(kioskId?: string): Promise<AlertRecord[]> {
    const { rows } =
      kioskId === undefined
        ? await this.pool.query<AlertRow>('SELECT * FROM alerts WHERE closed_at IS NULL ORDER BY opened_at, seq')
        : await this.pool.query<AlertRow>(
            'SELECT * FROM alerts WHERE closed_at IS NULL AND kiosk_id = $1 ORDER BY opened_at, seq',
            [kioskId],
          );
    return rows.map(alertFromRow);
  }

  async findAlert(id: string): Promise<AlertRecord | undefined> {
    const { rows } = await this.pool.query<AlertRow>('SELECT * FROM alerts WHERE id = $1', [id]);
    return rows[0] && alertFromRow(rows[0]);
  }

  async latestAlert(kioskId: string, rule: string, subject: string): Promise<AlertRecord | undefined> {
    const { rows } = await this.pool.query<AlertRow>(
      `SELECT * FROM alerts WHERE kiosk_id = $1 AND rule = $2 AND subject = $3
       ORDER BY opened_at DESC, seq DESC LIMIT 1`,
      [kioskId, rule, subject],
    );
    return rows[0] && alertFromRow(rows[0]);
  }

  async listAlerts(options: { since?: string; limit: number }): Promise<AlertRecord[]> {
    const { rows } = await this.pool.query<AlertRow>(
      'SELECT * FROM alerts WHERE opened_at >= $1 ORDER BY opened_at DESC, seq DESC LIMIT $2',
      [options.since ?? '', options.limit],
    );
    return rows.map(alertFromRow);
  }

  async saveAlerts(
    alerts: readonly AlertRecord[],
    notifications: readonly NewAlertNotification[],
  ): Promise<SavedAlerts> {
    const events = eventsByAlert(notifications);
    return inTransaction(this.pool, async (client) => {
      // The stored alerts this save changes, locked in id order: another instance's save of the
      // same alerts waits, then sees this one's result.
      const locked = await client.query<AlertRow>(
        'SELECT * FROM alerts WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE',
        [alerts.map((alert) => alert.id)],
      );
      const stored = new Map(locked.rows.map((row) => [row.id, alertFromRow(row)]));
      const refused: string[] = [];
      for (const alert of alerts) {
        const other = await client.query(
          `SELECT 1 FROM alerts WHERE kiosk_id = $1 AND rule = $2 AND subject = $3 AND closed_at IS NULL
             AND id <> $4 LIMIT 1`,
          [alert.kioskId, alert.rule, alert.subject, alert.id],
        );
        const applies = alertSaveApplies(alert, stored.get(alert.id), events.get(alert.id), (other.rowCount ?? 0) > 0);
        if (!applies || !(await writeAlert(client, alert))) refused.push(alert.id);
      }
      for (const n of notifications) {
        if (refused.includes(n.alertId)) continue;
        await client.query(
          `INSERT INTO alert_notifications (alert_id, event, payload_json, created_at, next_attempt_at)
           VALUES ($1, $2, $3, $4, $4)`,
          [n.alertId, n.event, JSON.stringify(n.payload), n.createdAt],
        );
      }
      return { refused };
    });
  }

  async undeliveredNotifications(limit: number): Promise<AlertNotificationRecord[]> {
    const { rows } = await this.pool.query<NotificationRow>(
      'SELECT * FROM alert_notifications WHERE delivered_at IS NULL ORDER BY id LIMIT $1',
      [limit],
    );
    return rows.map(notificationFromRow);
  }

  async claimNotifications(limit: number, claim: NotificationClaim): Promise<AlertNotificationRecord[]> {
    return inTransaction(this.pool, async (client) => {
      // A second claimer waits on the head's row locks, then reads the first one's lease.
      const { rows } = await client.query<NotificationRow>(
        'SELECT * FROM alert_notifications WHERE delivered_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE',
        [limit],
      );
      if (!queueHeadClaimable(rows, claim)) return [];
      if (rows.length > 0) {
        await client.query(
          'UPDATE alert_notifications SET claimed_by = $1, claimed_until = $2 WHERE id = ANY($3::bigint[])',
          [claim.holder, claim.until, rows.map((row) => row.id)],
        );
      }
      return rows.map(notificationFromRow);
    });
  }

  async markNotificationDelivered(id: number, at: string): Promise<void> {
    await this.pool.query('UPDATE alert_notifications SET delivered_at = $1, attempts = attempts + 1 WHERE id = $2', [
      at,
      id,
    ]);
  }

  async markNotificationFailed(
    id: number,
    failure: { attempts: number; nextAttemptAt: string; error: string },
  ): Promise<void> {
    await this.pool.query(
      `UPDATE alert_notifications SET attempts = $1, next_attempt_at = $2, last_error = $3,
         claimed_by = NULL, claimed_until = NULL WHERE id = $4`,
      [failure.attempts, failure.nextAttemptAt, storedDeliveryError(failure.error), id],
    );
  }

  async pruneFleet(before: string): Promise<number> {
    return inTransaction(this.pool, async (client) => {
      const notifications = await client.query(
        'DELETE FROM alert_notifications WHERE delivered_at IS NOT NULL AND delivered_at < $1',
        [before],
      );
      const alerts = await client.query(
        `DELETE FROM alerts WHERE closed_at IS NOT NULL AND closed_at < $1
           AND NOT EXISTS (SELECT 1 FROM alert_notifications n WHERE n.alert_id = alerts.id)`,
        [before],
      );
      const history = await client.query('DELETE FROM kiosk_health_history WHERE received_at < $1', [before]);
      return (notifications.rowCount ?? 0) + (alerts.rowCount ?? 0) + (history.rowCount ?? 0);
    });
  }
}

/**
 * Writes one alert inside the caller's transaction; false when the one-open-alert index refused it
 * (another instance's open alert of the same kiosk, rule and subject committed meanwhile). The
 * savepoint keeps the rest of the transaction usable after the refusal.
 */
async function writeAlert(client: pg.PoolClient, alert: AlertRecord): Promise<boolean> {
  const row = alertToRow(alert);
  await client.query('SAVEPOINT alert_write');
  try {
    await client.query(SAVE_ALERT, [
      row.id,
      row.kiosk_id,
      row.rule,
      row.subject,
      row.severity,
      row.summary,
      row.details_json,
      row.opened_at,
      row.reopened_at,
      row.flap_count,
      row.acknowledged_at,
      row.acknowledged_by,
      row.closed_at,
    ]);
    await client.query('RELEASE SAVEPOINT alert_write');
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code !== UNIQUE_VIOLATION) throw error;
    await client.query('ROLLBACK TO SAVEPOINT alert_write');
    return false;
  }
}
