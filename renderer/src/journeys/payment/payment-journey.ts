import type {
  CallOutput,
  ChargeView,
  ErrorCode,
  FeeView,
  PaymentEnd,
  PaymentStage,
  PaymentStateView,
  PaymentSubject,
  Result,
} from '../../../../kiosk-config/src/index';
import type { KeypadPress } from '../../ui/keypad-press';
import { isUinComplete, pressUinKey, uinDigits } from './uin-input';

/**
 * The payment journey («Оплатить госпошлину») as plain data and a pure reducer: the fees and
 * whether the card terminal is ready, a fee chosen from the list or a bill found by its УИН, the
 * confirmation, the card payment mirrored from the terminal, and how it ended.
 *
 * A card payment lasts as long as the visitor needs with the card, longer than a call may wait:
 * `payments.start` answers at once with the payment's id; the terminal's prompts come as
 * `payment.progress` events and the end as `payment.finished`. Events may be missed (a
 * reconnect) or arrive late, so the screen also asks `payments.state` when the payment starts
 * and every few seconds after; whichever brings the end first wins, and everything about
 * another payment, or about this one after it ended, is ignored.
 */

/** The answer of `payments.fees`. */
export type FeesAnswer = CallOutput<'payments.fees'>;

/** The answer of `payments.resolveUin`. */
export type UinAnswer = CallOutput<'payments.resolveUin'>;

/** The fees and the terminal's readiness, as loaded when the payment journey opened. */
export type FeesLoad =
  | { status: 'loading' }
  | { status: 'loaded'; fees: FeeView[]; terminalReady: boolean }
  | { status: 'failed' };

/** What the visitor is about to pay, as the confirm screen shows it and `payments.start` sends it. */
export interface Payable {
  subject: PaymentSubject;
  amountMinor: number;
  /** The fee's name when chosen from the list; a bill found by its УИН has none. */
  name: string | null;
  purpose: string;
  recipient: string;
}

/** One УИН lookup as sent to `payments.resolveUin`, and how the text came. */
export interface UinRequest {
  /** The typed digits, or the scanned text as read (the main side finds the УИН in a payment QR). */
  text: string;
  via: 'typed' | 'scanned';
}

/** Why the УИН keypad shows a line under the number. */
export type UinEntryProblem =
  /** The typed digits are no УИН (check digit): kept for correcting. */
  | 'invalid_typed'
  /** A scanned code holds no УИН (or is no bill at all). */
  | 'invalid_scan';

/** A УИН lookup that led to no payment. */
export type UinOutcome = 'not_found' | 'already_paid' | 'hub_unreachable' | 'fault';

/** The card payment on the card screen: starting (no id yet), or running on the terminal. */
export type CardStep =
  | { phase: 'starting' }
  | {
      phase: 'running';
      paymentId: string;
      stage: PaymentStage;
      /** The terminal's own words for the stage, when it sent some. */
      text: string | null;
      /** «Отмена»: not pressed, sent and awaiting the end, or refused by the terminal. */
      cancel: 'none' | 'asked' | 'refused';
      /**
       * Whether the terminal has read the card, as the main side last said (never unset once
       * set). Only before it may the screen say «Деньги не списаны» on its own (`pay-no-answer`).
       */
      cardRead: boolean;
      /** The main side's bound on the terminal's silence before the card (`payments.start`'s `noAnswerMs`). */
      noAnswerMs: number;
      /** `payments.state` polls in a row that got no answer (see {@link MAX_SILENT_POLLS}). */
      silentPolls: number;
    };

/** How the card screen ended: the payment's end, or a start that never reached the terminal. */
export type PayResult =
  | { kind: 'ended'; paymentId: string; end: PaymentEnd }
  | { kind: 'not_started'; code: ErrorCode };

/** Where the confirm screen's «Отмена» leads back to: the list, or the УИН keypad. */
export type PayOrigin = { from: 'fees' } | { from: 'uin'; request: UinRequest };

/** The screens of the payment journey, with what each needs. */
export type PayScreen =
  | { name: 'pay' }
  | { name: 'pay-fees' }
  | { name: 'pay-uin'; digits: string; problem: UinEntryProblem | null }
  | { name: 'pay-uin-checking'; checkId: number; request: UinRequest }
  | { name: 'pay-uin-outcome'; outcome: UinOutcome; request: UinRequest }
  | { name: 'pay-confirm'; payable: Payable; origin: PayOrigin }
  | { name: 'pay-card'; payable: Payable; origin: PayOrigin; step: CardStep }
  | { name: 'pay-result'; payable: Payable; origin: PayOrigin; result: PayResult };

