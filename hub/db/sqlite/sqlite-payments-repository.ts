import type Database from 'better-sqlite3';
import {
  type Charge,
  type ChargeResolveResponse,
  type DisputeReason,
  PAYMENT_STATE_RANK,
  type PaymentReason,
  type PaymentState,
  type Reconciliation,
  type ReportedPayment,
} from '../../../kiosk-config/src/hub/payments-api';
import { disputeOf, PAID_STATES, type PaymentFacts } from '../payment-dispute';
import type { EndOfDayEntry, PaymentEntry, PaymentsRepository, RecordPaymentResult } from '../payments-repository';

interface ChargeRow {
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

interface PaymentRow {
  id: string;
  kiosk_id: string;
  state: PaymentState;
  state_rank: number;
  amount_minor: number;
  title: string;
  uin: string | null;
  created_at: string;
  updated_at: string;
  rrn: string | null;
  masked_pan: string | null;
  reason: PaymentReason | null;
  reprint_needed: number;
  disputed: DisputeReason | null;
}

/** What an incoming report is checked against and compared with. */
type StoredPaymentRow = Pick<
  PaymentRow,
  'id' | 'kiosk_id' | 'state' | 'state_rank' | 'updated_at' | 'amount_minor' | 'uin' | 'disputed'
> & { fee_id: string | null };

interface ReconciliationRow {
  id: string;
  kiosk_id: string;
  closed_at: string;
  terminal_count: number;
  terminal_total_minor: number;
  ledger_count: number;
  ledger_total_minor: number;
  matched: number;
}

/** `PAID_STATES` as SQL. */
const PAID_STATES_SQL = `(${PAID_STATES.map((state) => `'${state}'`).join(', ')})`;

function prepareStatements(db: Database.Database) {
  return {
    upsertCharge: db.prepare(
      `INSERT INTO charges (uin, amount_minor, payee_name, payee_inn, payee_kpp, payee_account, payee_bic,
                            payee_bank_name, purpose, kbk, oktmo, paid_at, created_at)
       VALUES (@uin, @amountMinor, @payeeName, @payeeInn, @payeeKpp, @payeeAccount, @payeeBic, @payeeBankName,
               @purpose, @kbk, @oktmo, @paidAt, @createdAt)
       ON CONFLICT (uin) DO UPDATE SET amount_minor = excluded.amount_minor, payee_name = excluded.payee_name,
         payee_inn = excluded.payee_inn, payee_kpp = excluded.payee_kpp, payee_account = excluded.payee_account,
         payee_bic = excluded.payee_bic, payee_bank_name = excluded.payee_bank_name, purpose = excluded.purpose,
         kbk = excluded.kbk, oktmo = excluded.oktmo, paid_at = excluded.paid_at`,
    ),
    findCharge: db.prepare('SELECT * FROM charges WHERE uin = ?'),
    // A disputed payment pays nothing: it must not make a charge look paid.
    paidWith: db.prepare(
      `SELECT updated_at FROM payments WHERE uin = ? AND disputed IS NULL AND state IN ${PAID_STATES_SQL}
       ORDER BY updated_at LIMIT 1`,
    ),
    paidByAnother: db.prepare(
      `SELECT 1 FROM payments WHERE uin = ? AND id != ? AND disputed IS NULL AND state IN ${PAID_STATES_SQL} LIMIT 1`,
    ),
    findPayment: db.prepare(
      'SELECT id, kiosk_id, state, state_rank, updated_at, amount_minor, fee_id, uin, disputed FROM payments WHERE id = ?',
    ),
    markDisputed: db.prepare('UPDATE payments SET disputed = @disputed WHERE id = @id AND disputed IS NULL'),
    insertPayment: db.prepare(
      `INSERT INTO payments (id, kiosk_id, office_id, office_date, state, state_rank, amount_minor, fee_id, uin,
         title, purpose, payee_name, payee_inn, kbk, oktmo, ticket_number, created_at, updated_at, receipt_no,
         trace, rrn, auth_code, masked_pan, terminal_id, approved_at, receipt_printed, reprint_needed,
         receipt_copies, reason, received_at, disputed)
       VALUES (@id, @kioskId, @officeId, @officeDate, @state, @stateRank, @amountMinor, @feeId, @uin, @title,
         @purpose, @payeeName, @payeeInn, @kbk, @oktmo, @ticketNumber, @createdAt, @updatedAt, @receiptNo, @trace,
         @rrn, @authCode, @maskedPan, @terminalId, @approvedAt, @receiptPrinted, @reprintNeeded, @receiptCopies,
         @reason, @receivedAt, @disputed)`,
    ),
    // What a later state may add; the amount, the charge and where it was made never change.
    updatePayment: db.prepare(
      `UPDATE payments SET state = @state, state_rank = @stateRank, updated_at = @updatedAt,
         ticket_number = coalesce(@ticketNumber, ticket_number), receipt_no = coalesce(@receiptNo, receipt_no),
         trace = coalesce(@trace, trace), rrn = coalesce(@rrn, rrn), auth_code = coalesce(@authCode, auth_code),
         masked_pan = coalesce(@maskedPan, masked_pan), terminal_id = coalesce(@terminalId, terminal_id),
         approved_at = coalesce(@approvedAt, approved_at), receipt_printed = coalesce(@receiptPrinted, receipt_printed),
         reprint_needed = @reprintNeeded, receipt_copies = @receiptCopies, reason = coalesce(@reason, reason)
       WHERE id = @id`,
    ),
    findReconciliation: db.prepare('SELECT * FROM payment_reconciliations WHERE id = ?'),
    unreconciledTotals: db.prepare(
      `SELECT count(*) AS count, coalesce(sum(amount_minor), 0) AS total FROM payments
       WHERE kiosk_id = @kioskId AND reconciliation_id IS NULL AND state = 'committed' AND disputed IS NULL
         AND julianday(created_at) <= julianday(@closedAt)`,
    ),
    markReconciled: db.prepare(
      `UPDATE payments SET reconciliation_id = @id
       WHERE kiosk_id = @kioskId AND reconciliation_id IS NULL AND state = 'committed' AND disputed IS NULL
         AND julianday(created_at) <= julianday(@closedAt)`,
    ),
    insertReconciliation: db.prepare(
      `INSERT INTO payment_reconciliations (id, kiosk_id, office_id, office_date, closed_at, received_at, terminal_id,
         terminal_count, terminal_total_minor, ledger_count, ledger_total_minor, matched)
       VALUES (@id, @kioskId, @officeId, @officeDate, @closedAt, @receivedAt, @terminalId, @terminalCount,
         @terminalTotal, @ledgerCount, @ledgerTotal, @matched)`,
    ),
    paymentsOfDay: db.prepare(
      `SELECT id, kiosk_id, state, state_rank, amount_minor, title, uin, created_at, updated_at, rrn, masked_pan,
              reason, reprint_needed, disputed
       FROM payments WHERE office_id = ? AND office_date = ? ORDER BY created_at, id`,
    ),
    reconciliationsOfDay: db.prepare(
      'SELECT * FROM payment_reconciliations WHERE office_id = ? AND office_date = ? ORDER BY closed_at, id',
    ),
  };
}

function reconciliationFromRow(row: ReconciliationRow): Reconciliation {
  return {
    reconciliationId: row.id,
    kioskId: row.kiosk_id,
    closedAt: row.closed_at,
    terminal: { count: row.terminal_count, totalMinor: row.terminal_total_minor },
    ledger: { count: row.ledger_count, totalMinor: row.ledger_total_minor },
    matched: row.matched === 1,
    differenceCount: row.terminal_count - row.ledger_count,
    differenceMinor: row.terminal_total_minor - row.ledger_total_minor,
  };
}

function reportedFromRow(row: PaymentRow): ReportedPayment {
  const payment: ReportedPayment = {
    paymentId: row.id,
    kioskId: row.kiosk_id,
    state: row.state,
    amountMinor: row.amount_minor,
    title: row.title,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    reprintNeeded: row.reprint_needed === 1,
  };
  if (row.uin !== null) payment.uin = row.uin;
  if (row.rrn !== null) payment.rrn = row.rrn;
  if (row.masked_pan !== null) payment.maskedPan = row.masked_pan;
  if (row.reason !== null) payment.reason = row.reason;
  if (row.disputed !== null) payment.disputed = row.disputed;
  return payment;
}

/**
 * The payments ledger on the hub's SQLite database. It shares the handle `SqliteHubRepository`
 * opened (and closes): construct it with that `db`, after the migrations ran.
 */
export class SqlitePaymentsRepository implements PaymentsRepository {
  readonly #db: Database.Database;
  readonly #statements: ReturnType<typeof prepareStatements>;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#statements = prepareStatements(db);
  }

