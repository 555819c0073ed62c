import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LastTransactionOutcome } from '../../../drivers/payment/payment-terminal';
import { FakePaymentTerminal } from './fake-payment-terminal';
import type { PaymentRecord } from './payment-journal';
import { judgeLastTransaction } from './payment-steps';
import { handMadeRecord, startPayments, TestClock, writeJournal } from './payment-test-support';

const ID = '5d0c8f52-3a8b-4d8e-9c49-6f1f5b0c2a11';
const AMOUNT = 150_000;
/** The journal's mark: the terminal's last transaction before ours was receipt 100. */
const BEFORE = { kind: 'transaction' as const, receiptNo: '100', trace: '100' };

const terminal = new FakePaymentTerminal();
const ours = terminal.approval('101', AMOUNT);
const journaled: PaymentRecord['transaction'] = {
  reference: { receiptNo: '101', trace: '101', amountMinor: AMOUNT },
  rrn: '632700000101',
  authCode: 'A101',
  maskedPan: '**** 1234',
  at: '2026-11-23T07:44:00.000Z',
  terminalId: 'T0000001',
  slip: ['ОДОБРЕНО'],
};

describe('judging the terminal last transaction', () => {
  const payment = { amountMinor: AMOUNT, terminalBefore: BEFORE };
  const cases: [string, LastTransactionOutcome, Pick<PaymentRecord, 'terminalBefore'>, string][] = [
    [
      'ours approved',
      { outcome: 'found', kind: 'authorisation', approved: true, transaction: ours, reference: ours.reference },
      payment,
      'ours_approved',
    ],
    [
      'ours declined',
      { outcome: 'found', kind: 'authorisation', approved: false, reference: ours.reference },
      payment,
      'ours_declined',
    ],
    [
      'ours reversed by the terminal',
      { outcome: 'found', kind: 'reversal', approved: true, reference: ours.reference },
      payment,
      'ours_reversed',
    ],
    [
      'the same as before',
      {
        outcome: 'found',
        kind: 'commit',
        approved: true,
        reference: { receiptNo: '100', trace: '100', amountMinor: 999 },
      },
      payment,
      'nothing_happened',
    ],
    ['none, and none before', { outcome: 'none' }, { terminalBefore: { kind: 'none' } }, 'nothing_happened'],
    ['none, but a transaction before (day closed since)', { outcome: 'none' }, payment, 'cannot_tell'],
    [
      'another amount',
      {
        outcome: 'found',
        kind: 'authorisation',
        approved: true,
        transaction: terminal.approval('102', 5_000),
        reference: { receiptNo: '102', amountMinor: 5_000 },
      },
      payment,
      'cannot_tell',
    ],
    [
      'approved without details',
      { outcome: 'found', kind: 'authorisation', approved: true, reference: ours.reference },
      payment,
      'cannot_tell',
    ],
    ['no answer', { outcome: 'unknown', reason: 'timeout' }, payment, 'unavailable'],
    ['not supported', { outcome: 'not_supported' }, payment, 'cannot_tell'],
    [
      'no mark was taken',
      { outcome: 'found', kind: 'authorisation', approved: true, transaction: ours, reference: ours.reference },
      { terminalBefore: { kind: 'not_supported' } },
      'cannot_tell',
    ],
  ];
  it.each(cases)('%s', (_name, last, before, verdict) => {
    expect(judgeLastTransaction({ amountMinor: AMOUNT, ...before }, last).verdict).toBe(verdict);
  });
});

/** A restart on a journal a crash left: the fake terminal in the state the crash left it. */
async function restartOn(
  records: PaymentRecord[],
  prepare: (terminal: FakePaymentTerminal) => void = () => {},
  options: { clock?: TestClock; tail?: string } = {},
) {
  const dir = await mkdtemp(path.join(tmpdir(), 'okno-payment-recovery-'));
  await writeJournal(dir, records, options.tail);
  const fake = new FakePaymentTerminal();
  prepare(fake);
  const t = await startPayments({
    dir,
    terminal: fake,
    clock: options.clock ?? new TestClock('2026-11-23T07:50:00.000Z'),
  });
  const report = await t.service.recover();
  const payment = await t.service.find(ID);
  return { ...t, report, payment };
}

