import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { memoryLogger } from '../test-support';
import { TicketJournal } from '../tickets/ticket-journal';
import { daysBefore, startRetentionSchedule } from './retention';

describe('the retention schedule', () => {
  it('prunes ticket journals once per office day while the kiosk runs, never today’s or yesterday’s', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'okno-retention-'));
    for (let back = 0; back < 12; back += 1) {
      await writeFile(path.join(dir, `journal-${daysBefore('2026-03-20', back)}.jsonl`), '');
    }
    await writeFile(path.join(dir, 'counter.json'), '{}');
    const { log } = memoryLogger();
    const tickets = new TicketJournal(dir, log);
    const prune = vi.spyOn(tickets, 'prune');
    const payments = { archiveFinished: vi.fn(async () => {}), pruneArchive: vi.fn(async () => []) };
    // 23:30 in Moscow on 20 March.
    let now = new Date('2026-03-20T20:30:00.000Z');
    const stop = startRetentionSchedule(
      { tickets, payments, timeZone: 'Europe/Moscow', log, ticketJournalDays: 3 },
      { everyMs: 5, now: () => now },
    );
    await vi.waitFor(() => expect(payments.pruneArchive).toHaveBeenCalledTimes(1));
    expect((await readdir(dir)).sort()).toEqual([
      'counter.json',
      'journal-2026-03-18.jsonl',
      'journal-2026-03-19.jsonl',
      'journal-2026-03-20.jsonl',
    ]);
    // The same day: nothing more. Past midnight in the office: one more pass.
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(prune).toHaveBeenCalledTimes(1);
    now = new Date('2026-03-20T21:30:00.000Z');
    await vi.waitFor(() => expect(payments.pruneArchive).toHaveBeenCalledTimes(2));
    stop();
    expect(prune).toHaveBeenCalledTimes(2);
    expect(await readdir(dir)).not.toContain('journal-2026-03-18.jsonl');
    expect(payments.archiveFinished).toHaveBeenCalledWith('2026-03-20');
    expect(payments.pruneArchive).toHaveBeenLastCalledWith('2026-02-03');
  });
});
