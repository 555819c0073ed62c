import type { QueueTicketState, TicketSource } from '../../kiosk-config/src/hub/queue-api';
import type {
  BookingProblem,
  BookingRecord,
  OperatorTokenRecord,
  PrintedState,
  TicketRecord,
} from './queue-repository';
import { withOptional } from './store-rows';

/* The queue's rows as both stores keep them (the same column names in SQLite and PostgreSQL), and the records made of them. */

/** A row of `tickets`. */
export interface TicketRow {
  ticket_id: string;
  office_id: string;
  day: string;
  prefix: string;
  number: string;
  service_id: string;
  kiosk_id: string | null;
  issued_at: string;
  source: TicketSource;
  /** SQLite has no boolean: 0 or 1 there, a boolean in PostgreSQL. */
  priority: number | boolean;
  state: QueueTicketState;
  window: string | null;
  called_at: string | null;
  finished_at: string | null;
  printed: PrintedState | null;
  kiosk_seq: number | null;
  booking_problem: BookingProblem | null;
  booking_used_by: string | null;
}

/** A row of `bookings`. */
export interface BookingRow {
  code: string;
  office_id: string;
  service_id: string;
  slot_start: string;
  state: BookingRecord['state'];
  ticket_id: string | null;
}

/** A row of `operator_tokens`. */
export interface OperatorTokenRow {
  id: string;
  token_hash: string;
  office_id: string;
  label: string;
  created_at: string;
  revoked_at: string | null;
}

export function ticketFromRow(row: TicketRow): TicketRecord {
  return withOptional<TicketRecord>(
    {
      ticketId: row.ticket_id,
      officeId: row.office_id,
      day: row.day,
      prefix: row.prefix,
      number: row.number,
      serviceId: row.service_id,
      issuedAt: row.issued_at,
      source: row.source,
      priority: row.priority === 1 || row.priority === true,
      state: row.state,
    },
    {
      kioskId: row.kiosk_id,
      window: row.window,
      calledAt: row.called_at,
      finishedAt: row.finished_at,
      printed: row.printed,
      kioskSeq: row.kiosk_seq,
      bookingProblem: row.booking_problem,
      bookingUsedBy: row.booking_used_by,
    },
  );
}

export function bookingFromRow(row: BookingRow): BookingRecord {
  return withOptional<BookingRecord>(
    {
      code: row.code,
      officeId: row.office_id,
      serviceId: row.service_id,
      slotStart: row.slot_start,
      state: row.state,
    },
    { ticketId: row.ticket_id },
  );
}

export function operatorTokenFromRow(row: OperatorTokenRow): OperatorTokenRecord {
  return withOptional<OperatorTokenRecord>(
    {
      id: row.id,
      tokenHash: row.token_hash,
      officeId: row.office_id,
      label: row.label,
      createdAt: row.created_at,
    },
    { revokedAt: row.revoked_at },
  );
}
