/**
 * PilotTerminal against the fake pilot (`drivers/sim/fake-pilot.mjs`), run as a real child
 * process in a temporary working directory per test.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PilotPaymentProfile } from '../../../kiosk-config/src/config/payment-profile';
import { FAKE_PILOT_PATH } from '../../sim/fake-pilot-program';
import type { TerminalPrompt } from '../payment-terminal';
import { loadPaymentProfile } from './load-payment-profile';
import { type PilotRunRecord, PilotTerminal, type PilotTerminalOptions } from './pilot-terminal';

let dir: string;
let fakeProfile: PilotPaymentProfile;
let terminals: PilotTerminal[];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'okno-pilot-'));
  fakeProfile = await loadPaymentProfile('fake-pilot');
  terminals = [];
});

afterEach(async () => {
  await Promise.all(terminals.map((terminal) => terminal.close()));
  await rm(dir, { recursive: true, force: true });
});

/** A terminal on the fake pilot in this test's directory; `runs` records every run. */
function fakeTerminal(options: Partial<PilotTerminalOptions> = {}) {
  const runs: PilotRunRecord[] = [];
  const terminal = new PilotTerminal({
    profile: fakeProfile,
    command: FAKE_PILOT_PATH,
    workingDir: dir,
    onRun: (record) => runs.push(record),
    ...options,
  });
  terminals.push(terminal);
  return { terminal, runs };
}

/** Sets a fault for the next run only (the fake reads and removes the file). */
const faultOnce = (fault: string) => writeFile(path.join(dir, 'fake-pilot-fault'), fault);