/** The terminal holds funds for ours (receipt 101) and says so. */
function approvedOurs(fake: FakePaymentTerminal) {
  fake.transactions.push({ receiptNo: '101', amountMinor: AMOUNT, status: 'held' });
  fake.setLast({
    outcome: 'found',
    kind: 'authorisation',
    approved: true,
    transaction: ours,
    reference: ours.reference,
  });
}

const authorisingAt = '2026-11-23T07:45:00.000Z';

describe('recovery from a journal in every state (the visitor has gone)', () => {
  it('created: cancelled, the terminal not even asked', async () => {
    const t = await restartOn([handMadeRecord('created')]);
    expect(t.payment).toMatchObject({ state: 'cancelled', reason: 'not_completed' });
    expect(t.terminal.calls).toEqual([]);
    expect(t.outbox.states()).toEqual(['cancelled']);
  });

  it('authorising, and the terminal approved ours: authorised, then reversed (no receipt was printed)', async () => {
    const t = await restartOn([handMadeRecord('authorising', { authorisingAt, terminalBefore: BEFORE })], approvedOurs);
    expect(t.payment).toMatchObject({ state: 'reversed', reason: 'visitor_gone' });
    expect(t.payment?.transaction?.maskedPan).toBe('**** 1234');
    expect(t.terminal.calls).toEqual(['lastTransaction', 'reverse 101']);
    expect(t.terminal.charged()).toBe(0);
    expect(t.report.moved).toEqual([{ paymentId: ID, from: 'authorising', to: 'reversed' }]);
    expect(t.outbox.states()).toEqual(['reversed']);
  });

  it('authorising, and nothing happened at the terminal: cancelled once the terminal must have finished', async () => {
    const early = await restartOn(
      [handMadeRecord('authorising', { authorisingAt, terminalBefore: BEFORE })],
      (fake) =>
        fake.setLast({
          outcome: 'found',
          kind: 'commit',
          approved: true,
          reference: { receiptNo: '100', trace: '100', amountMinor: 1 },
        }),
      { clock: new TestClock('2026-11-23T07:45:30.000Z') },
    );
    // 30 s after the start: the terminal may still be waiting for a PIN.
    expect(early.payment?.state).toBe('unknown');
    expect(early.outbox.states()).toEqual(['unknown']);
    early.clock.advance(60_000);
    await early.service.recover();
    expect((await early.service.find(ID))?.state).toBe('cancelled');
    expect((await early.service.find(ID))?.reason).toBe('not_completed');
  });

  it('authorising, terminal cleared since a «none» mark: cancelled', async () => {
    const t = await restartOn([handMadeRecord('authorising', { authorisingAt, terminalBefore: { kind: 'none' } })]);
    expect(t.payment).toMatchObject({ state: 'cancelled', reason: 'not_completed' });
  });

  it('authorising, ours declined: declined', async () => {
    const t = await restartOn([handMadeRecord('authorising', { authorisingAt, terminalBefore: BEFORE })], (fake) =>
      fake.setLast({ outcome: 'found', kind: 'authorisation', approved: false, reference: ours.reference }),
    );
    expect(t.payment?.state).toBe('declined');
  });

  it('unknown, and the terminal does not answer: stays unknown, on the attention list, retried', async () => {
    const t = await restartOn([handMadeRecord('unknown', { authorisingAt, terminalBefore: BEFORE })], (fake) => {
      approvedOurs(fake);
      fake.lastTransactionScript.push('unknown');
    });
    expect(t.payment?.state).toBe('unknown');
    expect(t.report.pending).toEqual([{ paymentId: ID, state: 'unknown' }]);
    expect(t.service.attention()).toMatchObject([{ paymentId: ID, kind: 'unsettled' }]);
    // Already unknown: the hub was told when it became so, not again on every pass.
    expect(t.outbox.states()).toEqual([]);
    await t.service.recover();
    expect((await t.service.find(ID))?.state).toBe('reversed');
  });

  it('unknown, and the terminal cannot tell (another transaction since, or no support): needs a person', async () => {
    const moved = await restartOn([handMadeRecord('unknown', { authorisingAt, terminalBefore: BEFORE })], (fake) =>
      fake.setLast({
        outcome: 'found',
        kind: 'authorisation',
        approved: true,
        transaction: fake.approval('205', 999),
        reference: { receiptNo: '205', amountMinor: 999 },
      }),
    );
    expect(moved.payment).toMatchObject({ state: 'needs_attention', reason: 'terminal_cannot_tell' });
    expect(moved.outbox.states()).toEqual(['needs_attention']);
    expect(moved.service.attention()).toMatchObject([{ kind: 'needs_attention', reason: 'terminal_cannot_tell' }]);

    const unsupported = await restartOn(
      [handMadeRecord('unknown', { authorisingAt, terminalBefore: BEFORE })],
      (fake) => {
        fake.capabilities = { ...fake.capabilities, lastTransaction: false };
      },
    );
    expect(unsupported.payment).toMatchObject({ state: 'needs_attention', reason: 'terminal_cannot_tell' });
    expect(unsupported.terminal.calls).toEqual([]);
  });

  it('authorised (never printed): reversed', async () => {
    const t = await restartOn(
      [handMadeRecord('authorised', { authorisingAt, terminalBefore: BEFORE, transaction: journaled })],
      approvedOurs,
    );
    expect(t.payment).toMatchObject({ state: 'reversed', reason: 'visitor_gone' });
    expect(t.terminal.calls).toEqual(['reverse 101']);
    expect(t.printer.printed).toHaveLength(0);
  });

  it('authorised, with a terminal that cannot reverse: delivered without paper (a copy owed) and committed', async () => {
    const t = await restartOn(
      [handMadeRecord('authorised', { authorisingAt, terminalBefore: BEFORE, transaction: journaled })],
      (fake) => {
        approvedOurs(fake);
        fake.capabilities = { ...fake.capabilities, reversal: false };
      },
    );
    expect(t.payment).toMatchObject({ state: 'committed', receipt: { printed: 'no', reprintNeeded: true } });
    expect(t.printer.printed).toHaveLength(0);
    expect(t.service.attention()).toMatchObject([{ kind: 'receipt_owed' }]);
  });

  it('delivering (the receipt may be on paper): delivered, uncertain, a copy owed, then committed', async () => {
    const t = await restartOn(
      [handMadeRecord('delivering', { authorisingAt, terminalBefore: BEFORE, transaction: journaled })],
      approvedOurs,
    );
    expect(t.payment).toMatchObject({ state: 'committed', receipt: { printed: 'uncertain', reprintNeeded: true } });
    expect(t.terminal.calls).toEqual(['commit 101']);
    expect(t.terminal.charged()).toBe(AMOUNT);
    expect(t.outbox.states()).toEqual(['delivered', 'committed']);
  });

  it('delivered: committed (idempotent: a commit already done is done again)', async () => {
    const t = await restartOn(
      [
        handMadeRecord('delivered', {
          transaction: journaled,
          receipt: { printed: 'yes', reprintNeeded: false, copies: 0 },
        }),
      ],
      (fake) => {
        approvedOurs(fake);
        (fake.transactions[0] as { status: string }).status = 'captured';
      },
    );
    expect(t.payment?.state).toBe('committed');
    expect(t.terminal.charged()).toBe(AMOUNT);
  });

  it('delivered, and the terminal refuses the commit because it is already committed: committed', async () => {
    const t = await restartOn(
      [
        handMadeRecord('delivered', {
          transaction: journaled,
          receipt: { printed: 'yes', reprintNeeded: false, copies: 0 },
        }),
      ],
      (fake) => {
        fake.commitScript.push('refused');
        fake.setLast({ outcome: 'found', kind: 'commit', approved: true, reference: ours.reference });
      },
    );
    expect(t.payment?.state).toBe('committed');
  });

  it('reversing: reversed again; a refusal because it is already reversed is a reversal', async () => {
    const t = await restartOn(
      [handMadeRecord('reversing', { transaction: journaled, reason: 'undelivered' })],
      approvedOurs,
    );
    expect(t.payment).toMatchObject({ state: 'reversed', reason: 'undelivered' });
    expect(t.terminal.charged()).toBe(0);

    const refused = await restartOn(
      [handMadeRecord('reversing', { transaction: journaled, reason: 'undelivered' })],
      (fake) => {
        fake.reverseScript.push('refused');
        fake.setLast({ outcome: 'found', kind: 'reversal', approved: true, reference: ours.reference });
      },
    );
    expect(refused.payment?.state).toBe('reversed');
  });

  it('reversing, and the terminal does not answer: stays reversing, retried', async () => {
    const t = await restartOn(
      [handMadeRecord('reversing', { transaction: journaled, reason: 'undelivered' })],
      (fake) => {
        approvedOurs(fake);
        fake.reverseScript.push('unknown');
      },
    );
    expect(t.payment?.state).toBe('reversing');
    expect(t.report.pending).toEqual([{ paymentId: ID, state: 'reversing' }]);
    await t.service.recover();
    expect((await t.service.find(ID))?.state).toBe('reversed');
  });

  it('final and attention states are left alone', async () => {
    for (const state of ['committed', 'declined', 'cancelled', 'reversed', 'resolved', 'needs_attention'] as const) {
      const t = await restartOn([handMadeRecord(state, { transaction: journaled })], approvedOurs);
      expect(t.payment?.state).toBe(state);
      expect(t.terminal.calls).toEqual([]);
    }
  });

  it('with no terminal connected: what needs it waits, what does not is settled', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'okno-payment-recovery-'));
    await writeJournal(dir, [
      handMadeRecord('created', { id: '11111111-1111-4111-8111-111111111111' }),
      handMadeRecord('authorising', { authorisingAt, terminalBefore: BEFORE }),
      handMadeRecord('delivered', { id: '22222222-2222-4222-8222-222222222222', transaction: journaled }),
    ]);
    const t = await startPayments({ dir, deps: { terminal: () => null } });
    const report = await t.service.recover();
    expect(report.moved).toEqual([
      { paymentId: '11111111-1111-4111-8111-111111111111', from: 'created', to: 'cancelled' },
      { paymentId: ID, from: 'authorising', to: 'unknown' },
    ]);
    expect(report.pending.map((p) => p.state).sort()).toEqual(['delivered', 'unknown']);
  });

  it('a torn last line: the payment is where its last whole line left it, and recovery settles it', async () => {
    const t = await restartOn(
      [handMadeRecord('created'), handMadeRecord('authorising', { authorisingAt, terminalBefore: BEFORE })],
      approvedOurs,
      { tail: '{"v":1,"payment":{"id":"5d0c8f52-3a8b-4d8e-9c49-6f1f5b0c2a11","state":"authorised","amou' },
    );
    expect(t.log.text()).toContain('torn journal line skipped');
    expect(t.payment?.state).toBe('reversed');
    expect(t.terminal.charged()).toBe(0);
  });

  it('runs periodically until stopped', async () => {
    const t = await restartOn([handMadeRecord('reversing', { transaction: journaled })], (fake) => {
      approvedOurs(fake);
      fake.reverseScript.push('unknown');
    });
    const stop = t.service.recovery.start(10);
    for (let i = 0; i < 50 && (await t.service.find(ID))?.state !== 'reversed'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    stop();
    expect((await t.service.find(ID))?.state).toBe('reversed');
  });
});
