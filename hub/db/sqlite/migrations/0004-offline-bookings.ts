import type { Migration } from '../migrate';

/**
 * Offline check-ins and the order of offline tickets (docs/queue.md, «Offline check-in»): each
 * office day's HMAC key for the booking codes kiosks carry, the kiosk's sequence number of an
 * offline ticket, and a booking problem found when an offline check-in is merged.
 */
export const migration0004OfflineBookings: Migration = {
  version: 4,
  name: 'offline-bookings',
  sql: `
-- key: 32 random bytes (base64url) for HMAC-SHA256 of the office's booking codes on that day,
-- given to the office's kiosks in their setup with the day's hashed bookings.
CREATE TABLE booking_day_keys (
  office_id  TEXT NOT NULL REFERENCES offices (id),
  day        TEXT NOT NULL,
  key        TEXT NOT NULL,
  PRIMARY KEY (office_id, day)
) STRICT, WITHOUT ROWID;

-- kiosk_seq: an offline ticket's number in its kiosk's count of the day; orders tickets of one
-- kiosk issued in the same millisecond (the call order is issued_at, kiosk_seq, rowid).
ALTER TABLE tickets ADD COLUMN kiosk_seq INTEGER;
-- booking_problem: an offline check-in whose booking was already used (used_twice, with the
-- number of the ticket that used it in booking_used_by), cancelled meanwhile, or unknown.
ALTER TABLE tickets ADD COLUMN booking_problem TEXT
  CHECK (booking_problem IS NULL OR booking_problem IN ('used_twice', 'cancelled', 'unknown'));
ALTER TABLE tickets ADD COLUMN booking_used_by TEXT;

CREATE INDEX bookings_office_slot ON bookings (office_id, slot_start);
`,
};
