import { afterEach, describe, expect, it } from 'vitest';
import type { ApprovedTransaction, AuthoriseOutcome, TerminalPrompt } from '../payment/payment-terminal';
import { createZvtTerminal } from '../payment/zvt/create-zvt-terminal';
import {
  type SimulatedZvtTerminal,
  type StartSimulatedZvtTerminalOptions,
  startSimulatedZvtTerminal,
  ZvtTerminalSimulator,
} from './zvt-terminal-simulator';

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Short timeouts: every wait in these tests is bounded well under a second or two. */
const TERMINAL_OPTIONS = {
  ackTimeoutMs: 400,
  authoriseTimeoutMs: 2000,
  commandTimeoutMs: 2000,
  statusTimeoutMs: 800,
  endOfDayTimeoutMs: 2000,
};
const BACKOFF = { initialMs: 20, maxMs: 100, jitter: 0 };

type Connection = 'serial' | 'tcp';

async function setUp(connection: Connection, options: StartSimulatedZvtTerminalOptions = {}) {
  const started: SimulatedZvtTerminal =
    connection === 'serial'
      ? await startSimulatedZvtTerminal({ stepDelayMs: 1, ackTimeoutMs: 1000, ...options, connection: 'serial' })
      : await startSimulatedZvtTerminal({ stepDelayMs: 1, ackTimeoutMs: 1000, ...options, connection: 'tcp' });
  cleanups.push(() => started.close());
  const { terminal, link } = createZvtTerminal({
    ...TERMINAL_OPTIONS,
    connection:
      started.connection === 'serial'
        ? { kind: 'serial', target: { path: started.devicePath } }
        : { kind: 'tcp', host: started.host, port: started.port },
    serial: { ackTimeoutMs: 150 },
    backoff: BACKOFF,
    livenessCheckMs: 50,
    connectTimeoutMs: 500,
  });
  cleanups.push(() => terminal.close());
  return { started, simulator: started.simulator, terminal, transport: link };
}

/** A new driver on the same simulated terminal, as a restarted kiosk has (closed after the test). */
function restartedDriver(started: SimulatedZvtTerminal) {
  const { terminal } = createZvtTerminal({
    ...TERMINAL_OPTIONS,
    connection:
      started.connection === 'serial'
        ? { kind: 'serial', target: { path: started.devicePath } }
        : { kind: 'tcp', host: started.host, port: started.port },
    serial: { ackTimeoutMs: 150 },
    backoff: BACKOFF,
    livenessCheckMs: 50,
    connectTimeoutMs: 500,
  });
  cleanups.push(() => terminal.close());
  return terminal;
}

function approved(outcome: AuthoriseOutcome): ApprovedTransaction {
  if (outcome.outcome !== 'approved') throw new Error(`expected approval, got ${JSON.stringify(outcome)}`);
  return outcome.transaction;
}

