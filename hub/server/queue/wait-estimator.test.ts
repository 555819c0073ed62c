import { describe, expect, it } from 'vitest';
import { inCallOrder, type QueuedTicket, ticketsAhead } from './queue-order';
import { estimateWait, MIN_RECENT_SAMPLES, percentile, roundOutward } from './wait-estimator';

describe('wait estimator', () => {
  // Service times recorded at a rural office's passport window (minutes).
  const recorded = [12, 9, 15, 11, 18, 14, 10, 16, 13, 20, 12, 17];

  it('takes p25…p75 of recent service times per person ahead, rounded outward to 5 minutes', () => {
    expect(percentile(recorded, 0.25)).toBeCloseTo(11.75);
    expect(percentile(recorded, 0.75)).toBeCloseTo(16.25);
    // 3 × 11.75 = 35.25 → 35; 3 × 16.25 = 48.75 → 50.
    expect(estimateWait({ peopleAhead: 3, serviceMinutes: recorded, windows: 1, typicalMinutesAhead: 45 })).toEqual({
      minMinutes: 35,
      maxMinutes: 50,
      basis: 'recent',
    });
  });

  it('divides by the windows serving the queue, and counts no window as one', () => {
    const two = estimateWait({ peopleAhead: 6, serviceMinutes: recorded, windows: 2, typicalMinutesAhead: 0 });
    expect(two).toEqual({ minMinutes: 35, maxMinutes: 50, basis: 'recent' });
    const none = estimateWait({ peopleAhead: 3, serviceMinutes: recorded, windows: 0, typicalMinutesAhead: 0 });
    expect(none).toEqual({ minMinutes: 35, maxMinutes: 50, basis: 'recent' });
  });

  it("falls back to the catalogue's typical minutes ± 30% with too few recent times", () => {
    const few = recorded.slice(0, MIN_RECENT_SAMPLES - 1);
    // Two people ahead whose services usually take 20 and 15 minutes: 35 × 0.7 = 24.5 → 20; 35 × 1.3 = 45.5 → 50.
    expect(estimateWait({ peopleAhead: 2, serviceMinutes: few, windows: 1, typicalMinutesAhead: 35 })).toEqual({
      minMinutes: 20,
      maxMinutes: 50,
      basis: 'typical',
    });
    expect(
      estimateWait({
        peopleAhead: 2,
        serviceMinutes: recorded.slice(0, MIN_RECENT_SAMPLES),
        windows: 1,
        typicalMinutesAhead: 35,
      })?.basis,
    ).toBe('recent');
  });

  it('ignores service times that cannot be real (zero, negative, not a number)', () => {
    const noisy = [0, -3, Number.NaN, 12, 14];
    expect(estimateWait({ peopleAhead: 1, serviceMinutes: noisy, windows: 1, typicalMinutesAhead: 15 })?.basis).toBe(
      'typical',
    );
  });

  it('has no estimate with nobody ahead', () => {
    expect(estimateWait({ peopleAhead: 0, serviceMinutes: recorded, windows: 1, typicalMinutesAhead: 0 })).toBeNull();
  });

  it('never gives a single minute: the range is at least one 5-minute step wide', () => {
    expect(roundOutward(10, 10, 'recent')).toEqual({ minMinutes: 10, maxMinutes: 15, basis: 'recent' });
    expect(roundOutward(0.4, 2, 'typical')).toEqual({ minMinutes: 0, maxMinutes: 5, basis: 'typical' });
    expect(roundOutward(11, 19, 'recent')).toEqual({ minMinutes: 10, maxMinutes: 20, basis: 'recent' });
    expect(() => percentile([], 0.5)).toThrow();
    expect(percentile([7], 0.75)).toBe(7);
  });
});

describe('call order and people ahead', () => {
  const t = (ticketId: string, minute: number, extra: Partial<QueuedTicket> = {}): QueuedTicket => ({
    ticketId,
    prefix: 'А',
    priority: false,
    state: 'waiting',
    issuedAt: `2026-11-23T07:${String(minute).padStart(2, '0')}:00.000Z`,
    ...extra,
  });
  const queue = [
    t('a1', 0),
    t('a2', 5),
    t('booked', 6, { priority: true }),
    t('b1', 1, { prefix: 'Б' }),
    t('called', 2, { state: 'called' }),
    t('a3', 7),
    // An offline ticket merged late takes its place by the time it was issued.
    t('offline', 3),
  ];

  it('calls booked visitors first, then by the time of issue', () => {
    expect(inCallOrder(queue.filter((x) => x.prefix === 'А')).map((x) => x.ticketId)).toEqual([
      'booked',
      'a1',
      'called',
      'offline',
      'a2',
      'a3',
    ]);
  });

  it('counts waiting tickets of the same queue before the ticket', () => {
    const ahead = (id: string) =>
      ticketsAhead(queue, queue.find((x) => x.ticketId === id) as QueuedTicket).map((x) => x.ticketId);
    expect(ahead('a1')).toEqual(['booked']);
    expect(ahead('a3')).toEqual(['booked', 'a1', 'offline', 'a2']);
    // A booked visitor has only booked visitors ahead.
    expect(ahead('booked')).toEqual([]);
    expect(ahead('b1')).toEqual([]);
    // Called (or finished) tickets have nobody ahead.
    expect(ahead('called')).toEqual([]);
  });

  it('keeps the stored order for tickets issued at the same moment', () => {
    const same = [t('x', 1), t('y', 1), t('z', 1)];
    expect(inCallOrder(same).map((x) => x.ticketId)).toEqual(['x', 'y', 'z']);
  });
});
