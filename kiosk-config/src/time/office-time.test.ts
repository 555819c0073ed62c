import { describe, expect, it } from 'vitest';
import { officeDate, officeIsoTime, officeWallClock } from './office-time';

describe('office time', () => {
  const lateEvening = new Date('2026-11-23T21:30:05Z');
  it('turns the day at the office midnight, not UTC', () => {
    expect(officeDate(lateEvening, 'UTC')).toBe('2026-11-23');
    expect(officeDate(lateEvening, 'Europe/Moscow')).toBe('2026-11-24');
    expect(officeDate(lateEvening, 'Asia/Vladivostok')).toBe('2026-11-24');
  });
  it('writes ISO times with the office offset', () => {
    expect(officeIsoTime(lateEvening, 'Europe/Moscow')).toBe('2026-11-24T00:30:05+03:00');
    expect(officeIsoTime(lateEvening, 'UTC')).toBe('2026-11-23T21:30:05+00:00');
  });
  it('prints the wall clock the Russian way', () => {
    expect(officeWallClock(lateEvening, 'Asia/Yekaterinburg')).toBe('24.11.2026 02:30');
  });
});
