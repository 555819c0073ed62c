import { appendFile, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../test-support';
import { PaymentJournal, type PaymentRecord } from './payment-journal';
import { IllegalPaymentTransition } from './payment-state';
import { handMadeRecord, TestClock, writeJournal } from './payment-test-support';

const ID = '5d0c8f52-3a8b-4d8e-9c49-6f1f5b0c2a11';
const OTHER = '9a1f2e33-8c4b-4b7a-a1d2-3e4f5a6b7c8d';

async function folder() {
  return mkdtemp(path.join(tmpdir(), 'okno-payment-journal-'));
}

function open(dir: string, log = memoryLogger(), clock = new TestClock()) {
  return PaymentJournal.open({ dir: path.join(dir, 'payments'), log: log.log, now: clock.now });
}

const newPayment = {
  id: ID,
  amountMinor: 150_000,
  charge: { feeId: 'passport-rf', title: 'Госпошлина: Замена паспорта' },
};

const transaction = {
  reference: { receiptNo: '101', trace: '101', amountMinor: 150_000 },
  rrn: '632700000101',
  authCode: 'A101',
  maskedPan: '**** 1234',
  at: '2026-11-23T07:52:00.000Z',
  slip: ['ОДОБРЕНО'],
};

async function lines(dir: string): Promise<string[]> {
  return (await readFile(path.join(dir, 'payments', 'journal.jsonl'), 'utf8')).split('\n').filter(Boolean);
}

describe('PaymentJournal', () => {
  it('writes each transition as a whole snapshot line before it returns, and replays the last', async () => {
    const dir = await folder();
    const journal = await open(dir);
    await journal.begin(newPayment);
    await journal.transition(ID, 'authorising', { authorisingAt: '2026-11-23T07:50:00.000Z' });
    expect(await lines(dir)).toHaveLength(2);
    await journal.transition(ID, 'authorised', { transaction });
    const reopened = await open(dir);
    const payment = reopened.get(ID) as PaymentRecord;
    expect(payment.state).toBe('authorised');
    expect(payment.transaction?.rrn).toBe('632700000101');
    expect(payment.authorisingAt).toBe('2026-11-23T07:50:00.000Z');
    expect((await lines(dir)).map((line) => JSON.parse(line).payment.state)).toEqual([
      'created',
      'authorising',
      'authorised',
    ]);
  });

  it('throws on an illegal transition and writes nothing', async () => {
    const dir = await folder();
    const journal = await open(dir);
    await journal.begin(newPayment);
    await expect(journal.transition(ID, 'committed')).rejects.toThrow(IllegalPaymentTransition);
    expect(await lines(dir)).toHaveLength(1);
    await expect(journal.begin(newPayment)).rejects.toThrow(/already/);
  });

  it('refuses to write a full card number or a bad record (validated before the write)', async () => {
    const dir = await folder();
    const journal = await open(dir);
    await journal.begin(newPayment);
    await journal.transition(ID, 'authorising');
    await expect(
      journal.transition(ID, 'authorised', { transaction: { ...transaction, maskedPan: '4276123456781234' } }),
    ).rejects.toThrow();
    expect(await lines(dir)).toHaveLength(2);
    expect(journal.get(ID)?.state).toBe('authorising');
  });

  it('skips a line torn by a power cut, says so, and appends cleanly after it', async () => {
    const dir = await folder();
    const log = memoryLogger();
    await writeJournal(
      dir,
      [handMadeRecord('created'), handMadeRecord('authorising')],
      '{"v":1,"payment":{"id":"5d0c8f52-3a8b-4d8e-9c49-6f1f5b0c2a11","state":"autho',
    );
    const journal = await open(dir, log);
    expect(journal.get(ID)?.state).toBe('authorising');
    expect(log.text()).toContain('torn journal line skipped');
    await journal.transition(ID, 'unknown');
    const text = await readFile(path.join(dir, 'payments', 'journal.jsonl'), 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(
      text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line).payment.state),
    ).toEqual(['created', 'authorising', 'unknown']);
  });

  it('skips an unreadable or invalid line in the middle, keeping the payment at its last good line', async () => {
    const dir = await folder();
    const log = memoryLogger();
    await writeJournal(dir, [handMadeRecord('created'), handMadeRecord('authorising')]);
    const file = path.join(dir, 'payments', 'journal.jsonl');
    await appendFile(file, 'not json\n');
    await appendFile(
      file,
      `${JSON.stringify({ v: 1, payment: { ...handMadeRecord('authorised'), amountMinor: -5 } })}\n`,
    );
    await appendFile(file, `${JSON.stringify({ v: 1, payment: handMadeRecord('declined', { id: OTHER }) })}\n`);
    const journal = await open(dir, log);
    expect(journal.get(ID)?.state).toBe('authorising');
    expect(journal.get(OTHER)?.state).toBe('declined');
    expect(log.lines().filter((l) => l.msg === 'payments: unreadable journal line skipped')).toHaveLength(2);
  });

  it('archives final payments of earlier days, keeps unsettled and owed ones live, and still finds them', async () => {
    const dir = await folder();
    const yesterday = { createdAt: '2026-11-22T10:00:00.000Z', updatedAt: '2026-11-22T10:01:00.000Z' };
    await writeJournal(dir, [
      handMadeRecord('committed', { ...yesterday, transaction }),
      handMadeRecord('delivered', { ...yesterday, id: OTHER, transaction }),
      handMadeRecord('committed', {
        ...yesterday,
        id: '11111111-2222-4333-8444-555555555555',
        transaction,
        receipt: { printed: 'no', reprintNeeded: true, copies: 0 },
      }),
      handMadeRecord('declined', { id: '66666666-7777-4888-9999-aaaaaaaaaaaa' }),
    ]);
    const journal = await open(dir);
    expect(journal.get(ID)).toBeUndefined();
    expect(
      journal
        .all()
        .map((p) => p.state)
        .sort(),
    ).toEqual(['committed', 'declined', 'delivered']);
    expect(await readdir(path.join(dir, 'payments', 'archive'))).toEqual(['payments-2026-11-22.jsonl']);
    expect((await journal.find(ID))?.state).toBe('committed');
    expect(await journal.find('00000000-0000-4000-8000-000000000000')).toBeUndefined();
    // The rewritten live journal replays to the same payments.
    expect(
      (await open(dir))
        .all()
        .map((p) => p.id)
        .sort(),
    ).toEqual(
      journal
        .all()
        .map((p) => p.id)
        .sort(),
    );
  });

  it('serialises concurrent writes so no line interleaves', async () => {
    const dir = await folder();
    const journal = await open(dir);
    const ids = Array.from({ length: 20 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    await Promise.all(ids.map((id) => journal.begin({ ...newPayment, id })));
    await Promise.all(ids.map((id) => journal.transition(id, 'authorising')));
    const reopened = await open(dir);
    expect(reopened.all().map((p) => p.state)).toEqual(Array(20).fill('authorising'));
    expect(await lines(dir)).toHaveLength(40);
  });

  it('archives final payments daily while it runs, never a payment in progress, and prunes archive days past their retention', async () => {
    const dir = await folder();
    const clock = new TestClock('2026-11-22T08:00:00.000Z');
    const journal = await open(dir, memoryLogger(), clock);
    await journal.begin(newPayment);
    await journal.transition(ID, 'cancelled', { reason: 'visitor_cancelled' });
    await journal.begin({ ...newPayment, id: OTHER });
    await journal.transition(OTHER, 'authorising');

    // The next day, without a restart: yesterday's final payment leaves the live journal.
    clock.advance(24 * 3_600_000);
    const third = '11111111-2222-4333-8444-555555555555';
    // A payment begun while the archive runs is serialised with it and kept.
    await Promise.all([journal.archiveFinished(), journal.begin({ ...newPayment, id: third })]);
    expect(
      journal
        .all()
        .map((p) => p.id)
        .sort(),
    ).toEqual([OTHER, third].sort());
    expect((await lines(dir)).map((line) => JSON.parse(line).payment.id).sort()).toEqual([OTHER, third].sort());
    expect(await readdir(path.join(dir, 'payments', 'archive'))).toEqual(['payments-2026-11-22.jsonl']);
    expect((await journal.find(ID))?.state).toBe('cancelled');
    // The unsettled one goes on where it was.
    await journal.transition(OTHER, 'declined');

    expect(await journal.pruneArchive('2026-11-22')).toEqual([]);
    expect(await journal.pruneArchive('2026-11-23')).toEqual(['2026-11-22']);
    expect(await readdir(path.join(dir, 'payments', 'archive'))).toEqual([]);
    expect(await journal.find(ID)).toBeUndefined();
  });
});