/** The payment journey's share of the journey state: its screen and the fees. */
export interface PayState {
  screen: PayScreen;
  fees: FeesLoad;
}

/** What can happen in the payment journey (opening it is the journey's: it leaves any screen). */
export type PayAction =
  | { type: 'pay-fees-loading' }
  | { type: 'pay-fees-answered'; result: Result<FeesAnswer> }
  | { type: 'pay-choose-list' }
  | { type: 'pay-choose-uin' }
  | { type: 'pay-choose-fee'; fee: FeeView }
  | { type: 'uin-key'; press: KeypadPress }
  | { type: 'uin-scan-rejected' }
  | { type: 'uin-check'; checkId: number; request: UinRequest }
  | { type: 'uin-answered'; checkId: number; result: Result<UinAnswer> }
  | { type: 'uin-edit' }
  | { type: 'pay-starting' }
  | { type: 'pay-started'; result: Result<{ paymentId: string; noAnswerMs: number }> }
  | { type: 'pay-progress'; paymentId: string; stage: PaymentStage; text?: string | undefined; cardRead: boolean }
  | { type: 'pay-finished'; paymentId: string; end: PaymentEnd }
  | { type: 'pay-state'; paymentId: string; result: Result<PaymentStateView> }
  | { type: 'pay-cancel-asked' }
  /**
   * The screen's own bound lapsed (`noAnswerDueMs`) with no word from the main side's terminal
   * before the card: the visitor is told nothing was charged (the main side normally says so first).
   */
  | { type: 'pay-no-answer'; paymentId: string }
  /** `accepted` is `null` when the call itself failed (the visitor may press again). */
  | { type: 'pay-cancel-answered'; paymentId: string; accepted: boolean | null }
  | { type: 'pay-again' };

/** The longest scanned text sent to `payments.resolveUin` (the contract's limit). */
export const MAX_SCANNED_BILL = 2048;

/** How often the card screen asks `payments.state`, in case an event was missed. */
export const PAYMENT_POLL_MS = 3_000;

/**
 * After this many `payments.state` polls in a row without an answer, and no event meanwhile, the
 * main side has lost the payment (it restarted, the link is gone): the screen stops waiting and
 * sends the visitor to the staff with the payment's reference rather than keep them on a screen
 * with no way out. Counted in questions, not seconds, so the reducer stays pure: two minutes when
 * each fails at once, longer when each waits for its transport's timeout (one at a time).
 */
export const MAX_SILENT_POLLS = 40;

/** The terminal's stages in the order a payment goes through them. */
const STAGE_ORDER: readonly PaymentStage[] = [
  'connecting',
  'present_card',
  'enter_pin',
  'processing',
  'remove_card',
  'printing',
];

/**
 * The stages in which the terminal still takes an abort, the only ones «Отмена» is offered in:
 * while it is reached, waits for the card, and waits for the PIN. A ZVT terminal's «watch the PIN
 * pad» (shown as `enter_pin`) often still means «put the card in the PIN pad»: hiding «Отмена»
 * there took it away a moment after the terminal asked for the card.
 */
const CANCELLABLE_STAGES: ReadonlySet<PaymentStage> = new Set(['connecting', 'present_card', 'enter_pin']);

/**
 * How long after the main side's own bound (`noAnswerMs`) the screen gives up by itself: the main
 * side, which knows the terminal, normally ends the payment first; this only covers a main side
 * that went quiet too.
 */
export const NO_ANSWER_GRACE_MS = 3_000;

const PAY_SCREENS = new Set<string>([
  'pay',
  'pay-fees',
  'pay-uin',
  'pay-uin-checking',
  'pay-uin-outcome',
  'pay-confirm',
  'pay-card',
  'pay-result',
]);

/** Whether a screen belongs to the payment journey. */
export function isPayScreen(screen: { name: string }): screen is PayScreen {
  return PAY_SCREENS.has(screen.name);
}

/**
 * Whether a payment is under way on this screen: from «Оплатить картой» until its end is known.
 * Meanwhile the visitor is at the terminal, not touching the screen, and the session must not end.
 */
export function isPaymentInProgress(screen: { name: string }): boolean {
  return screen.name === 'pay-card';
}

/** Where the payment journey starts: the choice, the fees being loaded. */
export function payOpened(): PayState {
  return { screen: { name: 'pay' }, fees: { status: 'loading' } };
}

