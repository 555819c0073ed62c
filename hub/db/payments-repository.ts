import type {
  Charge,
  ChargeResolveResponse,
  DisputeReason,
  EndOfDayReport,
  PaymentReport,
  PaymentReportResponse,
  Reconciliation,
  ReportedPayment,
} from '../../kiosk-config/src/hub/payments-api';

/**
 * The hub's payments ledger, beside `HubRepository` on the same database (migration 0003): what
 * each kiosk payment came to, the charges a УИН resolves to, and the reconciliations of
 * terminals' end-of-day totals. docs/payments.md, "Journal, recovery and ledger".
 */
export interface PaymentsRepository {
  /**
   * Stores a payment's state from a kiosk, idempotently: a new payment is created, a higher
   * state (`PAYMENT_STATE_RANK`) or a later update of the same state replaces it, anything else
   * is `stale` and changes nothing. `foreign`: the id belongs to another kiosk's payment.
   * Each report is checked against what the hub knows (`disputeOf`, in the same transaction): a
   * record that does not match is stored all the same, marked disputed for good, and kept out of
   * every total; `disputed` in the result says it became disputed with this report.
   */
  recordPayment(entry: PaymentEntry): Promise<RecordPaymentResult>;
  /** The charge behind a УИН, or why it cannot be paid (a disputed payment pays nothing). */
  resolveCharge(uin: string): Promise<ChargeResolveResponse>;
  /** Adds or replaces a charge (demo data; an import from ГИС ГМП later); `paidAt`: paid elsewhere. */
  upsertCharge(charge: Charge, options: { createdAt: string; paidAt?: string }): Promise<void>;
  /**
   * Reconciles a kiosk's end of day with the ledger: its committed payments not counted by an
   * earlier reconciliation, created up to `closedAt` and not disputed, are counted and marked
   * with this one.
   * Idempotent by the report's id (a replay answers the stored reconciliation).
   */
  reconcile(entry: EndOfDayEntry): Promise<Reconciliation>;
  /** An office's payments and reconciliations of one day (`officeDate`). */
  paymentsOfDay(
    officeId: string,
    officeDate: string,
  ): Promise<{ payments: ReportedPayment[]; reconciliations: Reconciliation[] }>;
}

/** A kiosk's payment report with where and when it arrived. */
export interface PaymentEntry {
  kioskId: string;
  officeId: string;
  /** The day of `report.createdAt` in the hub's time zone. */
  officeDate: string;
  receivedAt: string;
  report: PaymentReport;
  /** The fees of the office's catalogue on the hub, by service id (kopecks); empty without one. */
  officeFees: ReadonlyMap<string, number>;
}

export type RecordPaymentResult =
  | (PaymentReportResponse & { disputed?: DisputeReason })
  | { stored: 'foreign'; paymentId: string };

/** A kiosk's end-of-day report with where and when it arrived. */
export interface EndOfDayEntry {
  kioskId: string;
  officeId: string;
  officeDate: string;
  receivedAt: string;
  report: EndOfDayReport;
}
