import { describe, expect, it } from 'vitest';
import type { ErrorCode, FeeView, PaymentEnd, PaymentStateView, Result } from '../../../../kiosk-config/src/index';
import { initialJourney, type JourneyAction, type JourneyState, journeyReducer } from '../journey-state';
import {
  type CardStep,
  canCancelPayment,
  canPayAgain,
  type FeesAnswer,
  isPaymentInProgress,
  MAX_SILENT_POLLS,
  NO_ANSWER_GRACE_MS,
  noAnswerDueMs,
  type PayAction,
  type PayScreen,
  type PayState,
  paymentReference,
  payOpened,
  payReducer,
  scannedUin,
  typedUin,
  type UinAnswer,
} from './payment-journey';

const passportFee: FeeView = {
  serviceId: 'passport-rf',
  name: 'Госпошлина за паспорт РФ',
  amountMinor: 50_000,
  recipient: 'УФК по Тверской области (ГУ МВД)',
  purpose: 'Государственная пошлина за выдачу паспорта гражданина РФ',
};
const licenceFee: FeeView = {
  serviceId: 'driving-licence',
  name: 'Госпошлина за водительское удостоверение',
  amountMinor: 200_000,
  recipient: 'УФК по Тверской области (ГИБДД)',
  purpose: 'Государственная пошлина за выдачу водительского удостоверения',
};
const UIN = '1881017701234567890';
const UIN20 = `${UIN}1`;
const PAYMENT_QR = `ST00012|Name=УФК по Тверской области|Sum=120000|UIN=${UIN20}`;
const charge = { uin: UIN20, amountMinor: 120_000, recipient: 'УФК (ГИБДД)', purpose: 'Штраф по постановлению' };
const approved: PaymentEnd = {
  outcome: 'approved',
  receipt: {
    printed: true,
    amountMinor: 200_000,
    purpose: licenceFee.purpose,
    rrn: '123456789012',
    authCode: 'A1B2C3',
    maskedPan: '**** **** **** 1234',
    paidAt: '2026-11-23T14:20:00+03:00',
    reference: '3F9A0C21',
  },
};

function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}
function fault(code: ErrorCode): Result<never> {
  return { ok: false, error: { code, message: 'test' } };
}
function run(state: PayState, ...actions: PayAction[]): PayState {
  return actions.reduce(payReducer, state);
}
function keys(digits: string): PayAction[] {
  return [...digits].map((char) => ({ type: 'uin-key', press: { kind: 'char', char } }));
}
/** The card screen's step (the test fails on another screen). */
function step(state: PayState): CardStep {
  if (state.screen.name !== 'pay-card') throw new Error(`expected the card screen, not ${state.screen.name}`);
  return state.screen.step;
}

const fees: Result<FeesAnswer> = ok({ fees: [passportFee, licenceFee], terminalReady: true });
const opened = payOpened();
const ready = run(opened, { type: 'pay-fees-answered', result: fees });
const list = run(ready, { type: 'pay-choose-list' });
const confirm = run(list, { type: 'pay-choose-fee', fee: licenceFee });
const starting = run(confirm, { type: 'pay-starting' });
/** The card screen with payment `p1` running (and its stage, if given). */
function running(stage?: PayAction & { type: 'pay-progress' }): PayState {
  const started = run(starting, { type: 'pay-started', result: ok({ paymentId: 'p1', noAnswerMs: 15_000 }) });
  return stage === undefined ? started : run(started, stage);
}
const progress = (stage: 'present_card' | 'enter_pin' | 'processing' | 'connecting', paymentId = 'p1') =>
  ({ type: 'pay-progress', paymentId, stage, cardRead: stage !== 'connecting' && stage !== 'present_card' }) as const;
const finished = (end: PaymentEnd, paymentId = 'p1'): PayAction => ({ type: 'pay-finished', paymentId, end });
const polled = (result: Result<PaymentStateView>, paymentId = 'p1'): PayAction => ({
  type: 'pay-state',
  paymentId,
  result,
});

