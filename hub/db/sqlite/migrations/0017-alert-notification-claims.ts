import type { Migration } from '../migrate';

/**
 * The webhook queue's claim (docs/operations/fleet.md, "Webhook"): which deliverer holds the head
 * of the queue and until when, so two hub processes on one database never both POST a notification.
 */
export const migration0017AlertNotificationClaims: Migration = {
  version: 17,
  name: 'alert-notification-claims',
  sql: `
ALTER TABLE alert_notifications ADD COLUMN claimed_by TEXT;
ALTER TABLE alert_notifications ADD COLUMN claimed_until TEXT;
`,
};
