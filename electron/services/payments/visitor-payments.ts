import { randomUUID } from 'node:crypto';
import type { PaymentTerminal, TerminalPrompt } from '../../../drivers/payment/payment-terminal';
import type { ReceiptPrinter } from '../../../drivers/printer/receipt-printer';
import {
  type CallInput,
  type CallOutput,
  type CatalogueFile,
  type Charge,
  type ChargeResolveRequest,
  type ChargeResolveResponse,
  type EventName,
  type EventPayload,
  fail,
  isValidUin,
  normaliseUin,
  ok,
  type PaymentEnd,
  type PaymentStage,
  type PaymentStateView,
  type Result,
  type ScreenLanguage,
} from '../../../kiosk-config/src/index';
import type { HubResult } from '../hub/hub-client';
import type { Logger } from '../logging/logger';
import { readyPrinter } from '../printing/printer-faults';
import { SessionKey, type VisitorSession } from '../session/visitor-session';
import { VISITOR_TICKET } from '../session/visitor-ticket';
import type { PayableCharge, PaymentOutcome, PaymentService } from './payment-service';
import type { UndeliveredPolicy } from './payment-steps';
import { uinFromText } from './uin-from-text';

/** The hub call the payments need (the hub client's, in production). */
export interface ChargeHub {
  resolveCharge(request: ChargeResolveRequest): Promise<HubResult<ChargeResolveResponse>>;
}

/** What `VisitorPayments` needs from the rest of the kiosk. */
export interface VisitorPaymentsDeps {
  service: Pick<PaymentService, 'pay' | 'hasMoneyFor'>;
  /** The catalogue the screen shows now (its services' `fee`). */
  catalogue: () => CatalogueFile;
  /** The card terminal now (for what it can do: abort), or null. */
  terminal: () => PaymentTerminal | null;
  /** Whether the terminal answered its last status enquiry as ready. */
  terminalReady: () => boolean;
  /** The receipt printer now, checked before a payment that could only be reversed without it. */
  printer: () => ReceiptPrinter | null;
  undeliveredPolicy: UndeliveredPolicy;
  hub: ChargeHub;
  session: VisitorSession;
  emit: <E extends EventName>(name: E, payload: EventPayload<E>) => void;
  log: Logger;
  /**
   * Before the card is read, how long the terminal may say nothing (from the start, or from
   * «Отмена») before the visitor is told «Терминал не отвечает. Деньги не списаны» (ms, default
   * 15 s: `payments.noAnswerSeconds`).
   */
  noAnswerMs?: number;
  /** Runs `task` after `ms` and returns its cancel (tests pass a fake clock's). */
  schedule?: (ms: number, task: () => void) => () => void;
  now?: () => Date;
}

/** The charge a УИН resolved to in this session, reused by `payments.start` for a while. */
interface ResolvedCharge {
  charge: Charge;
  at: number;
}

/** The last charge resolved by УИН: the visitor confirms it on the next screen. */
const RESOLVED_CHARGE = new SessionKey<ResolvedCharge>('resolved-charge');

/** How long a resolved charge is trusted without asking the hub again (ms). */
const RESOLVED_CHARGE_TTL_MS = 10 * 60_000;

/**
 * This visitor session's payments as `payments.state` tells them: the one running, and those
 * ended, with their receipts' faces (amount, RRN, authorisation code, card's last digits) for the
 * screen and a reprint. In the session's memory only, so the reset wipes them: the next visitor
 * cannot bring back someone else's receipt, and no receipt outlives the visit in memory.
 */
const SESSION_PAYMENTS = new SessionKey<Map<string, PaymentStateView>>('payments');

/** The default of `VisitorPaymentsDeps.noAnswerMs`. */
export const DEFAULT_NO_ANSWER_MS = 15_000;

/** The payment in progress. */
interface ActivePayment {
  id: string;
  controller: AbortController;
  done: Promise<void>;
  /** The terminal has read the card (a prompt past «present card»): money may be taken from now on. */
  cardRead: boolean;
  /** «Отмена» was pressed. */
  cancelAsked: boolean;
  /** The screen was told the end already (`no_answer`); the payment itself runs on in the background. */
  givenUp: boolean;
  /** Cancels the no-answer bound running now, if any. */
  disarm: (() => void) | null;
  /** Lets the session's idle countdown run again (idempotent). */
  release: () => void;
}

/**
 * Prompts that come only once the terminal has the card (or may have): from then on, silence
 * no longer means «nothing was charged». A terminal's message the kiosk does not know counts too.
 */