/** The fees the list offers, or `null` while they are not known or the terminal cannot take a card. */
export function payableFees(fees: FeesLoad): FeeView[] | null {
  return fees.status === 'loaded' && fees.terminalReady ? fees.fees : null;
}

/** What a fee from the list pays. */
export function payableFee(fee: FeeView): Payable {
  return {
    subject: { kind: 'fee', serviceId: fee.serviceId },
    amountMinor: fee.amountMinor,
    name: fee.name,
    purpose: fee.purpose,
    recipient: fee.recipient,
  };
}

/** What a bill found by its УИН pays. */
export function payableCharge(charge: ChargeView): Payable {
  return {
    subject: { kind: 'uin', uin: uinDigits(charge.uin) },
    amountMinor: charge.amountMinor,
    name: null,
    purpose: charge.purpose,
    recipient: charge.recipient,
  };
}

/** The УИН keypad, empty or with digits to correct, and the line under it. */
export function uinEntry(digits = '', problem: UinEntryProblem | null = null): PayScreen & { name: 'pay-uin' } {
  return { name: 'pay-uin', digits, problem };
}

/** The keypad to correct a УИН on: the typed digits again, or empty after a scan. */
export function uinEntryFor(request: UinRequest, problem: UinEntryProblem | null = null): PayScreen {
  if (request.via === 'scanned') return uinEntry('', problem === null ? null : 'invalid_scan');
  return uinEntry(request.text, problem);
}

/** The lookup «Найти квитанцию» starts on the keypad, or `null` while the digits are not a УИН's length. */
export function typedUin(screen: PayScreen): UinRequest | null {
  if (screen.name !== 'pay-uin' || !isUinComplete(screen.digits)) return null;
  return { text: screen.digits, via: 'typed' };
}

/** Whether scanned codes are listened to: on the УИН keypad and its outcome (a new scan is a new lookup). */
export function listensForUinScan(screen: { name: string }): boolean {
  return screen.name === 'pay-uin' || screen.name === 'pay-uin-outcome';
}

/**
 * What a scanned code does on a payment screen: a lookup with the text as read (a payment QR or
 * plain text; the main side finds the УИН in it), the keypad's notice for a code that cannot be
 * a bill (a product's marking code, an overlong text), or nothing where scans are not listened to.
 *
 * @param kind what the main side recognised the code as (`scanner.scanned`'s `kind`), if it said
 */
export function scannedUin(screen: PayScreen, text: string, kind?: string): UinRequest | 'rejected' | null {
  if (!listensForUinScan(screen)) return null;
  if (kind === 'gs1' || text.length > MAX_SCANNED_BILL) return 'rejected';
  return { text, via: 'scanned' };
}

/** Whether «Отмена» is offered on the card screen now: while the terminal still takes an abort. */
export function canCancelPayment(step: CardStep): boolean {
  return step.phase === 'running' && step.cancel === 'none' && CANCELLABLE_STAGES.has(step.stage);
}

/**
 * When the card screen gives up on a silent terminal by itself (ms from now), or `null` while it
 * must not: only before the card is read (as the main side said), and only while the terminal
 * owes a word — its first one, or the answer to «Отмена». Restarted by each change of the step.
 */
export function noAnswerDueMs(step: CardStep): number | null {
  if (step.phase !== 'running' || step.cardRead) return null;
  if (step.stage !== 'connecting' && step.cancel !== 'asked') return null;
  return step.noAnswerMs + NO_ANSWER_GRACE_MS;
}

/** Whether paying the same again is offered after this result (never when money may have been taken). */
export function canPayAgain(result: PayResult): boolean {
  if (result.kind === 'not_started') return !NOT_STARTED_FOR_GOOD.has(result.code);
  return result.end.outcome === 'declined' || result.end.outcome === 'timeout';
}

/** Start faults that trying again at once cannot mend: the printer, the catalogue, the link, a full disk. */
const NOT_STARTED_FOR_GOOD: ReadonlySet<ErrorCode> = new Set([
  'printer_unavailable',
  'printer_paper_out',
  'printer_cover_open',
  'printer_error',
  'unknown_service',
  'hub_unreachable',
  'disk_full',
]);

/** Where «Назад» leads from a payment screen (`home` when it leaves the journey). */
export function previousPayScreen(screen: PayScreen): PayScreen | 'home' {
  switch (screen.name) {
    case 'pay':
      return 'home';
    case 'pay-fees':
    case 'pay-uin':
      return { name: 'pay' };
    case 'pay-uin-checking':
      // The answer is on its way: the screen changes when it comes.
      return screen;
    case 'pay-uin-outcome':
      return uinEntryFor(screen.request);
    case 'pay-confirm':
      return screen.origin.from === 'fees' ? { name: 'pay-fees' } : uinEntryFor(screen.origin.request);
    case 'pay-card':
    case 'pay-result':
      // No way back from a payment under way, nor from its end (a receipt may be on the screen).
      return screen;
  }
}

