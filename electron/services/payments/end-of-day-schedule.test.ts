import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../test-support';
import { endOfDayDue, startEndOfDaySchedule } from './end-of-day-schedule';

const ZONE = 'Europe/Moscow';

describe('end of day schedule', () => {
  it('is not due before the closing hour on the office clock', () => {
    expect(endOfDayDue(new Date('2026-11-23T17:59:00Z'), undefined, '21:00', ZONE)).toBe(false);
  });

  it('is due from the closing hour when the day was never closed, or last closed on an earlier day', () => {
    expect(endOfDayDue(new Date('2026-11-23T18:00:00Z'), undefined, '21:00', ZONE)).toBe(true);
    expect(endOfDayDue(new Date('2026-11-23T18:30:00Z'), '2026-11-22T18:01:00Z', '21:00', ZONE)).toBe(true);
  });

  it('is not due again once closed after today’s closing hour', () => {
    expect(endOfDayDue(new Date('2026-11-23T20:00:00Z'), '2026-11-23T18:01:00Z', '21:00', ZONE)).toBe(false);
  });

  it('is due when today’s close happened before the closing hour (closed by hand in the morning)', () => {
    expect(endOfDayDue(new Date('2026-11-23T18:05:00Z'), '2026-11-23T06:00:00Z', '21:00', ZONE)).toBe(true);
  });

  it('takes the office’s midnight, not UTC’s: 02:30 Moscow is the next office day', () => {
    // Closed at 21:10 Moscow on the 23rd; at 23:30Z (02:30 Moscow on the 24th) it is before 21:00: not due.
    expect(endOfDayDue(new Date('2026-11-23T23:30:00Z'), '2026-11-23T18:10:00Z', '21:00', ZONE)).toBe(false);
    // At 21:00 Moscow on the 24th it is due again.
    expect(endOfDayDue(new Date('2026-11-24T18:00:00Z'), '2026-11-23T18:10:00Z', '21:00', ZONE)).toBe(true);
  });

  it('closes the day once when due, and tries again after a refusal', async () => {
    let last: string | undefined;
    const calls: string[] = [];
    const answers = [
      { ok: false, error: { code: 'unsettled_payments', message: '1 payment(s) unsettled' } },
      { ok: true },
    ];
    const service = {
      get lastEndOfDayAt() {
        return last;
      },
      endOfDay: async () => {
        const answer = answers.shift() ?? { ok: true };
        calls.push(answer.ok ? 'closed' : 'refused');
        if (answer.ok) last = '2026-11-23T18:10:00Z';
        return answer as never;
      },
    };
    const stop = startEndOfDaySchedule({
      service,
      closeAt: '21:00',
      timeZone: ZONE,
      log: memoryLogger().log,
      everyMs: 5,
      now: () => new Date('2026-11-23T18:10:00Z'),
    });
    await new Promise((resolve) => setTimeout(resolve, 60));
    stop();
    expect(calls).toEqual(['refused', 'closed']);
  });

  it('schedules nothing without a closing hour (payments.endOfDayAt: null)', async () => {
    let asked = 0;
    const stop = startEndOfDaySchedule({
      service: {
        lastEndOfDayAt: undefined,
        endOfDay: async () => {
          asked += 1;
          return { ok: true } as never;
        },
      },
      closeAt: null,
      timeZone: ZONE,
      log: memoryLogger().log,
      everyMs: 5,
      now: () => new Date('2026-11-23T20:59:00Z'),
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    stop();
    expect(asked).toBe(0);
  });
});