/** Polls `probe` until `done` says yes, or fails naming `what` after `ms`. */
async function eventually<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  ms: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`${what} did not happen within ${ms} ms (last: ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.each(['serial', 'tcp'] as const)('ZvtTerminal ↔ ZvtTerminalSimulator over %s', (connection) => {
  it('runs the terminal’s diagnosis (06 70): done with its administration slip, failed when refused', async () => {
    const { terminal, simulator } = await setUp(connection);
    const diagnosis = await terminal.diagnosis();
    expect(diagnosis).toEqual({ outcome: 'done', slip: expect.arrayContaining(['ДИАГНОСТИКА', 'Связь с банком: OK']) });
    expect(simulator.received.some((command) => command.type === 'diagnosis')).toBe(true);
    simulator.injectFault({ kind: 'refuse' }, 'diagnosis');
    expect(await terminal.diagnosis()).toMatchObject({ outcome: 'failed', reason: expect.stringContaining('84 9C') });
  });

  it('approves (pre-authorisation), mirrors the prompts, then commits (book total)', async () => {
    const { terminal, simulator } = await setUp(connection);
    const prompts: TerminalPrompt[] = [];
    const transaction = approved(
      await terminal.authorise({ paymentId: 'pay-1', amountMinor: 35000 }, { onPrompt: (p) => prompts.push(p) }),
    );
    expect(prompts.map((p) => p.kind)).toEqual(['present_card', 'enter_pin', 'processing']);
    const reservation = simulator.journal[0];
    expect(transaction).toMatchObject({
      reference: { receiptNo: '0001', trace: '000001', amountMinor: 35000 },
      rrn: reservation?.rrn,
      authCode: reservation?.authCode,
      maskedPan: '**** **** **** 4242',
      terminalId: '29001234',
    });
    expect(transaction.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    expect(transaction.slip).toContain('ПРЕДАВТОРИЗАЦИЯ');
    expect(transaction.slip).toContain('Сумма: 350.00 RUB');
    expect(JSON.stringify(transaction)).not.toMatch(/\d{5,}4242/);

    expect(await terminal.commit(transaction.reference)).toEqual({ outcome: 'done' });
    expect(simulator.journal.map((r) => [r.kind, r.state])).toEqual([
      ['reservation', 'booked'],
      ['booking', 'active'],
    ]);
    // Committing again is done, without a second booking (the interface wants commit idempotent).
    expect(await terminal.commit(transaction.reference)).toEqual({ outcome: 'done' });
    expect(simulator.journal).toHaveLength(2);
    // A reservation the terminal does not know (or no longer holds) is not money taken: unknown.
    expect(await terminal.commit({ receiptNo: '0999', amountMinor: 100 })).toEqual({
      outcome: 'unknown',
      reason: 'terminal answered B8: error pre-authorisation',
    });
  });

  it('takes a booking whose reply was lost, or that a restarted kiosk sends again, for done: booked once', async () => {
    const { started, terminal, simulator } = await setUp(connection);
    const transaction = approved(await terminal.authorise({ paymentId: 'pay-b', amountMinor: 15000 }));
    simulator.injectFault({ kind: 'approvalReplyLost' }, 'commit');
    // The terminal booked it and its answer was lost: unknown; asked again, the terminal refuses
    // (B8: the reservation is no longer open) and its last transaction shows the booking: done.
    expect(await terminal.commit(transaction.reference)).toEqual({ outcome: 'unknown', reason: 'timeout' });
    expect(await terminal.commit(transaction.reference)).toEqual({ outcome: 'done' });
    // A kiosk restarted since (a new driver) commits it again: refused (B8), then found booked.
    await terminal.close();
    const restarted = restartedDriver(started);
    expect(await restarted.commit(transaction.reference)).toEqual({ outcome: 'done' });
    expect(simulator.journal.map((r) => [r.kind, r.state])).toEqual([
      ['reservation', 'booked'],
      ['booking', 'active'],
    ]);
    // A refused booking whose last transaction this driver made itself (another payment's) stays unknown.
    approved(await restarted.authorise({ paymentId: 'pay-c', amountMinor: 15000 }));
    expect(await restarted.commit({ receiptNo: '0999', amountMinor: 15000 })).toEqual({
      outcome: 'unknown',
      reason: 'terminal answered B8: error pre-authorisation',
    });
  });

  it('approves, then reverses: the hold is released; reversing again is refused (already reversed)', async () => {
    const { terminal, simulator } = await setUp(connection);
    const transaction = approved(await terminal.authorise({ paymentId: 'pay-2', amountMinor: 20000 }));
    expect(await terminal.reverse(transaction.reference)).toEqual({ outcome: 'done' });
    expect(simulator.journal[0]?.state).toBe('released');
    expect(await terminal.reverse(transaction.reference)).toEqual({
      outcome: 'refused',
      code: 'B4',
      message: 'already reversed',
    });
  });

  it('takes a reversal whose reply was lost for done when sent again (B4, Repeat Receipt shows it)', async () => {
    const { started, terminal, simulator } = await setUp(connection);
    const transaction = approved(await terminal.authorise({ paymentId: 'pay-r', amountMinor: 20000 }));
    simulator.injectFault({ kind: 'approvalReplyLost' }, 'reverse');
    expect(await terminal.reverse(transaction.reference)).toEqual({ outcome: 'unknown', reason: 'timeout' });
    // Repeat Receipt repeats the reversal, with its own receipt number (not the reservation's).
    expect(simulator.lastTransaction).toMatchObject({ kind: 'reservation_reversal', receiptNo: 2, amountMinor: 20000 });
    expect(await terminal.lastTransaction()).toMatchObject({
      outcome: 'found',
      approved: true,
      reference: { receiptNo: '0002', amountMinor: 20000 },
    });
    // The kiosk killed with the reply lost: the restarted driver sends it again, B4, then Repeat Receipt: done.
    await terminal.close();
    const restarted = restartedDriver(started);
    expect(await restarted.reverse(transaction.reference)).toEqual({ outcome: 'done' });
    expect(simulator.received.filter((c) => c.type === 'pre_authorisation_reversal')).toHaveLength(2);
    expect(simulator.journal.map((r) => [r.kind, r.state])).toEqual([
      ['reservation', 'released'],
      ['reservation_reversal', 'done'],
    ]);
  });

  it('keeps «already reversed» refused when the last transaction is no evidence of the reversal', async () => {
    const { started, terminal, simulator } = await setUp(connection);
    const lapsed = approved(await terminal.authorise({ paymentId: 'pay-l', amountMinor: 20000 }));
    // The hold lapsed without a reversal: B4, and the last transaction is the reservation itself.
    simulator.injectFault({ kind: 'reservationLapsed' }, 'reverse');
    const refused = { outcome: 'refused', code: 'B4', message: 'already reversed' };
    expect(await terminal.reverse(lapsed.reference)).toEqual(refused);
    await terminal.close();
    const restarted = restartedDriver(started);
    expect(await restarted.reverse(lapsed.reference)).toEqual(refused);
    expect(simulator.journal.map((r) => [r.kind, r.state])).toEqual([['reservation', 'released']]);
    // A reversal whose reply was lost, then a transaction of another amount: no evidence either.
    const lost = approved(await restarted.authorise({ paymentId: 'pay-m', amountMinor: 30000 }));
    simulator.injectFault({ kind: 'approvalReplyLost' }, 'reverse');
    expect(await restarted.reverse(lost.reference)).toEqual({ outcome: 'unknown', reason: 'timeout' });
    approved(await restarted.authorise({ paymentId: 'pay-n', amountMinor: 10000 }));
    expect(await restarted.reverse(lost.reference)).toEqual(refused);
    // Nor one of the same amount that this driver made itself (another payment's reservation).
    approved(await restarted.authorise({ paymentId: 'pay-o', amountMinor: 30000 }));
    expect(await restarted.reverse(lost.reference)).toEqual(refused);
  });

  it('reports a decline with the result code, and a cancel by the visitor as cancelled', async () => {
    const { terminal, simulator } = await setUp(connection);
    simulator.scriptFaults([{ kind: 'decline' }, { kind: 'cardholderCancel' }, 'ok']);
    expect(await terminal.authorise({ paymentId: 'pay-3', amountMinor: 100 })).toEqual({
      outcome: 'declined',
      code: '05',
      message: 'declined by the card issuer (do not honour)',
    });
    expect(await terminal.authorise({ paymentId: 'pay-4', amountMinor: 100 })).toEqual({ outcome: 'cancelled' });
    expect(approved(await terminal.authorise({ paymentId: 'pay-5', amountMinor: 100 })).reference.receiptNo).toBe(
      '0002',
    );
  });

  it('aborts from the kiosk (AbortSignal → 06 B0): cancelled, and no transaction', async () => {
    // Slow steps, so that the abort surely arrives while the terminal waits for the card.
    const { terminal, simulator } = await setUp(connection, { stepDelayMs: 150 });
    const controller = new AbortController();
    const outcome = await terminal.authorise(
      { paymentId: 'pay-6', amountMinor: 100 },
      { signal: controller.signal, onPrompt: (p) => p.kind === 'present_card' && controller.abort() },
    );
    expect(outcome).toEqual({ outcome: 'cancelled' });
    expect(simulator.received.map((c) => c.type)).toContain('abort');
    expect(simulator.journal).toEqual([]);
    // Aborted before it was sent: nothing goes to the terminal.
    const before = simulator.received.length;
    expect(await terminal.authorise({ paymentId: 'pay-7', amountMinor: 1 }, { signal: AbortSignal.abort() })).toEqual({
      outcome: 'cancelled',
    });
    expect(simulator.received).toHaveLength(before);
  });

  it('times out as unknown, never declined, when the terminal goes quiet after its ACK', async () => {
    const { terminal, simulator } = await setUp(connection);
    simulator.injectFault({ kind: 'timeout' });
    expect(await terminal.authorise({ paymentId: 'pay-8', amountMinor: 100 }, { timeoutMs: 300 })).toEqual({
      outcome: 'unknown',
      reason: 'timeout',
    });
    expect(await terminal.status()).toEqual({ ready: true, terminalId: '29001234' });
  });

  it('stays silent without even 80 00 00 (`silent`): unknown, no prompt, and answers the next command', async () => {
    const { simulator, terminal } = await setUp(connection);
    simulator.injectFault({ kind: 'silent' });
    const prompts: TerminalPrompt['kind'][] = [];
    const outcome = await terminal.authorise(
      { paymentId: 'p-silent', amountMinor: 35000 },
      { onPrompt: (p) => prompts.push(p.kind) },
    );
    expect(outcome).toEqual({ outcome: 'unknown', reason: 'timeout' });
    expect(prompts).toEqual([]);
    expect(simulator.journal).toEqual([]);
    expect(await terminal.status()).toMatchObject({ ready: true });
  });

  it('approves another amount, another currency, or replays its last approval (`mismatchedApproval`), as the driver reports', async () => {
    const { simulator, terminal } = await setUp(connection);
    simulator.injectFault({ kind: 'mismatchedApproval' });
    const other = approved(await terminal.authorise({ paymentId: 'p-amount', amountMinor: 35000 }));
    expect(other.reference.amountMinor).toBe(45000);
    expect(Number(other.currency)).toBe(643);
    expect(simulator.journal.at(-1)).toMatchObject({ amountMinor: 45000, requestedMinor: 35000, state: 'open' });

    simulator.injectFault({ kind: 'mismatchedApproval', currency: 978 });
    const euros = approved(await terminal.authorise({ paymentId: 'p-currency', amountMinor: 35000 }));
    expect(euros.reference.amountMinor).toBe(35000);
    expect(Number(euros.currency)).toBe(978);

    simulator.injectFault({ kind: 'mismatchedApproval', replay: true });
    const replayed = approved(await terminal.authorise({ paymentId: 'p-replay', amountMinor: 35000 }));
    expect(replayed.reference.receiptNo).toBe(euros.reference.receiptNo);
    expect(simulator.journal).toHaveLength(2);
  });

  it('loses the approval reply: unknown; lastTransaction finds the approved reservation; reverse releases it', async () => {
    const { terminal, simulator } = await setUp(connection);
    simulator.injectFault({ kind: 'approvalReplyLost' });
    expect(await terminal.authorise({ paymentId: 'pay-9', amountMinor: 15000 }, { timeoutMs: 400 })).toEqual({
      outcome: 'unknown',
      reason: 'timeout',
    });
    const last = await terminal.lastTransaction();
    expect(last).toMatchObject({
      outcome: 'found',
      kind: 'authorisation',
      approved: true,
      reference: { receiptNo: '0001', amountMinor: 15000 },
      transaction: { maskedPan: '**** **** **** 4242' },
    });
    if (last.outcome !== 'found' || !last.reference) throw new Error('no reference');
    expect(await terminal.reverse(last.reference)).toEqual({ outcome: 'done' });
    expect(simulator.journal[0]).toMatchObject({ kind: 'reservation', state: 'released' });
  });

  it('loses the connection mid-authorisation: unknown; the terminal is back once reconnected', async () => {
    const { terminal, simulator } = await setUp(connection);
    simulator.injectFault({ kind: 'connectionLostMidAuth', reconnectAfterMs: 50 });
    expect(await terminal.authorise({ paymentId: 'pay-10', amountMinor: 100 })).toEqual({
      outcome: 'unknown',
      reason: 'connection_lost',
    });
    await eventually(
      () => terminal.status(),
      (s) => s.ready,
      5000,
      'the terminal ready again',
    );
    expect(simulator.journal).toEqual([]);
  });

  it('loses power: not ready while off; back with its journal, where the approval it made is found', async () => {
    const { terminal, simulator } = await setUp(connection);
    expect(await terminal.status()).toMatchObject({ ready: true });
    simulator.injectFault({ kind: 'powerLoss', afterApproval: true });
    expect(await terminal.authorise({ paymentId: 'pay-11', amountMinor: 5000 }, { timeoutMs: 400 })).toEqual({
      outcome: 'unknown',
      reason: 'timeout',
    });
    expect(simulator.powered).toBe(false);
    expect(await terminal.status()).toMatchObject({ ready: false });
    simulator.powerOn();
    await eventually(
      () => terminal.status(),
      (s) => s.ready,
      5000,
      'the terminal ready after power-on',
    );
    expect(await terminal.lastTransaction()).toMatchObject({
      outcome: 'found',
      approved: true,
      reference: { receiptNo: '0001', amountMinor: 5000 },
    });
  });

  it('closes the day with totals equal to committed minus reversed; then there is no last transaction', async () => {
    const { terminal, simulator } = await setUp(connection);
    const amounts = [35000, 20000, 15000];
    const references = [];
    for (const [i, amountMinor] of amounts.entries()) {
      const transaction = approved(await terminal.authorise({ paymentId: `pay-eod-${i}`, amountMinor }));
      expect(await terminal.commit(transaction.reference)).toEqual({ outcome: 'done' });
      references.push(transaction.reference);
    }
    // A reservation released before commit counts for nothing; a committed one reversed (06 30) neither.
    const released = approved(await terminal.authorise({ paymentId: 'pay-eod-x', amountMinor: 99900 }));
    expect(await terminal.reverse(released.reference)).toEqual({ outcome: 'done' });
    const second = references[1];
    if (!second) throw new Error('no second payment');
    expect(await terminal.reverse(second)).toEqual({ outcome: 'done' });
    expect(simulator.journal.find((r) => r.kind === 'reversal')).toBeDefined();

    const day = await terminal.endOfDay();
    expect(day).toMatchObject({ outcome: 'done', totals: { count: 2, totalMinor: 35000 + 15000 } });
    expect(day.outcome === 'done' && day.totals.slip).toContain('СВЕРКА ИТОГОВ');
    expect(simulator.totals()).toEqual({ count: 0, totalMinor: 0 });
    expect(await terminal.lastTransaction()).toEqual({ outcome: 'none' });
  });

  it('refunds: the terminal asks for the card and pays back', async () => {
    const { terminal, simulator } = await setUp(connection);
    const transaction = approved(await terminal.authorise({ paymentId: 'pay-12', amountMinor: 30000 }));
    expect(await terminal.commit(transaction.reference)).toEqual({ outcome: 'done' });
    expect(await terminal.refund(transaction.reference, 10000)).toEqual({ outcome: 'done' });
    expect(simulator.journal.at(-1)).toMatchObject({ kind: 'refund', amountMinor: 10000 });
    expect(simulator.totals()).toEqual({ count: 1, totalMinor: 20000 });
    expect(await terminal.lastTransaction()).toMatchObject({ outcome: 'found', kind: 'refund', approved: true });
  });
});

describe('ZvtTerminalSimulator', () => {
  it('keeps its journal across a power cycle and a new connection, numbers still increasing', async () => {
    const simulator = new ZvtTerminalSimulator({ stepDelayMs: 0 });
    {
      const { terminal } = await setUp('tcp', { simulator });
      approved(await terminal.authorise({ paymentId: 'a', amountMinor: 100 }));
      simulator.powerOff();
      simulator.powerOn();
      await terminal.close();
    }
    const { terminal } = await setUp('tcp', { simulator });
    const second = approved(await terminal.authorise({ paymentId: 'b', amountMinor: 200 }));
    expect(second.reference).toMatchObject({ receiptNo: '0002', trace: '000002' });
    expect(simulator.journal.map((r) => r.amountMinor)).toEqual([100, 200]);
  });

  it("keeps the office's time, not the machine's: slip, transaction time and end-of-day totals", async () => {
    // 07:52:09 UTC is 19:52:09 in Kamchatka (UTC+12), whatever zone the machine runs in.
    const at = new Date('2026-11-23T07:52:09Z');
    const { terminal } = await setUp('tcp', { timeZone: 'Asia/Kamchatka', now: () => at });
    const transaction = approved(await terminal.authorise({ paymentId: 'tz', amountMinor: 100 }));
    expect(transaction.slip).toContain('23.11.2026 19:52:09');
    expect(transaction.at).toBe('2026-11-23T19:52:09');
    expect(await terminal.commit(transaction.reference)).toEqual({ outcome: 'done' });
    const day = await terminal.endOfDay();
    expect(day.outcome === 'done' && day.totals.slip).toContain('23.11.2026 19:52:09');
  });

  it('answers a refused command with 84 xx and the kiosk reports not_sent', async () => {
    const { terminal, simulator } = await setUp('tcp');
    simulator.injectFault({ kind: 'refuse', code: 0x9c });
    expect(await terminal.authorise({ paymentId: 'c', amountMinor: 100 })).toEqual({
      outcome: 'not_sent',
      reason: 'terminal refused the command (84 9C)',
    });
    expect(simulator.journal).toEqual([]);
  });

  it('is not reachable while off (TCP refuses connections) and the kiosk says so', async () => {
    const { terminal, simulator, transport } = await setUp('tcp');
    simulator.powerOff();
    await transport.close();
    const status = await terminal.status();
    expect(status.ready).toBe(false);
  });
});
