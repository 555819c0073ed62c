import type Database from 'better-sqlite3';
import type {
  Charge,
  ChargeResolveResponse,
  Reconciliation,
  ReportedPayment,
} from '../../../kiosk-config/src/hub/payments-api';
import {
  type ChargeFacts,
  type ChargeRow,
  chargeFactsOf,
  chargeResolution,
  chargeValuesOf,
  insertPaymentSql,
  insertReconciliationSql,
  type Param,
  paidByAnotherSql,
  paidWithSql,
  paymentValuesOf,
  planPaymentRecord,
  REPORTED_PAYMENT_COLUMNS,
  type ReconciliationRow,
  type ReportedPaymentRow,
  reconciliationFromRow,
  reconciliationValuesOf,
  reportedPaymentFromRow,
  STORED_PAYMENT_COLUMNS,
  type StoredPaymentRow,
  unreconciledPaymentsWhere,
  updatePaymentSql,
  upsertChargeSql,
} from '../payment-rows';
import type { EndOfDayEntry, PaymentEntry, PaymentsRepository, RecordPaymentResult } from '../payments-repository';

/** better-sqlite3's named parameters. */
const named: Param = (column) => `@${column}`;
/** SQLite compares instants with their offsets as Julian days. */
const julianDay = (sql: string) => `julianday(${sql})`;

function prepareStatements(db: Database.Database) {
  return {
    upsertCharge: db.prepare(upsertChargeSql(named)),
    findCharge: db.prepare('SELECT * FROM charges WHERE uin = ?'),
    paidWith: db.prepare(paidWithSql(named)),
    paidByAnother: db.prepare(paidByAnotherSql(named)),
    findPayment: db.prepare(`SELECT ${STORED_PAYMENT_COLUMNS} FROM payments WHERE id = ?`),
    markDisputed: db.prepare('UPDATE payments SET disputed = @disputed WHERE id = @id AND disputed IS NULL'),
    insertPayment: db.prepare(insertPaymentSql(named)),
    updatePayment: db.prepare(updatePaymentSql(named)),
    findReconciliation: db.prepare('SELECT * FROM payment_reconciliations WHERE id = ?'),
    unreconciledTotals: db.prepare(
      `SELECT count(*) AS count, coalesce(sum(amount_minor), 0) AS total FROM payments
       WHERE ${unreconciledPaymentsWhere(named, julianDay)}`,
    ),
    markReconciled: db.prepare(
      `UPDATE payments SET reconciliation_id = @id WHERE ${unreconciledPaymentsWhere(named, julianDay)}`,
    ),
    insertReconciliation: db.prepare(insertReconciliationSql(named)),
    paymentsOfDay: db.prepare(
      `SELECT ${REPORTED_PAYMENT_COLUMNS} FROM payments WHERE office_id = ? AND office_date = ? ORDER BY created_at, id`,
    ),
    reconciliationsOfDay: db.prepare(
      'SELECT * FROM payment_reconciliations WHERE office_id = ? AND office_date = ? ORDER BY closed_at, id',
    ),
  };
}

/**
 * The payments ledger on the hub's SQLite database. It shares the handle `SqliteHubRepository`
 * opened (and closes): construct it with that `db`, after the migrations ran. Every write is one
 * IMMEDIATE transaction: the file's write lock orders them, across processes too.
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
    const values = paymentValuesOf(entry);
    return this.#db
      .transaction((): RecordPaymentResult => {
        const existing = this.#statements.findPayment.get(report.paymentId) as StoredPaymentRow | undefined;
        const plan = planPaymentRecord(entry, existing, this.#chargeFacts(report.charge.uin, report.paymentId));
        const disputed = plan.dispute ?? null;
        if (plan.write === 'insert') {
          this.#statements.insertPayment.run({ ...values, disputed });
          return plan.result;
        }
        if (disputed !== null) this.#statements.markDisputed.run({ id: report.paymentId, disputed });
        if (plan.write === 'update') this.#statements.updatePayment.run(values);
        return plan.result;
      })
      .immediate();
  }

  /** What the ledger knows of a УИН's charge, for checking a payment of it (not `paymentId` itself). */
  #chargeFacts(uin: string | undefined, paymentId: string): ChargeFacts | undefined {
    if (uin === undefined) return undefined;
    const row = this.#statements.findCharge.get(uin) as ChargeRow | undefined;
    if (!row) return undefined;
    return chargeFactsOf(row, this.#statements.paidByAnother.get({ uin, id: paymentId }) !== undefined);
  }

  async resolveCharge(uin: string): Promise<ChargeResolveResponse> {
    const paid = this.#statements.paidWith.get({ uin }) as { updated_at: string } | undefined;
    return chargeResolution(paid?.updated_at, this.#statements.findCharge.get(uin) as ChargeRow | undefined);
  }

  async upsertCharge(charge: Charge, options: { createdAt: string; paidAt?: string }): Promise<void> {
    this.#statements.upsertCharge.run(chargeValuesOf(charge, options));
  }

  async reconcile(entry: EndOfDayEntry): Promise<Reconciliation> {
    const { report } = entry;
    return this.#db
      .transaction((): Reconciliation => {
        const stored = this.#statements.findReconciliation.get(report.id) as ReconciliationRow | undefined;
        if (stored) return reconciliationFromRow(stored);
        const scope = { kiosk_id: entry.kioskId, closed_at: report.closedAt };
        const ledger = this.#statements.unreconciledTotals.get(scope) as { count: number; total: number };
        this.#statements.insertReconciliation.run(
          reconciliationValuesOf(entry, { count: ledger.count, totalMinor: ledger.total }),
        );
        this.#statements.markReconciled.run({ ...scope, id: report.id });
        return reconciliationFromRow(this.#statements.findReconciliation.get(report.id) as ReconciliationRow);
      })
      .immediate();
  }

  async paymentsOfDay(
    officeId: string,
    officeDate: string,
  ): Promise<{ payments: ReportedPayment[]; reconciliations: Reconciliation[] }> {
    const payments = (this.#statements.paymentsOfDay.all(officeId, officeDate) as ReportedPaymentRow[]).map(
      reportedPaymentFromRow,
    );
    const reconciliations = (
      this.#statements.reconciliationsOfDay.all(officeId, officeDate) as ReconciliationRow[]
    ).map(reconciliationFromRow);
    return { payments, reconciliations };
  }
}
