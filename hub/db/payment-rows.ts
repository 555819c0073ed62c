import {
  type Charge,
  type ChargeResolveResponse,
  type DisputeReason,
  PAYMENT_STATE_RANK,
  type PaymentReason,
  type PaymentState,
  type PaymentTotals,
  type Reconciliation,
  type ReportedPayment,
} from '../../kiosk-config/src/hub/payments-api';
import { disputeOf, PAID_STATES, type PaymentFacts } from './payment-dispute';
import type { EndOfDayEntry, PaymentEntry, RecordPaymentResult } from './payments-repository';
import { withOptional } from './store-rows';

/*
 * The payments ledger's rows and rules, shared by both stores (SQLite and PostgreSQL keep the same
 * column names): what a report writes, what a report does to a stored payment, and how rows read
 * back. Each store only runs the statements, in one transaction, under its own engine's locks.
 * Statements are built from the column lists here with the store's placeholder (`param`), so a
 * column is named once for both.
 */

/** A store's placeholder for a named value: `@uin` in SQLite, `$3` in PostgreSQL. */
export type Param = (column: string) => string;

/** A row of `charges`. */
export interface ChargeRow {
  uin: string;
  amount_minor: number;
  payee_name: string;
  payee_inn: string;
  payee_kpp: string;
  payee_account: string;
  payee_bic: string;
  payee_bank_name: string | null;
  purpose: string;
  kbk: string | null;
  oktmo: string | null;
  paid_at: string | null;
}

/** The columns of `payments` an operator's report reads (`REPORTED_PAYMENT_COLUMNS`). */
export interface ReportedPaymentRow {
  id: string;
  kiosk_id: string;
  state: PaymentState;
  amount_minor: number;
  title: string;
  uin: string | null;
  created_at: string;
  updated_at: string;
  rrn: string | null;
  masked_pan: string | null;
  reason: PaymentReason | null;
  /** 0/1 in SQLite, a boolean in PostgreSQL. */
  reprint_needed: number | boolean;
  disputed: DisputeReason | null;
}

export const REPORTED_PAYMENT_COLUMNS =
  'id, kiosk_id, state, amount_minor, title, uin, created_at, updated_at, rrn, masked_pan, reason, reprint_needed, disputed';

/** What an incoming report is checked against and compared with (`STORED_PAYMENT_COLUMNS`). */
export interface StoredPaymentRow {
  kiosk_id: string;
  state: PaymentState;
  state_rank: number;
  updated_at: string;
  amount_minor: number;
  fee_id: string | null;
  uin: string | null;
  disputed: DisputeReason | null;
}

export const STORED_PAYMENT_COLUMNS = 'kiosk_id, state, state_rank, updated_at, amount_minor, fee_id, uin, disputed';

/** A row of `payment_reconciliations`. */
export interface ReconciliationRow {
  id: string;
  kiosk_id: string;
  closed_at: string;
  terminal_count: number;
  terminal_total_minor: number;
  ledger_count: number;
  ledger_total_minor: number;
  /** 0/1 in SQLite, a boolean in PostgreSQL. */
  matched: number | boolean;
}

/** `PAID_STATES` as an SQL list of literals. */
export const PAID_STATES_SQL = `(${PAID_STATES.map((state) => `'${state}'`).join(', ')})`;

/**
 * Payments of a kiosk an end of day counts (bind `kiosk_id` and `closed_at`; `instant` casts a
 * text instant to the engine's comparable time): committed, not disputed, not counted yet,
 * created up to the close.
 */
export function unreconciledPaymentsWhere(param: Param, instant: (sql: string) => string): string {
  return `kiosk_id = ${param('kiosk_id')} AND reconciliation_id IS NULL AND state = 'committed' AND disputed IS NULL
    AND ${instant('created_at')} <= ${instant(param('closed_at'))}`;
}

/** SQL's «no value» for an absent optional field. */
const orNull = <T>(value: T | undefined): T | null => value ?? null;

