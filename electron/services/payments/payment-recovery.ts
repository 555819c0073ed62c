import type { PaymentState } from '../../../kiosk-config/src/hub/payments-api';
import { crashPoint } from '../storage/crash-point';
import type { PaymentRecord } from './payment-journal';
import { isUnsettled } from './payment-state';
import { approvalMismatch, journalTransaction, judgeLastTransaction, type PaymentSteps } from './payment-steps';

/** What one recovery pass did. */
export interface RecoveryReport {
  /** Payments that moved, from → to (their last state in this pass). */
  moved: { paymentId: string; from: PaymentState; to: PaymentState }[];
  /** Payments still unsettled after the pass (retried on the next). */
  pending: { paymentId: string; state: PaymentState }[];
}

/** A payment a person must look at, for the technician's screen and the hub. */
export interface AttentionItem {
  paymentId: string;
  state: PaymentState;
  amountMinor: number;
  title: string;
  /** Since when it is in this state (ISO). */
  since: string;
  /**
   * - `needs_attention`: automation stopped (see `reason`): settle it and mark it resolved;
   * - `unsettled`: automation is still trying (the terminal does not answer, a commit waits…);
   * - `receipt_owed`: paid, but the visitor has no paper receipt: reprint when there is paper.
   */
  kind: 'needs_attention' | 'unsettled' | 'receipt_owed';
  reason?: string;
  detail?: string;
}

/** What recovery needs: the steps shared with the payment service (journal, terminal, policy). */
export interface PaymentRecoveryDeps {
  steps: PaymentSteps;
}

/**
 * Settles what a crash, a power cut or a lost reply left unsettled, at start and periodically,
 * when no visitor is there to see it (the rules are in docs/payments.md):
 *
 * | journal says  | recovery does                                                                      |
 * | ------------- | ---------------------------------------------------------------------------------- |
 * | `created`     | `cancelled` (not_completed): the terminal was never asked                          |
 * | `authorising` | asks the terminal's last transaction and compares it with the mark taken before:   |
 * | `unknown`     | ours approved → `authorised` (then as below); ours declined → `declined`; nothing  |
 * |               | happened (and the terminal must have finished) → `cancelled`; no answer →          |
 * |               | `unknown`, retried; the terminal cannot tell → `needs_attention`                   |
 * | `authorised`  | reversed (visitor_gone): no receipt was printed and nobody is there to see one     |
 * | `delivering`  | the receipt may be on paper: delivered (uncertain, copy owed), then committed      |
 * | `delivered`   | committed (the visitor has the receipt)                                            |
 * | `reversing`   | reversed again (idempotent)                                                        |
 *
 * A terminal that cannot reverse gets its authorised payments delivered (a copy owed) instead.
 */
export class PaymentRecovery {
  readonly #steps: PaymentSteps;

  constructor(deps: PaymentRecoveryDeps) {
    this.#steps = deps.steps;
  }

  /** One pass over every unsettled payment, holding the terminal for its duration. */
  run(): Promise<RecoveryReport> {
    return this.#steps.gate.run(() => this.runHoldingTerminal());
  }

  /** The same pass, for a caller that already holds the terminal gate (the payment service). */
  async runHoldingTerminal(only?: (payment: PaymentRecord) => boolean): Promise<RecoveryReport> {
    const report: RecoveryReport = { moved: [], pending: [] };
    const unsettled = this.#steps.journal.all().filter((p) => isUnsettled(p.state) && (only?.(p) ?? true));
    for (const payment of unsettled) {
      let settled: PaymentRecord;
      try {
        settled = await this.#settle(payment);
      } catch (error) {
        // One payment's failure (a full disk, a bug) must not keep the others unsettled.
        this.#steps.deps.log.error({ err: error, paymentId: payment.id }, 'payment recovery failed');
        settled = this.#steps.journal.get(payment.id) ?? payment;
      }
      if (settled.state !== payment.state) {
        report.moved.push({ paymentId: payment.id, from: payment.state, to: settled.state });
      }
      if (isUnsettled(settled.state)) report.pending.push({ paymentId: payment.id, state: settled.state });
    }
    return report;
  }

  /**
   * Runs a pass now and then every `intervalMs` (a pass never overlaps a payment: both hold the
   * terminal). Returns the function that stops it.
   */
  start(intervalMs: number): () => void {
    const { log } = this.#steps.deps;
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    const tick = async () => {
      try {
        const report = await this.run();
        if (report.moved.length > 0 || report.pending.length > 0) log.info({ ...report }, 'payment recovery pass');
      } catch (error) {
        log.error({ err: error }, 'payment recovery pass failed');
      }
      if (!stopped) {
        timer = setTimeout(tick, intervalMs);
        timer.unref();
      }
    };
    void tick();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }

  /** Takes one payment as far as it can go now, with no visitor present. */
  async #settle(payment: PaymentRecord): Promise<PaymentRecord> {
    const steps = this.#steps;
    switch (payment.state) {
      case 'created':
        return steps.move(payment, 'cancelled', { reason: 'not_completed' });
      case 'authorising':
      case 'unknown': {
        const next = await this.settleAuthorisation(payment);
        return next.state === 'authorised' ? this.#settle(next) : next;
      }
      case 'authorised': {
        const mismatch = payment.transaction ? approvalMismatch(payment, payment.transaction) : null;
        if (mismatch) return (await steps.reverse(payment, 'approval_mismatch', mismatch.detail)).payment;
        if (!steps.canReverse(steps.deps.terminal())) {
          if (!steps.deps.terminal()) return payment;
          const delivered = await steps.deliver(payment, false);
          return delivered.kind === 'delivered' ? steps.commit(delivered.payment) : delivered.payment;
        }
        return (await steps.reverse(payment, 'visitor_gone')).payment;
      }
      case 'delivering': {
        // The receipt may be on paper in the visitor's hands: keep the payment, owe a copy.
        const delivered = await steps.move(payment, 'delivered', {
          receipt: { printed: 'uncertain', reprintNeeded: true, copies: 0 },
          detail: 'the kiosk stopped while printing the receipt',
        });
        return steps.commit(delivered);
      }
      case 'delivered':
        return steps.commit(payment);
      case 'reversing':
        return (await steps.reverse(payment, payment.reason ?? 'visitor_gone')).payment;
      default:
        return payment;
    }
  }

  /**
   * Settles an `authorising`/`unknown` payment from the terminal's last transaction, if it can
   * now. With or without a visitor, «not charged» is believed only once the terminal must have
   * finished the authorisation (`authoriseTimeoutMs + settleGraceMs` after it started): before
   * that, the terminal may still be waiting for a PIN and approve a moment later.
   */
  async settleAuthorisation(payment: PaymentRecord): Promise<PaymentRecord> {
    const steps = this.#steps;
    const terminal = steps.deps.terminal();
    const stayUnknown = (detail: string) =>
      payment.state === 'unknown' ? Promise.resolve(payment) : steps.move(payment, 'unknown', { detail });
    if (!terminal) return stayUnknown('no terminal connected');
    if (!terminal.capabilities.lastTransaction) {
      return steps.move(payment, 'needs_attention', {
        reason: 'terminal_cannot_tell',
        detail: 'the terminal cannot report its last transaction',
      });
    }
    const last = await terminal.lastTransaction();
    crashPoint('payment:last-transaction-answered');
    const verdict = judgeLastTransaction(payment, last);
    switch (verdict.verdict) {
      case 'ours_approved':
        return steps.move(payment, 'authorised', { transaction: journalTransaction(verdict.transaction) });
      case 'ours_declined':
        return steps.move(payment, 'declined', {
          decline: { code: 'recovered', message: 'declined (learnt from the terminal)' },
        });
      case 'ours_reversed':
        return steps.move(payment, 'cancelled', { reason: 'not_completed', detail: 'the terminal reversed it' });
      case 'nothing_happened': {
        if (this.#terminalMustHaveFinished(payment)) {
          return steps.move(payment, 'cancelled', { reason: 'not_completed' });
        }
        return stayUnknown('waiting for the terminal to finish');
      }
      case 'unavailable':
        return stayUnknown(`last transaction: ${verdict.detail}`);
      case 'cannot_tell':
        return steps.move(payment, 'needs_attention', {
          reason: 'terminal_cannot_tell',
          detail: verdict.detail.slice(0, 200),
        });
    }
  }

  #terminalMustHaveFinished(payment: PaymentRecord): boolean {
    const { policy } = this.#steps.deps;
    const started = Date.parse(payment.authorisingAt ?? payment.updatedAt);
    return this.#steps.now().getTime() - started >= policy.authoriseTimeoutMs + policy.settleGraceMs;
  }

  /**
   * What a person must look at: payments automation stopped on, payments it is still trying to
   * settle, and paid payments whose receipt is owed.
   */
  attention(): AttentionItem[] {
    const items: AttentionItem[] = [];
    for (const payment of this.#steps.journal.all()) {
      const base = {
        paymentId: payment.id,
        state: payment.state,
        amountMinor: payment.amountMinor,
        title: payment.charge.title,
        since: payment.updatedAt,
        ...(payment.reason ? { reason: payment.reason } : {}),
        ...(payment.detail ? { detail: payment.detail } : {}),
      };
      if (payment.state === 'needs_attention') items.push({ ...base, kind: 'needs_attention' });
      else if (isUnsettled(payment.state)) items.push({ ...base, kind: 'unsettled' });
      else if (payment.receipt?.reprintNeeded) items.push({ ...base, kind: 'receipt_owed' });
    }
    return items;
  }
}
