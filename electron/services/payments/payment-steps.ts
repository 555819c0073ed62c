import type {
  ApprovedTransaction,
  LastTransactionOutcome,
  PaymentTerminal,
  TerminalReference,
} from '../../../drivers/payment/payment-terminal';
import type { ReceiptPrinter } from '../../../drivers/printer/receipt-printer';
import type { ScreenLanguage } from '../../../kiosk-config/src/contract/screen-language';
import {
  PAYMENT_OUTBOX_KINDS,
  type PaymentReason,
  type PaymentReport,
  type PaymentState,
} from '../../../kiosk-config/src/hub/payments-api';
import { SerialExecutor } from '../../../kiosk-config/src/lib/serial-executor';
import { paymentReceipt } from '../../../kiosk-config/src/receipt/payment-receipt';
import { PAYMENT_RECEIPT_WORDS } from '../../../kiosk-config/src/receipt/payment-receipt-words';
import type { OutboxWriter } from '../hub/outbox';
import type { Logger } from '../logging/logger';
import { printedLanguage as printedIn, type ReceiptPaper } from '../printing/receipt-paper';
import { crashPoint } from '../storage/crash-point';
import { type FiscalRegistrar, NO_FISCAL_RECEIPTS } from './fiscal-registrar';
import {
  type JournalTransaction,
  type PaymentJournal,
  type PaymentPatch,
  PaymentRecord,
  type TerminalMark,
} from './payment-journal';
import { type ReceiptPlace, receiptFaceFor } from './payment-receipt-face';
import { assertTransition } from './payment-state';

/**
 * What happens to a payment the terminal approved whose receipt cannot be delivered while the
 * visitor stands there (printer out of paper, cover open, gone):
 * - `reverse` (the default): the payment is reversed and the visitor is told nothing was
 *   charged. «Charged ⇒ a receipt in hand» holds without exception, and nobody has to reprint
 *   anything for a visitor who has gone home.
 * - `deliver_on_screen`: the receipt's data is shown on the screen, the payment is committed,
 *   and the journal owes a reprint (on the technician's list). For offices where staff can hand
 *   the visitor the copy once paper is in.
 * A terminal that cannot reverse always delivers on screen. See docs/payments.md.
 */
export type UndeliveredPolicy = 'reverse' | 'deliver_on_screen';

/** The payment service's settings (`payments` in the kiosk config). */
export interface PaymentPolicy {
  undeliveredPolicy: UndeliveredPolicy;
  /** The longest an authorisation may take, card fumbling included (the terminal's own must be shorter). */
  authoriseTimeoutMs: number;
  /**
   * After `authoriseTimeoutMs` from the start of an authorisation, how much longer before «the
   * terminal shows no transaction of ours» is believed to mean «nothing was charged».
   */
  settleGraceMs: number;
  /** How long a visitor waits while an unknown outcome is asked about, before «we will sort it out». */
  unknownWaitMs: number;
  /** Between questions to the terminal while an outcome is unknown. */
  pollMs: number;
}

export const DEFAULT_PAYMENT_POLICY: PaymentPolicy = {
  undeliveredPolicy: 'reverse',
  authoriseTimeoutMs: 120_000,
  settleGraceMs: 15_000,
  unknownWaitMs: 30_000,
  pollMs: 3_000,
};

/**
 * Every crash point of the payment code, in the order a payment meets them; the crash tests
 * (OKNO_CRASH_AT, `storage/crash-point.ts`) kill the process at each. `payment:<state>` follows
 * the durable write of that state; `payment:reported:<state>` follows the outbox item that tells
 * the hub, which is written before the state itself.
 */
export const PAYMENT_CRASH_POINTS = [
  'payment:created',
  'payment:before-last-transaction',
  'payment:last-transaction-answered',
  'payment:authorising',
  'payment:authorise-answered',
  'payment:reported:unknown',
  'payment:unknown',
  'payment:authorised',
  'payment:fiscal-registered',
  'payment:delivering',
  'payment:receipt-printed',
  'payment:reported:delivered',
  'payment:delivered',
  'payment:commit-answered',
  'payment:reported:committed',
  'payment:committed',
  'payment:reversing',
  'payment:reverse-answered',
  'payment:reported:reversed',
  'payment:reversed',
  'payment:reported:declined',
  'payment:declined',
  'payment:reported:cancelled',
  'payment:cancelled',
  'payment:reported:needs_attention',
  'payment:needs_attention',
] as const;