/** Where a УИН lookup's answer leads: the confirmation, the keypad with its notice, or the outcome. */
function uinAnswered(request: UinRequest, result: Result<UinAnswer>): PayScreen {
  if (!result.ok) {
    const outcome: UinOutcome = result.error.code === 'hub_unreachable' ? 'hub_unreachable' : 'fault';
    return { name: 'pay-uin-outcome', outcome, request };
  }
  const answer = result.value;
  switch (answer.outcome) {
    case 'found':
      return { name: 'pay-confirm', payable: payableCharge(answer.charge), origin: { from: 'uin', request } };
    case 'invalid_uin':
      return uinEntryFor(request, 'invalid_typed');
    case 'not_found':
    case 'already_paid':
      return { name: 'pay-uin-outcome', outcome: answer.outcome, request };
  }
}

/** The card screen's payment, if it is running as `paymentId` (anything else is about another payment). */
function runningAs(screen: PayScreen, paymentId: string) {
  if (screen.name !== 'pay-card' || screen.step.phase !== 'running' || screen.step.paymentId !== paymentId) return null;
  return { screen, step: screen.step };
}

/** The card screen with the payment's end shown instead. */
function ended(screen: PayScreen & { name: 'pay-card' }, paymentId: string, end: PaymentEnd): PayScreen {
  return {
    name: 'pay-result',
    payable: screen.payable,
    origin: screen.origin,
    result: { kind: 'ended', paymentId, end },
  };
}

/** The card screen with the terminal's news: the stage, its own words, and the silence broken. */
function staged(
  screen: PayScreen & { name: 'pay-card' },
  step: CardStep & { phase: 'running' },
  stage: PaymentStage,
  text: string | undefined,
  cardRead: boolean,
): PayScreen {
  return {
    ...screen,
    step: { ...step, stage, text: text ?? null, silentPolls: 0, cardRead: step.cardRead || cardRead },
  };
}

/** Whether `stage` comes before `current` in a payment's usual order. */
function isEarlier(stage: PaymentStage, current: PaymentStage): boolean {
  return STAGE_ORDER.indexOf(stage) < STAGE_ORDER.indexOf(current);
}

/** The card screen after a `payments.state` answer. */
function polled(state: PayState, paymentId: string, result: Result<PaymentStateView>): PayScreen {
  const running = runningAs(state.screen, paymentId);
  if (running === null) return state.screen;
  const { screen, step } = running;
  if (!result.ok) {
    const silentPolls = step.silentPolls + 1;
    if (silentPolls < MAX_SILENT_POLLS) return { ...screen, step: { ...step, silentPolls } };
    // The main side cannot tell any more: the staff must look the payment up.
    return ended(screen, paymentId, { outcome: 'failed', needsAttention: true });
  }
  const view = result.value;
  if (view.paymentId !== paymentId) return screen;
  if (view.phase === 'finished') return ended(screen, paymentId, view.end);
  // A poll's answer can overtake an event sent after it: it never moves the stage back (events,
  // which come in order, may), it only catches up on events that were missed.
  if (isEarlier(view.stage, step.stage)) {
    return { ...screen, step: { ...step, silentPolls: 0, cardRead: step.cardRead || view.cardRead } };
  }
  return staged(screen, step, view.stage, view.text, view.cardRead);
}

/**
 * The pure transition function of the payment screens. Returns the same state object when the
 * action does not apply (a late answer, a double tap, an event about another payment).
 */
