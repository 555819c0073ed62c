import { z } from 'zod';
import { IsoDate } from './hub-api';
import { Uin, ValidUin } from './uin';

export { isValidUin, normaliseUin, Uin, uinCheckDigit, uinProblem, ValidUin, withUinCheckDigit } from './uin';

/**
 * Payments between a kiosk and its hub, as zod schemas shared by both (and the catalogue's fees).
 * Amounts are kopecks (integers); no card data beyond the last four digits ever appears here.
 *
 * Kiosk → hub, through the outbox (ordered, durable, idempotent by item id) or directly:
 * - `payment.state` items / `POST /v1/payments`: a payment's latest state (`PaymentReport`);
 * - `payment.end_of_day` items / `POST /v1/payments/end-of-day`: the terminal's totals
 *   (`EndOfDayReport`), which the hub reconciles with its ledger.
 * Kiosk asks: `POST /v1/charges/resolve`: the charge behind a УИН.
 * Operators: `GET /v1/operator/offices/:officeId/payments/report?date=`.
 */

/** An amount in kopecks: a positive whole number, at most 1 million roubles (as the kiosk contract allows). */
export const Kopecks = z.number().int().positive().max(100_000_000);

/** An instant as the kiosk's journal writes it (ISO 8601). */
const Instant = z.iso.datetime({ offset: true });

/**
 * Every state of a payment (the kiosk's journal, `electron/services/payments/payment-state.ts`,
 * owns the transitions; `docs/payments.md` describes them).
 */
export const PaymentState = z.enum([
  'created',
  'authorising',
  'unknown',
  'authorised',
  'delivering',
  'delivered',
  'reversing',
  'committed',
  'declined',
  'cancelled',
  'reversed',
  'needs_attention',
  'resolved',
]);
export type PaymentState = z.infer<typeof PaymentState>;

/**
 * How far along a payment is: every transition of the kiosk's state machine goes to a higher
 * rank (a test checks it), so the hub keeps the highest and a late replay of an older state
 * never moves a payment back. States that exclude each other share a rank.
 */
export const PAYMENT_STATE_RANK: Readonly<Record<PaymentState, number>> = {
  created: 0,
  authorising: 1,
  unknown: 2,
  authorised: 3,
  delivering: 4,
  delivered: 5,
  reversing: 6,
  committed: 7,
  declined: 7,
  cancelled: 7,
  reversed: 7,
  needs_attention: 8,
  resolved: 9,
};

/** The masked card number: asterisks, spaces and at most the last four digits. */
export const MaskedPan = z
  .string()
  .max(32)
  .regex(/^[*Xx\s]*\d{0,4}$/, 'a masked card number: at most its last four digits');

/** An INN (ИНН): 10 digits for an organisation, 12 for a person or sole trader. */
export const Inn = z.string().regex(/^(\d{10}|\d{12})$/, '10 or 12 digits');

/** The payee of a fee: a budget recipient's bank details, all strings (leading zeros matter). */
export const Payee = z
  .object({
    /** As the Treasury names it, e.g. «УФК по Тверской области (МВД России)». */
    name: z.string().min(1).max(160),
    inn: Inn,
    /** КПП: positions 5–6 may be capital Latin letters. */
    kpp: z.string().regex(/^\d{4}[0-9A-Z]{2}\d{3}$/, 'a 9-character KPP'),
    /** The treasury account (казначейский счёт), 20 digits. */
    account: z.string().regex(/^\d{20}$/, '20 digits'),
    bic: z.string().regex(/^\d{9}$/, '9 digits'),
    bankName: z.string().min(1).max(160).optional(),
    /** The single treasury account (ЕКС), 20 digits, when the form asks for it. */
    correspondentAccount: z
      .string()
      .regex(/^\d{20}$/, '20 digits')
      .optional(),
  })
  .strict();
export type Payee = z.infer<typeof Payee>;

/** A budget classification code (КБК): 20 characters. */
export const Kbk = z.string().regex(/^[0-9A-Z]{20}$/, 'a 20-character КБК');
/** ОКТМО: 8 or 11 digits. */
export const Oktmo = z.string().regex(/^(\d{8}|\d{11})$/, '8 or 11 digits');

