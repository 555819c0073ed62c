import { createHmac } from 'node:crypto';
import { type KioskSetup, officeDate } from '../../../kiosk-config/src/index';

/**
 * Checking a booked visitor in while the hub is unreachable (docs/queue.md, «Offline check-in»):
 * the setup carries today's open bookings of the office as HMAC-SHA256 of their codes under the
 * day's key, with slot and service. A code typed or scanned is hashed the same way and looked up.
 *
 * The hashes are no secret from whoever can read this kiosk's disk (the key lies next to them and
 * a code is one of 10⁷), only no plain codes and no names; hence today's bookings of this office only.
 */

/** What the day's list says of a code. */
export type OfflineBookingMatch =
  /** A booking of today within its check-in window: a priority ticket may be issued offline. */
  | { outcome: 'match'; codeHash: string; slotAt: string; serviceId: string }
  | { outcome: 'too_early'; slotAt: string; opensAt: Date }
  | { outcome: 'too_late'; slotAt: string }
  /** Not in today's list, or no list for today: only the hub can tell. */
  | { outcome: 'unknown' };

/** HMAC-SHA256 of a booking code under the day's key (base64url), as the hub computes it. */
export function bookingCodeHash(key: string, code: string): string {
  return createHmac('sha256', Buffer.from(key, 'base64url')).update(code, 'utf8').digest('base64url');
}

/**
 * Looks a valid booking code up in the setup's list of today's bookings, and checks its window
 * (from `slot − earlyMinutes` to `slot + lateMinutes`, both ends included, as the hub does).
 */
export function matchOfflineBooking(setup: KioskSetup | undefined, code: string, at: Date): OfflineBookingMatch {
  const list = setup?.offlineBookings;
  if (!setup || !list || list.day !== officeDate(at, setup.timeZone)) return { outcome: 'unknown' };
  const codeHash = bookingCodeHash(list.key, code);
  const booking = list.bookings.find((b) => b.codeHash === codeHash);
  const slot = booking ? Date.parse(booking.slotAt) : Number.NaN;
  if (!booking || Number.isNaN(slot)) return { outcome: 'unknown' };
  const opensAt = slot - setup.booking.earlyMinutes * 60_000;
  if (at.getTime() < opensAt) return { outcome: 'too_early', slotAt: booking.slotAt, opensAt: new Date(opensAt) };
  if (at.getTime() > slot + setup.booking.lateMinutes * 60_000) return { outcome: 'too_late', slotAt: booking.slotAt };
  return { outcome: 'match', codeHash, slotAt: booking.slotAt, serviceId: booking.serviceId };
}