export function payReducer(state: PayState, action: PayAction): PayState {
  const { screen, fees } = state;
  const withScreen = (next: PayScreen): PayState => (next === screen ? state : { ...state, screen: next });
  switch (action.type) {
    case 'pay-fees-loading':
      return fees.status === 'failed' ? { ...state, fees: { status: 'loading' } } : state;
    case 'pay-fees-answered': {
      if (fees.status !== 'loading') return state;
      const { result } = action;
      return {
        ...state,
        fees: result.ok
          ? { status: 'loaded', fees: result.value.fees, terminalReady: result.value.terminalReady }
          : { status: 'failed' },
      };
    }
    case 'pay-choose-list': {
      const list = payableFees(fees);
      const from = screen.name === 'pay' || (screen.name === 'pay-uin-outcome' && screen.outcome === 'hub_unreachable');
      return from && list !== null && list.length > 0 ? withScreen({ name: 'pay-fees' }) : state;
    }
    case 'pay-choose-uin':
      return screen.name === 'pay' && payableFees(fees) !== null ? withScreen(uinEntry()) : state;
    case 'pay-choose-fee':
      return screen.name === 'pay-fees'
        ? withScreen({ name: 'pay-confirm', payable: payableFee(action.fee), origin: { from: 'fees' } })
        : state;
    case 'uin-key':
      return screen.name === 'pay-uin'
        ? withScreen({ ...screen, digits: pressUinKey(screen.digits, action.press), problem: null })
        : state;
    case 'uin-scan-rejected':
      if (screen.name === 'pay-uin') return withScreen({ ...screen, problem: 'invalid_scan' });
      return screen.name === 'pay-uin-outcome' ? withScreen(uinEntry('', 'invalid_scan')) : state;
    case 'uin-check':
      // From the keypad, from an outcome (a new scan, or «Попробовать ещё раз»); never twice at once.
      return screen.name === 'pay-uin' || screen.name === 'pay-uin-outcome'
        ? withScreen({ name: 'pay-uin-checking', checkId: action.checkId, request: action.request })
        : state;
    case 'uin-answered':
      return screen.name === 'pay-uin-checking' && screen.checkId === action.checkId
        ? withScreen(uinAnswered(screen.request, action.result))
        : state;
    case 'uin-edit':
      return screen.name === 'pay-uin-outcome' ? withScreen(uinEntryFor(screen.request)) : state;
    case 'pay-starting':
      return screen.name === 'pay-confirm'
        ? withScreen({ ...screen, name: 'pay-card', step: { phase: 'starting' } })
        : state;
    case 'pay-started': {
      if (screen.name !== 'pay-card' || screen.step.phase !== 'starting') return state;
      const { result } = action;
      if (!result.ok) {
        const { payable, origin } = screen;
        return withScreen({
          name: 'pay-result',
          payable,
          origin,
          result: { kind: 'not_started', code: result.error.code },
        });
      }
      return withScreen({
        ...screen,
        step: {
          phase: 'running',
          paymentId: result.value.paymentId,
          stage: 'connecting',
          text: null,
          cancel: 'none',
          silentPolls: 0,
          cardRead: false,
          noAnswerMs: result.value.noAnswerMs,
        },
      });
    }
    case 'pay-progress': {
      const running = runningAs(screen, action.paymentId);
      return running === null
        ? state
        : withScreen(staged(running.screen, running.step, action.stage, action.text, action.cardRead));
    }
    case 'pay-finished': {
      const running = runningAs(screen, action.paymentId);
      return running === null ? state : withScreen(ended(running.screen, action.paymentId, action.end));
    }
    case 'pay-state':
      return withScreen(polled(state, action.paymentId, action.result));
    case 'pay-cancel-asked':
      return screen.name === 'pay-card' && screen.step.phase === 'running' && canCancelPayment(screen.step)
        ? withScreen({ ...screen, step: { ...screen.step, cancel: 'asked' } })
        : state;
    case 'pay-no-answer': {
      const running = runningAs(screen, action.paymentId);
      if (running === null || running.step.cardRead) return state;
      return withScreen(ended(running.screen, action.paymentId, { outcome: 'no_answer' }));
    }
    case 'pay-cancel-answered': {
      const running = runningAs(screen, action.paymentId);
      if (running === null || running.step.cancel !== 'asked') return state;
      // Accepted: the end (`cancelled`) comes as an event. Refused: the terminal goes on and the
      // visitor is told to cancel on the terminal itself. A failed call: the button comes back.
      if (action.accepted === true) return state;
      const cancel = action.accepted === false ? 'refused' : 'none';
      return withScreen({ ...running.screen, step: { ...running.step, cancel } });
    }
    case 'pay-again':
      return screen.name === 'pay-result' && canPayAgain(screen.result)
        ? withScreen({ name: 'pay-confirm', payable: screen.payable, origin: screen.origin })
        : state;
  }
}

/**
 * The short reference the staff find a payment by: the first eight characters of its id in
 * capitals, as the main side prints it on the receipt as «Номер операции»
 * (`electron/services/payments/payment-receipt-face.ts`).
 */
export function paymentReference(paymentId: string): string {
  return paymentId.slice(0, 8).toUpperCase();
}
