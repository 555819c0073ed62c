import { HubError, OutboxPostRequest, OutboxPostResponse } from '../../../kiosk-config/src/hub/hub-api';
import type { HubRepository } from '../../db/hub-repository';
import { sendHubError } from '../hub-errors';
import type { KioskAuth } from '../kiosk-auth';
import { KIOSK_SECURITY } from '../openapi';
import type { HubFastify } from './hub-routes';

/** Dependencies of the outbox route. */
export interface OutboxRouteOptions {
  repository: HubRepository;
  /** Largest JSON payload of one item (bytes). */
  itemMaxBytes: number;
  now?: () => Date;
}

/**
 * `POST /v1/outbox`: a kiosk's events and telemetry, in order. Idempotent by item id: a replayed
 * item is answered as a duplicate and not stored twice, so the kiosk may resend after any
 * failure without asking what arrived.
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
      const result = await options.repository.appendOutbox(kiosk.id, items, now().toISOString());
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
