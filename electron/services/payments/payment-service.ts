import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { TerminalPrompt } from '../../../drivers/payment/payment-terminal';
import type { PaymentsConfig } from '../../../kiosk-config/src/config/payments-config';
import { fail, ok, type Result } from '../../../kiosk-config/src/contract/result';
import type { ScreenLanguage } from '../../../kiosk-config/src/contract/screen-language';
import {
  type Charge,
  type EndOfDayReport,
  Kopecks,
  PAYMENT_OUTBOX_KINDS,
  type ServiceFee,
} from '../../../kiosk-config/src/hub/payments-api';
import { isValidUin } from '../../../kiosk-config/src/hub/uin';
import type { PaymentReceiptFace } from '../../../kiosk-config/src/receipt/payment-receipt';
import { paymentReceipt } from '../../../kiosk-config/src/receipt/payment-receipt';
import { readyPrinter } from '../printing/printer-faults';
import { crashPoint } from '../storage/crash-point';
import { JournalCharge, PaymentJournal, PaymentRecord, type TerminalMark } from './payment-journal';
import { receiptFaceFor } from './payment-receipt-face';
import { type AttentionItem, PaymentRecovery, type RecoveryReport } from './payment-recovery';
import { dependsOnLastTransaction, isUnsettled } from './payment-state';
import {
  approvalMismatch,
  DEFAULT_PAYMENT_POLICY,
  type DeliveryResult,
  journalTransaction,
  markOf,
  type PaymentPolicy,
  PaymentSteps,
  type PaymentStepsDeps,
} from './payment-steps';

/** What the payment service needs (see `PaymentStepsDeps`), plus its test seams. */

/** States in which the visitor's money was certainly not taken. */
const NO_MONEY_STATES: ReadonlySet<PaymentRecord['state']> = new Set(['declined', 'cancelled', 'reversed']);
export interface PaymentServiceDeps extends PaymentStepsDeps {
  /** Waits between questions to the terminal (tests pass a fast one). */
  sleep?: (ms: number) => Promise<void>;
  newId?: () => string;
}

/**
 * What a visitor pays. Built by the main side from the catalogue or the hub's answer, never
 * from what the screen sent: the screen sends only which fee and the amount it showed.
 */
export type PayableCharge =
  /** A catalogue service's fee (its УИН, when the office issues one for it). */
  | { kind: 'service_fee'; serviceId: string; serviceName: string; fee: ServiceFee; uin?: string }
  /** A charge the hub resolved by its УИН (`POST /v1/charges/resolve`). */
  | { kind: 'uin'; charge: Charge; title?: string };

/** `PaymentService.pay`'s request. */
export interface PayRequest {
  charge: PayableCharge;
  /** The amount the visitor confirmed on the screen; must be the charge's (else refused). */
  amountMinor: number;
  /** The queue ticket the visitor holds, printed on the receipt and kept in the ledger. */
  ticketNumber?: string;
  /**
   * The payment's id (a UUID), when the caller must know it before `pay` ends (the screen follows
   * the payment by it); a fresh one otherwise. An id the journal already has is refused.
   */
  paymentId?: string;
}

/** `PaymentService.pay`'s options. */
export interface PayOptions {
  /** The terminal's messages (present card, PIN…) to mirror on the screen. */
  onPrompt?: (prompt: TerminalPrompt) => void;
  /** The receipt is going to the printer now (the screen says so). */
  onPrinting?: () => void;
  /** «Отмена» on the screen: the terminal is asked to abort. */
  signal?: AbortSignal;
  /** The visitor's language, for the receipt's labels where the printer can print it (not journaled). */
  language?: ScreenLanguage;
  /**
   * Whether the screen has given up on the payment (the visitor heard that nothing was charged
   * and left): an approval that comes after all is then reversed, never delivered.
   */
  visitorGone?: () => boolean;
}

/** Why `pay` did not even start (nothing was asked of the terminal). */
export type PaymentRefusal =
  | 'busy'
  | 'invalid_request'
  | 'amount_mismatch'
  | 'terminal_unavailable'
  | 'printer_unavailable'
  /** An earlier payment's outcome is still being settled with the terminal. */
  | 'payments_unavailable';