  async recordPayment(entry: PaymentEntry): Promise<RecordPaymentResult> {
    const { report } = entry;
    const rank = PAYMENT_STATE_RANK[report.state];
    const terminal = report.terminal;
    const row = {
      id: report.paymentId,
      kioskId: entry.kioskId,
      officeId: entry.officeId,
      officeDate: entry.officeDate,
      state: report.state,
      stateRank: rank,
      amountMinor: report.amountMinor,
      feeId: report.charge.feeId ?? null,
      uin: report.charge.uin ?? null,
      title: report.charge.title,
      purpose: report.charge.purpose ?? null,
      payeeName: report.charge.payeeName ?? null,
      payeeInn: report.charge.payeeInn ?? null,
      kbk: report.charge.kbk ?? null,
      oktmo: report.charge.oktmo ?? null,
      ticketNumber: report.ticketNumber ?? null,
      createdAt: report.createdAt,
      updatedAt: report.updatedAt,
      receiptNo: terminal?.receiptNo ?? null,
      trace: terminal?.trace ?? null,
      rrn: terminal?.rrn ?? null,
      authCode: terminal?.authCode ?? null,
      maskedPan: terminal?.maskedPan ?? null,
      terminalId: terminal?.terminalId ?? null,
      approvedAt: terminal?.at ?? null,
      receiptPrinted: report.receipt?.printed ?? null,
      reprintNeeded: report.receipt?.reprintNeeded ? 1 : 0,
      receiptCopies: report.receipt?.copies ?? 0,
      reason: report.reason ?? null,
      receivedAt: entry.receivedAt,
    };
    return this.#db
      .transaction((): RecordPaymentResult => {
        const existing = this.#statements.findPayment.get(report.paymentId) as StoredPaymentRow | undefined;
        if (existing && existing.kiosk_id !== entry.kioskId) return { stored: 'foreign', paymentId: report.paymentId };
        const dispute = disputeOf(report, {
          officeFees: entry.officeFees,
          ...this.#chargeFacts(report.charge.uin, report.paymentId),
          ...(existing
            ? { stored: { amountMinor: existing.amount_minor, feeId: existing.fee_id, uin: existing.uin } }
            : {}),
        });
        const newly = dispute !== undefined && existing?.disputed == null ? { disputed: dispute } : {};
        if (!existing) {
          this.#statements.insertPayment.run({ ...row, disputed: dispute ?? null });
          return { paymentId: report.paymentId, stored: 'created', state: report.state, ...newly };
        }
        if (dispute !== undefined) this.#statements.markDisputed.run({ id: report.paymentId, disputed: dispute });
        const later =
          rank > existing.state_rank ||
          (report.state === existing.state && Date.parse(report.updatedAt) > Date.parse(existing.updated_at));
        if (later) {
          this.#statements.updatePayment.run(row);
          return { paymentId: report.paymentId, stored: 'updated', state: report.state, ...newly };
        }
        const same = report.state === existing.state;
        return { paymentId: report.paymentId, stored: same ? 'unchanged' : 'stale', state: existing.state, ...newly };
      })
      .immediate();
  }