/**
 * A state fee as the catalogue gives it for a service (`fee` of a catalogue service): the amount
 * and where the money goes. A charge with a УИН comes from the hub instead (`Charge`).
 */
export const ServiceFee = z
  .object({
    amountMinor: Kopecks,
    recipient: Payee,
    /** The purpose of the payment (назначение платежа), as the recipient wants it. */
    purpose: z.string().min(1).max(210),
    kbk: Kbk.optional(),
    oktmo: Oktmo.optional(),
  })
  .strict();
export type ServiceFee = z.infer<typeof ServiceFee>;

/** A charge the hub knows by its УИН (ГИС ГМП's accrual, or the hub's own demo charges). */
export const Charge = z
  .object({
    uin: ValidUin,
    amountMinor: Kopecks,
    payee: Payee,
    purpose: z.string().min(1).max(210),
    kbk: Kbk.optional(),
    oktmo: Oktmo.optional(),
  })
  .strict();
export type Charge = z.infer<typeof Charge>;

/** POST /v1/charges/resolve: what a УИН charges, before the visitor confirms. */
export const ChargeResolveRequest = z.object({ uin: Uin }).strict();
export type ChargeResolveRequest = z.input<typeof ChargeResolveRequest>;

export const ChargeResolveResponse = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('found'), charge: Charge }).strict(),
  z.object({ outcome: z.literal('not_found') }).strict(),
  /** Already paid (at a kiosk of this hub, or as the register says): do not take it twice. */
  z.object({ outcome: z.literal('already_paid'), paidAt: Instant.optional() }).strict(),
]);
export type ChargeResolveResponse = z.infer<typeof ChargeResolveResponse>;

/** What a payment paid for, as the ledger keeps it: no payer, ever. */
export const PaymentChargeSummary = z
  .object({
    /** The catalogue service whose fee it was. */
    feeId: z.string().min(1).max(64).optional(),
    uin: ValidUin.optional(),
    /** The line on the receipt, e.g. «Госпошлина за выдачу паспорта». */
    title: z.string().min(1).max(300),
    purpose: z.string().min(1).max(210).optional(),
    payeeName: z.string().min(1).max(160).optional(),
    payeeInn: Inn.optional(),
    kbk: Kbk.optional(),
    oktmo: Oktmo.optional(),
  })
  .strict();
export type PaymentChargeSummary = z.infer<typeof PaymentChargeSummary>;

/** What the terminal said about an approved payment (no card number beyond the last four). */
export const TerminalRecord = z
  .object({
    receiptNo: z.string().min(1).max(32),
    trace: z.string().min(1).max(32).optional(),
    rrn: z.string().max(32),
    authCode: z.string().max(16),
    maskedPan: MaskedPan,
    /** When the terminal approved it (its own clock, or the kiosk's). */
    at: z.string().max(40),
    terminalId: z.string().max(32).optional(),
  })
  .strict();
export type TerminalRecord = z.infer<typeof TerminalRecord>;

/**
 * Why a payment ended as it did, or why it needs a person. Codes, never free text from a visitor.
 * See `docs/payments.md` for each.
 */
export const PaymentReason = z.enum([
  /** The visitor cancelled (at the terminal or on the screen). */
  'visitor_cancelled',
  /** The terminal was not there or refused the request before it was sent. */
  'terminal_unavailable',
  /** Recovery found the terminal never completed it: nothing charged. */
  'not_completed',
  /** The receipt could not be delivered and the policy reversed the payment. */
  'undelivered',
  /** The visitor left before delivery (a crash or restart): reversed by recovery. */
  'visitor_gone',
  /** The terminal cannot say what became of the authorisation. */
  'terminal_cannot_tell',
  /** The terminal refused to commit a delivered payment. */
  'commit_refused',
  /** The terminal refused to reverse, or cannot. */
  'reverse_refused',
  'reverse_not_supported',
  /** The terminal answered with something else than the journal expects. */
  'terminal_mismatch',
  /**
   * The terminal approved another amount, currency or an already known receipt number than the
   * kiosk asked for: reversed at once (unless a replay) and never delivered; a person checks.
   */
  'approval_mismatch',
  /** A person settled it (refund at the counter, confirmed with the bank…). */
  'settled_by_staff',
]);
export type PaymentReason = z.infer<typeof PaymentReason>;

