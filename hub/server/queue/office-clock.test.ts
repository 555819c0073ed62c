import { describe, expect, it } from 'vitest';
import { availability } from '../../../kiosk-config/src/catalogue/working-hours';
import { addDays, officeInstant, opensAtIso } from './office-clock';

describe('office clock', () => {
  it('finds the instant of a wall-clock time in a zone', () => {
    expect(officeInstant('2026-11-23', '08:00', 'Europe/Moscow').toISOString()).toBe('2026-11-23T05:00:00.000Z');
    expect(officeInstant('2026-11-23', '08:00', 'Asia/Vladivostok').toISOString()).toBe('2026-11-22T22:00:00.000Z');
    expect(officeInstant('2026-01-01', '00:30', 'UTC').toISOString()).toBe('2026-01-01T00:30:00.000Z');
    // A zone with daylight saving, on the day it springs forward.
    expect(officeInstant('2026-03-29', '12:00', 'Europe/Berlin').toISOString()).toBe('2026-03-29T10:00:00.000Z');
  });

  it('says when a closed service opens, with the office offset', () => {
    const hours = { mon: [{ from: '08:00', to: '20:00' }], sat: [{ from: '09:00', to: '15:00' }] };
    // Saturday 2026-11-21 16:00 in Moscow: closed until Monday 08:00.
    const saturdayEvening = new Date('2026-11-21T13:00:00Z');
    const closed = availability(hours, saturdayEvening, 'Europe/Moscow');
    expect(opensAtIso(closed, saturdayEvening, 'Europe/Moscow')).toBe('2026-11-23T08:00:00+03:00');
    const open = availability(hours, new Date('2026-11-23T06:00:00Z'), 'Europe/Moscow');
    expect(opensAtIso(open, new Date('2026-11-23T06:00:00Z'), 'Europe/Moscow')).toBeUndefined();
    expect(opensAtIso({ open: false }, saturdayEvening, 'Europe/Moscow')).toBeUndefined();
    expect(addDays('2026-12-31', 2)).toBe('2027-01-02');
  });
});