/** What a payment is, and where and when it was made: a later report never changes them. */
const FIXED_PAYMENT_COLUMNS = [
  'id',
  'kiosk_id',
  'office_id',
  'office_date',
  'amount_minor',
  'fee_id',
  'uin',
  'title',
  'purpose',
  'payee_name',
  'payee_inn',
  'kbk',
  'oktmo',
  'created_at',
  'received_at',
] as const;
/** What a later state replaces. */
const REPLACED_BY_LATER_STATE = ['state', 'state_rank', 'updated_at', 'reprint_needed', 'receipt_copies'] as const;
/** What a later state fills in; a report that says nothing of it keeps what an earlier one said. */
const FILLED_BY_LATER_STATE = [
  'ticket_number',
  'receipt_no',
  'trace',
  'rrn',
  'auth_code',
  'masked_pan',
  'terminal_id',
  'approved_at',
  'receipt_printed',
  'reason',
] as const;
/** The columns of `payments` a kiosk's report fills (`disputed` apart: the check decides it). */
const PAYMENT_COLUMNS = [...FIXED_PAYMENT_COLUMNS, ...REPLACED_BY_LATER_STATE, ...FILLED_BY_LATER_STATE] as const;

/** Values by column name, as both stores bind them. */
export type RowValues<Column extends string> = Record<Column, string | number | null>;

/** A payment row's values as a kiosk's report fills them. */
export function paymentValuesOf(entry: PaymentEntry): RowValues<(typeof PAYMENT_COLUMNS)[number]> {
  const { report } = entry;
  const { charge, terminal, receipt } = report;
  return {
    id: report.paymentId,
    kiosk_id: entry.kioskId,
    office_id: entry.officeId,
    office_date: entry.officeDate,
    state: report.state,
    state_rank: PAYMENT_STATE_RANK[report.state],
    amount_minor: report.amountMinor,
    fee_id: orNull(charge.feeId),
    uin: orNull(charge.uin),
    title: charge.title,
    purpose: orNull(charge.purpose),
    payee_name: orNull(charge.payeeName),
    payee_inn: orNull(charge.payeeInn),
    kbk: orNull(charge.kbk),
    oktmo: orNull(charge.oktmo),
    ticket_number: orNull(report.ticketNumber),
    created_at: report.createdAt,
    updated_at: report.updatedAt,
    receipt_no: orNull(terminal?.receiptNo),
    trace: orNull(terminal?.trace),
    rrn: orNull(terminal?.rrn),
    auth_code: orNull(terminal?.authCode),
    masked_pan: orNull(terminal?.maskedPan),
    terminal_id: orNull(terminal?.terminalId),
    approved_at: orNull(terminal?.at),
    receipt_printed: orNull(receipt?.printed),
    // 0/1: SQLite binds no booleans, and PostgreSQL reads '0'/'1' as booleans.
    reprint_needed: receipt?.reprintNeeded ? 1 : 0,
    receipt_copies: receipt?.copies ?? 0,
    reason: orNull(report.reason),
    received_at: entry.receivedAt,
  };
}

/** A new payment row: every column of `paymentValuesOf`, and `disputed`. */
export function insertPaymentSql(param: Param): string {
  const columns = [...PAYMENT_COLUMNS, 'disputed'];
  return `INSERT INTO payments (${columns.join(', ')}) VALUES (${columns.map(param).join(', ')})`;
}

/** A stored payment brought to a later report (bind `paymentValuesOf`). */
export function updatePaymentSql(param: Param): string {
  const assignments = [
    ...REPLACED_BY_LATER_STATE.map((column) => `${column} = ${param(column)}`),
    ...FILLED_BY_LATER_STATE.map((column) => `${column} = coalesce(${param(column)}, ${column})`),
  ];
  return `UPDATE payments SET ${assignments.join(', ')} WHERE id = ${param('id')}`;
}

const CHARGE_COLUMNS = [
  'uin',
  'amount_minor',
  'payee_name',
  'payee_inn',
  'payee_kpp',
  'payee_account',
  'payee_bic',
  'payee_bank_name',
  'purpose',
  'kbk',
  'oktmo',
  'paid_at',
  'created_at',
] as const;

