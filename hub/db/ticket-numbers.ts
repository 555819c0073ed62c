/**
 * Queue ticket numbers as printed and called: the hub's own `А-001`…`А-999` per office, queue
 * (prefix) and office day, and a kiosk's offline block `Б-К1-07`, which carries the kiosk's tag
 * so it never collides with the hub's numbers or another kiosk's.
 */

/** The most tickets the hub issues per queue per office day: three digits. */
export const MAX_TICKETS_PER_QUEUE_DAY = 999;

/** `А`, 7 → `А-007`. */
export function formatTicketNumber(prefix: string, seq: number): string {
  return `${prefix}-${String(seq).padStart(3, '0')}`;
}

/** An offline number's parts. */
export interface OfflineNumber {
  prefix: string;
  /** The kiosk's tag, `К1`…`К99`. */
  tag: string;
  value: number;
}

/** `Б-К1-07` → `Б`, `К1`, 7; undefined for anything else (hub numbers included). */
export function parseOfflineNumber(number: string): OfflineNumber | undefined {
  const match = /^([А-ЯЁ])-(К\d{1,2})-(\d{2})$/u.exec(number);
  if (!match?.[1] || !match[2] || !match[3]) return undefined;
  return { prefix: match[1], tag: match[2], value: Number(match[3]) };
}

/** `К` and 1…99: the offline tags a hub hands out. */
export const MAX_OFFLINE_TAGS = 99;

/** The tag's number (`К3` → 3), or undefined when it is not a tag. */
export function offlineTagNumber(tag: string): number | undefined {
  const match = /^К(\d{1,2})$/u.exec(tag);
  return match?.[1] ? Number(match[1]) : undefined;
}
