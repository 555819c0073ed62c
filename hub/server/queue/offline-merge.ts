import { isFollowToken } from '../../../kiosk-config/src/hub/follow-link';
import type { OutboxItem } from '../../../kiosk-config/src/hub/hub-api';
import { TicketOutboxPayloads } from '../../../kiosk-config/src/hub/queue-api';
import { officeDate } from '../../../kiosk-config/src/time/office-time';
import type { HubRepository, TicketMerge } from '../../db/hub-repository';
import { parseOfflineNumber } from '../../db/ticket-numbers';
import { hashSecret } from '../credentials';
import type { AuthenticatedKiosk } from '../kiosk-auth';
import { bookingCodeResolver } from './offline-bookings';

/** Why an outbox item about a ticket is not merged (it is stored all the same). */
export type MergeRefusal = 'bad_payload' | 'bad_number' | 'no_offline_tag' | 'foreign_tag' | 'bad_time';

/** The merges to apply with a batch, and the items refused, for the log. */
export interface MergePlan {
  merges: TicketMerge[];
  refused: { itemId: string; kind: string; reason: MergeRefusal }[];
}

/** What planning needs to know of the sending kiosk. */
export interface MergeContext {
  kiosk: AuthenticatedKiosk;
  /** Its offline tag; absent when it never asked for its setup (so it has no offline block). */
  offlineTag?: string;
  /** The office's zone: an offline ticket belongs to the office day of its `issuedAt`. */
  timeZone: string;
  /** An offline check-in's booking code by its hash on an office day (undefined: none matches). */
  bookingCodeOf?: (day: string, codeHash: string) => string | undefined;
}

const TICKET_KINDS = new Set(Object.keys(TicketOutboxPayloads));

/** Whether a batch holds anything about tickets (else there is nothing to plan). */
export function hasTicketItems(items: readonly OutboxItem[]): boolean {
  return items.some((item) => TICKET_KINDS.has(item.kind));
}

/**
 * Checks the outbox items about tickets and turns them into merges (docs/queue.md, offline).
 * Pure: what depends on stored rows (a replay, a number taken, whose ticket it is) is decided
 * when the merge is applied, in the outbox's transaction.
 *
 * An offline ticket's number must carry the sending kiosk's own tag: that is what makes it
 * impossible to collide with the hub's numbers or another kiosk's.
 */
export function planTicketMerges(items: readonly OutboxItem[], context: MergeContext): MergePlan {
  const plan: MergePlan = { merges: [], refused: [] };
  const refuse = (item: OutboxItem, reason: MergeRefusal) =>
    plan.refused.push({ itemId: item.id, kind: item.kind, reason });
  for (const item of items) {
    const base = { itemId: item.id };
    switch (item.kind) {
      case 'ticket.offline': {
        const parsed = TicketOutboxPayloads['ticket.offline'].safeParse(item.payload);
        if (!parsed.success || !isFollowToken(parsed.data.followToken)) {
          refuse(item, 'bad_payload');
          break;
        }
        const payload = parsed.data;
        const number = parseOfflineNumber(payload.number);
        if (!number) {
          refuse(item, 'bad_number');
          break;
        }
        if (context.offlineTag === undefined) {
          refuse(item, 'no_offline_tag');
          break;
        }
        if (number.tag !== context.offlineTag) {
          refuse(item, 'foreign_tag');
          break;
        }
        const issuedAt = Date.parse(payload.issuedAt);
        if (Number.isNaN(issuedAt)) {
          refuse(item, 'bad_time');
          break;
        }
        const day = officeDate(new Date(issuedAt), context.timeZone);
        const code = payload.booking && context.bookingCodeOf?.(day, payload.booking.codeHash);
        plan.merges.push({
          ...base,
          kind: 'offline',
          ticket: {
            ticketId: payload.ticketId,
            officeId: context.kiosk.officeId,
            kioskId: context.kiosk.id,
            serviceId: payload.serviceId,
            prefix: number.prefix,
            day,
            // With the kiosk's milliseconds: the queue orders by it.
            issuedAt: new Date(issuedAt).toISOString(),
            source: 'offline',
            // A booked visitor checked in offline holds a priority ticket, whatever the merge finds.
            priority: payload.booking !== undefined,
            followTokenHash: hashSecret(payload.followToken),
            number: payload.number,
            ...(payload.kioskSeq === undefined ? {} : { kioskSeq: payload.kioskSeq }),
          },
          ...(payload.booking === undefined ? {} : { offlineBooking: code === undefined ? {} : { code } }),
        });
        break;
      }
      case 'ticket.print_outcome': {
        const parsed = TicketOutboxPayloads['ticket.print_outcome'].safeParse(item.payload);
        if (parsed.success) plan.merges.push({ ...base, kind: 'print_outcome', ...parsed.data });
        else refuse(item, 'bad_payload');
        break;
      }
      case 'ticket.abandoned': {
        const parsed = TicketOutboxPayloads['ticket.abandoned'].safeParse(item.payload);
        if (parsed.success) plan.merges.push({ ...base, kind: 'abandoned', ticketId: parsed.data.ticketId });
        else refuse(item, 'bad_payload');
        break;
      }
    }
  }
  return plan;
}

/** Plans a batch's merges for the outbox route: reads the kiosk's tag and office zone when needed. */
export function createMergePlanner(repository: HubRepository) {
  return async (kiosk: AuthenticatedKiosk, items: readonly OutboxItem[]): Promise<MergePlan> => {
    if (!hasTicketItems(items)) return { merges: [], refused: [] };
    const record = await repository.findKiosk(kiosk.id);
    const office = await repository.findOffice(kiosk.officeId);
    const timeZone = office?.timeZone ?? 'Europe/Moscow';
    const days = offlineCheckInDays(items, timeZone);
    return planTicketMerges(items, {
      kiosk,
      ...(record?.offlineTag === undefined ? {} : { offlineTag: record.offlineTag }),
      timeZone,
      ...(days.length === 0 || !office
        ? {}
        : { bookingCodeOf: await bookingCodeResolver(repository, kiosk.officeId, timeZone, days) }),
    });
  };
}

/** The office days of the offline check-ins in a batch (whose booking hashes must be resolved). */
function offlineCheckInDays(items: readonly OutboxItem[], timeZone: string): string[] {
  const days = new Set<string>();
  for (const item of items) {
    if (item.kind !== 'ticket.offline') continue;
    const parsed = TicketOutboxPayloads['ticket.offline'].safeParse(item.payload);
    if (!parsed.success || parsed.data.booking === undefined) continue;
    const issuedAt = Date.parse(parsed.data.issuedAt);
    if (!Number.isNaN(issuedAt)) days.add(officeDate(new Date(issuedAt), timeZone));
  }
  return [...days];
}

/** The planner `registerOutboxRoute` takes. */
export type MergePlanner = ReturnType<typeof createMergePlanner>;
