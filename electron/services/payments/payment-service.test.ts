import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PaymentsConfig } from '../../../kiosk-config/src/config/payments-config';
import { EndOfDayReport, PaymentReport } from '../../../kiosk-config/src/hub/payments-api';
import { withUinCheckDigit } from '../../../kiosk-config/src/hub/uin';
import type { ReceiptDocument } from '../../../kiosk-config/src/receipt/receipt-document';
import type { FiscalRegistrar } from './fiscal-registrar';
import { paymentPolicyFromConfig } from './payment-service';
import { journalTransaction } from './payment-steps';
import { DEMO_FEE, handMadeRecord, PASSPORT_FEE, startPayments, writeJournal } from './payment-test-support';

function texts(document: ReceiptDocument | undefined): string[] {
  return (document?.lines ?? []).flatMap((line) => {
    if (line.type === 'text') return [line.text];
    if (line.type === 'columns') return [`${line.left} ${line.right}`];
    return [];
  });
}

describe('PaymentService: the visitor pays', () => {
  it('approved → delivered → committed: one receipt, funds taken once, the hub told, each step on disk first', async () => {
    const t = await startPayments();
    const seenAtAuthorise: string[] = [];
    t.terminal.onAuthorise = async () => {
      // The journal already says `authorising` when the terminal is asked.
      const lines = await t.journalLines();
      seenAtAuthorise.push(lines.at(-1)?.payment.state ?? 'none');
    };
    const prompts: string[] = [];
    const outcome = await t.service.pay(
      { ...PASSPORT_FEE, ticketNumber: 'Б-017' },
      { onPrompt: (p) => prompts.push(p.kind) },
    );
    expect(outcome).toMatchObject({ outcome: 'paid', printed: 'yes' });
    if (outcome.outcome !== 'paid') throw new Error('not paid');
    expect(seenAtAuthorise).toEqual(['authorising']);
    expect(prompts).toEqual(['present_card']);
    expect(await t.statesOf(outcome.paymentId)).toEqual([
      'created',
      'authorising',
      'authorised',
      'delivering',
      'delivered',
      'committed',
    ]);
    expect(t.terminal.calls).toEqual(['lastTransaction', 'authorise 150000', 'commit 101']);
    expect(t.terminal.charged()).toBe(150_000);
    expect(t.terminal.transactions[0]?.status).toBe('captured');

    expect(t.printer.printed).toHaveLength(1);
    const receipt = texts(t.printer.printed[0]);
    expect(receipt).toContain('ИТОГО 1 500,00 руб.');
    expect(receipt).toContain('RRN 632700000101');
    expect(receipt).toContain('Карта **** 1234');
    expect(receipt).toContain('Талон Б-017');
    expect(receipt.join('\n')).toContain(DEMO_FEE.recipient.account);
    expect(receipt).not.toContain('КОПИЯ');
    expect(outcome.receipt.rrn).toBe('632700000101');

    expect(t.outbox.states(outcome.paymentId)).toEqual(['delivered', 'committed']);
    for (const item of t.outbox.items) expect(PaymentReport.safeParse(item.payload).success).toBe(true);

    // No card number on disk: the terminal's slip carried one in full, the journal masks it.
    const journal = await readFile(path.join(t.dir, 'payments', 'journal.jsonl'), 'utf8');
    expect(journal).not.toMatch(/4276 ?1234/);
    expect(journal).toContain('**** 1234');
    expect(journal).not.toContain('427612');
  });

  it("prints an English visitor's labels in English, the legal lines in Russian; the journal as for anyone", async () => {
    const russian = await startPayments();
    const english = await startPayments();
    const inRussian = await russian.service.pay({ ...PASSPORT_FEE, ticketNumber: 'Б-017' });
    const inEnglish = await english.service.pay({ ...PASSPORT_FEE, ticketNumber: 'Б-017' }, { language: 'en' });
    expect(inRussian).toMatchObject({ outcome: 'paid', printed: 'yes', printedLanguage: 'ru' });
    expect(inEnglish).toMatchObject({ outcome: 'paid', printed: 'yes', printedLanguage: 'en' });
    const receipt = texts(english.printer.printed[0]);
    expect(receipt).toEqual(
      expect.arrayContaining([
        'Payment receipt',
        'Card **** 1234',
        'Ticket Б-017',
        'ИТОГО 1 500,00 руб.',
        'RRN 632700000101',
      ]),
    );
    expect(receipt).not.toContain('Карта **** 1234');
    expect(english.log.text()).not.toContain('code page lacks');
    // The language is not journaled: both journals hold the same fields.
    const fields = async (t: typeof russian) =>
      (await t.journalLines()).map((line) => Object.keys(line.payment).sort().join(','));
    expect(await fields(english)).toEqual(await fields(russian));
    expect(await readFile(path.join(english.dir, 'payments', 'journal.jsonl'), 'utf8')).not.toMatch(/"en"|language/);
  });

  it("prints a Tatar visitor's receipt in Russian on a CP866 printer, says so, and logs the fall-back", async () => {
    const t = await startPayments();
    const outcome = await t.service.pay(PASSPORT_FEE, { language: 'tt' });
    expect(outcome).toMatchObject({ outcome: 'paid', printed: 'yes', printedLanguage: 'ru' });
    expect(texts(t.printer.printed[0])).toContain('Карта **** 1234');
    expect(texts(t.printer.printed[0]).join('\n')).not.toMatch(/[ӘәӨөҮүҖҗҢңҺһ]/u);
    const fallback = t.log.lines().filter((line) => String(line.msg).includes('code page lacks'));
    expect(fallback).toEqual([expect.objectContaining({ what: 'payment receipt', wanted: 'tt', printed: 'ru' })]);
  });

  it('says no printed language when the receipt went to the screen instead of the printer', async () => {
    const t = await startPayments({ policy: { undeliveredPolicy: 'deliver_on_screen' } });
    t.printer.state = { responding: true, problems: ['paper_out'] };
    const outcome = await t.service.pay(PASSPORT_FEE, { language: 'tt' });
    expect(outcome).toMatchObject({ outcome: 'paid', printed: 'no' });
    expect(outcome).not.toHaveProperty('printedLanguage');
  });

  it('knows which УИНs it took money for, before the hub does: paid yes, declined no', async () => {
    const t = await startPayments();
    const paidUin = '18810177260000543210';
    const declinedUin = '0322120000000000012345673';
    const byUin = (uin: string) => ({ ...PASSPORT_FEE, charge: { ...PASSPORT_FEE.charge, uin } });
    expect((await t.service.pay(byUin(paidUin))).outcome).toBe('paid');
    t.terminal.authoriseScript.push('decline');
    expect((await t.service.pay(byUin(declinedUin))).outcome).toBe('declined');
    expect(t.service.hasMoneyFor(paidUin)).toBe(true);
    expect(t.service.hasMoneyFor(declinedUin)).toBe(false);
    expect(t.service.hasMoneyFor('18810477260000998876')).toBe(false);
  });

  it('declined: nothing charged, nothing printed, the hub told', async () => {
    const t = await startPayments();
    t.terminal.authoriseScript.push('decline');
    const outcome = await t.service.pay(PASSPORT_FEE);
    expect(outcome.outcome).toBe('declined');
    if (outcome.outcome !== 'declined') return;
    expect(await t.statesOf(outcome.paymentId)).toEqual(['created', 'authorising', 'declined']);
    expect((await t.service.find(outcome.paymentId))?.decline).toEqual({ code: '51', message: 'INSUFFICIENT FUNDS' });
    expect(t.terminal.charged()).toBe(0);
    expect(t.printer.printed).toHaveLength(0);
    expect(t.outbox.states()).toEqual(['declined']);
  });

  it('cancelled at the terminal, or by «Отмена» on the screen: nothing charged', async () => {
    const t = await startPayments();
    t.terminal.authoriseScript.push('cancel');
    expect((await t.service.pay(PASSPORT_FEE)).outcome).toBe('cancelled');

    t.terminal.authoriseScript.push('wait_for_abort');
    const abort = new AbortController();
    const paying = t.service.pay(PASSPORT_FEE, { signal: abort.signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    abort.abort();
    expect((await paying).outcome).toBe('cancelled');

    const aborted = new AbortController();
    aborted.abort();
    const early = await t.service.pay(PASSPORT_FEE, { signal: aborted.signal });
    expect(early.outcome).toBe('cancelled');
    expect(t.terminal.calls.filter((c) => c.startsWith('authorise'))).toHaveLength(2);
    expect(t.terminal.charged()).toBe(0);
    expect(t.service.attention()).toEqual([]);
  });

  it('a request that never reached the terminal: not charged', async () => {
    const t = await startPayments();
    t.terminal.authoriseScript.push('not_sent');
    const outcome = await t.service.pay(PASSPORT_FEE);
    expect(outcome).toMatchObject({ outcome: 'not_charged', reason: 'terminal_unavailable' });
  });

  it('unknown, then the terminal says it approved ours: delivered as usual while the visitor waits', async () => {
    const t = await startPayments();
    t.terminal.authoriseScript.push('approve_lost');
    t.terminal.lastTransactionScript.push('truth', 'unknown');
    const outcome = await t.service.pay(PASSPORT_FEE);
    expect(outcome).toMatchObject({ outcome: 'paid', printed: 'yes' });
    if (outcome.outcome !== 'paid') return;
    expect(await t.statesOf(outcome.paymentId)).toEqual([
      'created',
      'authorising',
      'unknown',
      'authorised',
      'delivering',
      'delivered',
      'committed',
    ]);
    expect(t.terminal.charged()).toBe(150_000);
    expect(t.printer.printed).toHaveLength(1);
    expect(t.outbox.states()).toEqual(['unknown', 'delivered', 'committed']);
  });

  it('unknown, and the terminal shows nothing of ours: not charged, once the terminal must have finished', async () => {
    const t = await startPayments({ policy: { authoriseTimeoutMs: 4_000, settleGraceMs: 1_000, pollMs: 2_000 } });
    t.terminal.authoriseScript.push('lost_before');
    const outcome = await t.service.pay(PASSPORT_FEE);
    expect(outcome).toMatchObject({ outcome: 'not_charged', reason: 'not_completed' });
    if (outcome.outcome !== 'not_charged') return;
    expect(await t.statesOf(outcome.paymentId)).toEqual(['created', 'authorising', 'unknown', 'cancelled']);
    // The mark before, then asked at 0, 2 and 4 s (the terminal might still be busy: 4 s + 1 s
    // grace), believed at 6 s.
    expect(t.terminal.calls.filter((c) => c === 'lastTransaction')).toHaveLength(1 + 4);
  });

  it('unknown, and ours was declined: declined', async () => {
    const t = await startPayments();
    t.terminal.authoriseScript.push('decline_lost');
    expect((await t.service.pay(PASSPORT_FEE)).outcome).toBe('declined');
  });

  it('unknown and the terminal cannot answer: «uncertain» for the visitor, settled later by recovery', async () => {
    const t = await startPayments();
    t.terminal.authoriseScript.push('approve_lost');
    t.terminal.lastTransactionScript.push('truth', ...Array(10).fill('unknown'));
    const outcome = await t.service.pay(PASSPORT_FEE);
    expect(outcome.outcome).toBe('uncertain');
    if (outcome.outcome !== 'uncertain') return;
    expect(t.service.attention()).toMatchObject([
      { paymentId: outcome.paymentId, kind: 'unsettled', state: 'unknown' },
    ]);
    // A new visitor cannot pay until it is settled: the terminal's last transaction is the evidence.
    expect(await t.service.pay(PASSPORT_FEE)).toEqual({ outcome: 'refused', reason: 'payments_unavailable' });
    t.terminal.lastTransactionScript.length = 0;
    const report = await t.service.recover();
    // Ours and approved, but the visitor has gone with no receipt: reversed.
    expect(report.moved).toEqual([{ paymentId: outcome.paymentId, from: 'unknown', to: 'reversed' }]);
    expect(t.terminal.charged()).toBe(0);
    expect((await t.service.find(outcome.paymentId))?.reason).toBe('visitor_gone');
    expect((await t.service.pay(PASSPORT_FEE)).outcome).toBe('paid');
  });

  it('out of paper before the payment, under «reverse»: refused, the terminal is not asked', async () => {
    const t = await startPayments();
    t.printer.state = { responding: true, problems: ['paper_out'] };
    expect(await t.service.pay(PASSPORT_FEE)).toEqual({ outcome: 'refused', reason: 'printer_unavailable' });
    expect(t.terminal.calls).toEqual([]);
  });

  it('an off-line printer before the payment, under «reverse»: refused like no paper, the terminal is not asked', async () => {
    const t = await startPayments();
    t.printer.state = { responding: true, problems: ['offline'] };
    expect(await t.service.pay(PASSPORT_FEE)).toEqual({ outcome: 'refused', reason: 'printer_unavailable' });
    expect(t.terminal.calls).toEqual([]);
  });

  it('the receipt fails after approval, under «reverse»: reversed, the visitor told nothing was charged', async () => {
    const t = await startPayments();
    t.terminal.onAuthorise = () => {
      t.printer.nextPrint = {
        ok: false,
        error: { code: 'paper_out', message: 'paper ran out', progress: 'interrupted' },
      };
    };
    const outcome = await t.service.pay(PASSPORT_FEE);
    expect(outcome).toMatchObject({ outcome: 'not_charged', reason: 'undelivered' });
    if (outcome.outcome !== 'not_charged') return;
    expect(await t.statesOf(outcome.paymentId)).toEqual([
      'created',
      'authorising',
      'authorised',
      'delivering',
      'reversing',
      'reversed',
    ]);
    expect(t.terminal.calls).toEqual(['lastTransaction', 'authorise 150000', 'reverse 101']);
    expect(t.terminal.charged()).toBe(0);
    expect(t.outbox.states()).toEqual(['reversed']);
    expect((await t.service.find(outcome.paymentId))?.reason).toBe('undelivered');
  });

  it('printer gone after approval, under «reverse»: reversed without trying to print', async () => {
    const t = await startPayments();
    t.terminal.onAuthorise = () => {
      t.printer.state = { responding: false, problems: ['not_responding'] };
    };
    const outcome = await t.service.pay(PASSPORT_FEE);
    expect(outcome).toMatchObject({ outcome: 'not_charged', reason: 'undelivered' });
    if (outcome.outcome !== 'not_charged') return;
    expect(await t.statesOf(outcome.paymentId)).toEqual([
      'created',
      'authorising',
      'authorised',
      'reversing',
      'reversed',
    ]);
  });

  it('out of paper under «deliver_on_screen»: paid, the receipt on the screen, a copy owed and reprinted later', async () => {
    const t = await startPayments({ policy: { undeliveredPolicy: 'deliver_on_screen' } });
    t.printer.state = { responding: true, problems: ['paper_out'] };
    const outcome = await t.service.pay(PASSPORT_FEE);
    expect(outcome).toMatchObject({ outcome: 'paid', printed: 'no' });
    if (outcome.outcome !== 'paid') return;
    expect(outcome.receipt).toMatchObject({ rrn: '632700000101', total: '1 500,00 руб.', card: '**** 1234' });
    expect(await t.statesOf(outcome.paymentId)).toEqual([
      'created',
      'authorising',
      'authorised',
      'delivered',
      'committed',
    ]);
    expect(t.terminal.charged()).toBe(150_000);
    expect(t.service.attention()).toMatchObject([{ paymentId: outcome.paymentId, kind: 'receipt_owed' }]);
    expect(t.outbox.items.at(-1)?.payload).toMatchObject({
      state: 'committed',
      receipt: { printed: 'no', reprintNeeded: true },
    });

    expect(await t.service.reprint(outcome.paymentId)).toMatchObject({
      ok: false,
      error: { code: 'printer_unavailable' },
    });
    t.printer.state = { responding: true, problems: [] };
    expect(await t.service.reprint(outcome.paymentId)).toEqual({ ok: true });
    const copy = texts(t.printer.printed[0]);
    expect(copy[0]).toBe('КОПИЯ');
    expect(copy.at(-1)).toBe('КОПИЯ');
    expect(copy).toContain('RRN 632700000101');
    expect(t.service.attention()).toEqual([]);
    expect((await t.service.find(outcome.paymentId))?.receipt).toEqual({
      printed: 'no',
      reprintNeeded: false,
      copies: 1,
    });
    expect(t.outbox.items.at(-1)?.payload).toMatchObject({ receipt: { reprintNeeded: false, copies: 1 } });
  });

  it('a receipt the printer never confirmed is kept: paid, a copy owed, never reversed', async () => {
    const t = await startPayments();
    t.terminal.onAuthorise = () => {
      t.printer.nextPrint = {
        ok: false,
        error: { code: 'not_responding', message: 'no answer', progress: 'unconfirmed' },
      };
    };
    const outcome = await t.service.pay(PASSPORT_FEE);
    expect(outcome).toMatchObject({ outcome: 'paid', printed: 'uncertain' });
    expect(t.terminal.calls).not.toContain('reverse 101');
    expect(t.service.attention()).toMatchObject([{ kind: 'receipt_owed' }]);
  });

  it('a terminal that cannot reverse: an undelivered receipt goes to the screen whatever the policy', async () => {
    const t = await startPayments();
    t.terminal.capabilities = { ...t.terminal.capabilities, reversal: false };
    t.terminal.onAuthorise = () => {
      t.printer.nextPrint = { ok: false, error: { code: 'paper_out', message: 'paper ran out', progress: 'not_sent' } };
    };
    const outcome = await t.service.pay(PASSPORT_FEE);
    expect(outcome).toMatchObject({ outcome: 'paid', printed: 'no' });
  });

  it('a sale terminal (no hold) has nothing to commit', async () => {
    const t = await startPayments();
    t.terminal.capabilities = { ...t.terminal.capabilities, holdsFunds: false };
    const outcome = await t.service.pay(PASSPORT_FEE);
    expect(outcome.outcome).toBe('paid');
    expect(t.terminal.calls).toEqual(['lastTransaction', 'authorise 150000']);
  });

  it('an unconfirmed commit: paid for the visitor, committed by recovery later', async () => {
    const t = await startPayments();
    t.terminal.commitScript.push('unknown');
    const outcome = await t.service.pay(PASSPORT_FEE);
    expect(outcome.outcome).toBe('paid');
    if (outcome.outcome !== 'paid') return;
    expect((await t.service.find(outcome.paymentId))?.state).toBe('delivered');
    expect(t.service.attention()).toMatchObject([{ kind: 'unsettled', state: 'delivered' }]);
    await t.service.recover();
    expect((await t.service.find(outcome.paymentId))?.state).toBe('committed');
    expect(t.terminal.calls.filter((c) => c.startsWith('commit'))).toEqual(['commit 101', 'commit 101']);
  });

  it('a commit the terminal refuses: a person is called (the visitor holds a receipt)', async () => {
    const t = await startPayments();
    t.terminal.commitScript.push('refused');
    const outcome = await t.service.pay(PASSPORT_FEE);
    expect(outcome.outcome).toBe('paid');
    expect(t.service.attention()).toMatchObject([{ kind: 'needs_attention', reason: 'commit_refused' }]);
    expect(t.outbox.states().at(-1)).toBe('needs_attention');
    if (outcome.outcome !== 'paid') return;
    expect(await t.service.resolve(outcome.paymentId)).toBe(true);
    expect((await t.service.find(outcome.paymentId))?.state).toBe('resolved');
    expect(t.service.attention()).toEqual([]);
    expect(await t.service.resolve(outcome.paymentId)).toBe(false);
  });

  it('a reversal the terminal refuses: needs a person; the visitor is told to ask staff', async () => {
    const t = await startPayments();
    t.terminal.reverseScript.push('refused');
    t.terminal.onAuthorise = () => {
      t.printer.nextPrint = { ok: false, error: { code: 'cover_open', message: 'cover', progress: 'interrupted' } };
    };
    const outcome = await t.service.pay(PASSPORT_FEE);
    expect(outcome.outcome).toBe('needs_staff');
    expect(t.service.attention()).toMatchObject([{ kind: 'needs_attention', reason: 'reverse_refused' }]);
  });

  it('an approval of another amount is reversed at once and goes to a person with both amounts, never printed or committed', async () => {
    const t = await startPayments();
    t.terminal.authoriseScript.push('approve_other_amount');
    const outcome = await t.service.pay(PASSPORT_FEE);
    expect(outcome.outcome).toBe('needs_staff');
    if (outcome.outcome !== 'needs_staff') throw new Error('not flagged');
    expect(await t.statesOf(outcome.paymentId)).toEqual([
      'created',
      'authorising',
      'authorised',
      'reversing',
      'needs_attention',
    ]);
    expect(t.terminal.calls).toEqual(['lastTransaction', 'authorise 150000', 'reverse 101']);
    expect(t.terminal.charged()).toBe(0);
    expect(t.printer.printed).toHaveLength(0);
    const record = await t.service.find(outcome.paymentId);
    expect(record).toMatchObject({ state: 'needs_attention', reason: 'approval_mismatch', amountMinor: 150_000 });
    expect(record?.transaction?.reference.amountMinor).toBe(160_000);
    expect(record?.detail).toContain('150000');
    expect(record?.detail).toContain('160000');
    expect(t.outbox.states(outcome.paymentId)).toEqual(['needs_attention']);
    expect(t.service.attention()).toMatchObject([{ kind: 'needs_attention', reason: 'approval_mismatch' }]);
  });

  it('an approval in another currency is reversed and goes to a person', async () => {
    const t = await startPayments();
    t.terminal.authoriseScript.push('approve_other_currency');
    const outcome = await t.service.pay(PASSPORT_FEE);
    expect(outcome.outcome).toBe('needs_staff');
    expect(t.terminal.calls).toEqual(['lastTransaction', 'authorise 150000', 'reverse 101']);
    expect(t.terminal.charged()).toBe(0);
    expect(t.printer.printed).toHaveLength(0);
    const record = outcome.outcome === 'needs_staff' ? await t.service.find(outcome.paymentId) : undefined;
    expect(record).toMatchObject({ state: 'needs_attention', reason: 'approval_mismatch' });
    expect(record?.detail).toContain('978');
  });

  it('a replayed approval (the receipt number of the transaction before ours) goes to a person; the earlier payment is not touched', async () => {
    const t = await startPayments();
    const first = await t.service.pay(PASSPORT_FEE);
    expect(first.outcome).toBe('paid');
    t.terminal.authoriseScript.push('approve_replayed');
    const outcome = await t.service.pay(PASSPORT_FEE);
    expect(outcome.outcome).toBe('needs_staff');
    if (outcome.outcome !== 'needs_staff') throw new Error('not flagged');
    // No reversal of receipt 101: it is the first visitor's payment, committed.
    expect(t.terminal.calls.filter((c) => c.startsWith('reverse') || c.startsWith('commit'))).toEqual(['commit 101']);
    expect(t.printer.printed).toHaveLength(1);
    const record = await t.service.find(outcome.paymentId);
    expect(record).toMatchObject({ state: 'needs_attention', reason: 'approval_mismatch' });
    // The replayed receipt is not journaled as this payment's: one terminal receipt, one payment.
    expect(record?.transaction).toBeUndefined();
    expect(record?.detail).toContain('0101'.slice(1));
  });

  it('a crash after an approval of another amount was journaled: recovery reverses it and calls a person', async () => {
    const t = await startPayments();
    const paymentId = '5d0c8f52-3a8b-4d8e-9c49-6f1f5b0c2a11';
    t.terminal.transactions.push({ receiptNo: '7', amountMinor: 160_000, status: 'held' });
    await writeJournal(t.dir, [
      handMadeRecord('authorised', {
        id: paymentId,
        terminalBefore: { kind: 'none' },
        transaction: { ...journalTransaction(t.terminal.approval('7', 160_000)) },
      }),
    ]);
    const service = await t.reopen();
    await service.recover();
    expect(t.terminal.calls).toEqual(['reverse 7']);
    expect(t.terminal.charged()).toBe(0);
    expect(await service.find(paymentId)).toMatchObject({ state: 'needs_attention', reason: 'approval_mismatch' });
  });

  it('refuses what it must not start: a wrong amount, a bad УИН, a second payment at once, no terminal', async () => {
    const t = await startPayments();
    expect(await t.service.pay({ ...PASSPORT_FEE, amountMinor: 100 })).toEqual({
      outcome: 'refused',
      reason: 'amount_mismatch',
    });
    expect(
      await t.service.pay({ charge: { ...PASSPORT_FEE.charge, uin: '18810177260000123459' }, amountMinor: 150_000 }),
    ).toEqual({ outcome: 'refused', reason: 'invalid_request' });
    expect(await t.service.pay({ ...PASSPORT_FEE, ticketNumber: 'Б'.repeat(40) })).toEqual({
      outcome: 'refused',
      reason: 'invalid_request',
    });
    t.terminal.authoriseScript.push('wait_for_abort');
    const abort = new AbortController();
    const first = t.service.pay(PASSPORT_FEE, { signal: abort.signal });
    expect(await t.service.pay(PASSPORT_FEE)).toEqual({ outcome: 'refused', reason: 'busy' });
    abort.abort();
    await first;
    const none = await startPayments({ deps: { terminal: () => null } });
    expect(await none.service.pay(PASSPORT_FEE)).toEqual({ outcome: 'refused', reason: 'terminal_unavailable' });
  });

  it('takes the payment id the caller gives (the screen follows it), refusing a malformed or used one', async () => {
    const t = await startPayments();
    const paymentId = '6f1c2d3e-4b5a-4c6d-8e7f-901234567890';
    expect(await t.service.pay({ ...PASSPORT_FEE, paymentId })).toMatchObject({ outcome: 'paid', paymentId });
    expect((await t.service.find(paymentId))?.state).toBe('committed');
    expect(await t.service.pay({ ...PASSPORT_FEE, paymentId })).toEqual({
      outcome: 'refused',
      reason: 'invalid_request',
    });
    expect(await t.service.pay({ ...PASSPORT_FEE, paymentId: 'p-1' })).toEqual({
      outcome: 'refused',
      reason: 'invalid_request',
    });
  });

  it('pays a charge the hub resolved by its УИН, with the УИН on the receipt and in the ledger', async () => {
    const t = await startPayments();
    const uin = withUinCheckDigit('1881017726000012345');
    const outcome = await t.service.pay({
      charge: {
        kind: 'uin',
        charge: { uin, amountMinor: 50_000, payee: DEMO_FEE.recipient, purpose: 'Штраф ГИБДД по постановлению' },
      },
      amountMinor: 50_000,
    });
    expect(outcome.outcome).toBe('paid');
    expect(texts(t.printer.printed[0])).toContain(`УИН ${uin}`);
    expect(t.outbox.items.at(-1)?.payload).toMatchObject({ charge: { uin }, amountMinor: 50_000 });
  });

  it('prints what a fiscal registrar returns; a failing one counts as an undelivered receipt', async () => {
    const registrar: FiscalRegistrar = {
      register: async () => ({ outcome: 'registered', lines: ['ФН 9999078900001234', 'ФД 42 ФПД 1234567890'] }),
    };
    const t = await startPayments({ deps: { fiscal: registrar } });
    expect((await t.service.pay(PASSPORT_FEE)).outcome).toBe('paid');
    expect(texts(t.printer.printed[0])).toContain('ФД 42 ФПД 1234567890');

    const failing = await startPayments({
      deps: { fiscal: { register: async () => ({ outcome: 'failed', reason: 'ФН full' }) } },
    });
    expect(await failing.service.pay(PASSPORT_FEE)).toMatchObject({ outcome: 'not_charged', reason: 'undelivered' });
  });

  it('closes the terminal day and sends its totals behind the payments; refuses while one is unsettled', async () => {
    const t = await startPayments();
    await t.service.pay(PASSPORT_FEE);
    t.terminal.commitScript.push('unknown', 'unknown');
    await t.service.pay(PASSPORT_FEE);
    expect(await t.service.endOfDay()).toMatchObject({ ok: false, error: { code: 'unsettled_payments' } });
    const closed = await t.service.endOfDay();
    expect(closed).toMatchObject({ ok: true, value: { report: { count: 2, totalMinor: 300_000 } } });
    const last = t.outbox.items.at(-1);
    expect(last?.kind).toBe('payment.end_of_day');
    expect(EndOfDayReport.safeParse(last?.payload).success).toBe(true);
    t.terminal.endOfDayAnswer = 'failed';
    expect(await t.service.endOfDay()).toMatchObject({ ok: false, error: { code: 'terminal_failed' } });
  });

  it('reprints from the journal after a restart, marked «КОПИЯ»', async () => {
    const t = await startPayments();
    const outcome = await t.service.pay(PASSPORT_FEE);
    if (outcome.outcome !== 'paid') throw new Error('not paid');
    const restarted = await t.reopen();
    expect(await restarted.reprint(outcome.paymentId)).toEqual({ ok: true });
    expect(texts(t.printer.printed[1])[0]).toBe('КОПИЯ');
    expect(texts(t.printer.printed[0])[0]).not.toBe('КОПИЯ');
    expect(await restarted.reprint('00000000-0000-4000-8000-000000000000')).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('takes its policy from the kiosk config (reverse by default)', () => {
    expect(paymentPolicyFromConfig(PaymentsConfig.parse({}))).toEqual({
      undeliveredPolicy: 'reverse',
      authoriseTimeoutMs: 120_000,
      settleGraceMs: 15_000,
      unknownWaitMs: 30_000,
      pollMs: 3_000,
    });
    expect(PaymentsConfig.safeParse({ undeliveredPolicy: 'ignore' }).success).toBe(false);
  });

  it('does not trust a terminal that reports no last transaction after approving one today', async () => {
    const t = await startPayments({ policy: { authoriseTimeoutMs: 1_000, settleGraceMs: 0 } });
    // A terminal whose «last transaction» query returns only a slip: always «none».
    t.terminal.lastTransaction = async () => ({ outcome: 'none' });
    expect((await t.service.pay(PASSPORT_FEE)).outcome).toBe('paid');
    t.terminal.authoriseScript.push('approve_lost');
    const outcome = await t.service.pay(PASSPORT_FEE);
    // Believing «none» would say «not charged» while the card was charged: a person looks instead.
    expect(outcome.outcome).toBe('needs_staff');
    expect(t.service.attention()).toMatchObject([{ kind: 'needs_attention', reason: 'terminal_cannot_tell' }]);
    expect(t.log.text()).toContain('not trusted for recovery');
    // After the day is closed, «none» is believable again.
    expect((await t.service.endOfDay()).ok).toBe(true);
    t.clock.advance(1_000);
    t.terminal.authoriseScript.push('lost_before');
    expect(await t.service.pay(PASSPORT_FEE)).toMatchObject({ outcome: 'not_charged', reason: 'not_completed' });
  });
});