const CARD_READ_PROMPTS: ReadonlySet<TerminalPrompt['kind']> = new Set([
  'enter_pin',
  'processing',
  'remove_card',
  'approved',
  'declined',
  'other',
]);

function scheduleTimeout(ms: number, task: () => void): () => void {
  const timer = setTimeout(task, ms);
  timer.unref?.();
  return () => clearTimeout(timer);
}

/**
 * The visitor's side of card payments: the contract's `payments.*` calls on top of the payment
 * service (`PaymentService`, which journals, delivers and settles).
 *
 * The main side builds what is paid, never the screen: a fee from the catalogue the screen shows,
 * or the charge the hub resolved from a УИН; the amount the screen confirmed must be exactly
 * that. `payments.start` answers at once with the payment's id and the payment runs on: the
 * terminal's prompts go out as `payment.progress` events, its end as `payment.finished`, and
 * `payments.state` answers from memory (or the journal). While it runs, the visitor session's idle
 * countdown is held: the visitor is busy with the card, not the screen. A paid fee is linked to the
 * queue ticket the visitor took in this session.
 */
export class VisitorPayments {
  #active: ActivePayment | null = null;

  constructor(private readonly deps: VisitorPaymentsDeps) {}

  /** `payments.fees`: the catalogue's services with a fee, and whether the terminal is ready. */
  fees(): CallOutput<'payments.fees'> {
    const fees = this.deps.catalogue().services.flatMap((service) =>
      service.fee
        ? [
            {
              serviceId: service.id,
              name: service.name,
              amountMinor: service.fee.amountMinor,
              recipient: service.fee.recipient.name,
              purpose: service.fee.purpose,
            },
          ]
        : [],
    );
    return { fees, terminalReady: this.deps.terminal() !== null && this.deps.terminalReady() };
  }

