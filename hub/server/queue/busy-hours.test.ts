import { describe, expect, it } from 'vitest';
import { busiestStretches, busyHoursOf, sameWeekdaysBefore, weekdayOf } from './busy-hours';

/** A ticket issued on `day` at `time` UTC. */
const at = (day: string, time: string) => ({ day, issuedAt: `${day}T${time}:00.000Z` });

describe('busy hours', () => {
  it('samples the same weekday of the four weeks before, newest first', () => {
    expect(sameWeekdaysBefore('2026-11-23')).toEqual(['2026-11-16', '2026-11-09', '2026-11-02', '2026-10-26']);
    expect(sameWeekdaysBefore('2026-03-02', 1)).toEqual(['2026-02-23']);
    expect(weekdayOf('2026-11-23')).toBe('mon');
    expect(weekdayOf('2026-11-29')).toBe('sun');
  });

  it("averages tickets per hour of the office's wall clock over the days that had any", () => {
    const issued = [
      // 16 Nov in Samara (UTC+4): two at 09, one at 12.
      at('2026-11-16', '05:10'),
      at('2026-11-16', '05:50'),
      at('2026-11-16', '08:30'),
      // 9 Nov: one at 09, two at 10.
      at('2026-11-09', '05:20'),
      at('2026-11-09', '06:00'),
      at('2026-11-09', '06:59'),
    ];
    expect(busyHoursOf('2026-11-23', issued, 'Europe/Samara')).toEqual({
      weekday: 'mon',
      daysSampled: 2,
      hours: [
        { hour: 9, averageTickets: 1.5 },
        { hour: 10, averageTickets: 1 },
        { hour: 11, averageTickets: 0 },
        { hour: 12, averageTickets: 0.5 },
      ],
      busiest: [{ from: '09:00', to: '10:00' }],
    });
  });

  it('is null without history, so the page says there is too little data', () => {
    expect(busyHoursOf('2026-11-23', [], 'Europe/Moscow')).toBeNull();
  });

  it('joins busy hours that follow each other and keeps apart those that do not', () => {
    const hours = [8, 9, 10, 11, 12, 13, 14].map((hour, i) => ({
      hour,
      averageTickets: [1, 8, 10, 4, 2, 7.5, 9][i] ?? 0,
    }));
    expect(busiestStretches(hours)).toEqual([
      { from: '09:00', to: '11:00' },
      { from: '13:00', to: '15:00' },
    ]);
    expect(busiestStretches([])).toEqual([]);
    expect(busiestStretches([{ hour: 23, averageTickets: 1 }])).toEqual([{ from: '23:00', to: '24:00' }]);
  });
});
