/**
 * The seam for fiscal receipts (54-ФЗ «О применении контрольно-кассовой техники»).
 *
 * A card payment taken by an organisation in Russia normally needs a fiscal receipt from a
 * registered cash register (ККТ) with a fiscal drive (ФН), sent to the tax service through a
 * fiscal data operator (ОФД). Whether a МФЦ's kiosk must issue one for state fees depends on who
 * accepts the money (the fee goes to the budget through the acquiring bank; agencies and their
 * payment agents answer this differently), so Okno does not do it: the default registrar does
 * nothing, and the receipt is the kiosk's payment confirmation with the terminal's slip.
 *
 * A deployment that needs fiscal receipts implements this interface for its ККТ (e.g. a driver
 * for АТОЛ or Штрих-М over its own protocol) and passes it to `PaymentService`. The service calls
 * `register` once per payment, after the terminal approved it and before the receipt prints,
 * and prints the returned lines (ФН, ФД, ФПД, the check's QR) on the receipt. A failure is an
 * undelivered receipt: the payment is then handled by the `undeliveredPolicy` like a printer out
 * of paper. The registrar must be idempotent by `paymentId` (after a crash the service may call
 * it again for the same payment: return the document registered the first time, e.g. from the
 * ККТ's last document). See `docs/payments.md`, "Fiscal receipts".
 */
export interface FiscalRegistrar {
  register(payment: FiscalPayment): Promise<FiscalOutcome>;
}

/** What a fiscal receipt needs to know of a payment. */
export interface FiscalPayment {
  paymentId: string;
  amountMinor: number;
  /** The item line (the fee). */
  title: string;
  /** Card payment («безналичными»). */
  method: 'card';
  rrn: string;
}

/** What a registrar answers. */
export type FiscalOutcome =
  /** No fiscal receipt is issued (the default). */
  | { outcome: 'none' }
  /** Registered: lines to print on the receipt, and the check's link for its QR. */
  | { outcome: 'registered'; lines: string[]; checkUrl?: string }
  | { outcome: 'failed'; reason: string };

/** The default: no fiscal receipts (see above for what a deployment needs instead). */
export const NO_FISCAL_RECEIPTS: FiscalRegistrar = {
  register: async () => ({ outcome: 'none' }),
};
