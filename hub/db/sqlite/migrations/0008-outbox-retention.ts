import type { Migration } from '../migrate';

/**
 * The outbox's retention: stored items are deleted by the day they arrived
 * (`outboxRetentionDays`), which needs an index on `received_at`.
 */
export const migration0008OutboxRetention: Migration = {
  version: 8,
  name: 'outbox-retention',
  sql: `
CREATE INDEX outbox_items_received_at ON outbox_items (received_at);
`,
};
