import type { CallbackRecord, HelpRequestRecord } from './help-store';

/**
 * The help tables' rows as both stores read them (the same columns in SQLite and PostgreSQL),
 * and how each becomes a record: one mapping for the two stores.
 */

/** A `help_requests` row as read. */
export interface HelpRequestRow {
  request_id: string;
  kiosk_id: string;
  office_id: string;
  screen: string;
  raised_at: string;
}

/** A `help_callbacks` row as read (an open one: its phone is there). */
export interface CallbackRow {
  request_id: string;
  kiosk_id: string;
  office_id: string;
  centre_id: string;
  screen: string;
  phone: string;
  requested_at: string;
}

/** The columns `HelpRequestRow` reads, for a SELECT. */
export const HELP_REQUEST_COLUMNS = 'request_id, kiosk_id, office_id, screen, raised_at';

/** The columns `CallbackRow` reads, for a SELECT. */
export const CALLBACK_COLUMNS = 'request_id, kiosk_id, office_id, centre_id, screen, phone, requested_at';

/** How many open requests (or call-backs) a console lists at most. */
export const OPEN_LIST_LIMIT = 200;

export const helpRequestOf = (row: HelpRequestRow): HelpRequestRecord => ({
  requestId: row.request_id,
  kioskId: row.kiosk_id,
  officeId: row.office_id,
  screen: row.screen,
  raisedAt: row.raised_at,
});

export const callbackOf = (row: CallbackRow): CallbackRecord => ({
  requestId: row.request_id,
  kioskId: row.kiosk_id,
  officeId: row.office_id,
  centreId: row.centre_id,
  screen: row.screen,
  phone: row.phone,
  requestedAt: row.requested_at,
});
