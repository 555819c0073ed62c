import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EscPosPrinterSimulator } from '../../drivers/sim/escpos-printer-simulator';
import { FAKE_PILOT_PATH } from '../../drivers/sim/fake-pilot-program';
import type { StartedKioskCore } from '../../electron/services/composition-root';
import { DEMO_UIN_PAID, DEMO_UIN_PASSPORT, DEMO_UIN_PROPERTY, DEMO_UIN_UNKNOWN } from '../../hub/db/payments-demo-seed';
import { type CallOutput, type KioskConfigInput, officeWallClock, type Result } from '../../kiosk-config/src/index';
import { eventually } from '../support/eventually';
import { type KioskCoreUnderTest, startKioskCoreUnderTest } from '../support/kiosk-under-test';
import {
  call,
  ledgerReaches,
  payAndWait,
  TEST_PAYMENT_POLICY,
  TEST_STEP_DELAY_MS,
  terminalReady,
  terminalSimulator,
} from '../support/payments';

/** The simulated ZVT terminal on a PTY, paced for tests, and the given payments policy. */
function paymentsConfig(undeliveredPolicy: 'reverse' | 'deliver_on_screen') {
  return (config: KioskConfigInput) => {
    config.devices.paymentTerminal = {
      kind: 'zvt',
      connection: { kind: 'simulated', transport: 'serial', stepDelayMs: TEST_STEP_DELAY_MS },
    };
    config.payments = { undeliveredPolicy };
  };
}

function printerOf(core: StartedKioskCore): EscPosPrinterSimulator {
  const printer = core.simulators.printer;
  if (!printer) throw new Error('the default config should run a simulated printer');
  return printer;
}

/** Everything cut so far, handed out: the next `waitForTicket` is the next paper. */
async function drainPaper(printer: EscPosPrinterSimulator): Promise<void> {
  while (printer.tickets.length > 0) {
    try {
      await printer.waitForTicket(1);
    } catch {
      return;
    }
  }
}

/** The default config's zone, far enough from UTC (the test machines' zone) to tell them apart. */
const OFFICE_ZONE = 'Europe/Moscow';

const PASSPORT_FEE = { subject: { kind: 'fee', serviceId: 'passport-rf' }, amountMinor: 150_000 } as const;

/**
 * Card payments through the kiosk's real core: the ZVT driver over the real serialport package to
 * the terminal simulator on a PTY, the receipt on the printer simulator's paper, the payment
 * journal, and the real hub's ledger on SQLite (through the outbox).
 */