/** States the hub is told about (the others are moments, not facts the ledger keeps). */
const REPORTED_STATES: ReadonlySet<PaymentState> = new Set([
  'unknown',
  'delivered',
  'committed',
  'declined',
  'cancelled',
  'reversed',
  'needs_attention',
  'resolved',
]);

/** What the shared steps need. */
export interface PaymentStepsDeps {
  journal: PaymentJournal;
  /** The terminal now, or null when none is configured or connected. */
  terminal: () => PaymentTerminal | null;
  /** The receipt printer now, or null. */
  printer: () => ReceiptPrinter | null;
  /** Where payment states go for the hub (see `PaymentReport`). */
  outbox?: OutboxWriter;
  fiscal?: FiscalRegistrar;
  place: ReceiptPlace;
  /** The receipt printer's paper: the visitor's labels print in their language where its code page can. */
  paper: ReceiptPaper;
  policy: PaymentPolicy;
  log: Logger;
  now?: () => Date;
}

/** How a delivery attempt ended. */
export type DeliveryResult =
  | {
      kind: 'delivered';
      payment: PaymentRecord;
      printed: 'yes' | 'no' | 'uncertain';
      /** The language the receipt was sent to the printer in (none when it was not sent). */
      printedLanguage?: ScreenLanguage;
    }
  | { kind: 'reversed'; payment: PaymentRecord }
  /** Reversal not confirmed yet (stays `reversing`, retried) or refused (`needs_attention`). */
  | { kind: 'stuck'; payment: PaymentRecord };

/** What the terminal's last transaction says about a payment whose outcome we never heard. */
export type LastTransactionVerdict =
  | { verdict: 'ours_approved'; transaction: ApprovedTransaction }
  | { verdict: 'ours_declined' }
  /** The terminal reversed it by itself: nothing charged. */
  | { verdict: 'ours_reversed' }
  /** Nothing happened after the journal's mark: not charged (once the terminal must have finished). */
  | { verdict: 'nothing_happened' }
  /** The terminal did not answer now; ask again later. */
  | { verdict: 'unavailable'; detail: string }
  /** The terminal cannot say, or has moved on: a person must look. */
  | { verdict: 'cannot_tell'; detail: string };

/**
 * Reads the terminal's answer against what the journal saw before the authorisation. Pure.
 *
 * «Ours» needs both: the last transaction differs from the one before ours, and has our amount.
 * A terminal that has moved on (another transaction, an end of day since) cannot tell any more.
 */
export function judgeLastTransaction(
  payment: Pick<PaymentRecord, 'amountMinor' | 'terminalBefore'>,
  last: LastTransactionOutcome,
): LastTransactionVerdict {
  const before = payment.terminalBefore;
  if (last.outcome === 'not_supported') return { verdict: 'cannot_tell', detail: 'last transaction not supported' };
  if (last.outcome === 'unknown') return { verdict: 'unavailable', detail: last.reason };
  if (before === undefined || before.kind === 'not_supported') {
    return { verdict: 'cannot_tell', detail: 'no mark of the terminal before the authorisation' };
  }
  if (last.outcome === 'none') {
    // Nothing since the last end of day: ours never happened, unless the day was closed since.
    return before.kind === 'none'
      ? { verdict: 'nothing_happened' }
      : { verdict: 'cannot_tell', detail: 'the terminal closed its day since' };
  }
  const reference = last.transaction?.reference ?? last.reference;
  if (before.kind === 'transaction' && reference && sameTransaction(before, reference)) {
    return { verdict: 'nothing_happened' };
  }
  if (reference === undefined || reference.amountMinor !== payment.amountMinor) {
    return { verdict: 'cannot_tell', detail: `the terminal's last transaction is another one (${last.kind})` };
  }
  if (last.kind === 'reversal') return { verdict: 'ours_reversed' };
  if (last.kind === 'refund') return { verdict: 'cannot_tell', detail: 'the last transaction is a refund' };
  if (!last.approved) return { verdict: 'ours_declined' };
  if (!last.transaction) return { verdict: 'cannot_tell', detail: 'approved, but the terminal gave no details' };
  return { verdict: 'ours_approved', transaction: last.transaction };
}

function sameTransaction(
  mark: Extract<TerminalMark, { kind: 'transaction' }>,
  reference: { receiptNo: string; trace?: string },
): boolean {
  if (mark.receiptNo !== undefined && mark.receiptNo !== reference.receiptNo) return false;
  if (mark.trace !== undefined && reference.trace !== undefined && mark.trace !== reference.trace) return false;
  return mark.receiptNo !== undefined || mark.trace !== undefined;
}

