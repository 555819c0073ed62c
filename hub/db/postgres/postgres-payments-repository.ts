import type pg from 'pg';
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
import { queryNamed } from './named-query';
import { safeIntegerOf } from './postgres-integers';
import { inTransaction } from './postgres-transaction';

/** PostgreSQL compares the kiosks' ISO 8601 instants (with their offsets) as timestamps. */
const timestamp = (sql: string) => `(${sql})::timestamptz`;

/**
 * Runs `work` in a transaction that first takes a lock on a name (`payment:<id>`, …): it locks
 * what has no row yet, so two instances cannot both find it missing; COMMIT or ROLLBACK releases
 * it. READ COMMITTED whatever the server's default: each statement after a lock wait must see
 * what the transaction it waited for committed.
 */
function inLockedTransaction<T>(pool: pg.Pool, name: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return inTransaction(pool, async (client) => {
    await client.query('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [name]);
    return work(client);
  });
}

/**
 * The payments ledger on PostgreSQL (not yet selectable in `hub start`), on the hub's pool: it
 * does not own the pool (never ends it). Several hub instances may share the database; each write
 * is one transaction that relies on the database's locks and constraints, never the process's:
 * - a payment id is locked (advisory) for its record, so one payment sent to two instances at once
 *   is stored once, and the second answer sees the first;
 * - a УИН's charge row is locked (FOR UPDATE) while a payment of it is checked and written, so of
 *   two payments racing to pay it, the second finds the first and is disputed
 *   (`charge_already_paid`); a unique index refuses a second believed payment of it outright;
 * - an end of day locks its id (advisory) and the payments it counts (FOR UPDATE), so a replay
 *   answers the stored reconciliation and no payment is counted by two.
 */
export class PostgresPaymentsRepository implements PaymentsRepository {
  readonly #pool: pg.Pool;

  /** On an already migrated database (`migratePostgres`). */
  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async recordPayment(entry: PaymentEntry): Promise<RecordPaymentResult> {
    const { report } = entry;
    const id = report.paymentId;
    const values = paymentValuesOf(entry);
    return inLockedTransaction(this.#pool, `payment:${id}`, async (client) => {
      const [existing] = await queryNamed<StoredPaymentRow>(
        client,
        { id },
        (param) => `SELECT ${STORED_PAYMENT_COLUMNS} FROM payments WHERE id = ${param('id')}`,
      );
      const plan = planPaymentRecord(entry, existing, await chargeFacts(client, report.charge.uin, id));
      const disputed = plan.dispute ?? null;
      if (plan.write === 'insert') {
        await queryNamed(client, { ...values, disputed }, insertPaymentSql);
        return plan.result;
      }
      if (disputed !== null) {
        await queryNamed(
          client,
          { id, disputed },
          (param) =>
            `UPDATE payments SET disputed = ${param('disputed')} WHERE id = ${param('id')} AND disputed IS NULL`,
        );
      }
      if (plan.write === 'update') await queryNamed(client, values, updatePaymentSql);
      return plan.result;
    });
  }

  async resolveCharge(uin: string): Promise<ChargeResolveResponse> {
    const [paid] = await queryNamed<{ updated_at: string }>(this.#pool, { uin }, paidWithSql);
    const [row] = await queryNamed<ChargeRow>(
      this.#pool,
      { uin },
      (param) => `SELECT * FROM charges WHERE uin = ${param('uin')}`,
    );
    return chargeResolution(paid?.updated_at, row);
  }

  async upsertCharge(charge: Charge, options: { createdAt: string; paidAt?: string }): Promise<void> {
    await queryNamed(this.#pool, chargeValuesOf(charge, options), upsertChargeSql);
  }

  async reconcile(entry: EndOfDayEntry): Promise<Reconciliation> {
    const { report } = entry;
    const find = (client: pg.PoolClient) =>
      queryNamed<ReconciliationRow>(
        client,
        { id: report.id },
        (param) => `SELECT * FROM payment_reconciliations WHERE id = ${param('id')}`,
      );
    return inLockedTransaction(this.#pool, `reconciliation:${report.id}`, async (client) => {
      const [stored] = await find(client);
      if (stored) return reconciliationFromRow(stored);
      // Locked until COMMIT: a payment a concurrent end of day (or a dispute) changed meanwhile
      // is checked again and left out, so every payment is counted by one reconciliation.
      const counted = await queryNamed<{ id: string; amount_minor: number }>(
        client,
        { kiosk_id: entry.kioskId, closed_at: report.closedAt },
        (param) =>
          `SELECT id, amount_minor FROM payments WHERE ${unreconciledPaymentsWhere(param, timestamp)}
           ORDER BY id FOR UPDATE`,
      );
      const totalMinor = safeIntegerOf(String(counted.reduce((sum, payment) => sum + payment.amount_minor, 0)));
      await queryNamed(
        client,
        reconciliationValuesOf(entry, { count: counted.length, totalMinor }),
        insertReconciliationSql,
      );
      await queryNamed(
        client,
        { id: report.id, ids: counted.map((payment) => payment.id) },
        (param) => `UPDATE payments SET reconciliation_id = ${param('id')} WHERE id = ANY(${param('ids')}::text[])`,
      );
      const [inserted] = await find(client);
      if (!inserted) throw new Error(`reconciliation ${report.id} vanished inside its transaction`);
      return reconciliationFromRow(inserted);
    });
  }

  async paymentsOfDay(
    officeId: string,
    officeDate: string,
  ): Promise<{ payments: ReportedPayment[]; reconciliations: Reconciliation[] }> {
    const day = { office_id: officeId, office_date: officeDate };
    const where = (param: Param) => `office_id = ${param('office_id')} AND office_date = ${param('office_date')}`;
    const payments = await queryNamed<ReportedPaymentRow>(
      this.#pool,
      day,
      (param) => `SELECT ${REPORTED_PAYMENT_COLUMNS} FROM payments WHERE ${where(param)} ORDER BY created_at, id`,
    );
    const reconciliations = await queryNamed<ReconciliationRow>(
      this.#pool,
      day,
      (param) => `SELECT * FROM payment_reconciliations WHERE ${where(param)} ORDER BY closed_at, id`,
    );
    return {
      payments: payments.map(reportedPaymentFromRow),
      reconciliations: reconciliations.map(reconciliationFromRow),
    };
  }
}

/**
 * What the ledger knows of a УИН's charge, for checking a payment of it (not `paymentId` itself).
 * The charge's row stays locked until the transaction ends: payments of one УИН are checked and
 * written one at a time, across instances. No row, no race: a payment of an unknown УИН is disputed.
 */
async function chargeFacts(
  client: pg.PoolClient,
  uin: string | undefined,
  paymentId: string,
): Promise<ChargeFacts | undefined> {
  if (uin === undefined) return undefined;
  const [row] = await queryNamed<Pick<ChargeRow, 'amount_minor' | 'paid_at'>>(
    client,
    { uin },
    (param) => `SELECT amount_minor, paid_at FROM charges WHERE uin = ${param('uin')} FOR UPDATE`,
  );
  if (!row) return undefined;
  const paidByAnother = await queryNamed(client, { uin, id: paymentId }, paidByAnotherSql);
  return chargeFactsOf(row, paidByAnother.length > 0);
}