describe('payment journey: kiosk core ↔ ZVT simulator ↔ printer ↔ real hub (policy reverse)', () => {
  let kiosk: KioskCoreUnderTest;
  let core: StartedKioskCore;
  /** The payment the fee test made, for the reset test after it. */
  let lastPaid: { paymentId: string; rrn: string; authCode: string } | undefined;

  beforeAll(async () => {
    kiosk = await startKioskCoreUnderTest({
      adjust: paymentsConfig('reverse'),
      paymentPolicy: TEST_PAYMENT_POLICY,
      // The hub is stopped for a moment: its link is probed again a second later.
      hub: { circuitOpenSeconds: 1 },
    });
    core = kiosk.core;
    await core.tickets.setup.refresh();
    await terminalReady(core);
  });

  afterAll(async () => {
    await kiosk?.close();
  });

  it('lists the catalogue’s fees with the terminal ready, and reports the terminal among the devices', async () => {
    const fees = await call(core, 'payments.fees', {});
    expect(fees).toMatchObject({ ok: true, value: { terminalReady: true } });
    if (!fees.ok) return;
    expect(fees.value.fees.map((f) => [f.serviceId, f.amountMinor])).toEqual([
      ['passport-rf', 150_000],
      ['passport-foreign', 1_500_000],
      ['property-registration', 400_000],
    ]);
    expect(fees.value.fees[0]?.recipient).toContain('УФК по Демо-области');
    const devices = (await core.dispatch('devices.status', {})) as Result<CallOutput<'devices.status'>>;
    expect(devices.ok && devices.value.devices.find((d) => d.kind === 'payment_terminal')).toMatchObject({
      connected: true,
      simulated: true,
      problems: [],
    });
  });

  it('pays a fee linked to the visitor’s ticket: prompts, receipt on paper, committed at the terminal and in the hub’s ledger', async () => {
    const printer = printerOf(core);
    const ticket = await core.dispatch('tickets.issue', { serviceId: 'passport-rf' });
    expect(ticket.ok).toBe(true);
    const number = (ticket as { ok: true; value: { number: string } }).value.number;
    await drainPaper(printer);

    const receiptPrinted = printer.waitForTicket(15_000);
    const paid = await payAndWait(core, PASSPORT_FEE);
    expect(paid.stages[0]).toBe('connecting');
    expect(paid.stages).toEqual(expect.arrayContaining(['present_card', 'enter_pin', 'processing', 'printing']));
    expect(paid.end).toMatchObject({
      outcome: 'approved',
      ticketNumber: number,
      receipt: {
        printed: true,
        amountMinor: 150_000,
        purpose: 'Госпошлина за выдачу паспорта гражданина РФ',
        maskedPan: '**** 4242',
      },
    });
    if (paid.end.outcome !== 'approved') return;
    const { receipt } = paid.end;
    expect(receipt.rrn).toMatch(/^\d+$/);
    expect(receipt.authCode).not.toBe('');

    const paper = (await receiptPrinted).lines.join('\n');
    expect(paper).toContain('КВИТАНЦИЯ ОБ ОПЛАТЕ');
    expect(paper).toContain('1 500,00 руб.');
    expect(paper).toMatch(new RegExp(`RRN\\s.*${receipt.rrn}`, 'u'));
    expect(paper).toContain(receipt.authCode);
    expect(paper).toContain('**** 4242');
    expect(paper).toContain(number);
    expect(paper).toContain(receipt.reference);
    // The terminal's own slip, below the kiosk's part.
    expect(paper).toContain('ОДОБРЕНО');
    expect(paper).toContain('MIR **** 4242');
    expect(paper).not.toContain('КОПИЯ');
    // The slip's time (the only one with seconds) is on the office's clock, as the kiosk's part.
    const slipTime = /(\d\d\.\d\d\.\d{4} \d\d:\d\d):\d\d/u.exec(paper)?.[1];
    const officeNow = (msAgo: number) => officeWallClock(new Date(Date.now() - msAgo), OFFICE_ZONE);
    expect([officeNow(0), officeNow(60_000)]).toContain(slipTime);

    // Held, then booked at the terminal.
    const reservation = terminalSimulator(core).journal.find((r) => r.kind === 'reservation' && r.state === 'booked');
    expect(reservation?.amountMinor).toBe(150_000);
    expect(
      terminalSimulator(core).journal.some((r) => r.kind === 'booking' && r.refersTo === reservation?.receiptNo),
    ).toBe(true);
    const ledger = await ledgerReaches(kiosk.hub, paid.paymentId, 'committed');
    expect(ledger).toMatchObject({
      amountMinor: 150_000,
      maskedPan: '**** 4242',
      rrn: receipt.rrn,
      reprintNeeded: false,
    });
    // The hub checked it against the office's fee and believes it.
    expect(ledger.disputed).toBeUndefined();
    expect(await call(core, 'payments.state', { paymentId: paid.paymentId })).toEqual({
      ok: true,
      value: { phase: 'finished', paymentId: paid.paymentId, end: paid.end },
    });
    // The idle countdown runs again for the visitor to read the result.
    expect(core.session.held).toBe(false);
    lastPaid = { paymentId: paid.paymentId, rrn: receipt.rrn, authCode: receipt.authCode };
  });

  it('forgets the receipt at the session reset: the next visitor cannot bring it back or reprint it', async () => {
    if (!lastPaid) throw new Error('the payment of the test before did not run');
    const { paymentId, rrn, authCode } = lastPaid;
    // Within the visit, the receipt's face is there for the screen and a reprint.
    expect(await call(core, 'payments.state', { paymentId })).toMatchObject({ ok: true });
    core.session.end('visitor');
    const after = await call(core, 'payments.state', { paymentId });
    expect(after).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(JSON.stringify(after)).not.toContain(rrn);
    expect(JSON.stringify(after)).not.toContain(authCode);
  });

  it('resolves УИНs typed with spaces or read from a bill’s QR, refuses a wrong check digit without the hub', async () => {
    const spaced = DEMO_UIN_PASSPORT.replace(/(\d{4})/g, '$1 ').trim();
    expect(await call(core, 'payments.resolveUin', { text: spaced })).toEqual({
      ok: true,
      value: {
        outcome: 'found',
        charge: {
          uin: DEMO_UIN_PASSPORT,
          amountMinor: 150_000,
          recipient: 'УФК по Демо-области (ГУ МВД России по Демо-области)',
          purpose: 'Госпошлина за выдачу паспорта гражданина РФ взамен утраченного',
        },
      },
    });
    const qr =
      'ST00012|Name=УФК по Демо-области (Управление Росреестра по Демо-области)|PersonalAcc=03100643000000017300|' +
      `BankName=ОТДЕЛЕНИЕ ДЕМО БАНКА РОССИИ|BIC=004525000|CorrespAcc=0|Sum=400000|UIN=${DEMO_UIN_PROPERTY}|LastName=Иванова`;
    expect(await call(core, 'payments.resolveUin', { text: qr })).toMatchObject({
      ok: true,
      value: { outcome: 'found', charge: { uin: DEMO_UIN_PROPERTY, amountMinor: 400_000 } },
    });
    expect(await call(core, 'payments.resolveUin', { text: DEMO_UIN_PAID })).toEqual({
      ok: true,
      value: { outcome: 'already_paid' },
    });
    expect(await call(core, 'payments.resolveUin', { text: DEMO_UIN_UNKNOWN })).toEqual({
      ok: true,
      value: { outcome: 'not_found' },
    });

    // A wrong check digit, a QR without a УИН: answered here, the hub never asked (it is away).
    await kiosk.hub.stop();
    try {
      const wrong = `${DEMO_UIN_PASSPORT.slice(0, -1)}${(Number(DEMO_UIN_PASSPORT.at(-1)) + 1) % 10}`;
      expect(await call(core, 'payments.resolveUin', { text: wrong })).toEqual({
        ok: true,
        value: { outcome: 'invalid_uin' },
      });
      expect(await call(core, 'payments.resolveUin', { text: 'ST00012|Name=X|UIN=0' })).toEqual({
        ok: true,
        value: { outcome: 'invalid_uin' },
      });
      expect(await call(core, 'payments.resolveUin', { text: DEMO_UIN_PROPERTY })).toMatchObject({
        ok: false,
        error: { code: 'hub_unreachable' },
      });
    } finally {
      await kiosk.hub.start();
    }
    await eventually(
      async () => (await call(core, 'payments.resolveUin', { text: DEMO_UIN_UNKNOWN })).ok,
      'the hub answering again',
    );
  });

  it('pays a charge by its УИН: the amount must be the hub’s, the УИН is on the receipt and in the ledger', async () => {
    const printer = printerOf(core);
    await drainPaper(printer);
    const resolved = await call(core, 'payments.resolveUin', { text: DEMO_UIN_PROPERTY });
    expect(resolved).toMatchObject({ ok: true, value: { outcome: 'found' } });
    // The screen cannot pay another amount than the charge's.
    expect(
      await call(core, 'payments.start', { subject: { kind: 'uin', uin: DEMO_UIN_PROPERTY }, amountMinor: 1000 }),
    ).toMatchObject({ ok: false, error: { code: 'bad_request' } });

    const receiptPrinted = printer.waitForTicket(15_000);
    const paid = await payAndWait(core, { subject: { kind: 'uin', uin: DEMO_UIN_PROPERTY }, amountMinor: 400_000 });
    expect(paid.end).toMatchObject({ outcome: 'approved', receipt: { printed: true, amountMinor: 400_000 } });
    const paper = (await receiptPrinted).lines.join('\n');
    expect(paper).toContain('4 000,00 руб.');
    expect(paper).toMatch(new RegExp(`УИН\\s.*${DEMO_UIN_PROPERTY}`, 'u'));
    const ledger = await ledgerReaches(kiosk.hub, paid.paymentId, 'committed');
    expect(ledger.uin).toBe(DEMO_UIN_PROPERTY);
    expect(ledger.disputed).toBeUndefined();
    // Paid now: the hub says so to the next visitor with the same bill.
    expect(await call(core, 'payments.resolveUin', { text: DEMO_UIN_PROPERTY })).toEqual({
      ok: true,
      value: { outcome: 'already_paid' },
    });
  });

  it('refuses a fee that is not the catalogue’s, or another amount, before the terminal is asked', async () => {
    const before = terminalSimulator(core).journal.length;
    expect(
      await call(core, 'payments.start', { subject: { kind: 'fee', serviceId: 'property-extract' }, amountMinor: 100 }),
    ).toMatchObject({ ok: false, error: { code: 'unknown_service' } });
    expect(
      await call(core, 'payments.start', { subject: { kind: 'fee', serviceId: 'passport-rf' }, amountMinor: 1 }),
    ).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(terminalSimulator(core).journal.length).toBe(before);
  });

  it('a declined card: nothing charged, no receipt, declined in the ledger', async () => {
    const printer = printerOf(core);
    await drainPaper(printer);
    const cut = printer.tickets.length;
    terminalSimulator(core).injectFault({ kind: 'decline', resultCode: 0x05 });
    const declined = await payAndWait(core, PASSPORT_FEE);
    expect(declined.end).toEqual({ outcome: 'declined' });
    expect(declined.stages).not.toContain('printing');
    const last = terminalSimulator(core).journal.at(-1);
    expect(last).toMatchObject({ resultCode: 0x05, state: 'declined' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(printer.tickets.length).toBe(cut);
    await ledgerReaches(kiosk.hub, declined.paymentId, 'declined');
  });

  it('cancelled by the visitor on the screen while the terminal waits for the card: aborted, nothing charged', async () => {
    const simulator = terminalSimulator(core);
    const records = simulator.journal.length;
    // A slow card step: time to press «Отмена».
    simulator.stepDelayMs = 400;
    let cancel: Promise<unknown> | undefined;
    try {
      const cancelled = await payAndWait(core, PASSPORT_FEE, (stage, paymentId) => {
        if (stage === 'present_card' && !cancel) cancel = call(core, 'payments.cancel', { paymentId });
      });
      expect(await cancel).toEqual({ ok: true, value: { accepted: true } });
      expect(cancelled.end).toEqual({ outcome: 'cancelled' });
      expect(simulator.received.some((command) => command.type === 'abort')).toBe(true);
      expect(simulator.journal.length).toBe(records);
      await ledgerReaches(kiosk.hub, cancelled.paymentId, 'cancelled');
      // A payment that is over cannot be cancelled.
      expect(await call(core, 'payments.cancel', { paymentId: cancelled.paymentId })).toEqual({
        ok: true,
        value: { accepted: false },
      });
    } finally {
      simulator.stepDelayMs = TEST_STEP_DELAY_MS;
    }
  });

  it('a terminal that stops answering mid-payment: timeout, asked for its last transaction, nothing charged', async () => {
    const simulator = terminalSimulator(core);
    const records = simulator.journal.length;
    simulator.injectFault({ kind: 'timeout' });
    const started = Date.now();
    const timedOut = await payAndWait(core, PASSPORT_FEE);
    expect(timedOut.end).toEqual({ outcome: 'timeout' });
    expect(Date.now() - started).toBeLessThan(8000);
    expect(simulator.journal.length).toBe(records);
    // Repeat Receipt (06 20) is how the kiosk learnt that nothing happened.
    expect(simulator.received.some((command) => command.type === 'repeat_receipt')).toBe(true);
    const ledger = await ledgerReaches(kiosk.hub, timedOut.paymentId, 'cancelled');
    expect(ledger.reason).toBe('not_completed');
    // The terminal answers again for the next visitor.
    await terminalReady(core);
  });

  it('paper runs out while the receipt prints (policy reverse): the reservation is released, the visitor hears «reversed»', async () => {
    const printer = printerOf(core);
    const simulator = terminalSimulator(core);
    await drainPaper(printer);
    const spoiled = printer.spoiled.length;
    // The printer says it is fine when the payment starts; the roll ends two lines into the receipt.
    printer.injectFault({ fault: 'paper_out', afterLines: 2 });
    try {
      const reversed = await payAndWait(core, PASSPORT_FEE);
      expect(reversed.end).toEqual({ outcome: 'reversed' });
      expect(reversed.stages).toContain('printing');
      const reservation = simulator.journal.findLast((r) => r.kind === 'reservation');
      expect(reservation).toMatchObject({ amountMinor: 150_000, state: 'released' });
      expect(simulator.journal.at(-1)).toMatchObject({
        kind: 'reservation_reversal',
        refersTo: reservation?.receiptNo,
      });
      expect(printer.spoiled.length).toBeGreaterThan(spoiled);
      const ledger = await ledgerReaches(kiosk.hub, reversed.paymentId, 'reversed');
      expect(ledger.reason).toBe('undelivered');
    } finally {
      printer.setState({ paperOut: false });
    }
    // With the printer out of paper from the start, nothing is started at all.
    await eventually(async () => (await core.devices.refreshPrinterStatus())?.problems.length === 0, 'paper back');
    printer.setState({ paperOut: true });
    try {
      const records = simulator.journal.length;
      expect(await call(core, 'payments.start', PASSPORT_FEE)).toMatchObject({
        ok: false,
        error: { code: 'printer_paper_out' },
      });
      expect(simulator.journal.length).toBe(records);
    } finally {
      printer.setState({ paperOut: false });
    }
  });

  it('an approval of another amount than asked: reversed at once, nothing printed, a person told with both amounts', async () => {
    const simulator = terminalSimulator(core);
    const printer = printerOf(core);
    await drainPaper(printer);
    const cut = printer.tickets.length;
    simulator.injectFault({ kind: 'mismatchedApproval', amountMinor: 15_000 });
    const flagged = await payAndWait(core, PASSPORT_FEE);
    expect(flagged.end).toEqual({ outcome: 'failed', needsAttention: true });
    expect(flagged.stages).not.toContain('printing');
    const reservation = simulator.journal.findLast((r) => r.kind === 'reservation');
    expect(reservation).toMatchObject({ amountMinor: 15_000, requestedMinor: 150_000, state: 'released' });
    const ledger = await ledgerReaches(kiosk.hub, flagged.paymentId, 'needs_attention');
    expect(ledger.reason).toBe('approval_mismatch');
    expect(ledger.amountMinor).toBe(150_000);
    const record = await core.payments.service.find(flagged.paymentId);
    expect(record?.detail).toMatch(/asked 150000 .*approved 15000 /);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(printer.tickets.length).toBe(cut);
  });

  it('holds the visitor session while a payment runs', async () => {
    const simulator = terminalSimulator(core);
    simulator.stepDelayMs = 200;
    try {
      let heldDuringPayment = false;
      await payAndWait(core, PASSPORT_FEE, (stage) => {
        if (stage === 'enter_pin') heldDuringPayment = core.session.held;
      });
      expect(heldDuringPayment).toBe(true);
      expect(core.session.held).toBe(false);
    } finally {
      simulator.stepDelayMs = TEST_STEP_DELAY_MS;
    }
  });
});

describe('a terminal silent before it reads the card (payments.noAnswerSeconds 1)', () => {
  let kiosk: KioskCoreUnderTest;
  let core: StartedKioskCore;

  beforeAll(async () => {
    kiosk = await startKioskCoreUnderTest({
      adjust: (config) => {
        paymentsConfig('reverse')(config);
        config.payments = { undeliveredPolicy: 'reverse', noAnswerSeconds: 1 };
      },
      // The terminal's own end of a silent authorisation comes long after the visitor's bound.
      paymentPolicy: { ...TEST_PAYMENT_POLICY, authoriseTimeoutMs: 5000 },
    });
    core = kiosk.core;
    await terminalReady(core);
  });

  afterAll(async () => {
    await kiosk?.close();
  });

  /** Until the payment that ran in the background is over (the terminal is free again). */
  async function settledInBackground(paymentId: string) {
    const ledger = await ledgerReaches(kiosk.hub, paymentId, 'cancelled');
    expect(ledger.reason).toBe('not_completed');
    await core.payments.visitor.close(10_000);
  }

  it('never asks for the card: the visitor hears «no answer» (nothing charged) at the bound, the abort and the journal go on', async () => {
    const simulator = terminalSimulator(core);
    const records = simulator.journal.length;
    simulator.injectFault({ kind: 'timeout' });
    const silent = await payAndWait(core, PASSPORT_FEE);
    expect(silent.end).toEqual({ outcome: 'no_answer' });
    expect(silent.stages).toEqual(['connecting']);
    // The session's countdown runs again: the visitor may go home.
    expect(core.session.held).toBe(false);
    expect(await call(core, 'payments.state', { paymentId: silent.paymentId })).toEqual({
      ok: true,
      value: { phase: 'finished', paymentId: silent.paymentId, end: { outcome: 'no_answer' } },
    });
    await settledInBackground(silent.paymentId);
    expect(simulator.journal.length).toBe(records);
    await terminalReady(core);
  });

  it('«Отмена» unanswered by a silent terminal: «no answer» at the bound after the press', async () => {
    const simulator = terminalSimulator(core);
    simulator.injectFault({ kind: 'timeout' });
    let cancel: Promise<unknown> | undefined;
    const silent = await payAndWait(core, PASSPORT_FEE, (_stage, paymentId) => {
      // Pressed a moment after the start, once the terminal took the command and went quiet.
      cancel ??= new Promise((resolve) => setTimeout(resolve, 400)).then(() =>
        call(core, 'payments.cancel', { paymentId }),
      );
    });
    expect(await cancel).toEqual({ ok: true, value: { accepted: true } });
    expect(silent.end).toEqual({ outcome: 'no_answer' });
    await settledInBackground(silent.paymentId);
    await terminalReady(core);
  });

  it('asks for the card, then reads it: no bound on the card, an approval paid as usual', async () => {
    const simulator = terminalSimulator(core);
    // The visitor takes longer than the bound to present the card: waiting for it is not silence.
    simulator.cardDelayMs = 1500;
    try {
      const paid = await payAndWait(core, PASSPORT_FEE);
      expect(paid.end.outcome).toBe('approved');
      expect(paid.stages.slice(0, 3)).toEqual(['connecting', 'present_card', 'enter_pin']);
    } finally {
      simulator.cardDelayMs = null;
    }
  });
});

describe('the card terminal unplugged and plugged back', () => {
  let kiosk: KioskCoreUnderTest;

  beforeAll(async () => {
    kiosk = await startKioskCoreUnderTest({ adjust: paymentsConfig('reverse'), paymentPolicy: TEST_PAYMENT_POLICY });
    await terminalReady(kiosk.core);
  });

  afterAll(async () => {
    await kiosk?.close();
  });

  it('is reported offline (no card payments offered), then ready again by itself', async () => {
    const { core } = kiosk;
    await core.simulators.unplug('paymentTerminal');
    await eventually(
      () => core.devices.statuses().some((d) => d.kind === 'payment_terminal' && d.problems.includes('offline')),
      'the terminal reported offline',
    );
    expect(await call(core, 'payments.fees', {})).toMatchObject({ ok: true, value: { terminalReady: false } });
    await core.simulators.replug('paymentTerminal');
    await terminalReady(core);
    const paid = await payAndWait(core, PASSPORT_FEE);
    expect(paid.end.outcome).toBe('approved');
  });
});

describe('payment journey with undeliveredPolicy deliver_on_screen', () => {
  let kiosk: KioskCoreUnderTest;
  let core: StartedKioskCore;

  beforeAll(async () => {
    kiosk = await startKioskCoreUnderTest({
      adjust: paymentsConfig('deliver_on_screen'),
      paymentPolicy: TEST_PAYMENT_POLICY,
    });
    core = kiosk.core;
    await terminalReady(core);
  });

  afterAll(async () => {
    await kiosk?.close();
  });

  it('paper runs out after approval: paid, the receipt on the screen, a copy «КОПИЯ» printed later from the journal', async () => {
    const printer = printerOf(core);
    await drainPaper(printer);
    printer.injectFault({ fault: 'paper_out', afterLines: 2 });
    const paid = await payAndWait(core, PASSPORT_FEE);
    expect(paid.end).toMatchObject({
      outcome: 'approved',
      receipt: { printed: false, amountMinor: 150_000, maskedPan: '**** 4242' },
    });
    if (paid.end.outcome !== 'approved') return;
    // Kept: booked at the terminal, committed at the hub, a receipt owed.
    expect(terminalSimulator(core).journal.some((r) => r.kind === 'reservation' && r.state === 'booked')).toBe(true);
    const owed = await ledgerReaches(kiosk.hub, paid.paymentId, 'committed');
    expect(owed.reprintNeeded).toBe(true);
    expect(core.payments.service.attention()).toEqual(
      expect.arrayContaining([expect.objectContaining({ paymentId: paid.paymentId })]),
    );

    // Paper is loaded; the technician prints the copy from the journal.
    printer.setState({ paperOut: false });
    await drainPaper(printer);
    const copyPrinted = printer.waitForTicket(15_000);
    expect(await core.payments.service.reprint(paid.paymentId)).toEqual({ ok: true });
    const copy = (await copyPrinted).lines;
    const text = copy.join('\n');
    expect(copy.filter((line) => line.includes('КОПИЯ'))).toHaveLength(2);
    expect(text).toContain('1 500,00 руб.');
    expect(text).toContain(paid.end.receipt.rrn);
    expect(text).toContain(paid.end.receipt.reference);
    const delivered = await eventually(async () => {
      const entry = await ledgerReaches(kiosk.hub, paid.paymentId, 'committed');
      return !entry.reprintNeeded;
    }, 'the hub learning the copy was printed');
    expect(delivered).toBeUndefined();
    expect(core.payments.service.attention().some((item) => item.paymentId === paid.paymentId)).toBe(false);
  });
});

describe('payment journey with a command-line pilot (the fake sb_pilot) from the config', () => {
  let kiosk: KioskCoreUnderTest;
  let core: StartedKioskCore;

  beforeAll(async () => {
    const workingDir = await mkdtemp(path.join(tmpdir(), 'okno-fake-pilot-'));
    kiosk = await startKioskCoreUnderTest({
      adjust: (config) => {
        config.devices.paymentTerminal = { kind: 'pilot', profile: 'fake-pilot', command: FAKE_PILOT_PATH, workingDir };
        config.payments = { undeliveredPolicy: 'deliver_on_screen' };
      },
      paymentPolicy: TEST_PAYMENT_POLICY,
    });
    core = kiosk.core;
    await terminalReady(core);
  });

  afterAll(async () => {
    await kiosk?.close();
  });

  it('sells through the pilot program, prints its slip on the receipt, and cannot be aborted from the screen', async () => {
    const printer = printerOf(core);
    await drainPaper(printer);
    const receiptPrinted = printer.waitForTicket(15_000);
    let cancel: Promise<unknown> | undefined;
    const paid = await payAndWait(core, PASSPORT_FEE, (stage, paymentId) => {
      if (stage === 'processing' && !cancel) cancel = call(core, 'payments.cancel', { paymentId });
    });
    // sb_pilot drives the pinpad itself: «Отмена» is for the pinpad, not the screen.
    expect(await cancel).toEqual({ ok: true, value: { accepted: false } });
    expect(paid.end).toMatchObject({ outcome: 'approved', receipt: { printed: true, amountMinor: 150_000 } });
    const paper = (await receiptPrinted).lines.join('\n');
    expect(paper).toContain('1 500,00 руб.');
    await ledgerReaches(kiosk.hub, paid.paymentId, 'committed');
  });
});
