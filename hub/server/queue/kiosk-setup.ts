import type { KioskSetup } from '../../../kiosk-config/src/hub/queue-api';
import type { AuthenticatedKiosk } from '../kiosk-auth';
import { loadOfficeContext } from './office-context';
import { offlineBookingsOf } from './offline-bookings';
import type { QueueAnswer, QueueDeps } from './queue-deps';

/**
 * `GET /v1/kiosk/setup`: what a kiosk needs to issue tickets, kept by it for when the hub is
 * unreachable. The first call gives the kiosk its offline tag (the smallest free `К<n>` of its
 * office); later calls return the same one. It carries today's open bookings of the office,
 * hashed, so the kiosk can check a booked visitor in while the hub is unreachable, and the hub's
 * technician public key, so the kiosk checks a technician's QR token offline.
 */
export async function kioskSetup(deps: QueueDeps, kiosk: AuthenticatedKiosk): Promise<QueueAnswer<KioskSetup>> {
  const lookup = await loadOfficeContext(deps.repository, kiosk.officeId);
  if (!lookup.ok) {
    deps.logger.warn(
      { kioskId: kiosk.id, officeId: kiosk.officeId, reason: lookup.error.code },
      'kiosk setup unavailable',
    );
    return {
      ok: false,
      error: { code: 'not_found', message: `office ${kiosk.officeId} has no catalogue on the hub yet` },
    };
  }
  const { office, timeZone, catalogue } = lookup.value;
  const offlineTag = await deps.repository.assignOfflineTag(kiosk.id);
  const offlineBookings = await offlineBookingsOf(deps.repository, office.id, timeZone, deps.now());
  return {
    ok: true,
    value: {
      office:
        office.address === undefined
          ? { id: office.id, name: office.name }
          : { id: office.id, name: office.name, address: office.address },
      timeZone,
      catalogue,
      offlineTag,
      followBaseUrl: deps.followBaseUrl(),
      booking: { earlyMinutes: deps.booking.earlyMinutes, lateMinutes: deps.booking.lateMinutes },
      offlineBookings,
      ...(deps.technicianKey === undefined ? {} : { technician: { publicKey: deps.technicianKey } }),
    },
  };
}
