import type {
  ApprovedTransaction,
  AuthoriseOptions,
  AuthoriseOutcome,
  AuthoriseRequest,
  EndOfDayOutcome,
  LastTransactionOutcome,
  PaymentTerminal,
  TerminalActionOutcome,
  TerminalCapabilities,
  TerminalReference,
  TerminalStatus,
} from '../../../drivers/payment/payment-terminal';

/**
 * A scripted, in-memory payment terminal for the payment service's unit tests. It keeps the
 * money's truth (what is held, captured, reversed) so tests can assert «charged exactly once»,
 * and answers `lastTransaction` from it, as a real terminal would. The wire protocols and their
 * simulators are tested with the drivers (drivers/payment/zvt, drivers/payment/pilot).
 */

/** What the next `authorise` does. `*_lost`: the terminal acts, but its reply never arrives. */
export type FakeAuthorise =
  | 'approve'
  | 'decline'
  | 'cancel'
  | 'not_sent'
  | 'approve_lost'
  | 'decline_lost'
  /** The request is lost before the terminal acts: `unknown`, and nothing happened. */
  | 'lost_before'
  /** Waits until the kiosk aborts (`signal`), then answers cancelled. */
  | 'wait_for_abort'
  /** A faulty terminal: approves (and holds) 100,00 руб. more than asked. */
  | 'approve_other_amount'
  /** Approves the amount asked, but says the currency is euros (978). */
  | 'approve_other_currency'
  /** Answers with its last approval again (a replayed answer): nothing new is held. */
  | 'approve_replayed';

/** What the next `commit`/`reverse` does. `done_lost`: done, reply lost. */
export type FakeAction = 'done' | 'refused' | 'unknown' | 'done_lost' | 'not_supported';

/** One transaction in the terminal's memory. */
export interface FakeTransaction {
  receiptNo: string;
  amountMinor: number;
  status: 'held' | 'captured' | 'reversed' | 'declined';
}

export class FakePaymentTerminal implements PaymentTerminal {
  capabilities: TerminalCapabilities = {
    holdsFunds: true,
    reversal: true,
    refund: true,
    lastTransaction: true,
    abort: true,
  };
  /** Every call, in order (`authorise 150000`, `commit 101`, `lastTransaction`…). */
  readonly calls: string[] = [];
  readonly authoriseScript: FakeAuthorise[] = [];
  readonly commitScript: FakeAction[] = [];
  readonly reverseScript: FakeAction[] = [];
  /** `truth` (the default) answers from memory. */
  readonly lastTransactionScript: ('truth' | 'unknown' | 'not_supported')[] = [];
  readonly transactions: FakeTransaction[] = [];
  /** Called when `authorise` starts, before it answers (a test looks at the journal then). */
  onAuthorise?: (request: AuthoriseRequest) => void | Promise<void>;
  endOfDayAnswer: 'done' | 'failed' = 'done';
  #last: LastTransactionOutcome = { outcome: 'none' };
  /** The last approval it answered, for `approve_replayed`. */
  #lastApproval: ApprovedTransaction | undefined;
  #next = 100;

  /** Money the visitor has lost right now: held or captured. */
  charged(): number {
    return this.transactions
      .filter((t) => t.status === 'held' || t.status === 'captured')
      .reduce((sum, t) => sum + t.amountMinor, 0);
  }

  /** Sets what `lastTransaction` reports (as if earlier transactions happened). */
  setLast(last: LastTransactionOutcome): void {
    this.#last = last;
  }

  /** A transaction the terminal approved, as it would describe it. */
  approval(receiptNo: string, amountMinor: number): ApprovedTransaction {
    return {
      reference: { receiptNo, trace: receiptNo, amountMinor },
      rrn: `6327${receiptNo.padStart(8, '0')}`,
      authCode: `A${receiptNo}`,
      // As some terminals report it: too much of the card. The kiosk keeps only the last four.
      maskedPan: '427612******1234',
      at: '2026-11-23T07:52:00.000Z',
      terminalId: 'T0000001',
      slip: ['ОПЛАТА', `ЧЕК ${receiptNo}`, 'КАРТА 4276 1234 5678 1234', 'ОДОБРЕНО'],
    };
  }

