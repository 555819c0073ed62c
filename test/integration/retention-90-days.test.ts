import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, mkdtemp, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { LOG_ROTATION, openLogger } from '../../electron/services/logging/logger';
import { PAYMENT_ARCHIVE_DAYS, PaymentJournal, PaymentRecord } from '../../electron/services/payments/payment-journal';
import type { PaymentState } from '../../electron/services/payments/payment-state';
import { TestClock } from '../../electron/services/payments/payment-test-support';
import { applyRetention } from '../../electron/services/storage/retention';
import { type JournalEntry, TICKET_JOURNAL_DAYS, TicketJournal } from '../../electron/services/tickets/ticket-journal';
import { officeDate } from '../../kiosk-config/src/index';

/**
 * Ninety days of a rural office's kiosk, compressed into seconds: every day 300 tickets, 30 card
 * payments and the log lines they cause, the clock advanced a day at a time and the retention
 * pass run at each day change as the schedule does. The data folder must stay within a fixed
 * budget all along, whatever the number of days.
 */

const DAYS = 90;
const TICKETS_PER_DAY = 300;
const PAYMENTS_PER_DAY = 30;
/**
 * The log's daily volume: about eight lines per ticket and payment (calls, device polls, the hub
 * link) of ~230 bytes, ~600 KB a day, written as 600 lines of 1 KB to keep the run short.
 */
const LOG_LINES_PER_DAY = 600;
const MiB = 1024 * 1024;
/**
 * The budget: the logs' 5 × 5 MB (and one line over per file), a week of ticket journals
 * (~0.5 MB a day) and 45 days of payment archive (~60 KB a day), with room to spare.
 */
const DISK_BUDGET_BYTES = 32 * MiB;
const TIME_ZONE = 'Europe/Moscow';
const DAY_MS = 24 * 3_600_000;

async function folderSize(dir: string): Promise<{ bytes: number; files: string[] }> {
  let bytes = 0;
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    bytes += (await stat(file)).size;
    files.push(path.relative(dir, file));
  }
  return { bytes, files };
}

/** One ticket's journal lines as the ticket service writes them (requested, issued, printed, reported). */
function ticketLines(at: Date, n: number): string {
  const ticketId = randomUUID();
  const number = `Б-${String(n).padStart(3, '0')}`;
  const entries: JournalEntry[] = [
    { event: 'requested', ticketId, kind: 'walk_in', serviceId: 'passport-rf', at: at.toISOString() },
    {
      event: 'issued',
      ticketId,
      number,
      serviceId: 'passport-rf',
      issuedAt: at.toISOString(),
      source: 'kiosk',
      priority: false,
      peopleAhead: 4,
      wait: { minMinutes: 10, maxMinutes: 25, basis: 'recent' },
      followUrl: `https://hub.example.ru/t/${randomUUID()}`,
    },
    { event: 'printed', ticketId, number },
    { event: 'print_reported', ticketId, printed: 'yes' },
  ];
  return entries.map((entry) => `${JSON.stringify(entry)}\n`).join('');
}

/** A card payment's journal lines, from `created` to `committed`, as `PaymentJournal` writes them. */
function paymentJournalLines(clock: TestClock, day: number, n: number): string {
  const createdAt = clock.now().toISOString();
  let record: PaymentRecord = {
    id: randomUUID(),
    state: 'created',
    amountMinor: 150_000,
    charge: { feeId: 'passport-rf', title: 'Госпошлина: Замена паспорта' },
    createdAt,
    updatedAt: createdAt,
  };
  const lines: PaymentRecord[] = [record];
  const step = (state: PaymentState, patch: Partial<PaymentRecord> = {}) => {
    clock.advance(15_000);
    record = PaymentRecord.parse({ ...record, ...patch, state, updatedAt: clock.now().toISOString() });
    lines.push(record);
  };
  step('authorising', { authorisingAt: clock.now().toISOString(), terminalBefore: { kind: 'none' } });
  step('authorised', {
    transaction: {
      reference: { receiptNo: String(n + 1), trace: String(n + 1), amountMinor: 150_000 },
      rrn: `6327${String(day).padStart(4, '0')}${String(n).padStart(4, '0')}`,
      authCode: 'A10001',
      maskedPan: '**** 1234',
      at: clock.now().toISOString(),
      terminalId: '10000001',
      slip,
    },
  });
  step('delivering');
  step('delivered', { receipt: { printed: 'yes', reprintNeeded: false, copies: 0 } });
  step('committed');
  return lines.map((payment) => `${JSON.stringify({ v: 1, payment })}\n`).join('');
}