/**
 * How a payment ended for the visitor. Every outcome says whether money was taken:
 * - `paid`: charged, receipt printed (`printed: 'yes'`) or shown (`receipt` for the screen, a
 *   copy owed);
 * - `declined`, `cancelled`, `not_charged`: nothing charged;
 * - `uncertain`: the terminal's answer was lost and could not be confirmed while the visitor
 *   waited; the kiosk settles it (reverses it if it was charged) and the hub learns it;
 * - `needs_staff`: charged or not cannot be settled by the kiosk: a person will;
 * - `refused`: nothing started.
 */
export type PaymentOutcome =
  | {
      outcome: 'paid';
      paymentId: string;
      printed: 'yes' | 'no' | 'uncertain';
      receipt: PaymentReceiptFace;
      /** The language the receipt's labels were printed in; none when it was not sent to the printer. */
      printedLanguage?: ScreenLanguage;
    }
  | { outcome: 'declined'; paymentId: string }
  | { outcome: 'cancelled'; paymentId: string }
  | { outcome: 'not_charged'; paymentId: string; reason: 'terminal_unavailable' | 'undelivered' | 'not_completed' }
  | { outcome: 'uncertain'; paymentId: string }
  | { outcome: 'needs_staff'; paymentId: string }
  | { outcome: 'refused'; reason: PaymentRefusal };

/** `reprint`'s answer: printed, or why not. */
export type ReprintOutcome = Result<void, 'not_found' | 'no_receipt' | 'printer_unavailable' | 'print_failed'>;

/** `endOfDay`'s answer: the totals sent to the hub and the terminal's slip, or why the day is not closed. */
export type EndOfDayResult = Result<
  { report: EndOfDayReport; slip: string[] },
  'unsettled_payments' | 'terminal_unavailable' | 'terminal_failed'
>;

/** The service's policy from the kiosk config's `payments` section (seconds → ms). */
export function paymentPolicyFromConfig(config: PaymentsConfig): PaymentPolicy {
  return {
    undeliveredPolicy: config.undeliveredPolicy,
    authoriseTimeoutMs: config.authoriseTimeoutSeconds * 1000,
    settleGraceMs: config.settleGraceSeconds * 1000,
    unknownWaitMs: config.unknownWaitSeconds * 1000,
    pollMs: DEFAULT_PAYMENT_POLICY.pollMs,
  };
}

/** The charge as the journal keeps it, from what is being paid. */
export function journalCharge(charge: PayableCharge): { charge: JournalCharge; amountMinor: number } {
  if (charge.kind === 'service_fee') {
    const { fee } = charge;
    return {
      amountMinor: fee.amountMinor,
      charge: {
        feeId: charge.serviceId,
        title: `Госпошлина: ${charge.serviceName}`.slice(0, 300),
        purpose: fee.purpose,
        payee: fee.recipient,
        ...(charge.uin === undefined ? {} : { uin: charge.uin }),
        ...(fee.kbk === undefined ? {} : { kbk: fee.kbk }),
        ...(fee.oktmo === undefined ? {} : { oktmo: fee.oktmo }),
      },
    };
  }
  const resolved = charge.charge;
  return {
    amountMinor: resolved.amountMinor,
    charge: {
      uin: resolved.uin,
      title: (charge.title ?? resolved.purpose).slice(0, 300),
      purpose: resolved.purpose,
      payee: resolved.payee,
      ...(resolved.kbk === undefined ? {} : { kbk: resolved.kbk }),
      ...(resolved.oktmo === undefined ? {} : { oktmo: resolved.oktmo }),
    },
  };
}

/**
 * Card payments of state fees at the kiosk: one at a time, every step journaled before it is
 * taken (`payment-journal.ts`), every outcome told to the hub through the outbox, whatever a
 * crash leaves settled by `recovery` (`payment-recovery.ts`). docs/payments.md tells the story.
 *
 * The path of a payment: `created` → `authorising` (on disk) → the terminal authorises →
 * `authorised` (with its references) → `delivering` (on disk) → the receipt prints →
 * `delivered` (the hub's item first) → the terminal commits → `committed`.
 */