  /**
   * `payments.resolveUin`: the УИН from typed digits or a bill's payment QR, checked here (no hub
   * call for a wrong check digit), then the charge from the hub. Link failures: `hub_unreachable`.
   */
  async resolveUin({ text }: CallInput<'payments.resolveUin'>): Promise<Result<CallOutput<'payments.resolveUin'>>> {
    const uin = uinFromText(text);
    if (uin === undefined) {
      this.deps.log.info({ outcome: 'invalid_uin' }, 'УИН lookup');
      return ok({ outcome: 'invalid_uin' });
    }
    if (this.deps.service.hasMoneyFor(uin)) {
      this.deps.log.info({ outcome: 'already_paid', paidHere: true }, 'УИН lookup');
      return ok({ outcome: 'already_paid' });
    }
    const answer = await this.#resolve(uin);
    if (!answer.ok) return answer;
    const response = answer.value;
    this.deps.log.info({ outcome: response.outcome }, 'УИН lookup');
    switch (response.outcome) {
      case 'found': {
        const { charge } = response;
        this.deps.session.keep(RESOLVED_CHARGE, { charge, at: this.#now() });
        return ok({
          outcome: 'found',
          charge: {
            uin: charge.uin,
            amountMinor: charge.amountMinor,
            recipient: charge.payee.name,
            purpose: charge.purpose,
          },
        });
      }
      case 'not_found':
        return ok({ outcome: 'not_found' });
      case 'already_paid':
        return ok({ outcome: 'already_paid' });
    }
  }

  /**
   * `payments.start`: checks the subject and the amount, then starts the payment without waiting
   * for it. Refused at once (nothing reaches the terminal): another payment running, an unknown
   * fee, an amount that is not the charge's, a УИН the hub cannot confirm now, the printer unable
   * to print a receipt that the policy would otherwise reverse.
   */
  async start({
    subject,
    amountMinor,
    language,
  }: CallInput<'payments.start'>): Promise<Result<CallOutput<'payments.start'>>> {
    if (this.#active) return fail('bad_request', 'a payment is already in progress');
    // Held from the tap on «Оплатить картой», not only once the terminal runs: the hub's check of a
    // УИН and the printer's may take a while, and the screen already shows the payment meanwhile.
    const release = this.#releaseOnce(this.deps.session.hold());
    const started = await this.#startHeld(subject, amountMinor, language ?? 'ru', release);
    if (!started.ok) release();
    return started;
  }

  /** `start` once the session is held; a refusal here leaves the release to `start`. */
  async #startHeld(
    subject: CallInput<'payments.start'>['subject'],
    amountMinor: number,
    language: ScreenLanguage,
    release: () => void,
  ): Promise<Result<CallOutput<'payments.start'>>> {
    const { log } = this.deps;
    const payable = await this.#payable(subject, amountMinor);
    if (!payable.ok) return payable;
    // Checked again after the hub's answer: a second tap must not start a second payment.
    if (this.#active) return fail('bad_request', 'a payment is already in progress');
    const terminal = this.deps.terminal();
    if (this.deps.undeliveredPolicy === 'reverse' && terminal?.capabilities.reversal) {
      const printer = await readyPrinter(this.deps.printer());
      if (!printer.ok) return printer;
      if (this.#active) return fail('bad_request', 'a payment is already in progress');
    }

    const id = randomUUID();
    const ticketNumber = this.deps.session.recall(VISITOR_TICKET);
    const controller = new AbortController();
    const active: ActivePayment = {
      id,
      controller,
      done: Promise.resolve(),
      cardRead: false,
      cancelAsked: false,
      givenUp: false,
      disarm: null,
      release,
    };
    this.#active = active;
    this.#progress(id, 'connecting');
    this.#bound(active);
    log.info(
      { paymentId: id, subject: subject.kind, amountMinor, linkedToTicket: ticketNumber !== undefined },
      'payment started',
    );
    active.done = this.deps.service
      .pay(
        {
          charge: payable.value,
          amountMinor,
          paymentId: id,
          ...(ticketNumber === undefined ? {} : { ticketNumber }),
        },
        {
          signal: controller.signal,
          onPrompt: (prompt) => this.#prompt(id, prompt),
          onPrinting: () => this.#progress(id, 'printing'),
          visitorGone: () => active.givenUp,
          language,
        },
      )
      .then(
        (outcome) => endOf(outcome, amountMinor, ticketNumber),
        (error: unknown): PaymentEnd => {
          // A bug or a failing disk: the journal says where the payment stands; recovery settles it.
          log.error({ err: error, paymentId: id }, 'payment failed unexpectedly');
          return { outcome: 'failed', needsAttention: true };
        },
      )
      .then((end) => {
        active.disarm?.();
        this.#active = null;
        active.release();
        if (active.givenUp) {
          // The visitor heard `no_answer` and has gone: the journal and recovery have the rest.
          log.info({ paymentId: id, outcome: end.outcome }, 'payment ended after the screen gave up on the terminal');
          return;
        }
        this.#finish(id, end);
      });
    return ok({ paymentId: id, noAnswerMs: this.#noAnswerMs() });
  }

  /**
   * `payments.cancel`: «Отмена» on the screen. The terminal is asked to abort; whether it won is
   * told by `payment.finished` (`cancelled`, or an approval that came first). `accepted: false`
   * when the payment is not running or the terminal cannot be aborted from the kiosk (a pilot:
   * the visitor cancels on the pinpad).
   */
  cancel({ paymentId }: CallInput<'payments.cancel'>): CallOutput<'payments.cancel'> {
    const active = this.#active;
    if (!active || active.id !== paymentId) return { accepted: false };
    const terminal = this.deps.terminal();
    if (terminal && !terminal.capabilities.abort) return { accepted: false };
    this.deps.log.info({ paymentId }, 'payment: the visitor pressed cancel');
    active.cancelAsked = true;
    active.controller.abort();
    // The abort's answer gets the same bound as the terminal's first word, while the card is not read.
    this.#bound(active);
    return { accepted: true };
  }

  /** A session hold's release that counts once, however many ends (the terminal's, the bound's) call it. */
  #releaseOnce(release: () => void): () => void {
    let held = true;
    return () => {
      if (held) release();
      held = false;
    };
  }

  /**
   * Arms the no-answer bound (again): unless the terminal speaks first (before «Отмена»), reads
   * the card, or the payment ends, the screen is told `no_answer` when it lapses.
   */
  #bound(active: ActivePayment): void {
    active.disarm?.();
    active.disarm = null;
    if (active.cardRead || active.givenUp) return;
    const ms = this.#noAnswerMs();
    active.disarm = (this.deps.schedule ?? scheduleTimeout)(ms, () => this.#giveUp(active, ms));
  }

  /**
   * The terminal said nothing for the bound before reading the card: the visitor is told that
   * nothing was charged and goes home. The abort goes on in the background; should the terminal
   * approve after all, the payment service reverses it (`visitorGone`) instead of delivering.
   */
  #giveUp(active: ActivePayment, ms: number): void {
    active.disarm = null;
    if (active.cardRead || active.givenUp || this.#active !== active) return;
    active.givenUp = true;
    this.deps.log.warn(
      { paymentId: active.id, noAnswerMs: ms, cancelAsked: active.cancelAsked },
      'payment: the terminal did not answer before reading the card; the visitor is told nothing was charged',
    );
    active.controller.abort();
    active.release();
    this.#finish(active.id, { outcome: 'no_answer' });
  }

  #noAnswerMs(): number {
    return Math.max(1, Math.round(this.deps.noAnswerMs ?? DEFAULT_NO_ANSWER_MS));
  }

  /**
   * `payments.state`: where a payment of this visitor session stands. After the session's reset
   * its payments are unknown here (the journal and the hub keep them for the staff), so a receipt
   * cannot be shown or reprinted for the next visitor.
   */
  async state({ paymentId }: CallInput<'payments.state'>): Promise<Result<CallOutput<'payments.state'>>> {
    const view = this.deps.session.recall(SESSION_PAYMENTS)?.get(paymentId);
    if (view) return ok(view);
    return fail('bad_request', 'no such payment in this visitor session');
  }

  /**
   * Waits (at most `timeoutMs`) for a payment in progress to end, for shutdown: it is never
   * aborted here (the journal and recovery take over if it does not end in time).
   */
  async close(timeoutMs = 5000): Promise<void> {
    const active = this.#active;
    if (!active) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      active.done,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  async #payable(subject: CallInput<'payments.start'>['subject'], amountMinor: number): Promise<Result<PayableCharge>> {
    if (subject.kind === 'fee') {
      const service = this.deps.catalogue().services.find((s) => s.id === subject.serviceId);
      if (!service?.fee)
        return fail('unknown_service', `no fee for "${subject.serviceId.slice(0, 64)}" in the catalogue`);
      if (service.fee.amountMinor !== amountMinor) {
        this.deps.log.warn({ shown: amountMinor, due: service.fee.amountMinor }, 'payment refused: the amount differs');
        return fail('bad_request', 'the amount is not the fee');
      }
      return ok({ kind: 'service_fee', serviceId: service.id, serviceName: service.name, fee: service.fee });
    }
    const uin = normaliseUin(subject.uin);
    if (!isValidUin(uin)) return fail('bad_request', 'not a valid УИН');
    if (this.deps.service.hasMoneyFor(uin)) return fail('bad_request', 'this УИН is already paid at this kiosk');
    const charge = await this.#chargeOf(uin);
    if (!charge.ok) return charge;
    if (charge.value.amountMinor !== amountMinor) {
      this.deps.log.warn({ shown: amountMinor, due: charge.value.amountMinor }, 'payment refused: the amount differs');
      return fail('bad_request', 'the amount is not the charge');
    }
    return ok({ kind: 'uin', charge: charge.value });
  }

  /** The charge of a УИН: the one resolved in this session a moment ago, else the hub's answer now. */
  async #chargeOf(uin: string): Promise<Result<Charge>> {
    const kept = this.deps.session.recall(RESOLVED_CHARGE);
    if (kept && kept.charge.uin === uin && this.#now() - kept.at < RESOLVED_CHARGE_TTL_MS) return ok(kept.charge);
    const answer = await this.#resolve(uin);
    if (!answer.ok) return answer;
    const response = answer.value;
    if (response.outcome !== 'found') return fail('bad_request', `the hub answered ${response.outcome} for this УИН`);
    this.deps.session.keep(RESOLVED_CHARGE, { charge: response.charge, at: this.#now() });
    return ok(response.charge);
  }

  async #resolve(uin: string): Promise<Result<ChargeResolveResponse>> {
    const answer = await this.deps.hub.resolveCharge({ uin });
    if (answer.ok) return ok(answer.value);
    const { error: failure } = answer;
    this.deps.log.warn({ failure: failure.code }, 'УИН lookup: the hub did not answer');
    if (failure.code === 'rate_limited') return fail('rate_limited', 'too many lookups: try later');
    return fail('hub_unreachable', `the hub did not resolve the УИН (${failure.code})`);
  }

  #prompt(id: string, prompt: TerminalPrompt): void {
    const active = this.#active;
    if (active?.id === id && !active.cardRead) {
      if (CARD_READ_PROMPTS.has(prompt.kind)) {
        active.cardRead = true;
        active.disarm?.();
        active.disarm = null;
      } else if (!active.cancelAsked) {
        // The terminal answered and waits for the card: that wait is the terminal's own business.
        active.disarm?.();
        active.disarm = null;
      }
    }
    const stage = STAGE_OF_PROMPT[prompt.kind];
    if (stage === undefined) return;
    this.#progress(id, stage, prompt.text);
  }

  #progress(paymentId: string, stage: PaymentStage, text?: string): void {
    const current = this.deps.session.recall(SESSION_PAYMENTS)?.get(paymentId);
    if (current?.phase === 'finished') return;
    const shown = text?.trim().slice(0, 200);
    const active = this.#active;
    // Not knowing is «read»: only a payment known to be before the card may be called not charged.
    const cardRead = active?.id === paymentId ? active.cardRead : true;
    const view: PaymentStateView = {
      phase: 'in_progress',
      paymentId,
      stage,
      cardRead,
      ...(shown ? { text: shown } : {}),
    };
    this.#keep(view);
    this.deps.emit('payment.progress', { paymentId, stage, cardRead, ...(shown ? { text: shown } : {}) });
  }

  #finish(paymentId: string, end: PaymentEnd): void {
    this.#keep({ phase: 'finished', paymentId, end });
    this.deps.log.info({ paymentId, outcome: end.outcome }, 'payment finished');
    this.deps.emit('payment.finished', { paymentId, end });
  }

  /**
   * Keeps a payment's view in the current session. A payment that ends after a reset (the session
   * is held while it runs, so only a restart of the page's link or `session.end` can do that; the
   * page keeps its card screen) is kept in the session that follows: the visitor at the screen is
   * still the one who paid, and the next reset wipes it.
   */
  #keep(view: PaymentStateView): void {
    const { session } = this.deps;
    const views = session.recall(SESSION_PAYMENTS) ?? new Map<string, PaymentStateView>();
    views.set(view.paymentId, view);
    session.keep(SESSION_PAYMENTS, views);
  }

  #now(): number {
    return (this.deps.now ?? (() => new Date()))().getTime();
  }
}

