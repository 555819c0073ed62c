import type { FastifyBaseLogger } from 'fastify';
import { CONTENT_STATE_OUTBOX_KIND } from '../../../kiosk-config/src/content/content-state';
import type { OutboxItem } from '../../../kiosk-config/src/hub/hub-api';
import { hubEndpoints } from '../../../kiosk-config/src/hub/hub-endpoints';
import { outboxItemProblem } from '../../../kiosk-config/src/hub/outbox-kinds';
import type { HubRepository } from '../../db/hub-repository';
import type { HubConfig } from '../hub-config';
import { sendHubError } from '../hub-errors';
import type { AuthenticatedKiosk, KioskAuth } from '../kiosk-auth';
import type { MergePlanner } from '../queue/offline-merge';
import type { HubFastify } from './hub-routes';
import { registerEndpoint } from './register-endpoint';

/** Dependencies of the outbox route. */
export interface OutboxRouteOptions {
  repository: HubRepository;
  /** Largest JSON payload of one item (bytes), whatever its kind's own cap. */
  itemMaxBytes: number;
  /** What one kiosk may store within a window; beyond it batches are answered 429. */
  backlog: HubConfig['outboxBacklogPerKiosk'];
  /** Turns ticket items (offline tickets, print outcomes, abandoned requests) into queue merges. */
  planMerges?: MergePlanner;
  /** Applies payment items to the payments ledger (`applyPaymentOutboxItems`); throws to fail the batch. */
  applyPayments?: (kiosk: AuthenticatedKiosk, items: readonly OutboxItem[], log: FastifyBaseLogger) => Promise<void>;
  /** Keeps each kiosk's latest `content.state` report (newly stored items only, in order). */
  recordContentStates?: (kiosk: AuthenticatedKiosk, items: readonly OutboxItem[], receivedAt: string) => Promise<void>;
  /** Fleet health: the newly stored items (it keeps `health.changed` and `content.state`, evaluates alerts). */
  recordFleetItems?: (kiosk: AuthenticatedKiosk, items: readonly OutboxItem[]) => Promise<void>;
  /** Records remote commands' acknowledgements (`command.ack`; newly stored items only, in order). */
  recordCommandAcks?: (kiosk: AuthenticatedKiosk, items: readonly OutboxItem[], receivedAt: string) => Promise<void>;
  /** Keeps the kiosk's technician audit lines (`technician.audit`; newly stored items only, in order). */
  recordTechnicianAudit?: (
    kiosk: AuthenticatedKiosk,
    items: readonly OutboxItem[],
    receivedAt: string,
  ) => Promise<void>;
  /** Takes the ratings taken while the hub was out of reach (`rating.submitted`; newly stored items only, in order). */
  recordRatings?: (kiosk: AuthenticatedKiosk, items: readonly OutboxItem[], log: FastifyBaseLogger) => Promise<void>;
  now?: () => Date;
}

/**
 * `POST /v1/outbox`: a kiosk's events and telemetry, in order. Idempotent by item id: a replayed
 * item is answered as a duplicate and not stored twice, so the kiosk may resend after any
 * failure without asking what arrived.
 *
 * Only the kinds of `OUTBOX_KINDS` are stored, each payload checked against its strict schema
 * and byte cap: a batch with any other item is refused whole (400, naming the item), and the
 * kiosk sends its items one by one to set the bad one aside. What one kiosk stored within the
 * backlog window is capped (items and bytes): beyond it, 429 with Retry-After, and the items wait
 * on the kiosk. So a stolen credential cannot fill the hub's disk with junk.
 *
 * Items about tickets are also merged into the queue in the same transaction (docs/queue.md):
 * only when newly stored, so a replay changes nothing. An item that cannot be merged is stored
 * all the same and logged; it never fails the batch, which the kiosk would otherwise resend forever.
 */
