import type { DisputeReason, PaymentReport, PaymentState } from '../../kiosk-config/src/hub/payments-api';

/**
 * What the hub knows to check a kiosk's payment record against (docs/security.md, «The ledger
 * trusts no kiosk»). A kiosk credential proves which kiosk speaks, not that what it says is true.
 */
export interface PaymentFacts {
  /** The fees of the kiosk's office's catalogue on the hub, by service id (kopecks); empty without one. */
  officeFees: ReadonlyMap<string, number>;
  /** The charge of the report's УИН, when the hub knows it. */
  charge?: {
    amountMinor: number;
    /** The register says it is paid (ГИС ГМП, or the demo data). */
    paidElsewhere: boolean;
    /** Another payment of it, not disputed, reached `delivered` or `committed`. */
    paidByAnother: boolean;
  };
  /** What the ledger already holds of this payment (an earlier report of it). */
  stored?: { amountMinor: number; feeId: string | null; uin: string | null };
}

/** States in which the visitor has the receipt and the money is (being) taken: the charge is paid. */
export const PAID_STATES: readonly PaymentState[] = ['delivered', 'committed'];

/**
 * Why the hub does not believe a payment record, or undefined when it matches what the hub knows.
 *
 * A new payment must pay a fee of the office's catalogue at exactly its amount, or a УИН's charge
 * that exists, is unpaid and has exactly that amount. A later report of a known payment must not
 * change its amount or what it pays for, and a УИН's payment reaching `delivered`/`committed` must
 * not find another payment of the charge already there (two kiosks racing). The fee is not checked
 * again on later reports: the catalogue may change during the day, the payment's amount may not.
 */
export function disputeOf(report: PaymentReport, facts: PaymentFacts): DisputeReason | undefined {
  const { uin, feeId } = report.charge;
  const { stored, charge } = facts;
  if (stored) {
    const changed =
      stored.amountMinor !== report.amountMinor || stored.feeId !== (feeId ?? null) || stored.uin !== (uin ?? null);
    if (changed) return 'report_changed';
    if (uin !== undefined && charge?.paidByAnother && PAID_STATES.includes(report.state)) return 'charge_already_paid';
    return undefined;
  }
  if (uin !== undefined) {
    if (!charge) return 'unknown_charge';
    if (charge.paidElsewhere || charge.paidByAnother) return 'charge_already_paid';
    return charge.amountMinor === report.amountMinor ? undefined : 'amount_mismatch';
  }
  if (feeId !== undefined) {
    const fee = facts.officeFees.get(feeId);
    if (fee === undefined) return 'unknown_fee';
    return fee === report.amountMinor ? undefined : 'amount_mismatch';
  }
  return 'no_charge';
}