describe('the payment journey: choosing what to pay', () => {
  it('opens on the choice with the fees loading, and offers the list and the УИН once the terminal is ready', () => {
    expect(opened).toEqual({ screen: { name: 'pay' }, fees: { status: 'loading' } });
    expect(ready.fees).toEqual({ status: 'loaded', fees: [passportFee, licenceFee], terminalReady: true });
    expect(list.screen).toEqual({ name: 'pay-fees' });
    expect(run(ready, { type: 'pay-choose-uin' }).screen).toEqual({ name: 'pay-uin', digits: '', problem: null });
  });

  it('offers nothing to pay while the terminal is not ready, the fees failed, or are still loading', () => {
    const notReady = run(opened, {
      type: 'pay-fees-answered',
      result: ok({ fees: [passportFee], terminalReady: false }),
    });
    const failed = run(opened, { type: 'pay-fees-answered', result: fault('timeout') });
    expect(failed.fees).toEqual({ status: 'failed' });
    for (const state of [opened, notReady, failed]) {
      expect(run(state, { type: 'pay-choose-list' })).toBe(state);
      expect(run(state, { type: 'pay-choose-uin' })).toBe(state);
    }
    const noFees = run(opened, { type: 'pay-fees-answered', result: ok({ fees: [], terminalReady: true }) });
    expect(run(noFees, { type: 'pay-choose-list' })).toBe(noFees);
    expect(run(noFees, { type: 'pay-choose-uin' }).screen.name).toBe('pay-uin');
  });

  it('asks for the fees again only after they failed, and takes one answer per question', () => {
    const failed = run(opened, { type: 'pay-fees-answered', result: fault('timeout') });
    const again = run(failed, { type: 'pay-fees-loading' });
    expect(again.fees).toEqual({ status: 'loading' });
    expect(run(again, { type: 'pay-fees-answered', result: fees })).toEqual(ready);
    expect(run(ready, { type: 'pay-fees-loading' })).toBe(ready);
    expect(run(ready, { type: 'pay-fees-answered', result: fault('timeout') })).toBe(ready);
  });

  it('confirms a fee from the list with its amount, purpose and recipient, and «Отмена» returns to the list', () => {
    expect(confirm.screen).toEqual({
      name: 'pay-confirm',
      payable: {
        subject: { kind: 'fee', serviceId: 'driving-licence' },
        amountMinor: 200_000,
        name: licenceFee.name,
        purpose: licenceFee.purpose,
        recipient: licenceFee.recipient,
      },
      origin: { from: 'fees' },
    });
    const back = journeyReducer({ ...initialJourney, ...confirm }, { type: 'back' });
    expect(back.screen).toEqual({ name: 'pay-fees' });
    expect(journeyReducer(back, { type: 'back' }).screen).toEqual({ name: 'pay' });
    expect(journeyReducer({ ...initialJourney, ...ready }, { type: 'back' }).screen).toEqual({ name: 'home' });
  });
});