export function registerOutboxRoute(app: HubFastify, auth: KioskAuth, options: OutboxRouteOptions): void {
  const now = options.now ?? (() => new Date());
  registerEndpoint(app, hubEndpoints.postOutbox, { kiosk: auth }, async (request, reply) => {
    const kiosk = auth.kioskOf(request);
    const { items } = request.body;
    for (const [index, item] of items.entries()) {
      const problem = outboxItemProblem(item, options.itemMaxBytes);
      if (problem === undefined) continue;
      request.log.warn({ kioskId: kiosk.id, itemId: item.id, problem }, 'outbox item refused');
      return sendHubError(reply, { code: 'bad_request', message: `items/${index}: ${OUTBOX_PROBLEMS[problem]}` });
    }
    const full = await backlogFull(options, kiosk.id, items, now());
    if (full) {
      request.log.warn({ kioskId: kiosk.id, ...full.volume }, 'outbox backlog of this kiosk is full; batch refused');
      return sendHubError(reply, {
        code: 'rate_limited',
        message: 'this kiosk stored too much through the outbox recently; try again later',
        retryAfterSeconds: full.retryAfterSeconds,
      });
    }
    // Payments first: idempotent, so a batch that fails after them and is sent again changes nothing.
    await options.applyPayments?.(kiosk, items, request.log);
    const plan = options.planMerges ? await options.planMerges(kiosk, items) : { merges: [], refused: [] };
    const result = await options.repository.appendOutbox(kiosk.id, items, now().toISOString(), plan.merges);
    const accepted = new Set(result.accepted);
    // Only items stored now are acted on: a replay of one already stored was acted on then.
    const fresh = items.filter((item) => accepted.has(item.id));
    // After storing: a fault here must not fail the batch, which the kiosk would send again forever.
    await options
      .recordContentStates?.(
        kiosk,
        fresh.filter((item) => item.kind === CONTENT_STATE_OUTBOX_KIND),
        now().toISOString(),
      )
      .catch((error: unknown) => request.log.error({ err: error, kioskId: kiosk.id }, 'content state not recorded'));
    await options
      .recordFleetItems?.(kiosk, fresh)
      .catch((error: unknown) => request.log.error({ err: error, kioskId: kiosk.id }, 'fleet health not updated'));
    await options.recordCommandAcks?.(kiosk, fresh, now().toISOString());
    await options.recordTechnicianAudit?.(kiosk, fresh, now().toISOString());
    await options
      .recordRatings?.(kiosk, fresh, request.log)
      .catch((error: unknown) => request.log.error({ err: error, kioskId: kiosk.id }, 'outbox ratings not taken'));
    for (const { itemId, kind, reason } of plan.refused) {
      if (accepted.has(itemId)) request.log.warn({ kioskId: kiosk.id, itemId, kind, reason }, 'ticket item not merged');
    }
    for (const { itemId, kind, result: merged } of result.merged) {
      // `unchanged`: a ticket already known (sent again under a new item id) or already in that state.
      const level = merged === 'applied' ? 'debug' : merged === 'unchanged' ? 'info' : 'warn';
      request.log[level]({ kioskId: kiosk.id, itemId, kind, result: merged }, 'ticket item merge');
    }
    if (result.conflicting.length > 0) {
      request.log.warn(
        { kioskId: kiosk.id, ids: result.conflicting },
        'outbox replay differs from the item stored first; kept the first',
      );
    }
    return reply.send({ accepted: result.accepted, duplicates: result.duplicates });
  });
}

/** What the 400 says about a refused item (a code, never the item's content). */
const OUTBOX_PROBLEMS = {
  unknown_kind: 'unknown_kind: this hub does not store items of this kind',
  invalid_payload: 'invalid_payload: the payload does not match its kind',
  too_large: 'too_large: the payload is larger than its kind allows',
} as const;

/**
 * Whether storing `items` would take the kiosk over its backlog cap: what it stored within the
 * window plus this batch (replays counted too: a slight overestimate, on the safe side).
 */
async function backlogFull(
  options: OutboxRouteOptions,
  kioskId: string,
  items: readonly OutboxItem[],
  at: Date,
): Promise<{ volume: { items: number; bytes: number }; retryAfterSeconds: number } | undefined> {
  const { maxItems, maxBytes, windowSeconds } = options.backlog;
  const since = new Date(at.getTime() - windowSeconds * 1000).toISOString();
  const volume = await options.repository.outboxVolume(kioskId, since);
  const batchBytes = items.reduce((sum, item) => sum + Buffer.byteLength(JSON.stringify(item.payload)), 0);
  if (volume.items + items.length <= maxItems && volume.bytes + batchBytes <= maxBytes) return undefined;
  // The window slides continuously: come back after a twentieth of it (72 min for a day), not at once.
  return { volume, retryAfterSeconds: Math.max(60, Math.ceil(windowSeconds / 20)) };
}