/** A charge row's values. */
export function chargeValuesOf(
  charge: Charge,
  options: { createdAt: string; paidAt?: string },
): RowValues<(typeof CHARGE_COLUMNS)[number]> {
  return {
    uin: charge.uin,
    amount_minor: charge.amountMinor,
    payee_name: charge.payee.name,
    payee_inn: charge.payee.inn,
    payee_kpp: charge.payee.kpp,
    payee_account: charge.payee.account,
    payee_bic: charge.payee.bic,
    payee_bank_name: orNull(charge.payee.bankName),
    purpose: charge.purpose,
    kbk: orNull(charge.kbk),
    oktmo: orNull(charge.oktmo),
    paid_at: orNull(options.paidAt),
    created_at: options.createdAt,
  };
}

/** Adds a charge or replaces all of it but when it was first added (bind `chargeValuesOf`). */
export function upsertChargeSql(param: Param): string {
  const replaced = CHARGE_COLUMNS.filter((column) => column !== 'uin' && column !== 'created_at');
  return `INSERT INTO charges (${CHARGE_COLUMNS.join(', ')}) VALUES (${CHARGE_COLUMNS.map(param).join(', ')})
    ON CONFLICT (uin) DO UPDATE SET ${replaced.map((column) => `${column} = excluded.${column}`).join(', ')}`;
}

/** What the ledger knows of a УИН's charge, for `disputeOf`. */
export type ChargeFacts = NonNullable<PaymentFacts['charge']>;

/** The charge facts of a charge row, and whether another payment paid it already. */
export function chargeFactsOf(row: Pick<ChargeRow, 'amount_minor' | 'paid_at'>, paidByAnother: boolean): ChargeFacts {
  return { amountMinor: row.amount_minor, paidElsewhere: row.paid_at !== null, paidByAnother };
}

/** What a report does to the ledger: the answer, and what to write for it. */
export interface PaymentRecordPlan {
  result: RecordPaymentResult;
  /** `insert`: a new row (`disputed` set to `dispute`); `update`: bring the row to the report; `none`. */
  write: 'insert' | 'update' | 'none';
  /** Why the hub does not believe the report: marks the payment disputed (for good: never cleared). */
  dispute?: DisputeReason;
}

/**
 * Decides what a kiosk's report does, given what the ledger holds of the payment (`existing`)
 * and of its УИН's charge (`charge`), both read in the write's transaction: another kiosk's id is
 * `foreign`; a new payment is created; a higher state (`PAYMENT_STATE_RANK`) or a later update of
 * the same state replaces it; anything else is `stale` (or `unchanged`: the same state again).
 * A report that does not match what the hub knows (`disputeOf`) is stored all the same, disputed.
 */
export function planPaymentRecord(
  entry: PaymentEntry,
  existing: StoredPaymentRow | undefined,
  charge: ChargeFacts | undefined,
): PaymentRecordPlan {
  const { report } = entry;
  const paymentId = report.paymentId;
  if (existing && existing.kiosk_id !== entry.kioskId) {
    return { result: { stored: 'foreign', paymentId }, write: 'none' };
  }
  const dispute = disputeOf(report, {
    officeFees: entry.officeFees,
    ...(charge ? { charge } : {}),
    ...(existing ? { stored: { amountMinor: existing.amount_minor, feeId: existing.fee_id, uin: existing.uin } } : {}),
  });
  const disputing = dispute === undefined ? {} : { dispute };
  const newly = dispute !== undefined && existing?.disputed == null ? { disputed: dispute } : {};
  if (!existing) {
    return { result: { paymentId, stored: 'created', state: report.state, ...newly }, write: 'insert', ...disputing };
  }
  const later =
    PAYMENT_STATE_RANK[report.state] > existing.state_rank ||
    (report.state === existing.state && Date.parse(report.updatedAt) > Date.parse(existing.updated_at));
  if (later) {
    return { result: { paymentId, stored: 'updated', state: report.state, ...newly }, write: 'update', ...disputing };
  }
  const stored = report.state === existing.state ? 'unchanged' : 'stale';
  return { result: { paymentId, stored, state: existing.state, ...newly }, write: 'none', ...disputing };
}

const RECONCILIATION_COLUMNS = [
  'id',
  'kiosk_id',
  'office_id',
  'office_date',
  'closed_at',
  'received_at',
  'terminal_id',
  'terminal_count',
  'terminal_total_minor',
  'ledger_count',
  'ledger_total_minor',
  'matched',
] as const;