/** The receipt of a payment: on paper, on the screen, or owed (reprint). */
export const ReceiptDelivery = z
  .object({
    /** `uncertain`: the printer was sent it but never confirmed (or the kiosk died meanwhile). */
    printed: z.enum(['yes', 'no', 'uncertain']),
    /** A receipt is owed: print a copy when the printer can. */
    reprintNeeded: z.boolean(),
    /** Copies printed by `reprint` («КОПИЯ»). */
    copies: z.number().int().nonnegative(),
  })
  .strict();
export type ReceiptDelivery = z.infer<typeof ReceiptDelivery>;

/**
 * `payment.state` outbox item / POST /v1/payments: a payment's state now. Idempotent by
 * `paymentId`; the hub keeps the highest state (`PAYMENT_STATE_RANK`), and within one state
 * the latest `updatedAt`.
 */
export const PaymentReport = z
  .object({
    paymentId: z.uuid(),
    state: PaymentState,
    amountMinor: Kopecks,
    charge: PaymentChargeSummary,
    /** The queue ticket the visitor holds, when the payment belongs to a visit. */
    ticketNumber: z.string().min(1).max(16).optional(),
    createdAt: Instant,
    updatedAt: Instant,
    terminal: TerminalRecord.optional(),
    receipt: ReceiptDelivery.optional(),
    reason: PaymentReason.optional(),
  })
  .strict();
export type PaymentReport = z.infer<typeof PaymentReport>;

export const PaymentReportResponse = z
  .object({
    paymentId: z.string(),
    /** `stale`: the hub already has this payment at a later state; nothing changed. */
    stored: z.enum(['created', 'updated', 'unchanged', 'stale']),
    state: PaymentState,
  })
  .strict();
export type PaymentReportResponse = z.infer<typeof PaymentReportResponse>;

/** Counts and sums of payments. */
export const PaymentTotals = z
  .object({ count: z.number().int().nonnegative(), totalMinor: z.number().int().nonnegative() })
  .strict();
export type PaymentTotals = z.infer<typeof PaymentTotals>;

/**
 * `payment.end_of_day` outbox item / POST /v1/payments/end-of-day: the terminal closed its day
 * (сверка итогов) with these totals. `id` makes a replay harmless.
 */
export const EndOfDayReport = z
  .object({
    id: z.uuid(),
    /** When the terminal closed the day (kiosk's clock). */
    closedAt: Instant,
    terminalId: z.string().max(32).optional(),
    /** Approved payments minus reversals, as the terminal counted them. */
    count: z.number().int().nonnegative(),
    totalMinor: z.number().int().nonnegative(),
  })
  .strict();
export type EndOfDayReport = z.infer<typeof EndOfDayReport>;

/** The hub's reconciliation of a kiosk's end of day with its ledger. */
export const Reconciliation = z
  .object({
    reconciliationId: z.string(),
    kioskId: z.string(),
    closedAt: Instant,
    terminal: PaymentTotals,
    /** Committed payments of this kiosk not in an earlier reconciliation, up to `closedAt`. */
    ledger: PaymentTotals,
    matched: z.boolean(),
    /** terminal − ledger. */
    differenceCount: z.number().int(),
    differenceMinor: z.number().int(),
  })
  .strict();
export type Reconciliation = z.infer<typeof Reconciliation>;

/**
 * Why the hub does not believe a kiosk's payment record (docs/security.md, «The ledger trusts no
 * kiosk»). A disputed payment is kept, out of every total, on the day's attention list.
 */