  async authorise(request: AuthoriseRequest, options: AuthoriseOptions = {}): Promise<AuthoriseOutcome> {
    this.calls.push(`authorise ${request.amountMinor}`);
    await this.onAuthorise?.(request);
    const step = this.authoriseScript.shift() ?? 'approve';
    options.onPrompt?.({ kind: 'present_card' });
    switch (step) {
      case 'not_sent':
        return { outcome: 'not_sent', reason: 'terminal busy' };
      case 'lost_before':
        return { outcome: 'unknown', reason: 'timeout' };
      case 'cancel':
        return { outcome: 'cancelled' };
      case 'wait_for_abort':
        await new Promise<void>((resolve) => {
          if (options.signal?.aborted) resolve();
          options.signal?.addEventListener('abort', () => resolve(), { once: true });
        });
        return { outcome: 'cancelled' };
      case 'decline':
      case 'decline_lost':
        this.#record(request.amountMinor, 'declined', 'authorisation', false);
        return step === 'decline'
          ? { outcome: 'declined', code: '51', message: 'INSUFFICIENT FUNDS' }
          : { outcome: 'unknown', reason: 'connection_lost' };
      case 'approve':
      case 'approve_lost': {
        const transaction = this.#record(
          request.amountMinor,
          this.capabilities.holdsFunds ? 'held' : 'captured',
          'authorisation',
          true,
        );
        return step === 'approve' ? { outcome: 'approved', transaction } : { outcome: 'unknown', reason: 'timeout' };
      }
      case 'approve_other_amount': {
        const status = this.capabilities.holdsFunds ? 'held' : 'captured';
        return {
          outcome: 'approved',
          transaction: this.#record(request.amountMinor + 10_000, status, 'authorisation', true),
        };
      }
      case 'approve_other_currency': {
        const status = this.capabilities.holdsFunds ? 'held' : 'captured';
        const transaction = this.#record(request.amountMinor, status, 'authorisation', true);
        return { outcome: 'approved', transaction: { ...transaction, currency: '978' } };
      }
      case 'approve_replayed': {
        if (!this.#lastApproval) throw new Error('nothing to replay');
        return { outcome: 'approved', transaction: structuredClone(this.#lastApproval) };
      }
    }
  }

  #record(
    amountMinor: number,
    status: FakeTransaction['status'],
    kind: 'authorisation',
    approved: boolean,
  ): ApprovedTransaction {
    this.#next += 1;
    const receiptNo = String(this.#next);
    this.transactions.push({ receiptNo, amountMinor, status });
    const transaction = this.approval(receiptNo, amountMinor);
    if (approved) this.#lastApproval = transaction;
    this.#last = approved
      ? { outcome: 'found', kind, approved, transaction, reference: transaction.reference }
      : { outcome: 'found', kind, approved, reference: transaction.reference };
    return transaction;
  }

  async commit(reference: TerminalReference): Promise<TerminalActionOutcome> {
    this.calls.push(`commit ${reference.receiptNo}`);
    return this.#act(this.commitScript.shift() ?? 'done', reference, 'captured', 'commit');
  }

  async reverse(reference: TerminalReference): Promise<TerminalActionOutcome> {
    this.calls.push(`reverse ${reference.receiptNo}`);
    return this.#act(this.reverseScript.shift() ?? 'done', reference, 'reversed', 'reversal');
  }

  #act(
    step: FakeAction,
    reference: TerminalReference,
    status: 'captured' | 'reversed',
    kind: 'commit' | 'reversal',
  ): TerminalActionOutcome {
    const transaction = this.transactions.find((t) => t.receiptNo === reference.receiptNo);
    if (step === 'not_supported') return { outcome: 'not_supported' };
    if (step === 'refused') return { outcome: 'refused', code: '12', message: 'INVALID TRANSACTION' };
    if (step === 'unknown') return { outcome: 'unknown', reason: 'timeout' };
    if (!transaction) return { outcome: 'refused', code: '25', message: 'UNKNOWN REFERENCE' };
    // Idempotent, as the interface promises: doing it again is done.
    if (transaction.status === 'held' || transaction.status === status) {
      transaction.status = status;
      this.#last = { outcome: 'found', kind, approved: true, reference: { ...reference } };
    } else {
      return { outcome: 'refused', code: '12', message: `ALREADY ${transaction.status.toUpperCase()}` };
    }
    return step === 'done' ? { outcome: 'done' } : { outcome: 'unknown', reason: 'connection_lost' };
  }

  async refund(reference: TerminalReference, amountMinor: number): Promise<TerminalActionOutcome> {
    this.calls.push(`refund ${reference.receiptNo} ${amountMinor}`);
    return { outcome: 'not_supported' };
  }

  async lastTransaction(): Promise<LastTransactionOutcome> {
    this.calls.push('lastTransaction');
    const step = this.lastTransactionScript.shift() ?? 'truth';
    if (step === 'unknown') return { outcome: 'unknown', reason: 'timeout' };
    if (step === 'not_supported') return { outcome: 'not_supported' };
    return structuredClone(this.#last);
  }

  async endOfDay(): Promise<EndOfDayOutcome> {
    this.calls.push('endOfDay');
    if (this.endOfDayAnswer === 'failed') return { outcome: 'failed', reason: 'host unreachable' };
    const captured = this.transactions.filter((t) => t.status === 'captured');
    const totals = {
      count: captured.length,
      totalMinor: captured.reduce((sum, t) => sum + t.amountMinor, 0),
      slip: ['СВЕРКА ИТОГОВ', `ОПЕРАЦИЙ: ${captured.length}`],
    };
    this.transactions.length = 0;
    this.#last = { outcome: 'none' };
    return { outcome: 'done', totals };
  }

  async status(): Promise<TerminalStatus> {
    return { ready: true, terminalId: 'T0000001' };
  }

  async close(): Promise<void> {}
}