/** A reconciliation row's values: the terminal's totals beside the ledger's. */
export function reconciliationValuesOf(
  entry: EndOfDayEntry,
  ledger: PaymentTotals,
): RowValues<(typeof RECONCILIATION_COLUMNS)[number]> {
  const { report } = entry;
  const matched = ledger.count === report.count && ledger.totalMinor === report.totalMinor;
  return {
    id: report.id,
    kiosk_id: entry.kioskId,
    office_id: entry.officeId,
    office_date: entry.officeDate,
    closed_at: report.closedAt,
    received_at: entry.receivedAt,
    terminal_id: orNull(report.terminalId),
    terminal_count: report.count,
    terminal_total_minor: report.totalMinor,
    ledger_count: ledger.count,
    ledger_total_minor: ledger.totalMinor,
    // 0/1: as `reprint_needed`.
    matched: matched ? 1 : 0,
  };
}

/** A new reconciliation row (bind `reconciliationValuesOf`). */
export function insertReconciliationSql(param: Param): string {
  const columns = RECONCILIATION_COLUMNS;
  return `INSERT INTO payment_reconciliations (${columns.join(', ')}) VALUES (${columns.map(param).join(', ')})`;
}

export function reconciliationFromRow(row: ReconciliationRow): Reconciliation {
  return {
    reconciliationId: row.id,
    kioskId: row.kiosk_id,
    closedAt: row.closed_at,
    terminal: { count: row.terminal_count, totalMinor: row.terminal_total_minor },
    ledger: { count: row.ledger_count, totalMinor: row.ledger_total_minor },
    matched: Boolean(row.matched),
    differenceCount: row.terminal_count - row.ledger_count,
    differenceMinor: row.terminal_total_minor - row.ledger_total_minor,
  };
}

export function reportedPaymentFromRow(row: ReportedPaymentRow): ReportedPayment {
  return withOptional<ReportedPayment>(
    {
      paymentId: row.id,
      kioskId: row.kiosk_id,
      state: row.state,
      amountMinor: row.amount_minor,
      title: row.title,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      reprintNeeded: Boolean(row.reprint_needed),
    },
    { uin: row.uin, rrn: row.rrn, maskedPan: row.masked_pan, reason: row.reason, disputed: row.disputed },
  );
}

/**
 * The answer to a УИН: paid when a payment of it (not disputed) reached a paid state at a kiosk
 * (`paidByPaymentAt`: the first such payment's `updated_at`) or the register says so; else the
 * charge, or `not_found`.
 */
export function chargeResolution(
  paidByPaymentAt: string | undefined,
  row: ChargeRow | undefined,
): ChargeResolveResponse {
  if (paidByPaymentAt !== undefined) return { outcome: 'already_paid', paidAt: paidByPaymentAt };
  if (!row) return { outcome: 'not_found' };
  if (row.paid_at !== null) return { outcome: 'already_paid', paidAt: row.paid_at };
  const charge: Charge = {
    uin: row.uin,
    amountMinor: row.amount_minor,
    payee: withOptional<Charge['payee']>(
      { name: row.payee_name, inn: row.payee_inn, kpp: row.payee_kpp, account: row.payee_account, bic: row.payee_bic },
      { bankName: row.payee_bank_name },
    ),
    purpose: row.purpose,
  };
  return { outcome: 'found', charge: withOptional(charge, { kbk: row.kbk, oktmo: row.oktmo }) };
}

/** The first paid payment of a УИН (bind `uin`): a disputed payment pays nothing. */
export function paidWithSql(param: Param): string {
  return `SELECT updated_at FROM payments WHERE uin = ${param('uin')} AND disputed IS NULL AND state IN ${PAID_STATES_SQL}
    ORDER BY updated_at LIMIT 1`;
}

/** Whether a payment other than `id` paid the УИН (bind `uin`, `id`). */
export function paidByAnotherSql(param: Param): string {
  return `SELECT 1 FROM payments WHERE uin = ${param('uin')} AND id <> ${param('id')} AND disputed IS NULL
    AND state IN ${PAID_STATES_SQL} LIMIT 1`;
}
