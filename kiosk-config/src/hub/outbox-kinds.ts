import { z } from 'zod';
import { ContentStateReport } from '../content/content-state';
import { DeviceStatus } from '../contract/devices';
import { HEALTH_OUTBOX_KIND, HealthChange } from './fleet-health';
import { EndOfDayReport, PAYMENT_OUTBOX_KINDS, PaymentReport } from './payments-api';
import { TicketOutboxPayloads } from './queue-api';
import { RATING_OUTBOX_KIND, RatingOutboxItem } from './rating-api';
import { COMMAND_ACK_OUTBOX_KIND, CommandAck } from './remote-commands';
import { TECHNICIAN_AUDIT_OUTBOX_KIND, TechnicianAuditEntry } from './technician-audit';

/** One kind of outbox item: its payload's strict schema and the most bytes its JSON may take. */
export interface OutboxKind {
  payload: z.ZodType<Record<string, unknown>>;
  maxBytes: number;
}

/**
 * Every kind of item a kiosk may put in its outbox, and the only ones the hub stores: a strict
 * schema (no field the kiosk does not send) and a byte cap a little above the largest real one.
 * A new kind is added here, on both sides at once; an older hub refuses it (400) and the kiosk
 * sets the item aside (`OutboxDelivery`), so it never blocks the items behind it.
 */
export const OUTBOX_KINDS = {
  'ticket.offline': { payload: TicketOutboxPayloads['ticket.offline'], maxBytes: 1024 },
  'ticket.print_outcome': { payload: TicketOutboxPayloads['ticket.print_outcome'], maxBytes: 512 },
  'ticket.abandoned': { payload: TicketOutboxPayloads['ticket.abandoned'], maxBytes: 512 },
  [PAYMENT_OUTBOX_KINDS.state]: { payload: PaymentReport, maxBytes: 4096 },
  [PAYMENT_OUTBOX_KINDS.endOfDay]: { payload: EndOfDayReport, maxBytes: 1024 },
  /** How a status lookup went: the number masked (`***8901`), never whole. */
  'status.lookup': {
    payload: z
      .object({
        maskedNumber: z
          .string()
          .max(32)
          .regex(/^(?:[\p{L}\p{N}]{1,12}-\*{3}-)?\*{3}[\p{L}\p{N}\-/_.]{0,4}$/u)
          .optional(),
        outcome: z
          .string()
          .regex(/^[a-z_]{1,40}$/)
          .max(40),
      })
      .strict(),
    maxBytes: 256,
  },
  /** The devices' statuses after a change (printer, scanner, document reader, card terminal). */
  'device.changed': {
    payload: z.object({ devices: z.array(DeviceStatus.strict()).max(8) }).strict(),
    maxBytes: 4096,
  },
  /** The data folder's free space fell below the floor: new tickets and payments are refused (docs/security.md). */
  'kiosk.disk_low': {
    payload: z.object({ freeBytes: z.number().int().nonnegative(), floorBytes: z.number().int().positive() }).strict(),
    maxBytes: 128,
  },
  /** The kiosk's content: the release it runs or fetches, how far, or why it refused one (docs/operations/content.md). */
  'content.state': { payload: ContentStateReport, maxBytes: 512 },
  /** The kiosk's health after a change (a paper roll near its end must not wait for the next heartbeat). */
  [HEALTH_OUTBOX_KIND]: { payload: HealthChange, maxBytes: 2048 },
  /** How a remote command ended on the kiosk (docs/operations/fleet.md, "Remote commands"). */
  [COMMAND_ACK_OUTBOX_KIND]: { payload: CommandAck, maxBytes: 1024 },
  /** A technician's sign-in, action or exit on the kiosk (docs/operations/technician/access.md). */
  [TECHNICIAN_AUDIT_OUTBOX_KIND]: { payload: TechnicianAuditEntry, maxBytes: 2048 },
  /** A rating taken while the hub was out of reach (docs/accessibility/rating.md): the token's hash, never the token. */
  [RATING_OUTBOX_KIND]: { payload: RatingOutboxItem, maxBytes: 256 },
} as const satisfies Record<string, OutboxKind>;
export type OutboxKindName = keyof typeof OUTBOX_KINDS;

/** Why the hub refuses an outbox item: an unknown kind, a payload outside its schema, or too large. */
export type OutboxItemProblem = 'unknown_kind' | 'invalid_payload' | 'too_large';

/**
 * Checks one item's kind, payload and size against `OUTBOX_KINDS` (and an overall `maxBytes`):
 * undefined when it may be stored, otherwise why not.
 */
export function outboxItemProblem(
  item: { kind: string; payload: Record<string, unknown> },
  maxBytes = Number.POSITIVE_INFINITY,
): OutboxItemProblem | undefined {
  const kind: OutboxKind | undefined = Object.hasOwn(OUTBOX_KINDS, item.kind)
    ? OUTBOX_KINDS[item.kind as OutboxKindName]
    : undefined;
  if (kind === undefined) return 'unknown_kind';
  if (utf8Length(JSON.stringify(item.payload)) > Math.min(kind.maxBytes, maxBytes)) return 'too_large';
  return kind.payload.safeParse(item.payload).success ? undefined : 'invalid_payload';
}

/** UTF-8 length of a string without Node's Buffer (this module is portable). */
function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}