/** The terminal's last transaction as a mark to compare with later. */
export function markOf(last: LastTransactionOutcome): TerminalMark | undefined {
  if (last.outcome === 'none') return { kind: 'none' };
  if (last.outcome === 'not_supported') return { kind: 'not_supported' };
  if (last.outcome === 'unknown') return undefined;
  const reference = last.transaction?.reference ?? last.reference;
  if (!reference) return { kind: 'transaction' };
  return {
    kind: 'transaction',
    receiptNo: reference.receiptNo.slice(0, 32),
    ...(reference.trace === undefined ? {} : { trace: reference.trace.slice(0, 32) }),
  };
}

/** `**** 1234`: only the last four digits of whatever the terminal gave survive. */
export function maskPan(pan: string): string {
  const digits = pan.replace(/\D/g, '');
  return digits.length === 0 ? '****' : `**** ${digits.slice(-4)}`;
}

/** Masks any run of 13–19 digits (a card number, even spaced) in a slip line to its last four. */
export function scrubCardNumbers(line: string): string {
  return line.replace(/\d(?:[ -]?\d){12,18}/g, (run) => maskPan(run));
}

/** The terminal's approval as the journal keeps it: bounded, masked, never a full card number. */
export function journalTransaction(transaction: ApprovedTransaction): JournalTransaction {
  const { reference } = transaction;
  return {
    reference: {
      receiptNo: (reference.receiptNo || transaction.rrn || '?').slice(0, 32),
      ...(reference.trace ? { trace: reference.trace.slice(0, 32) } : {}),
      amountMinor: reference.amountMinor,
    },
    rrn: transaction.rrn.slice(0, 32),
    authCode: transaction.authCode.slice(0, 16),
    maskedPan: maskPan(transaction.maskedPan),
    at: transaction.at.slice(0, 40),
    ...(transaction.terminalId ? { terminalId: transaction.terminalId.slice(0, 32) } : {}),
    // A currency that is no ISO numeric code is kept as «not roubles» (0), never dropped.
    ...(transaction.currency === undefined
      ? {}
      : { currency: /^\d{1,4}$/.test(transaction.currency) ? transaction.currency : '0' }),
    slip: transaction.slip.slice(0, 80).map((line) => scrubCardNumbers(line).slice(0, 120)),
  };
}

/** The only currency the kiosk asks for: the rouble (ISO 4217 643). */
export const RUBLE_CURRENCY = 643;

/** Why an approval is not the one asked for (`approvalMismatch`). */
export interface ApprovalMismatch {
  /**
   * The answer repeats a transaction the kiosk already knows (the terminal's last one before
   * ours, or another payment's): nothing of this payment's is under that receipt number, so it
   * is neither journaled as this payment's nor reversed (that would undo the other one).
   */
  replay: boolean;
  /** Both amounts, currencies and the receipt number, for the technician (no personal data). */
  detail: string;
}

/**
 * Checks an approval against the request: the amount asked, in roubles, under a receipt number
 * that is new (not the terminal's last transaction before ours, not another payment's since the
 * last end of day). A terminal fault or a replayed answer must never be booked as paid. Pure.
 *
 * @param others the journal's other payments since the terminal's last end of day
 */
export function approvalMismatch(
  payment: Pick<PaymentRecord, 'id' | 'amountMinor' | 'terminalBefore'>,
  transaction: { reference: { receiptNo: string; amountMinor: number }; currency?: string | undefined },
  others: readonly Pick<PaymentRecord, 'id' | 'transaction'>[] = [],
): ApprovalMismatch | null {
  const { receiptNo, amountMinor } = transaction.reference;
  const currency = transaction.currency === undefined ? RUBLE_CURRENCY : Number(transaction.currency);
  const before = payment.terminalBefore;
  const replay =
    receiptNo === '' ||
    (before?.kind === 'transaction' && before.receiptNo !== undefined && before.receiptNo === receiptNo) ||
    others.some((p) => p.id !== payment.id && p.transaction?.reference.receiptNo === receiptNo);
  if (!replay && amountMinor === payment.amountMinor && currency === RUBLE_CURRENCY) return null;
  const detail =
    `approval mismatch: asked ${payment.amountMinor} in ${RUBLE_CURRENCY}, ` +
    `approved ${amountMinor} in ${transaction.currency ?? RUBLE_CURRENCY}, receipt ${receiptNo || '?'}` +
    (replay ? ' (a receipt number already known)' : '');
  return { replay, detail: detail.slice(0, 200) };
}