export class PaymentService {
  readonly recovery: PaymentRecovery;
  readonly #steps: PaymentSteps;
  #busy = false;

  constructor(private readonly deps: PaymentServiceDeps) {
    this.#steps = new PaymentSteps(deps);
    this.recovery = new PaymentRecovery({ steps: this.#steps });
  }

  /** Opens the journal in `<dataDir>/payments` and builds the service (recovery not started). */
  static async open(options: Omit<PaymentServiceDeps, 'journal'> & { dataDir: string }): Promise<PaymentService> {
    const { dataDir, ...deps } = options;
    const journal = await PaymentJournal.open({
      dir: path.join(dataDir, 'payments'),
      log: deps.log,
      ...(deps.now ? { now: deps.now } : {}),
    });
    return new PaymentService({ ...deps, journal });
  }

  /** The journal (for the retention schedule: daily archive, archive pruning). */
  get journal(): PaymentJournal {
    return this.deps.journal;
  }

  /** When this kiosk last closed the terminal's day (ISO time), if ever. */
  get lastEndOfDayAt(): string | undefined {
    return this.deps.journal.lastEndOfDayAt;
  }

  /** The payment as journaled (live journal or archive). */
  find(paymentId: string): Promise<PaymentRecord | undefined> {
    return this.deps.journal.find(paymentId);
  }

  /**
   * Whether this kiosk has taken, holds or may hold money for a УИН (any state but declined,
   * cancelled or reversed). The hub learns of a payment through the outbox, maybe minutes later:
   * until then only this journal knows that the bill is paid, and a second visitor (or the same
   * one, again) must not pay it twice.
   */
  hasMoneyFor(uin: string): boolean {
    return this.deps.journal.all().some((p) => p.charge.uin === uin && !NO_MONEY_STATES.has(p.state));
  }

  /**
   * Takes a card payment for a fee and delivers its receipt. Expected faults are outcomes; a
   * throw is a bug (or a failing disk): the payment then stays where its journal says and
   * recovery settles it.
   */
  async pay(request: PayRequest, options: PayOptions = {}): Promise<PaymentOutcome> {
    if (this.#busy) return { outcome: 'refused', reason: 'busy' };
    this.#busy = true;
    try {
      return await this.#steps.gate.run(() => this.#payHoldingTerminal(request, options));
    } finally {
      this.#busy = false;
    }
  }

  async #payHoldingTerminal(request: PayRequest, options: PayOptions): Promise<PaymentOutcome> {
    const steps = this.#steps;
    const { log } = this.deps;
    const valid = this.#validate(request);
    if (valid.outcome === 'refused') return valid;
    const { charge, amountMinor } = valid;

    // An earlier payment only the terminal's last transaction can settle: a new authorisation
    // would overwrite that evidence. Try to settle it now; refuse while it cannot be.
    const blocking = (p: PaymentRecord) => dependsOnLastTransaction(p.state);
    if (this.deps.journal.all().some(blocking)) {
      await this.recovery.runHoldingTerminal(blocking);
      if (this.deps.journal.all().some(blocking)) return { outcome: 'refused', reason: 'payments_unavailable' };
    }

    const terminal = this.deps.terminal();
    if (!terminal) return { outcome: 'refused', reason: 'terminal_unavailable' };
    // Under the reverse policy a payment with no printer would only be reversed: refuse first.
    if (this.deps.policy.undeliveredPolicy === 'reverse' && steps.canReverse(terminal)) {
      const printer = await readyPrinter(this.deps.printer());
      if (!printer.ok) return { outcome: 'refused', reason: 'printer_unavailable' };
    }

    // The terminal's last transaction before ours: what recovery compares with after a crash.
    crashPoint('payment:before-last-transaction');
    const answered = terminal.capabilities.lastTransaction
      ? markOf(await terminal.lastTransaction())
      : { kind: 'not_supported' as const };
    crashPoint('payment:last-transaction-answered');
    if (!answered) return { outcome: 'refused', reason: 'terminal_unavailable' };
    const before = this.#trustworthy(answered);

    const id = request.paymentId ?? (this.deps.newId ?? randomUUID)();
    let payment = await this.deps.journal.begin({
      id,
      amountMinor,
      charge,
      ...(request.ticketNumber === undefined ? {} : { ticketNumber: request.ticketNumber }),
    });
    crashPoint('payment:created');
    if (options.signal?.aborted) {
      await steps.move(payment, 'cancelled', { reason: 'visitor_cancelled' });
      return { outcome: 'cancelled', paymentId: id };
    }

    payment = await steps.move(payment, 'authorising', {
      authorisingAt: steps.now().toISOString(),
      terminalBefore: before,
    });
    log.info({ paymentId: id, amountMinor, feeId: charge.feeId }, 'payment: asking the terminal');
    const answer = await terminal.authorise(
      { paymentId: id, amountMinor },
      {
        timeoutMs: this.deps.policy.authoriseTimeoutMs,
        ...(options.onPrompt ? { onPrompt: options.onPrompt } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
    crashPoint('payment:authorise-answered');

    switch (answer.outcome) {
      case 'approved': {
        const mismatch = approvalMismatch(payment, answer.transaction, this.#othersToday(id));
        if (mismatch?.replay) {
          // Nothing of ours under that receipt number: neither journaled as ours nor reversed.
          log.error({ paymentId: id, detail: mismatch.detail }, 'payment: the terminal replayed an earlier approval');
          await steps.move(payment, 'needs_attention', { reason: 'approval_mismatch', detail: mismatch.detail });
          return { outcome: 'needs_staff', paymentId: id };
        }
        const authorised = await steps.move(payment, 'authorised', {
          transaction: journalTransaction(answer.transaction),
        });
        return this.#deliverToVisitor(authorised, options);
      }
      case 'declined':
        await steps.move(payment, 'declined', {
          decline: { code: answer.code.slice(0, 32), message: answer.message.slice(0, 200) },
        });
        return { outcome: 'declined', paymentId: id };
      case 'cancelled':
        await steps.move(payment, 'cancelled', { reason: 'visitor_cancelled' });
        return { outcome: 'cancelled', paymentId: id };
      case 'not_sent':
        await steps.move(payment, 'cancelled', {
          reason: 'terminal_unavailable',
          detail: answer.reason.slice(0, 200),
        });
        return { outcome: 'not_charged', paymentId: id, reason: 'terminal_unavailable' };
      case 'unknown': {
        const unknown = await steps.move(payment, 'unknown', { detail: `authorise: ${answer.reason}` });
        return this.#waitForOutcome(unknown, options);
      }
    }
  }

  /**
   * «No transaction since the last end of day» from a terminal that approved one of ours since
   * then is wrong (a terminal whose last-transaction query returns only a slip answers `none`
   * always). Recovery would read «none» again after a lost reply and conclude «not charged»; so
   * the mark says the terminal cannot tell, and such a payment goes to a person instead.
   */
  #trustworthy(mark: TerminalMark): TerminalMark {
    if (mark.kind !== 'none') return mark;
    const closedAt = this.deps.journal.lastEndOfDayAt;
    const approvedSince = this.deps.journal
      .all()
      .some((p) => p.transaction !== undefined && (closedAt === undefined || p.createdAt > closedAt));
    if (!approvedSince) return mark;
    this.deps.log.warn({}, 'the terminal reports no last transaction after approving one: not trusted for recovery');
    return { kind: 'not_supported' };
  }

  #validate(
    request: PayRequest,
  ): { outcome: 'valid'; charge: JournalCharge; amountMinor: number } | { outcome: 'refused'; reason: PaymentRefusal } {
    const { log } = this.deps;
    let built: { charge: JournalCharge; amountMinor: number };
    try {
      built = journalCharge(request.charge);
    } catch {
      return { outcome: 'refused', reason: 'invalid_request' };
    }
    if (built.charge.uin !== undefined && !isValidUin(built.charge.uin)) {
      log.warn({}, 'payment refused: the УИН is not valid');
      return { outcome: 'refused', reason: 'invalid_request' };
    }
    if (!Kopecks.safeParse(built.amountMinor).success) return { outcome: 'refused', reason: 'invalid_request' };
    if (!JournalCharge.safeParse(built.charge).success) return { outcome: 'refused', reason: 'invalid_request' };
    if (
      request.ticketNumber !== undefined &&
      !PaymentRecord.shape.ticketNumber.safeParse(request.ticketNumber).success
    ) {
      return { outcome: 'refused', reason: 'invalid_request' };
    }
    if (
      request.paymentId !== undefined &&
      (!PaymentRecord.shape.id.safeParse(request.paymentId).success || this.deps.journal.get(request.paymentId))
    ) {
      return { outcome: 'refused', reason: 'invalid_request' };
    }
    if (request.amountMinor !== built.amountMinor) {
      log.warn({ shown: request.amountMinor, due: built.amountMinor }, 'payment refused: the amount shown differs');
      return { outcome: 'refused', reason: 'amount_mismatch' };
    }
    return { outcome: 'valid', ...built };
  }

  /**
   * The terminal's answer was lost: asks its last transaction while the visitor waits
   * (`unknownWaitMs`). Ours and approved: delivered as usual. Otherwise the visitor hears
   * «uncertain» and recovery settles it later.
   */
  async #waitForOutcome(payment: PaymentRecord, options: PayOptions): Promise<PaymentOutcome> {
    const { policy } = this.deps;
    const sleep = this.deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    const deadline = this.#steps.now().getTime() + policy.unknownWaitMs;
    let current = payment;
    for (;;) {
      current = await this.recovery.settleAuthorisation(current);
      switch (current.state) {
        case 'authorised':
          return this.#deliverToVisitor(current, options);
        case 'declined':
          return { outcome: 'declined', paymentId: current.id };
        case 'cancelled':
          return { outcome: 'not_charged', paymentId: current.id, reason: 'not_completed' };
        case 'needs_attention':
          return { outcome: 'needs_staff', paymentId: current.id };
        default:
          break;
      }
      if (this.#steps.now().getTime() + policy.pollMs > deadline)
        return { outcome: 'uncertain', paymentId: current.id };
      await sleep(policy.pollMs);
    }
  }

  /** The journal's other payments since the terminal's last end of day (their receipt numbers are taken). */
  #othersToday(paymentId: string): PaymentRecord[] {
    const closedAt = this.deps.journal.lastEndOfDayAt;
    return this.deps.journal
      .all()
      .filter((p) => p.id !== paymentId && (closedAt === undefined || p.createdAt > closedAt));
  }

  /**
   * Delivers an authorised payment, unless the approval is not the one asked for (another amount
   * or currency): then it is reversed at once and goes to a person, never printed as paid.
   */
  async #deliverToVisitor(payment: PaymentRecord, options: PayOptions): Promise<PaymentOutcome> {
    const mismatch = payment.transaction ? approvalMismatch(payment, payment.transaction) : null;
    if (mismatch) {
      this.deps.log.error({ paymentId: payment.id, detail: mismatch.detail }, 'payment: approved another amount');
      await this.#steps.reverse(payment, 'approval_mismatch', mismatch.detail);
      return { outcome: 'needs_staff', paymentId: payment.id };
    }
    if (options.visitorGone?.() && this.#steps.canReverse(this.deps.terminal())) {
      // The visitor was told nothing was charged and has gone: as recovery does, release it.
      const reversed = await this.#steps.reverse(payment, 'visitor_gone', 'approved after the screen gave up');
      return reversed.kind === 'reversed'
        ? { outcome: 'not_charged', paymentId: payment.id, reason: 'undelivered' }
        : { outcome: 'uncertain', paymentId: payment.id };
    }
    const delivery: DeliveryResult = await this.#steps.deliver(payment, true, {
      onPrinting: options.onPrinting,
      language: options.language,
    });
    if (delivery.kind === 'reversed') {
      return { outcome: 'not_charged', paymentId: payment.id, reason: 'undelivered' };
    }
    if (delivery.kind === 'stuck') {
      // A reversal not confirmed: recovery retries it; a refused one waits for a person.
      return delivery.payment.state === 'needs_attention'
        ? { outcome: 'needs_staff', paymentId: payment.id }
        : { outcome: 'uncertain', paymentId: payment.id };
    }
    // The visitor has the receipt: the payment is theirs whatever the commit answers (an
    // unconfirmed commit is retried by recovery, a refused one goes to a person).
    const committed = await this.#steps.commit(delivery.payment);
    return {
      outcome: 'paid',
      paymentId: payment.id,
      printed: delivery.printed,
      receipt: receiptFaceFor(committed, this.deps.place),
      ...(delivery.printedLanguage === undefined ? {} : { printedLanguage: delivery.printedLanguage }),
    };
  }

