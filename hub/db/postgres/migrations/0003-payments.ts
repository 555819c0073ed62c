import type { Migration } from '../../migration';

/**
 * The payments ledger on PostgreSQL (SQLite's 0003 and 0006 in one): charges a УИН resolves to,
 * each kiosk payment at its furthest state, and the reconciliations of terminals' end-of-day
 * totals (docs/payments.md). Amounts in kopecks as bigint (the store reads them back as safe
 * JavaScript integers). No payer and no card number beyond its last four digits, ever.
 *
 * Instants are the kiosks' ISO 8601 text as the SQLite store keeps them; the columns a report is
 * ordered by sort as bytes (COLLATE "C"), as in SQLite, whatever the database's collation.
 */
export const postgresMigration0003Payments: Migration = {
  version: 3,
  name: 'payments',
  sql: `
-- Charges a kiosk may resolve by УИН (ГИС ГМП's, or demo ones). paid_at: paid elsewhere.
CREATE TABLE charges (
  uin              text PRIMARY KEY CHECK (length(uin) IN (20, 25)),
  amount_minor     bigint NOT NULL CHECK (amount_minor > 0),
  payee_name       text NOT NULL,
  payee_inn        text NOT NULL,
  payee_kpp        text NOT NULL,
  payee_account    text NOT NULL,
  payee_bic        text NOT NULL,
  payee_bank_name  text,
  purpose          text NOT NULL,
  kbk              text,
  oktmo            text,
  paid_at          text COLLATE "C",
  created_at       text NOT NULL
);

-- id: the kiosk's end-of-day report id (a replay finds it). matched: counts and sums equal.
CREATE TABLE payment_reconciliations (
  id                    text COLLATE "C" PRIMARY KEY,
  kiosk_id              text NOT NULL REFERENCES kiosks (id),
  office_id             text NOT NULL,
  office_date           text NOT NULL,
  closed_at             text COLLATE "C" NOT NULL,
  received_at           text NOT NULL,
  terminal_id           text,
  terminal_count        integer NOT NULL CHECK (terminal_count >= 0),
  terminal_total_minor  bigint NOT NULL CHECK (terminal_total_minor >= 0),
  ledger_count          integer NOT NULL CHECK (ledger_count >= 0),
  ledger_total_minor    bigint NOT NULL CHECK (ledger_total_minor >= 0),
  matched               boolean NOT NULL
);
CREATE INDEX payment_reconciliations_by_office_day ON payment_reconciliations (office_id, office_date);

-- One row per payment, at its highest state so far (state_rank: PAYMENT_STATE_RANK), so a late
-- replay of an older state never moves it back. office_date: the day of created_at in the hub's
-- time zone (the daily report's day). reconciliation_id: the end of day that counted it.
-- disputed: NULL for a record that matched the office's fee or the УИН's charge, else why not
-- (DisputeReason); a disputed payment stays, out of every total and reconciliation.
CREATE TABLE payments (
  id                 text COLLATE "C" PRIMARY KEY,
  kiosk_id           text NOT NULL REFERENCES kiosks (id),
  office_id          text NOT NULL,
  office_date        text NOT NULL,
  state              text NOT NULL CHECK (state IN ('created', 'authorising', 'unknown', 'authorised',
                       'delivering', 'delivered', 'reversing', 'committed', 'declined', 'cancelled',
                       'reversed', 'needs_attention', 'resolved')),
  state_rank         integer NOT NULL,
  amount_minor       bigint NOT NULL CHECK (amount_minor > 0),
  fee_id             text,
  uin                text,
  title              text NOT NULL,
  purpose            text,
  payee_name         text,
  payee_inn          text,
  kbk                text,
  oktmo              text,
  ticket_number      text,
  created_at         text COLLATE "C" NOT NULL,
  updated_at         text COLLATE "C" NOT NULL,
  receipt_no         text,
  trace              text,
  rrn                text,
  auth_code          text,
  masked_pan         text CHECK (masked_pan IS NULL OR length(masked_pan) <= 32),
  terminal_id        text,
  approved_at        text,
  receipt_printed    text CHECK (receipt_printed IS NULL OR receipt_printed IN ('yes', 'no', 'uncertain')),
  reprint_needed     boolean NOT NULL DEFAULT false,
  receipt_copies     integer NOT NULL DEFAULT 0,
  reason             text,
  received_at        text NOT NULL,
  reconciliation_id  text REFERENCES payment_reconciliations (id),
  disputed           text CHECK (disputed IS NULL OR disputed IN ('unknown_fee', 'unknown_charge',
                       'charge_already_paid', 'amount_mismatch', 'no_charge', 'report_changed'))
);
CREATE INDEX payments_by_office_day ON payments (office_id, office_date);
CREATE INDEX payments_unreconciled ON payments (kiosk_id, state) WHERE reconciliation_id IS NULL;
CREATE INDEX payments_by_uin ON payments (uin) WHERE uin IS NOT NULL;
-- A charge is paid once: at most one believed payment of a УИН in a paid state (PAID_STATES).
-- The store decides the race under the charge's row lock (the second is disputed); this index
-- makes any path that would still pay it twice fail instead.
CREATE UNIQUE INDEX payments_pay_a_charge_once ON payments (uin)
  WHERE uin IS NOT NULL AND disputed IS NULL AND state IN ('delivered', 'committed');
`,
};
