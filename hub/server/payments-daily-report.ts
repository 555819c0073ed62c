import type { AttentionItem, PaymentsDailyReport } from '../../kiosk-config/src/hub/payments-api';
import type { PaymentsRepository } from '../db/payments-repository';

/** An office's payments and reconciliations of one day, as the ledger returns them. */
export type PaymentsOfDay = Awaited<ReturnType<PaymentsRepository['paymentsOfDay']>>;

/**
 * An office's day of payments as figures: the operator's report endpoint and the web console
 * both show this. Disputed records are in no figure: they are listed, and raised on the
 * attention list.
 */
export function buildPaymentsDailyReport(
  officeId: string,
  date: string,
  timeZone: string,
  day: PaymentsOfDay,
): PaymentsDailyReport {
  const believed = day.payments.filter((p) => p.disputed === undefined);
  const disputed = day.payments.filter((p) => p.disputed !== undefined);
  const totals = (of: typeof day.payments) => ({
    count: of.length,
    totalMinor: of.reduce((total, p) => total + p.amountMinor, 0),
  });
  const sum = (state: string) => totals(believed.filter((p) => p.state === state));
  const count = (states: string[]) => believed.filter((p) => states.includes(p.state)).length;
  return {
    officeId,
    date,
    timeZone,
    committed: sum('committed'),
    reversed: sum('reversed'),
    declined: count(['declined']),
    cancelled: count(['cancelled']),
    pending: count(['created', 'authorising', 'unknown', 'authorised', 'delivering', 'delivered', 'reversing']),
    needsAttention: count(['needs_attention']),
    disputed: totals(disputed),
    payments: day.payments,
    reconciliations: day.reconciliations,
    attention: attentionOf(day),
  };
}

/** What staff must look at in a day: disputed payments, payments waiting for a person, totals that differ. */
function attentionOf(day: PaymentsOfDay): AttentionItem[] {
  const items: AttentionItem[] = [];
  for (const p of day.payments) {
    if (p.disputed !== undefined) {
      items.push({
        kind: 'payment_disputed',
        paymentId: p.paymentId,
        kioskId: p.kioskId,
        state: p.state,
        amountMinor: p.amountMinor,
        reason: p.disputed,
      });
    } else if (p.state === 'needs_attention') {
      items.push({
        kind: 'payment_needs_attention',
        paymentId: p.paymentId,
        kioskId: p.kioskId,
        amountMinor: p.amountMinor,
        ...(p.reason === undefined ? {} : { reason: p.reason }),
      });
    }
  }
  for (const r of day.reconciliations) {
    if (r.matched) continue;
    items.push({
      kind: 'reconciliation_mismatch',
      reconciliationId: r.reconciliationId,
      kioskId: r.kioskId,
      differenceCount: r.differenceCount,
      differenceMinor: r.differenceMinor,
    });
  }
  return items;
}