export const DisputeReason = z.enum([
  /** No such fee in the office's catalogue on the hub (or the service has no fee). */
  'unknown_fee',
  /** The УИН is not a charge the hub knows. */
  'unknown_charge',
  /** The УИН's charge was already paid: elsewhere, or by another payment. */
  'charge_already_paid',
  /** Not the fee's or the charge's amount. */
  'amount_mismatch',
  /** Neither a fee nor a УИН: nothing to check it against. */
  'no_charge',
  /** A later report of the payment changed its amount or what it pays for. */
  'report_changed',
]);
export type DisputeReason = z.infer<typeof DisputeReason>;

/** One payment in an operator's report. */
export const ReportedPayment = z
  .object({
    paymentId: z.string(),
    kioskId: z.string(),
    state: PaymentState,
    amountMinor: Kopecks,
    title: z.string(),
    uin: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
    rrn: z.string().optional(),
    maskedPan: z.string().optional(),
    reason: PaymentReason.optional(),
    reprintNeeded: z.boolean(),
    /** Present when the hub disputes it: then it is in no total. */
    disputed: DisputeReason.optional(),
  })
  .strict();
export type ReportedPayment = z.infer<typeof ReportedPayment>;

/** Something of the day that a person must look at. */
export const AttentionItem = z.discriminatedUnion('kind', [
  /** A payment record that does not match what the hub knows (`DisputeReason`). */
  z
    .object({
      kind: z.literal('payment_disputed'),
      paymentId: z.string(),
      kioskId: z.string(),
      state: PaymentState,
      amountMinor: Kopecks,
      reason: DisputeReason,
    })
    .strict(),
  /** A payment the kiosk could not settle by itself (`needs_attention`). */
  z
    .object({
      kind: z.literal('payment_needs_attention'),
      paymentId: z.string(),
      kioskId: z.string(),
      amountMinor: Kopecks,
      reason: PaymentReason.optional(),
    })
    .strict(),
  /** A terminal's end-of-day totals that differ from the ledger (terminal − ledger). */
  z
    .object({
      kind: z.literal('reconciliation_mismatch'),
      reconciliationId: z.string(),
      kioskId: z.string(),
      differenceCount: z.number().int(),
      differenceMinor: z.number().int(),
    })
    .strict(),
]);
export type AttentionItem = z.infer<typeof AttentionItem>;

/** GET /v1/operator/offices/:officeId/payments/report?date=YYYY-MM-DD. */
export const PaymentsReportQuery = z.object({ date: IsoDate }).strict();
export const PaymentsReportParams = z.object({ officeId: z.string().min(1).max(64) }).strict();

export const PaymentsDailyReport = z
  .object({
    officeId: z.string(),
    date: IsoDate,
    /** The zone whose calendar day this is (the hub's). */
    timeZone: z.string(),
    /** Money taken: committed payments (the figures below leave disputed ones out). */
    committed: PaymentTotals,
    /** Money released after approval. */
    reversed: PaymentTotals,
    declined: z.number().int().nonnegative(),
    cancelled: z.number().int().nonnegative(),
    /** Not final yet (the kiosk still resolves them). */
    pending: z.number().int().nonnegative(),
    /** Waiting for a person. */
    needsAttention: z.number().int().nonnegative(),
    /** Records the hub does not believe (any state): in none of the figures above. */
    disputed: PaymentTotals,
    payments: z.array(ReportedPayment),
    reconciliations: z.array(Reconciliation),
    /** What staff must look at: disputed payments, payments needing a person, totals that differ. */
    attention: z.array(AttentionItem),
  })
  .strict();
export type PaymentsDailyReport = z.infer<typeof PaymentsDailyReport>;

/** Outbox item kinds the kiosk uses for payments. */
export const PAYMENT_OUTBOX_KINDS = { state: 'payment.state', endOfDay: 'payment.end_of_day' } as const;

/** `1 500,00 руб.`: kopecks as printed on receipts and shown on screens (no ₽: see payment-receipt.ts). */
export function formatRoubles(amountMinor: number): string {
  const roubles = Math.trunc(amountMinor / 100);
  const kopecks = String(Math.abs(amountMinor % 100)).padStart(2, '0');
  // A plain space between thousands: every printer code page has it.
  const grouped = String(roubles).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${grouped},${kopecks} руб.`;
}
