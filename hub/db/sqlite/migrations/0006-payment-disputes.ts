import type { Migration } from '../migrate';

/**
 * Payments the hub does not believe (docs/security.md, «The ledger trusts no kiosk»): `disputed`
 * is NULL for a record that matched the office's fee or the УИН's charge, else why not
 * (`DisputeReason`). A disputed payment stays in the table, out of every total and reconciliation.
 */
export const migration0006PaymentDisputes: Migration = {
  version: 6,
  name: 'payment-disputes',
  sql: `
ALTER TABLE payments ADD COLUMN disputed TEXT CHECK (disputed IS NULL OR disputed IN ('unknown_fee',
  'unknown_charge', 'charge_already_paid', 'amount_mismatch', 'no_charge', 'report_changed'));
`,
};
