import type { Migration } from '../migrate';

/**
 * The payments ledger: charges a УИН resolves to, each kiosk payment's latest state, and the
 * reconciliations of terminals' end-of-day totals with the ledger (docs/payments.md). Amounts in
 * kopecks. No payer and no card number beyond its last four digits, ever.
 */
export const migration0003Payments: Migration = {
  version: 3,
  name: 'payments',
  sql: `
-- Charges a kiosk may resolve by УИН (ГИС ГМП's, or demo ones). paid_at: paid elsewhere.
CREATE TABLE charges (
  uin              TEXT PRIMARY KEY CHECK (length(uin) IN (20, 25)),
  amount_minor     INTEGER NOT NULL CHECK (amount_minor > 0),
  payee_name       TEXT NOT NULL,
  payee_inn        TEXT NOT NULL,
  payee_kpp        TEXT NOT NULL,
  payee_account    TEXT NOT NULL,
  payee_bic        TEXT NOT NULL,
  payee_bank_name  TEXT,
  purpose          TEXT NOT NULL,
  kbk              TEXT,
  oktmo            TEXT,
  paid_at          TEXT,
  created_at       TEXT NOT NULL
) STRICT;

-- id: the kiosk's end-of-day report id (a replay finds it). matched: counts and sums equal.
CREATE TABLE payment_reconciliations (
  id                    TEXT PRIMARY KEY,
  kiosk_id              TEXT NOT NULL REFERENCES kiosks (id),
  office_id             TEXT NOT NULL,
  office_date           TEXT NOT NULL,
  closed_at             TEXT NOT NULL,
  received_at           TEXT NOT NULL,
  terminal_id           TEXT,
  terminal_count        INTEGER NOT NULL CHECK (terminal_count >= 0),
  terminal_total_minor  INTEGER NOT NULL CHECK (terminal_total_minor >= 0),
  ledger_count          INTEGER NOT NULL CHECK (ledger_count >= 0),
  ledger_total_minor    INTEGER NOT NULL CHECK (ledger_total_minor >= 0),
  matched               INTEGER NOT NULL CHECK (matched IN (0, 1))
) STRICT;
CREATE INDEX payment_reconciliations_by_office_day ON payment_reconciliations (office_id, office_date);

-- One row per payment, at its highest state so far (state_rank: PAYMENT_STATE_RANK), so a late
-- replay of an older state never moves it back. office_date: the day of created_at in the hub's
-- time zone (the daily report's day). reconciliation_id: the end of day that counted it.
CREATE TABLE payments (
  id                 TEXT PRIMARY KEY,
  kiosk_id           TEXT NOT NULL REFERENCES kiosks (id),
  office_id          TEXT NOT NULL,
  office_date        TEXT NOT NULL,
  state              TEXT NOT NULL CHECK (state IN ('created', 'authorising', 'unknown', 'authorised',
                       'delivering', 'delivered', 'reversing', 'committed', 'declined', 'cancelled',
                       'reversed', 'needs_attention', 'resolved')),
  state_rank         INTEGER NOT NULL,
  amount_minor       INTEGER NOT NULL CHECK (amount_minor > 0),
  fee_id             TEXT,
  uin                TEXT,
  title              TEXT NOT NULL,
  purpose            TEXT,
  payee_name         TEXT,
  payee_inn          TEXT,
  kbk                TEXT,
  oktmo              TEXT,
  ticket_number      TEXT,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL,
  receipt_no         TEXT,
  trace              TEXT,
  rrn                TEXT,
  auth_code          TEXT,
  masked_pan         TEXT CHECK (masked_pan IS NULL OR length(masked_pan) <= 32),
  terminal_id        TEXT,
  approved_at        TEXT,
  receipt_printed    TEXT CHECK (receipt_printed IS NULL OR receipt_printed IN ('yes', 'no', 'uncertain')),
  reprint_needed     INTEGER NOT NULL DEFAULT 0 CHECK (reprint_needed IN (0, 1)),
  receipt_copies     INTEGER NOT NULL DEFAULT 0,
  reason             TEXT,
  received_at        TEXT NOT NULL,
  reconciliation_id  TEXT REFERENCES payment_reconciliations (id)
) STRICT;
CREATE INDEX payments_by_office_day ON payments (office_id, office_date);
CREATE INDEX payments_unreconciled ON payments (kiosk_id, state) WHERE reconciliation_id IS NULL;
CREATE INDEX payments_by_uin ON payments (uin) WHERE uin IS NOT NULL;
`,
};