/**
 * The screen's stage for each kind of terminal prompt. The approval is followed by the receipt
 * («printing», told by the printer itself); a decline by the end: neither has a stage of its own.
 */
const STAGE_OF_PROMPT: Readonly<Record<TerminalPrompt['kind'], PaymentStage | undefined>> = {
  present_card: 'present_card',
  enter_pin: 'enter_pin',
  processing: 'processing',
  remove_card: 'remove_card',
  approved: 'processing',
  declined: undefined,
  other: 'processing',
};

/**
 * How a payment ended, as the visitor is told (`PaymentEnd`):
 * - `paid` → `approved`, with the receipt's face for the screen (`printed: false` when it is owed);
 * - `declined`, `cancelled` → the same;
 * - `not_charged`: the terminal never finished (`not_completed`) → `timeout`; it was not there
 *   (`terminal_unavailable`) → `failed` with nobody to call; the receipt could not be delivered
 *   and the payment was reversed (`undelivered`) → `reversed`;
 * - `uncertain`, `needs_staff` → `failed` with `needsAttention`: charged or not is not known yet;
 * - `refused` (nothing reached the terminal) → `failed` with nobody to call.
 */
export function endOf(outcome: PaymentOutcome, amountMinor: number, ticketNumber?: string): PaymentEnd {
  switch (outcome.outcome) {
    case 'paid': {
      const { receipt } = outcome;
      return {
        outcome: 'approved',
        receipt: {
          printed: outcome.printed === 'yes',
          amountMinor,
          purpose: receipt.purpose ?? receipt.items[0]?.name ?? '',
          rrn: receipt.rrn,
          authCode: receipt.authCode,
          maskedPan: receipt.card,
          paidAt: receipt.paidAt,
          reference: receipt.reference ?? outcome.paymentId.slice(0, 8).toUpperCase(),
          ...(outcome.printedLanguage === undefined ? {} : { printedLanguage: outcome.printedLanguage }),
        },
        ...(ticketNumber === undefined ? {} : { ticketNumber }),
      };
    }
    case 'declined':
      return { outcome: 'declined' };
    case 'cancelled':
      return { outcome: 'cancelled' };
    case 'not_charged':
      switch (outcome.reason) {
        case 'not_completed':
          return { outcome: 'timeout' };
        case 'undelivered':
          return { outcome: 'reversed' };
        case 'terminal_unavailable':
          return { outcome: 'failed', needsAttention: false };
      }
      break;
    case 'uncertain':
    case 'needs_staff':
      return { outcome: 'failed', needsAttention: true };
    case 'refused':
      return { outcome: 'failed', needsAttention: false };
  }
  return { outcome: 'failed', needsAttention: true };
}
