import type { FastifyBaseLogger } from 'fastify';
import {
  HubError,
  type OutboxItem,
  OutboxPostRequest,
  OutboxPostResponse,
} from '../../../kiosk-config/src/hub/hub-api';
import type { HubRepository } from '../../db/hub-repository';
import { sendHubError } from '../hub-errors';
import type { AuthenticatedKiosk, KioskAuth } from '../kiosk-auth';
import { KIOSK_SECURITY } from '../openapi';
import type { MergePlanner } from '../queue/offline-merge';
import type { HubFastify } from './hub-routes';

/** Dependencies of the outbox route. */
export interface OutboxRouteOptions {
  repository: HubRepository;
  /** Largest JSON payload of one item (bytes). */
  itemMaxBytes: number;
  /** Turns ticket items (offline tickets, print outcomes, abandoned requests) into queue merges. */
  planMerges?: MergePlanner;
  /** Applies payment items to the payments ledger (`applyPaymentOutboxItems`); throws to fail the batch. */
  applyPayments?: (kiosk: AuthenticatedKiosk, items: readonly OutboxItem[], log: FastifyBaseLogger) => Promise<void>;
  now?: () => Date;
}

/**
 * `POST /v1/outbox`: a kiosk's events and telemetry, in order. Idempotent by item id: a replayed
 * item is answered as a duplicate and not stored twice, so the kiosk may resend after any
 * failure without asking what arrived.
 *
 * Items about tickets are also merged into the queue in the same transaction (docs/queue.md):
 * only when newly stored, so a replay changes nothing. An item that cannot be merged is stored
 * all the same and logged; it never fails the batch, which the kiosk would otherwise resend forever.
 */
export function registerOutboxRoute(app: HubFastify, auth: KioskAuth, options: OutboxRouteOptions): void {
  const now = options.now ?? (() => new Date());
  app.post(
    '/v1/outbox',
    {
      onRequest: auth.hook,
      schema: {
        summary: 'Deliver outbox items',
        description:
          'A batch of up to 500 items, stored in order per kiosk. Items already stored (same id from the same ' +
          'kiosk) come back in `duplicates` and are not stored again.',
        tags: ['outbox'],
        security: KIOSK_SECURITY,
        body: OutboxPostRequest,
        response: { 200: OutboxPostResponse, 400: HubError, 401: HubError },
      },
    },
    async (request, reply) => {
      const kiosk = auth.kioskOf(request);
      const { items } = request.body;
      const tooBig = items.findIndex((item) => Buffer.byteLength(JSON.stringify(item.payload)) > options.itemMaxBytes);
      if (tooBig >= 0) {
        return sendHubError(reply, {
          error: 'bad_request',
          message: `items/${tooBig}/payload is larger than ${options.itemMaxBytes} bytes`,
        });
      }
      // Payments first: idempotent, so a batch that fails after them and is sent again changes nothing.
      await options.applyPayments?.(kiosk, items, request.log);
      const plan = options.planMerges ? await options.planMerges(kiosk, items) : { merges: [], refused: [] };
      const result = await options.repository.appendOutbox(kiosk.id, items, now().toISOString(), plan.merges);
      const fresh = new Set(result.accepted);
      for (const { itemId, kind, reason } of plan.refused) {
        if (fresh.has(itemId)) request.log.warn({ kioskId: kiosk.id, itemId, kind, reason }, 'ticket item not merged');
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
    },
  );
}