  /** What the ledger knows of a УИН's charge, for checking a payment of it (not `paymentId` itself). */
  #chargeFacts(uin: string | undefined, paymentId: string): { charge?: NonNullable<PaymentFacts['charge']> } {
    if (uin === undefined) return {};
    const row = this.#statements.findCharge.get(uin) as ChargeRow | undefined;
    if (!row) return {};
    return {
      charge: {
        amountMinor: row.amount_minor,
        paidElsewhere: row.paid_at !== null,
        paidByAnother: this.#statements.paidByAnother.get(uin, paymentId) !== undefined,
      },
    };
  }

  async resolveCharge(uin: string): Promise<ChargeResolveResponse> {
    const paid = this.#statements.paidWith.get(uin) as { updated_at: string } | undefined;
    if (paid) return { outcome: 'already_paid', paidAt: paid.updated_at };
    const row = this.#statements.findCharge.get(uin) as ChargeRow | undefined;
    if (!row) return { outcome: 'not_found' };
    if (row.paid_at !== null) return { outcome: 'already_paid', paidAt: row.paid_at };
    const charge: Charge = {
      uin: row.uin,
      amountMinor: row.amount_minor,
      payee: {
        name: row.payee_name,
        inn: row.payee_inn,
        kpp: row.payee_kpp,
        account: row.payee_account,
        bic: row.payee_bic,
        ...(row.payee_bank_name === null ? {} : { bankName: row.payee_bank_name }),
      },
      purpose: row.purpose,
    };
    if (row.kbk !== null) charge.kbk = row.kbk;
    if (row.oktmo !== null) charge.oktmo = row.oktmo;
    return { outcome: 'found', charge };
  }

  async upsertCharge(charge: Charge, options: { createdAt: string; paidAt?: string }): Promise<void> {
    this.#statements.upsertCharge.run({
      uin: charge.uin,
      amountMinor: charge.amountMinor,
      payeeName: charge.payee.name,
      payeeInn: charge.payee.inn,
      payeeKpp: charge.payee.kpp,
      payeeAccount: charge.payee.account,
      payeeBic: charge.payee.bic,
      payeeBankName: charge.payee.bankName ?? null,
      purpose: charge.purpose,
      kbk: charge.kbk ?? null,
      oktmo: charge.oktmo ?? null,
      paidAt: options.paidAt ?? null,
      createdAt: options.createdAt,
    });
  }

  async reconcile(entry: EndOfDayEntry): Promise<Reconciliation> {
    const { report } = entry;
    return this.#db
      .transaction((): Reconciliation => {
        const stored = this.#statements.findReconciliation.get(report.id) as ReconciliationRow | undefined;
        if (stored) return reconciliationFromRow(stored);
        const scope = { kioskId: entry.kioskId, closedAt: report.closedAt };
        const ledger = this.#statements.unreconciledTotals.get(scope) as { count: number; total: number };
        const matched = ledger.count === report.count && ledger.total === report.totalMinor;
        this.#statements.insertReconciliation.run({
          id: report.id,
          kioskId: entry.kioskId,
          officeId: entry.officeId,
          officeDate: entry.officeDate,
          closedAt: report.closedAt,
          receivedAt: entry.receivedAt,
          terminalId: report.terminalId ?? null,
          terminalCount: report.count,
          terminalTotal: report.totalMinor,
          ledgerCount: ledger.count,
          ledgerTotal: ledger.total,
          matched: matched ? 1 : 0,
        });
        this.#statements.markReconciled.run({ ...scope, id: report.id });
        return reconciliationFromRow(this.#statements.findReconciliation.get(report.id) as ReconciliationRow);
      })
      .immediate();
  }

  async paymentsOfDay(
    officeId: string,
    officeDate: string,
  ): Promise<{ payments: ReportedPayment[]; reconciliations: Reconciliation[] }> {
    const payments = (this.#statements.paymentsOfDay.all(officeId, officeDate) as PaymentRow[]).map(reportedFromRow);
    const reconciliations = (
      this.#statements.reconciliationsOfDay.all(officeId, officeDate) as ReconciliationRow[]
    ).map(reconciliationFromRow);
    return { payments, reconciliations };
  }
}