/** Whether a process is still running (a zombie awaiting its reaper counts as gone). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function waitGone(pids: number[], ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (pids.some(alive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('authorise (a sale: the fake pilot, like sb_pilot, holds no funds)', () => {
  it('approves with the RRN, auth code, check number and a card masked to its last four digits; slip decoded from CP866', async () => {
    const { terminal, runs } = fakeTerminal();
    const prompts: TerminalPrompt[] = [];
    const outcome = await terminal.authorise(
      { paymentId: 'pay-1', amountMinor: 35000 },
      { onPrompt: (p) => prompts.push(p) },
    );

    expect(outcome.outcome).toBe('approved');
    if (outcome.outcome !== 'approved') return;
    const { transaction } = outcome;
    expect(transaction.rrn).toMatch(/^[0-9]{12}$/);
    expect(transaction.authCode).toMatch(/^[0-9]{6}$/);
    expect(transaction.reference).toEqual({ receiptNo: '0001', trace: transaction.rrn, amountMinor: 35000 });
    expect(transaction.maskedPan).toBe('**** **** **** 1234');
    expect(transaction.maskedPan.replace(/\D/g, '')).toHaveLength(4);
    expect(transaction.terminalId).toBe('00012345');
    expect(transaction.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    expect(transaction.slip).toEqual(
      expect.arrayContaining([
        'ПАО СБЕРБАНК',
        'ОПЛАТА',
        'Сумма (руб):          350.00',
        'ОДОБРЕНО',
        `Номер ссылки: ${transaction.rrn}`,
      ]),
    );
    // The slip on disk is CP866 («О» is 0x8E there), not UTF-8.
    const slipBytes = await readFile(path.join(dir, 'p'));
    expect(slipBytes.includes(0x8e)).toBe(true);
    expect(slipBytes.toString('utf8')).not.toContain('ОДОБРЕНО');
    expect(prompts[0]).toEqual({ kind: 'processing' });
    expect(prompts[prompts.length - 1]).toEqual({ kind: 'approved' });
    expect(runs).toEqual([
      expect.objectContaining({
        operation: 'authorise',
        args: ['1', '35000'],
        state: 'exited',
        exitCode: 0,
        resultCode: '0',
      }),
    ]);
  });

  it('mirrors the pinpad’s messages from the progress file', async () => {
    const { terminal } = fakeTerminal({ env: { FAKE_PILOT_DELAY_MS: '400' } });
    const prompts: TerminalPrompt[] = [];
    await terminal.authorise({ paymentId: 'pay-2', amountMinor: 10000 }, { onPrompt: (p) => prompts.push(p) });
    expect(prompts.map((p) => p.kind)).toEqual([
      'processing',
      'present_card',
      'enter_pin',
      'processing',
      'remove_card',
      'approved',
    ]);
    expect(prompts[2]).toEqual({ kind: 'enter_pin', text: 'Введите ПИН' });
  });

  it('declines with the pilot’s code and message; the visitor’s ОТМЕНА is cancelled', async () => {
    const { terminal } = fakeTerminal();
    await faultOnce('decline');
    expect(await terminal.authorise({ paymentId: 'pay-3', amountMinor: 35000 })).toEqual({
      outcome: 'declined',
      code: '4451',
      message: 'Недостаточно средств',
    });
    await faultOnce('cancel');
    expect(await terminal.authorise({ paymentId: 'pay-4', amountMinor: 35000 })).toEqual({ outcome: 'cancelled' });
  });

  it('times out as unknown, killing the program and what it started (no orphan left)', async () => {
    const { terminal, runs } = fakeTerminal({ env: { FAKE_PILOT_FAULT: 'hang' } });
    const started = Date.now();
    const running = terminal.authorise({ paymentId: 'pay-5', amountMinor: 35000 }, { timeoutMs: 1500 });
    const pidsFile = path.join(dir, 'fake-pilot.pids');
    while (!existsSync(pidsFile) && Date.now() - started < 1400)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const pids = (await readFile(pidsFile, 'utf8')).trim().split(' ').map(Number);
    expect(pids).toHaveLength(2);
    expect(pids.filter(alive)).toEqual(pids);

    expect(await running).toEqual({ outcome: 'unknown', reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(5000);
    await waitGone(pids);
    expect(pids.filter(alive)).toEqual([]);
    expect(runs[0]).toMatchObject({ operation: 'authorise', state: 'timed_out' });
  });

  it('kills with SIGKILL what ignores SIGTERM, after the grace period', async () => {
    const { terminal } = fakeTerminal({
      env: { FAKE_PILOT_FAULT: 'hang_stubborn' },
      profile: { ...fakeProfile, killGraceMs: 300 },
    });
    const outcome = await terminal.authorise({ paymentId: 'pay-6', amountMinor: 35000 }, { timeoutMs: 1200 });
    expect(outcome).toEqual({ outcome: 'unknown', reason: 'timeout' });
    const pids = (await readFile(path.join(dir, 'fake-pilot.pids'), 'utf8')).trim().split(' ').map(Number);
    await waitGone(pids);
    expect(pids.filter(alive)).toEqual([]);
  });

  it('never reads a stale result as this run’s: old e and p are removed first', async () => {
    const { terminal } = fakeTerminal();
    await terminal.authorise({ paymentId: 'pay-7', amountMinor: 35000 });
    expect(existsSync(path.join(dir, 'e'))).toBe(true);
    // The next run charges and crashes without writing anything: the old approval must not count.
    await faultOnce('crash_after_charge');
    expect(await terminal.authorise({ paymentId: 'pay-8', amountMinor: 35000 })).toEqual({
      outcome: 'unknown',
      reason: 'connection_lost',
    });
    expect(existsSync(path.join(dir, 'e'))).toBe(false);
    expect(existsSync(path.join(dir, 'p'))).toBe(false);
  });

  it('does not start when an old result cannot be removed, or the program cannot be run', async () => {
    await mkdir(path.join(dir, 'e', 'stuck'), { recursive: true });
    const { terminal } = fakeTerminal();
    expect(await terminal.authorise({ paymentId: 'pay-9', amountMinor: 35000 })).toMatchObject({
      outcome: 'not_sent',
      reason: expect.stringMatching(/cannot remove the old e/),
    });
    await rm(path.join(dir, 'e'), { recursive: true });
    const missing = fakeTerminal({ command: path.join(dir, 'no-such-pilot') }).terminal;
    expect(await missing.authorise({ paymentId: 'pay-10', amountMinor: 35000 })).toMatchObject({
      outcome: 'not_sent',
      reason: expect.stringMatching(/cannot start .*no-such-pilot.*ENOENT/),
    });
    const nowhere = fakeTerminal({ workingDir: path.join(dir, 'absent') }).terminal;
    expect(await nowhere.authorise({ paymentId: 'pay-11', amountMinor: 35000 })).toMatchObject({ outcome: 'not_sent' });
  });

  it('calls a garbage result unknown (malformed), and approves without a slip when p is missing', async () => {
    const { terminal } = fakeTerminal();
    await faultOnce('garbage');
    expect(await terminal.authorise({ paymentId: 'pay-12', amountMinor: 35000 })).toEqual({
      outcome: 'unknown',
      reason: 'malformed_reply',
    });
    await faultOnce('no_slip');
    const outcome = await terminal.authorise({ paymentId: 'pay-13', amountMinor: 35000 });
    expect(outcome).toMatchObject({ outcome: 'approved', transaction: { slip: [] } });
  });

  it('answers busy while another operation runs; the status says so too', async () => {
    const { terminal } = fakeTerminal({ env: { FAKE_PILOT_DELAY_MS: '300' } });
    const first = terminal.authorise({ paymentId: 'pay-14', amountMinor: 35000 });
    expect(await terminal.authorise({ paymentId: 'pay-15', amountMinor: 35000 })).toEqual({
      outcome: 'not_sent',
      reason: 'busy: another operation is running',
    });
    expect(await terminal.status()).toEqual({ ready: false, reason: 'busy: an operation is running' });
    expect((await first).outcome).toBe('approved');
  });

  it('ignores «Отмена» when killing the pilot is unsafe (sb_pilot), and says so in the run record', async () => {
    const { terminal, runs } = fakeTerminal({ env: { FAKE_PILOT_DELAY_MS: '200' } });
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 150);
    const outcome = await terminal.authorise({ paymentId: 'pay-16', amountMinor: 35000 }, { signal: abort.signal });
    expect(outcome.outcome).toBe('approved');
    expect(runs[0]).toMatchObject({ state: 'exited', abortIgnored: true });
    expect(terminal.capabilities.abort).toBe(false);
  });

  it('kills the program on «Отмена» when the profile says that is safe: cancelled', async () => {
    const { terminal } = fakeTerminal({
      env: { FAKE_PILOT_FAULT: 'hang' },
      profile: { ...fakeProfile, abortSafe: true },
    });
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 300);
    expect(await terminal.authorise({ paymentId: 'pay-17', amountMinor: 35000 }, { signal: abort.signal })).toEqual({
      outcome: 'cancelled',
    });
    const pids = (await readFile(path.join(dir, 'fake-pilot.pids'), 'utf8')).trim().split(' ').map(Number);
    await waitGone(pids);
    expect(pids.filter(alive)).toEqual([]);
  });

  it('refuses amounts that are not positive whole kopecks: a caller’s bug', async () => {
    const { terminal } = fakeTerminal();
    await expect(terminal.authorise({ paymentId: 'pay-18', amountMinor: 350.5 })).rejects.toThrow(RangeError);
    await expect(terminal.authorise({ paymentId: 'pay-19', amountMinor: 0 })).rejects.toThrow(RangeError);
  });
});

describe('after an approval that was lost', () => {
  it('crash after charging: unknown; the last transaction shows the sale; reversing it (8) is done, twice is refused', async () => {
    const { terminal, runs } = fakeTerminal();
    await faultOnce('crash_after_charge');
    expect(await terminal.authorise({ paymentId: 'pay-20', amountMinor: 35000 })).toEqual({
      outcome: 'unknown',
      reason: 'connection_lost',
    });
    expect(runs[0]).toMatchObject({ state: 'exited', exitCode: 70 });

    const last = await terminal.lastTransaction();
    expect(last).toMatchObject({ outcome: 'found', kind: 'authorisation', approved: true });
    if (last.outcome !== 'found' || !last.transaction) throw new Error('the sale should be found with its transaction');
    expect(last.transaction.maskedPan).toBe('**** **** **** 1234');

    expect(await terminal.reverse(last.transaction.reference)).toEqual({ outcome: 'done' });
    expect(runs[runs.length - 1]?.args).toEqual(['8', '35000', '0', 'QSELECT', last.transaction.rrn]);
    expect(await terminal.reverse(last.transaction.reference)).toEqual({
      outcome: 'refused',
      code: '9001',
      message: 'Операция не найдена',
    });
    // The reversal names the sale it reversed, as the payment journal looks for it.
    expect(await terminal.lastTransaction()).toMatchObject({
      outcome: 'found',
      kind: 'reversal',
      approved: true,
      reference: { receiptNo: last.transaction.reference.receiptNo, trace: last.transaction.rrn, amountMinor: 35000 },
    });
    expect(await terminal.endOfDay()).toMatchObject({ outcome: 'done', totals: { count: 0, totalMinor: 0 } });
    expect(await terminal.lastTransaction()).toEqual({ outcome: 'none' });
  });

  it('a reversal without an RRN is not attempted (the cancel needs it) and claims nothing', async () => {
    const { terminal, runs } = fakeTerminal();
    expect(await terminal.reverse({ receiptNo: '0001', amountMinor: 35000 })).toEqual({
      outcome: 'unknown',
      reason: 'not started: the profile needs {rrn}, which this call does not have',
    });
    expect(runs).toEqual([]);
  });
});

describe('refund, end of day, status, commit', () => {
  it('refunds, and the end of day counts sales less cancels, and refunds off the total', async () => {
    const { terminal } = fakeTerminal();
    const first = await terminal.authorise({ paymentId: 'pay-21', amountMinor: 35000 });
    const second = await terminal.authorise({ paymentId: 'pay-22', amountMinor: 10000 });
    if (first.outcome !== 'approved' || second.outcome !== 'approved') throw new Error('both sales should be approved');
    expect(await terminal.reverse(first.transaction.reference)).toEqual({ outcome: 'done' });
    expect(await terminal.refund(second.transaction.reference, 2500)).toEqual({ outcome: 'done' });
    expect(await terminal.lastTransaction()).toMatchObject({
      outcome: 'found',
      kind: 'refund',
      reference: { amountMinor: 2500 },
    });

    const day = await terminal.endOfDay();
    expect(day).toMatchObject({ outcome: 'done', totals: { count: 1, totalMinor: 7500 } });
    if (day.outcome === 'done')
      expect(day.totals.slip).toEqual(expect.arrayContaining(['СВЕРКА ИТОГОВ', 'Итоги совпали']));
  });

  it('status runs the status command (47) and gives the terminal id', async () => {
    const { terminal, runs } = fakeTerminal();
    expect(await terminal.status()).toEqual({ ready: true, terminalId: '00012345' });
    expect(runs[0]?.args).toEqual(['47', '2']);
  });

  it('commit does nothing for a sale (no held funds) and runs nothing', async () => {
    const { terminal, runs } = fakeTerminal();
    expect(terminal.capabilities).toEqual({
      holdsFunds: false,
      reversal: true,
      refund: true,
      lastTransaction: true,
      abort: false,
    });
    expect(await terminal.commit({ receiptNo: '0001', trace: '612345000001', amountMinor: 35000 })).toEqual({
      outcome: 'done',
    });
    expect(runs).toEqual([]);
  });

  it('an end of day the program never finishes is failed, saying the day may be closed', async () => {
    const { endOfDay } = fakeProfile.operations;
    const { terminal } = fakeTerminal({
      env: { FAKE_PILOT_FAULT: 'hang' },
      profile: {
        ...fakeProfile,
        operations: { ...fakeProfile.operations, endOfDay: { ...endOfDay, timeoutMs: 1000 } },
      },
    });
    expect(await terminal.endOfDay()).toEqual({
      outcome: 'failed',
      reason: expect.stringMatching(/^timeout after \d+ ms .*the day may or may not be closed/),
    });
  });
});

describe('the shipped sb-pilot profile, on the fake pilot writing KOI8-R', () => {
  it('sells and cancels; status checks only the installation; no last-transaction command', async () => {
    const profile = await loadPaymentProfile('sb-pilot');
    const terminal = new PilotTerminal({
      profile,
      command: FAKE_PILOT_PATH,
      workingDir: dir,
      env: { FAKE_PILOT_ENCODING: 'koi8-r' },
    });
    terminals.push(terminal);
    const sale = await terminal.authorise({ paymentId: 'pay-24', amountMinor: 35000 });
    expect(sale).toMatchObject({ outcome: 'approved', transaction: { maskedPan: '**** **** **** 1234' } });
    if (sale.outcome !== 'approved') return;
    expect(sale.transaction.slip).toContain('ОДОБРЕНО');
    expect(await terminal.reverse(sale.transaction.reference)).toEqual({ outcome: 'done' });
    expect(await terminal.lastTransaction()).toEqual({ outcome: 'not_supported' });
    expect(terminal.capabilities).toMatchObject({ holdsFunds: false, lastTransaction: false, abort: false });
    expect(await terminal.status()).toEqual({ ready: true });

    const broken = new PilotTerminal({ profile, command: path.join(dir, 'sb_pilot'), workingDir: dir });
    terminals.push(broken);
    expect(await broken.status()).toMatchObject({
      ready: false,
      reason: expect.stringMatching(/cannot be run: ENOENT/),
    });
  });
});
