import path from 'node:path';
import type { OutboxItem } from '../../../kiosk-config/src/index';
import type { Logger } from '../logging/logger';
import { Outbox, type OutboxWriter } from './outbox';

/**
 * Kinds delivered before everything else: an offline ticket's holder may be looking at its
 * follow page, which shows nothing until the hub has the ticket.
 */
export const FIRST_LANE_KINDS: ReadonlySet<string> = new Set(['ticket.offline']);

/**
 * The kiosk's outbox in two lanes, each an `Outbox` (durable, ordered, acknowledged as a prefix):
 * `first` (`<dir>/first/`) for the kinds of `FIRST_LANE_KINDS`, `rest` (`<dir>/`) for the others.
 * Delivery empties `first` before it sends from `rest`, so after an outage the offline tickets
 * reach the hub ahead of hours of lookups and device reports. Order holds within each lane;
 * across lanes only `first`-before-`rest`, which is what tickets need (a ticket before its print
 * outcome).
 */
export class OutboxLanes implements OutboxWriter {
  private constructor(
    readonly first: Outbox,
    readonly rest: Outbox,
  ) {}

  /** Opens both lanes under `dir`. */
  static async open(options: { dir: string; log: Logger }): Promise<OutboxLanes> {
    const first = await Outbox.open({ dir: path.join(options.dir, 'first'), log: options.log });
    const rest = await Outbox.open({ dir: options.dir, log: options.log });
    return new OutboxLanes(first, rest);
  }

  /** Items waiting for the hub, in both lanes. */
  get pendingCount(): number {
    return this.first.pendingCount + this.rest.pendingCount;
  }

  enqueue(kind: string, payload: Record<string, unknown>): Promise<OutboxItem> {
    return (FIRST_LANE_KINDS.has(kind) ? this.first : this.rest).enqueue(kind, payload);
  }
}