/** The journaled reference as the terminal interface takes it. */
export function terminalReference(transaction: JournalTransaction): TerminalReference {
  const { receiptNo, trace, amountMinor } = transaction.reference;
  return trace === undefined ? { receiptNo, amountMinor } : { receiptNo, trace, amountMinor };
}

/** The ledger's view of a payment (the outbox payload): no slip, no payee details beyond name and INN. */
export function paymentReport(payment: PaymentRecord): PaymentReport {
  const { charge, transaction } = payment;
  const report: PaymentReport = {
    paymentId: payment.id,
    state: payment.state,
    amountMinor: payment.amountMinor,
    charge: {
      title: charge.title,
      ...(charge.feeId ? { feeId: charge.feeId } : {}),
      ...(charge.uin ? { uin: charge.uin } : {}),
      ...(charge.purpose ? { purpose: charge.purpose } : {}),
      ...(charge.payee ? { payeeName: charge.payee.name, payeeInn: charge.payee.inn } : {}),
      ...(charge.kbk ? { kbk: charge.kbk } : {}),
      ...(charge.oktmo ? { oktmo: charge.oktmo } : {}),
    },
    createdAt: payment.createdAt,
    updatedAt: payment.updatedAt,
  };
  if (payment.ticketNumber) report.ticketNumber = payment.ticketNumber;
  if (transaction) {
    report.terminal = {
      receiptNo: transaction.reference.receiptNo,
      ...(transaction.reference.trace ? { trace: transaction.reference.trace } : {}),
      rrn: transaction.rrn,
      authCode: transaction.authCode,
      maskedPan: transaction.maskedPan,
      at: transaction.at,
      ...(transaction.terminalId ? { terminalId: transaction.terminalId } : {}),
    };
  }
  if (payment.receipt) report.receipt = payment.receipt;
  if (payment.reason) report.reason = payment.reason;
  return report;
}

/**
 * The steps of a payment shared by the visitor's path (`PaymentService`) and recovery
 * (`PaymentRecovery`): every state change (told to the hub first when the hub keeps that state,
 * then journaled), delivery, commit and reversal. Callers hold the `gate`.
 */
export class PaymentSteps {
  /** One terminal, one conversation at a time: payments, recovery and end of day queue here. */
  readonly gate = new SerialExecutor();

  constructor(readonly deps: PaymentStepsDeps) {}

  get journal(): PaymentJournal {
    return this.deps.journal;
  }

  now(): Date {
    return (this.deps.now ?? (() => new Date()))();
  }

  /**
   * Moves a payment to `to`. States the hub keeps are put in the outbox first, so the hub learns
   * a state no later than the journal has it: a crash in between leaves the journal one step
   * behind, and recovery reaches the same state again (the hub ignores the repeat).
   */
  async move(payment: PaymentRecord, to: PaymentState, patch: PaymentPatch = {}): Promise<PaymentRecord> {
    // Checked before anything is written, the hub's item included.
    assertTransition(payment.state, to);
    if (REPORTED_STATES.has(to)) {
      // Validated as the journal will validate it: the hub never hears of a state the journal refuses.
      const next = PaymentRecord.parse({ ...payment, ...patch, state: to, updatedAt: this.now().toISOString() });
      await this.#report(next);
      crashPoint(`payment:reported:${to}`);
    }
    const moved = await this.journal.transition(payment.id, to, patch);
    const level = to === 'needs_attention' || to === 'unknown' ? 'warn' : 'info';
    this.deps.log[level](
      { paymentId: moved.id, from: payment.state, to, reason: moved.reason, detail: moved.detail },
      'payment state',
    );
    return moved;
  }

  /** Records receipt facts within a state (a reprint) and tells the hub. */
  async amend(payment: PaymentRecord, patch: PaymentPatch): Promise<PaymentRecord> {
    const amended = await this.journal.amend(payment.id, patch);
    if (REPORTED_STATES.has(amended.state)) await this.#report(amended);
    return amended;
  }

