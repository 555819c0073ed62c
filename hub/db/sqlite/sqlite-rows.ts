import type { StoredOutboxItem } from '../hub-repository';

/**
 * Copies the non-null optional fields of a row into a record: SQL says «no value» with NULL, the
 * records (exact optional properties) by leaving the field out.
 */
export function withOptional<T extends object>(record: T, optional: Record<string, string | number | null>): T {
  const result = { ...record } as Record<string, unknown>;
  for (const [key, value] of Object.entries(optional)) if (value !== null) result[key] = value;
  return result as T;
}

/** A row of `outbox_items`. */
export interface OutboxRow {
  kiosk_id: string;
  item_id: string;
  seq: number;
  kind: string;
  at: string;
  payload: string;
  received_at: string;
}

/** A stored outbox item from its row. */
export function storedOutboxItemOf(row: OutboxRow): StoredOutboxItem {
  return {
    kioskId: row.kiosk_id,
    seq: row.seq,
    id: row.item_id,
    kind: row.kind,
    at: row.at,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    receivedAt: row.received_at,
  };
}
