import { createHmac } from 'node:crypto';
import type { OfflineBookings } from '../../../kiosk-config/src/hub/queue-api';
import { officeDate, officeIsoTime } from '../../../kiosk-config/src/time/office-time';
import type { BookingRecord, HubRepository } from '../../db/hub-repository';
import { addDays, officeInstant } from './office-clock';

/**
 * Offline check-in (docs/queue.md): the kiosk gets today's open bookings of its office with its
 * setup, each as HMAC-SHA256 of its code under a key of that office and day, and checks a typed
 * code against them while the hub is unreachable. The merged ticket names the booking by the same
 * hash, which the hub turns back into the code here.
 *
 * The hash keeps codes off the kiosk's disk in plain form, no more: the key travels with the
 * hashes, and 8-digit codes with a check digit are 10⁷ guesses. Hence today's bookings of this
 * office only, and a new key every day.
 */

/** HMAC-SHA256 of a booking code under the day's key (base64url), as the kiosk computes it too. */
export function bookingCodeHash(key: string, code: string): string {
  return createHmac('sha256', Buffer.from(key, 'base64url')).update(code, 'utf8').digest('base64url');
}

/** The instants `[from, to)` of an office day, UTC ISO 8601. */
function officeDayBounds(day: string, timeZone: string): { from: string; to: string } {
  return {
    from: officeInstant(day, '00:00', timeZone).toISOString(),
    to: officeInstant(addDays(day, 1), '00:00', timeZone).toISOString(),
  };
}

/** The setup's `offlineBookings`: the office's open bookings of the office day of `now`. */
export async function offlineBookingsOf(
  repository: HubRepository,
  officeId: string,
  timeZone: string,
  now: Date,
): Promise<OfflineBookings> {
  const day = officeDate(now, timeZone);
  const key = await repository.bookingDayKey(officeId, day);
  const { from, to } = officeDayBounds(day, timeZone);
  const open = (await repository.listBookings(officeId, from, to)).filter((b) => b.state === 'booked');
  return {
    day,
    key,
    bookings: open.map((booking) => ({
      codeHash: bookingCodeHash(key, booking.code),
      slotAt: officeIsoTime(new Date(booking.slotStart), timeZone),
      serviceId: booking.serviceId,
    })),
  };
}

/**
 * Finds booking codes by their hash for the office days asked: every booking of the office on
 * that day, whatever its state (used or cancelled meanwhile is for the merge to judge).
 */
export async function bookingCodeResolver(
  repository: HubRepository,
  officeId: string,
  timeZone: string,
  days: Iterable<string>,
): Promise<(day: string, codeHash: string) => string | undefined> {
  const byDay = new Map<string, Map<string, string>>();
  for (const day of new Set(days)) {
    const key = await repository.bookingDayKey(officeId, day);
    const { from, to } = officeDayBounds(day, timeZone);
    const bookings: BookingRecord[] = await repository.listBookings(officeId, from, to);
    byDay.set(day, new Map(bookings.map((b) => [bookingCodeHash(key, b.code), b.code])));
  }
  return (day, codeHash) => byDay.get(day)?.get(codeHash);
}