  async #report(payment: PaymentRecord): Promise<void> {
    await this.deps.outbox?.enqueue(PAYMENT_OUTBOX_KINDS.state, paymentReport(payment));
  }

  /** Whether the current terminal can reverse (else an undelivered payment is delivered on screen). */
  canReverse(terminal: PaymentTerminal | null): boolean {
    return terminal?.capabilities.reversal === true;
  }

  /**
   * Delivers an authorised payment's receipt: a fiscal registration when configured, then the
   * printer (`delivering` is on disk before the first byte goes to it). When it cannot be
   * printed, the policy decides: reverse, or show it on screen and owe a reprint. Without a
   * visitor (`visitorPresent: false`) nothing is printed: recovery calls this only when the
   * terminal cannot reverse. `onPrinting` is told just before the receipt goes to the printer;
   * `language` is the visitor's, for the receipt's labels (kept in memory only: the journal does
   * not change, and a receipt printed later — a copy — is in Russian).
   */
  async deliver(
    payment: PaymentRecord,
    visitorPresent: boolean,
    {
      onPrinting,
      language = 'ru',
    }: { onPrinting?: (() => void) | undefined; language?: ScreenLanguage | undefined } = {},
  ): Promise<DeliveryResult> {
    const terminal = this.deps.terminal();
    const policy: UndeliveredPolicy =
      !this.canReverse(terminal) || (visitorPresent && this.deps.policy.undeliveredPolicy === 'deliver_on_screen')
        ? 'deliver_on_screen'
        : 'reverse';
    let current = payment;

    if (current.fiscal === undefined) {
      const fiscal = await this.#registerFiscal(current);
      if (fiscal === 'failed') return this.#undelivered(current, policy, 'fiscal registration failed');
      if (fiscal) {
        current = await this.journal.amend(current.id, { fiscal });
        crashPoint('payment:fiscal-registered');
      }
    }

    const printer = visitorPresent ? this.deps.printer() : null;
    const status = printer ? await printer.status() : undefined;
    if (
      !printer ||
      !status?.responding ||
      status.problems.includes('paper_out') ||
      status.problems.includes('cover_open')
    ) {
      const why = !printer ? 'no printer' : `printer: ${status?.responding ? status.problems.join(',') : 'silent'}`;
      return this.#undelivered(current, policy, visitorPresent ? why : 'visitor gone');
    }

    current = await this.move(current, 'delivering');
    onPrinting?.();
    const printedLanguage = printedIn(this.deps.paper, language, 'payment receipt', this.deps.log);
    const printed = await printer.print(
      paymentReceipt(receiptFaceFor(current, this.deps.place), PAYMENT_RECEIPT_WORDS[printedLanguage]),
    );
    crashPoint('payment:receipt-printed');
    if (printed.ok) {
      const delivered = await this.move(current, 'delivered', {
        receipt: { printed: 'yes', reprintNeeded: false, copies: 0 },
      });
      return { kind: 'delivered', payment: delivered, printed: 'yes', printedLanguage };
    }
    const { error } = printed;
    this.deps.log.warn(
      { paymentId: current.id, reason: error.code, progress: error.progress },
      'payment receipt not printed',
    );
    if (error.progress === 'unconfirmed') {
      // It may be on paper whole: reversing could leave the visitor a receipt for nothing. Keep
      // the payment, show the receipt, owe a copy («КОПИЯ», so two papers never mean two payments).
      const delivered = await this.move(current, 'delivered', {
        receipt: { printed: 'uncertain', reprintNeeded: true, copies: 0 },
        detail: `receipt unconfirmed: ${error.code}`,
      });
      return { kind: 'delivered', payment: delivered, printed: 'uncertain', printedLanguage };
    }
    return this.#undelivered(current, policy, `receipt not printed: ${error.code}`);
  }

  async #registerFiscal(payment: PaymentRecord): Promise<PaymentRecord['fiscal'] | 'failed' | undefined> {
    const registrar = this.deps.fiscal ?? NO_FISCAL_RECEIPTS;
    const outcome = await registrar.register({
      paymentId: payment.id,
      amountMinor: payment.amountMinor,
      title: payment.charge.title,
      method: 'card',
      rrn: payment.transaction?.rrn ?? '',
    });
    if (outcome.outcome === 'none') return undefined;
    if (outcome.outcome === 'failed') {
      this.deps.log.error({ paymentId: payment.id, reason: outcome.reason }, 'fiscal registration failed');
      return 'failed';
    }
    return {
      lines: outcome.lines.slice(0, 20).map((line) => line.slice(0, 120)),
      ...(outcome.checkUrl ? { checkUrl: outcome.checkUrl.slice(0, 500) } : {}),
    };
  }

  async #undelivered(payment: PaymentRecord, policy: UndeliveredPolicy, detail: string): Promise<DeliveryResult> {
    if (policy === 'reverse') {
      return this.reverse(payment, 'undelivered', detail);
    }
    const delivered = await this.move(payment, 'delivered', {
      receipt: { printed: 'no', reprintNeeded: true, copies: 0 },
      detail: detail.slice(0, 200),
    });
    return { kind: 'delivered', payment: delivered, printed: 'no' };
  }

  /**
   * Reverses an authorised (or `delivering`) payment, or retries a `reversing` one: `reversing`
   * is on disk before the terminal is asked. A refusal is checked against the terminal's last
   * transaction (already reversed?) before it becomes `needs_attention`.
   */
  async reverse(payment: PaymentRecord, reason: PaymentReason, detail?: string): Promise<DeliveryResult> {
    let current = payment;
    if (current.state !== 'reversing') {
      current = await this.move(current, 'reversing', { reason, ...(detail ? { detail: detail.slice(0, 200) } : {}) });
    }
    const terminal = this.deps.terminal();
    const transaction = current.transaction;
    if (!transaction) throw new Error(`payment ${current.id} has nothing to reverse`);
    if (!terminal) return { kind: 'stuck', payment: current };
    const answer = await terminal.reverse(terminalReference(transaction));
    crashPoint('payment:reverse-answered');
    // An approval that was not the one asked for goes to a person even once released: both
    // amounts stay in its detail, and the reason says why (never `reversed` and forgotten).
    const mismatch = current.reason === 'approval_mismatch';
    const flagged = (reason: PaymentReason, outcome: string) =>
      this.move(current, 'needs_attention', {
        reason: mismatch ? 'approval_mismatch' : reason,
        detail: (mismatch ? `${current.detail ?? ''}; reversal ${outcome}` : outcome).slice(0, 200),
      });
    const released = async (): Promise<DeliveryResult> =>
      mismatch
        ? { kind: 'stuck', payment: await flagged('approval_mismatch', 'done') }
        : { kind: 'reversed', payment: await this.move(current, 'reversed') };
    switch (answer.outcome) {
      case 'done':
        return released();
      case 'unknown':
        this.deps.log.warn({ paymentId: current.id, reason: answer.reason }, 'reversal unconfirmed; retried later');
        return { kind: 'stuck', payment: current };
      case 'not_supported':
        return { kind: 'stuck', payment: await flagged('reverse_not_supported', 'not supported') };
      case 'refused': {
        if (await this.#lastIs(terminal, 'reversal', transaction.reference.receiptNo)) return released();
        return { kind: 'stuck', payment: await flagged('reverse_refused', `${answer.code} ${answer.message}`) };
      }
    }
  }

  /**
   * Commits a delivered payment (idempotent at the terminal). A terminal that sold outright has
   * nothing to commit. An unconfirmed commit stays `delivered` and is retried; a refusal is
   * checked against the terminal's last transaction before it becomes `needs_attention`.
   */
  async commit(payment: PaymentRecord): Promise<PaymentRecord> {
    const terminal = this.deps.terminal();
    const transaction = payment.transaction;
    if (!transaction) throw new Error(`payment ${payment.id} has nothing to commit`);
    if (!terminal) return payment;
    if (!terminal.capabilities.holdsFunds) return this.move(payment, 'committed');
    const answer = await terminal.commit(terminalReference(transaction));
    crashPoint('payment:commit-answered');
    switch (answer.outcome) {
      case 'done':
      case 'not_supported':
        return this.move(payment, 'committed');
      case 'unknown':
        this.deps.log.warn({ paymentId: payment.id, reason: answer.reason }, 'commit unconfirmed; retried later');
        return payment;
      case 'refused':
        if (await this.#lastIs(terminal, 'commit', transaction.reference.receiptNo)) {
          return this.move(payment, 'committed');
        }
        return this.move(payment, 'needs_attention', {
          reason: 'commit_refused',
          detail: `${answer.code} ${answer.message}`.slice(0, 200),
        });
    }
  }

  async #lastIs(terminal: PaymentTerminal, kind: 'commit' | 'reversal', receiptNo: string): Promise<boolean> {
    if (!terminal.capabilities.lastTransaction) return false;
    const last = await terminal.lastTransaction();
    if (last.outcome !== 'found' || last.kind !== kind) return false;
    return (last.transaction?.reference ?? last.reference)?.receiptNo === receiptNo;
  }
}