  /**
   * Prints a copy («КОПИЯ») of a delivered payment's receipt from the journal (today's or the
   * archive's). A receipt owed (printer was out of paper) is then no longer owed.
   */
  async reprint(paymentId: string): Promise<ReprintOutcome> {
    const payment = await this.deps.journal.find(paymentId);
    if (!payment) return fail('not_found', `no payment ${paymentId} in the journal`);
    if (!payment.transaction || !payment.receipt) return fail('no_receipt', 'the payment has no receipt to copy');
    const ready = await readyPrinter(this.deps.printer());
    if (!ready.ok) return fail('printer_unavailable', ready.error.message);
    const printed = await ready.value.print(paymentReceipt(receiptFaceFor(payment, this.deps.place, true)));
    if (!printed.ok) {
      this.deps.log.warn({ paymentId, reason: printed.error.code }, 'payment receipt copy not printed');
      return fail('print_failed', `the copy was not printed (${printed.error.code})`);
    }
    const live = this.deps.journal.get(paymentId);
    if (live?.receipt) {
      await this.#steps.amend(live, {
        receipt: { ...live.receipt, reprintNeeded: false, copies: live.receipt.copies + 1 },
      });
    }
    this.deps.log.info({ paymentId }, 'payment receipt copy printed');
    return ok(undefined);
  }

  /** Payments a person must look at (see `AttentionItem`). */
  attention(): AttentionItem[] {
    return this.recovery.attention();
  }

  /** A person settled a `needs_attention` payment (refund at the counter, bank confirmed…). */
  async resolve(paymentId: string): Promise<boolean> {
    const payment = this.deps.journal.get(paymentId);
    if (payment?.state !== 'needs_attention') return false;
    await this.#steps.move(payment, 'resolved', { reason: 'settled_by_staff' });
    return true;
  }

  /** Runs recovery once now (the composition root also calls `recovery.start`). */
  recover(): Promise<RecoveryReport> {
    return this.recovery.run();
  }

  /**
   * Closes the terminal's day (сверка итогов) and sends its totals to the hub (behind every
   * payment already in the outbox, so the hub reconciles a complete ledger). Refused while a
   * payment is unsettled: the totals would not match.
   */
  endOfDay(): Promise<EndOfDayResult> {
    return this.#steps.gate.run(async () => {
      const unsettled = () => this.deps.journal.all().filter((p) => isUnsettled(p.state));
      if (unsettled().length > 0) await this.recovery.runHoldingTerminal();
      const left = unsettled();
      if (left.length > 0) {
        return fail('unsettled_payments', `${left.length} payment(s) unsettled`);
      }
      const terminal = this.deps.terminal();
      if (!terminal) return fail('terminal_unavailable', 'no card terminal is attached');
      const answer = await terminal.endOfDay();
      if (answer.outcome === 'failed') {
        this.deps.log.warn({ reason: answer.reason }, 'terminal end of day failed');
        return fail('terminal_failed', answer.reason.slice(0, 200));
      }
      const report: EndOfDayReport = {
        id: (this.deps.newId ?? randomUUID)(),
        closedAt: this.#steps.now().toISOString(),
        count: answer.totals.count,
        totalMinor: answer.totals.totalMinor,
      };
      await this.deps.outbox?.enqueue(PAYMENT_OUTBOX_KINDS.endOfDay, report);
      await this.deps.journal.recordEndOfDay(report.closedAt);
      this.deps.log.info({ count: report.count, totalMinor: report.totalMinor }, 'terminal day closed');
      return ok({ report, slip: answer.totals.slip });
    });
  }
}