describe('the payment journey: a bill by its УИН', () => {
  const entry = run(ready, { type: 'pay-choose-uin' });

  it('types digits only, at most 25, and looks up 20 or 25 of them', () => {
    const typed = run(entry, ...keys(`${UIN20}12345`), { type: 'uin-key', press: { kind: 'char', char: 'A' } });
    expect(typed.screen).toMatchObject({ name: 'pay-uin', digits: `${UIN20}12345` });
    expect(typedUin(run(entry, ...keys(UIN)).screen)).toBeNull();
    expect(typedUin(run(entry, ...keys(UIN20)).screen)).toEqual({ text: UIN20, via: 'typed' });
    expect(typedUin(run(entry, ...keys(`${UIN20}1`)).screen)).toBeNull();
    expect(typedUin(typed.screen)).toEqual({ text: `${UIN20}12345`, via: 'typed' });
    expect(run(typed, { type: 'uin-key', press: { kind: 'backspace' } }).screen).toMatchObject({
      digits: `${UIN20}1234`,
    });
    expect(run(typed, { type: 'uin-key', press: { kind: 'clear' } }).screen).toMatchObject({ digits: '' });
  });

  it('confirms the charge found, with its УИН as digits, and «Отмена» returns to the digits typed', () => {
    const request = { text: UIN20, via: 'typed' } as const;
    const checking = run(entry, ...keys(UIN20), { type: 'uin-check', checkId: 1, request });
    expect(checking.screen).toEqual({ name: 'pay-uin-checking', checkId: 1, request });
    const found = run(checking, {
      type: 'uin-answered',
      checkId: 1,
      result: ok<UinAnswer>({ outcome: 'found', charge: { ...charge, uin: '18810 17701 23456 78901' } }),
    });
    expect(found.screen).toEqual({
      name: 'pay-confirm',
      payable: {
        subject: { kind: 'uin', uin: UIN20 },
        amountMinor: 120_000,
        name: null,
        purpose: charge.purpose,
        recipient: charge.recipient,
      },
      origin: { from: 'uin', request },
    });
    const back = journeyReducer({ ...initialJourney, ...found }, { type: 'back' });
    expect(back.screen).toEqual({ name: 'pay-uin', digits: UIN20, problem: null });
  });

  it('keeps the digits with an inline notice when they are no УИН, until the next key', () => {
    const request = { text: UIN20, via: 'typed' } as const;
    const invalid = run(
      entry,
      ...keys(UIN20),
      { type: 'uin-check', checkId: 1, request },
      { type: 'uin-answered', checkId: 1, result: ok<UinAnswer>({ outcome: 'invalid_uin' }) },
    );
    expect(invalid.screen).toEqual({ name: 'pay-uin', digits: UIN20, problem: 'invalid_typed' });
    expect(run(invalid, { type: 'uin-key', press: { kind: 'backspace' } }).screen).toMatchObject({ problem: null });
  });

  it('passes a scanned payment QR or text on as read, and refuses marking codes and overlong texts at once', () => {
    expect(scannedUin(entry.screen, PAYMENT_QR, 'payment_qr')).toEqual({ text: PAYMENT_QR, via: 'scanned' });
    expect(scannedUin(entry.screen, UIN20, 'text')).toEqual({ text: UIN20, via: 'scanned' });
    expect(scannedUin(entry.screen, UIN20)).toEqual({ text: UIN20, via: 'scanned' });
    expect(scannedUin(entry.screen, '010460043993125621JgXJ5.T', 'gs1')).toBe('rejected');
    expect(scannedUin(entry.screen, 'x'.repeat(2049))).toBe('rejected');
    const rejected = run(entry, ...keys('123'), { type: 'uin-scan-rejected' });
    expect(rejected.screen).toEqual({ name: 'pay-uin', digits: '123', problem: 'invalid_scan' });
  });

  it('listens for scans only on the keypad and its outcome, never while checking or paying', () => {
    const request = { text: PAYMENT_QR, via: 'scanned' } as const;
    const checking = run(entry, { type: 'uin-check', checkId: 1, request });
    expect(scannedUin(checking.screen, UIN20)).toBeNull();
    for (const screen of [ready.screen, list.screen, confirm.screen, starting.screen]) {
      expect(scannedUin(screen, UIN20, 'payment_qr')).toBeNull();
    }
    const notFound = run(checking, {
      type: 'uin-answered',
      checkId: 1,
      result: ok<UinAnswer>({ outcome: 'not_found' }),
    });
    expect(scannedUin(notFound.screen, UIN20)).toEqual({ text: UIN20, via: 'scanned' });
    // A new scan on the outcome is a new lookup.
    const again = run(notFound, { type: 'uin-check', checkId: 2, request: { text: UIN20, via: 'scanned' } });
    expect(again.screen).toMatchObject({ name: 'pay-uin-checking', checkId: 2 });
  });

  it('sends a scan that held no УИН back to an empty keypad with the scan notice', () => {
    const request = { text: 'hello', via: 'scanned' } as const;
    const invalid = run(
      entry,
      ...keys('123'),
      { type: 'uin-check', checkId: 1, request },
      { type: 'uin-answered', checkId: 1, result: ok<UinAnswer>({ outcome: 'invalid_uin' }) },
    );
    expect(invalid.screen).toEqual({ name: 'pay-uin', digits: '', problem: 'invalid_scan' });
  });

  it('explains not found, already paid, no connection and other faults, each with its way on', () => {
    const request = { text: UIN20, via: 'typed' } as const;
    const checking = run(entry, ...keys(UIN20), { type: 'uin-check', checkId: 1, request });
    const answered = (result: Result<UinAnswer>) => run(checking, { type: 'uin-answered', checkId: 1, result });
    expect(answered(ok({ outcome: 'not_found' })).screen).toEqual({
      name: 'pay-uin-outcome',
      outcome: 'not_found',
      request,
    });
    expect(answered(ok({ outcome: 'already_paid' })).screen).toMatchObject({ outcome: 'already_paid' });
    expect(answered(fault('hub_unreachable')).screen).toMatchObject({ outcome: 'hub_unreachable' });
    expect(answered(fault('timeout')).screen).toMatchObject({ outcome: 'fault' });
    // «Исправить номер» keeps the digits; «Выбрать из списка» only after no connection.
    expect(run(answered(ok({ outcome: 'not_found' })), { type: 'uin-edit' }).screen).toEqual({
      name: 'pay-uin',
      digits: UIN20,
      problem: null,
    });
    expect(run(answered(fault('hub_unreachable')), { type: 'pay-choose-list' }).screen).toEqual({ name: 'pay-fees' });
    const notFound = answered(ok({ outcome: 'not_found' }));
    expect(run(notFound, { type: 'pay-choose-list' })).toBe(notFound);
  });

  it('drops an answer for another lookup, or after the visitor moved on', () => {
    const request = { text: UIN20, via: 'typed' } as const;
    const checking = run(entry, ...keys(UIN20), { type: 'uin-check', checkId: 2, request });
    const stale = run(checking, { type: 'uin-answered', checkId: 1, result: ok<UinAnswer>({ outcome: 'not_found' }) });
    expect(stale).toBe(checking);
    expect(run(checking, { type: 'uin-check', checkId: 3, request })).toBe(checking);
    const home = journeyReducer({ ...initialJourney, ...checking }, { type: 'open-status' });
    expect(
      journeyReducer(home, { type: 'uin-answered', checkId: 2, result: ok<UinAnswer>({ outcome: 'not_found' }) }),
    ).toBe(home);
  });
});