const slip = Array.from({ length: 24 }, (_, i) => `СТРОКА ЧЕКА ТЕРМИНАЛА ${String(i).padStart(2, '0')}`);

describe('retention over 90 days', () => {
  it('keeps the data folder of a busy rural kiosk within a fixed disk budget', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'okno-retention-'));
    const clock = new TestClock('2026-01-12T05:00:00.000Z');
    const log = await openLogger({ dataDir });
    const tickets = new TicketJournal(path.join(dataDir, 'tickets'), log);
    await mkdir(tickets.dir, { recursive: true });
    const paymentsDir = path.join(dataDir, 'payments');
    let payments = await PaymentJournal.open({ dir: paymentsDir, log, now: clock.now });
    const filler = 'x'.repeat(930);
    let largest = 0;

    for (let day = 0; day < DAYS; day += 1) {
      const opening = clock.now().getTime();
      // Tickets: the day's journal lines, written together (the service appends them one by one).
      const date = officeDate(clock.now(), TIME_ZONE);
      let lines = '';
      for (let n = 1; n <= TICKETS_PER_DAY; n += 1) lines += ticketLines(new Date(opening + n * 100_000), n);
      await appendFile(tickets.fileFor(date), lines, { mode: 0o600 });

      // Payments: each one's snapshot lines as the journal writes them (created … committed, the
      // terminal's slip in the last ones), written together; the journal is then opened as at a
      // start, which replays and archives. (The daily archive while running is
      // payment-journal.test.ts's; the journal's fsyncs per line would make this run minutes.)
      let paymentLines = '';
      for (let n = 0; n < PAYMENTS_PER_DAY; n += 1) paymentLines += paymentJournalLines(clock, day, n);
      await appendFile(path.join(paymentsDir, 'journal.jsonl'), paymentLines, { mode: 0o600 });
      payments = await PaymentJournal.open({ dir: paymentsDir, log, now: clock.now });

      // The log: the day's lines, one at a time as the services write them.
      for (let n = 0; n < LOG_LINES_PER_DAY; n += 1) {
        log.info({ component: 'tickets', day, n, filler }, 'ticket issued');
        if (n % 5 === 0) await nextTurn();
      }

      // Midnight: the retention schedule's daily pass.
      clock.advance(opening + DAY_MS - clock.now().getTime());
      await applyRetention({ tickets, payments, timeZone: TIME_ZONE, log }, clock.now());
      await nextTurn();
      largest = Math.max(largest, (await folderSize(dataDir)).bytes);
    }

    const { bytes, files } = await folderSize(dataDir);
    expect(largest).toBeLessThanOrEqual(DISK_BUDGET_BYTES);
    expect(bytes).toBeLessThanOrEqual(DISK_BUDGET_BYTES);
    // Each store at its stated retention.
    expect(files.filter((f) => f.startsWith(`tickets${path.sep}`))).toHaveLength(TICKET_JOURNAL_DAYS - 1);
    expect(files.filter((f) => f.startsWith(`logs${path.sep}`)).length).toBeLessThanOrEqual(LOG_ROTATION.files);
    expect(files.filter((f) => f.includes(`${path.sep}archive${path.sep}`))).toHaveLength(PAYMENT_ARCHIVE_DAYS);
    // Everything of the last days is still there: recovery and reprints work.
    expect(payments.all()).toEqual([]);
    const lastDay = officeDate(new Date(clock.now().getTime() - DAY_MS), TIME_ZONE);
    expect((await tickets.read(tickets.fileFor(lastDay))).length).toBe(TICKETS_PER_DAY * 4);
  });
});