describe('the payment journey: the card payment', () => {
  it('starts once from the confirmation, with no way back while the payment runs', () => {
    expect(starting.screen).toMatchObject({ name: 'pay-card', step: { phase: 'starting' } });
    expect(run(starting, { type: 'pay-starting' })).toBe(starting);
    expect(step(running())).toEqual({
      phase: 'running',
      paymentId: 'p1',
      stage: 'connecting',
      text: null,
      cancel: 'none',
      silentPolls: 0,
      cardRead: false,
      noAnswerMs: 15_000,
    });
    const journey: JourneyState = { ...initialJourney, ...running() };
    expect(journeyReducer(journey, { type: 'back' })).toBe(journey);
    expect(isPaymentInProgress(starting.screen)).toBe(true);
    expect(isPaymentInProgress(running().screen)).toBe(true);
    expect(isPaymentInProgress(confirm.screen)).toBe(false);
  });

  it('shows a start that failed as an end that took no money', () => {
    const failed = run(starting, { type: 'pay-started', result: fault('printer_paper_out') });
    expect(failed.screen).toMatchObject({
      name: 'pay-result',
      result: { kind: 'not_started', code: 'printer_paper_out' },
    });
    expect(isPaymentInProgress(failed.screen)).toBe(false);
  });

  it('mirrors the terminal’s prompts and its own words for the payment it started', () => {
    const pin = running({
      type: 'pay-progress',
      paymentId: 'p1',
      stage: 'enter_pin',
      text: 'ВВЕДИТЕ ПИН',
      cardRead: true,
    });
    expect(step(pin)).toMatchObject({ stage: 'enter_pin', text: 'ВВЕДИТЕ ПИН' });
    expect(step(run(pin, progress('processing')))).toMatchObject({ stage: 'processing', text: null });
  });

  it('ignores the prompts and the end of another payment', () => {
    const card = running(progress('present_card'));
    expect(run(card, progress('enter_pin', 'p0'))).toBe(card);
    expect(run(card, finished({ outcome: 'cancelled' }, 'p0'))).toBe(card);
    expect(run(card, polled(ok({ phase: 'finished', paymentId: 'p0', end: approved }), 'p0'))).toBe(card);
    // An answer about another payment under this one's id is not trusted either.
    expect(run(card, polled(ok({ phase: 'finished', paymentId: 'p0', end: approved })))).toBe(card);
  });

  it('ends on `payment.finished`, and ignores what comes after the end', () => {
    const card = running(progress('processing'));
    const done = run(card, finished(approved));
    expect(done.screen).toEqual({
      name: 'pay-result',
      payable: (confirm.screen as PayScreen & { name: 'pay-confirm' }).payable,
      origin: { from: 'fees' },
      result: { kind: 'ended', paymentId: 'p1', end: approved },
    });
    expect(run(done, progress('processing'))).toBe(done);
    expect(run(done, finished({ outcome: 'failed', needsAttention: true }))).toBe(done);
    expect(run(done, polled(ok({ phase: 'in_progress', paymentId: 'p1', stage: 'printing', cardRead: true })))).toBe(
      done,
    );
    expect(journeyReducer({ ...initialJourney, ...done }, { type: 'back' }).screen).toBe(done.screen);
  });

  it('offers «Отмена» while the terminal takes an abort (card, PIN), once, and says so when the terminal refuses', () => {
    expect(canCancelPayment(step(starting))).toBe(false);
    expect(canCancelPayment(step(running()))).toBe(true);
    const card = running(progress('present_card'));
    expect(canCancelPayment(step(card))).toBe(true);
    // A ZVT terminal's «watch the PIN pad» comes a moment after «insert card» (0.4 s in the demo),
    // often while it still waits for the card in the PIN pad: «Отмена» stays.
    expect(canCancelPayment(step(run(card, progress('enter_pin'))))).toBe(true);
    for (const late of ['processing'] as const) {
      const after = run(card, progress(late));
      expect(canCancelPayment(step(after))).toBe(false);
      expect(run(after, { type: 'pay-cancel-asked' })).toBe(after);
    }
    const asked = run(card, { type: 'pay-cancel-asked' });
    expect(step(asked)).toMatchObject({ cancel: 'asked' });
    expect(canCancelPayment(step(asked))).toBe(false);
    expect(run(asked, { type: 'pay-cancel-asked' })).toBe(asked);
    // Accepted: the end comes as an event.
    expect(run(asked, { type: 'pay-cancel-answered', paymentId: 'p1', accepted: true })).toBe(asked);
    expect(run(asked, finished({ outcome: 'cancelled' })).screen).toMatchObject({
      name: 'pay-result',
      result: { end: { outcome: 'cancelled' } },
    });
    const refused = run(asked, { type: 'pay-cancel-answered', paymentId: 'p1', accepted: false });
    expect(step(refused)).toMatchObject({ cancel: 'refused' });
    const lost = run(asked, { type: 'pay-cancel-answered', paymentId: 'p1', accepted: null });
    expect(canCancelPayment(step(lost))).toBe(true);
    expect(run(asked, { type: 'pay-cancel-answered', paymentId: 'p0', accepted: false })).toBe(asked);
  });

  it('catches up from `payments.state`: a missed prompt, a missed end, never a step back', () => {
    const card = running();
    const caughtUp = run(
      card,
      polled(ok({ phase: 'in_progress', paymentId: 'p1', stage: 'processing', cardRead: true })),
    );
    expect(step(caughtUp)).toMatchObject({ stage: 'processing', cardRead: true });
    // A poll answered before the last event must not bring «Отмена» back, nor unread the card.
    const stale = run(
      caughtUp,
      polled(ok({ phase: 'in_progress', paymentId: 'p1', stage: 'present_card', cardRead: false })),
    );
    expect(step(stale)).toMatchObject({ stage: 'processing', cardRead: true });
    expect(canCancelPayment(step(stale))).toBe(false);
    // Events come in order: the terminal may really ask for the card again.
    expect(step(run(caughtUp, progress('present_card')))).toMatchObject({ stage: 'present_card' });
    const ended = run(caughtUp, polled(ok({ phase: 'finished', paymentId: 'p1', end: { outcome: 'timeout' } })));
    expect(ended.screen).toMatchObject({ name: 'pay-result', result: { kind: 'ended', end: { outcome: 'timeout' } } });
  });

  it('gives up on a terminal silent before the card, by the main side’s word or its own bound, never after the card', () => {
    const silent = running();
    // The screen's own bound runs while the terminal owes its first word, a little after the main side's.
    expect(noAnswerDueMs(step(silent))).toBe(15_000 + NO_ANSWER_GRACE_MS);
    expect(run(silent, { type: 'pay-no-answer', paymentId: 'p1' }).screen).toMatchObject({
      name: 'pay-result',
      result: { kind: 'ended', paymentId: 'p1', end: { outcome: 'no_answer' } },
    });
    expect(run(silent, { type: 'pay-no-answer', paymentId: 'p0' })).toBe(silent);
    // The terminal asked for the card: waiting for it is not silence, until «Отмена» is pressed.
    const card = run(silent, progress('present_card'));
    expect(noAnswerDueMs(step(card))).toBeNull();
    const asked = run(card, { type: 'pay-cancel-asked' });
    expect(noAnswerDueMs(step(asked))).toBe(15_000 + NO_ANSWER_GRACE_MS);
    expect(run(asked, { type: 'pay-no-answer', paymentId: 'p1' }).screen).toMatchObject({
      result: { end: { outcome: 'no_answer' } },
    });
    // The main side says the card was read: the screen never claims «not charged» on its own.
    const read = run(
      asked,
      polled(ok({ phase: 'in_progress', paymentId: 'p1', stage: 'present_card', cardRead: true })),
    );
    expect(noAnswerDueMs(step(read))).toBeNull();
    expect(run(read, { type: 'pay-no-answer', paymentId: 'p1' })).toBe(read);
    // The main side's own end comes as usual.
    expect(run(silent, finished({ outcome: 'no_answer' })).screen).toMatchObject({
      result: { end: { outcome: 'no_answer' } },
    });
    expect(canPayAgain({ kind: 'ended', paymentId: 'p1', end: { outcome: 'no_answer' } })).toBe(false);
  });

  it('sends the visitor to the staff when nobody has answered for a long time, and not before', () => {
    let card = running(progress('processing'));
    for (let poll = 1; poll < MAX_SILENT_POLLS; poll += 1) card = run(card, polled(fault('timeout')));
    expect(step(card)).toMatchObject({ stage: 'processing', silentPolls: MAX_SILENT_POLLS - 1 });
    // Any news breaks the silence.
    expect(step(run(card, progress('processing')))).toMatchObject({ silentPolls: 0 });
    const lost = run(card, polled(fault('timeout')));
    expect(lost.screen).toMatchObject({
      name: 'pay-result',
      result: { kind: 'ended', paymentId: 'p1', end: { outcome: 'failed', needsAttention: true } },
    });
  });

  it('offers to pay again after a decline, a timeout or a start that may work next time; never when money may be gone', () => {
    const declined = run(running(), finished({ outcome: 'declined', message: 'НЕДОСТАТОЧНО СРЕДСТВ' }));
    expect(run(declined, { type: 'pay-again' }).screen).toEqual(confirm.screen);
    const result = (end: PaymentEnd) => ({ kind: 'ended', paymentId: 'p1', end }) as const;
    expect(canPayAgain(result({ outcome: 'timeout' }))).toBe(true);
    expect(canPayAgain({ kind: 'not_started', code: 'timeout' })).toBe(true);
    expect(canPayAgain({ kind: 'not_started', code: 'printer_paper_out' })).toBe(false);
    for (const end of [
      approved,
      { outcome: 'cancelled' },
      { outcome: 'reversed' },
      { outcome: 'failed', needsAttention: true },
      { outcome: 'failed', needsAttention: false },
    ] satisfies PaymentEnd[]) {
      expect(canPayAgain(result(end))).toBe(false);
    }
    const paid = run(running(), finished(approved));
    expect(run(paid, { type: 'pay-again' })).toBe(paid);
  });

  it('gives the staff the short reference the receipt prints', () => {
    expect(paymentReference('3f9a0c21-7b4e-4c1d-9a55-0e2f6c7d8b90')).toBe('3F9A0C21');
  });
});

describe('the payment journey inside the whole journey', () => {
  const home = initialJourney;
  function journey(...actions: JourneyAction[]): JourneyState {
    return actions.reduce(journeyReducer, home);
  }

  it('opens from anywhere with the fees asked afresh', () => {
    const paid = journey({ type: 'open-pay' }, { type: 'pay-fees-answered', result: fees });
    expect(paid.screen).toEqual({ name: 'pay' });
    expect(paid.fees.status).toBe('loaded');
    expect(journeyReducer(paid, { type: 'open-pay' }).fees).toEqual({ status: 'loading' });
  });

  it('drops payment news and answers on screens of other journeys', () => {
    const actions: JourneyAction[] = [
      { type: 'pay-fees-answered', result: fees },
      { type: 'pay-progress', paymentId: 'p1', stage: 'enter_pin', cardRead: true },
      { type: 'pay-finished', paymentId: 'p1', end: approved },
      { type: 'pay-state', paymentId: 'p1', result: fault('timeout') },
      { type: 'pay-cancel-asked' },
      { type: 'pay-again' },
      { type: 'uin-key', press: { kind: 'char', char: '1' } },
    ];
    for (const action of actions) expect(journeyReducer(home, action)).toBe(home);
  });
});
