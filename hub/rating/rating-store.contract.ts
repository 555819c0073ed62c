import { expect, it } from 'vitest';
import { isLowScore } from '../../kiosk-config/src/hub/rating-api';
import type { NewRating, RatingStore } from './rating-store';

/**
 * One store under the contract: a fresh, empty one (`store`), `another` instance on the same data
 * (a second hub process), and `ticketIssued`, which makes a ticket exist where the store's schema
 * asks for one (SQLite's ratings refer to its tickets table).
 */
export interface RatingContractStore {
  store: RatingStore;
  another(): Promise<RatingStore>;
  ticketIssued(ticketId: string, officeId: string): Promise<void>;
}

const rating = (ticketId: string, fields: Partial<NewRating> = {}): NewRating => ({
  ticketId,
  officeId: 'o1',
  serviceId: 'passport',
  window: '3',
  day: '2026-12-07',
  score: 5,
  reasons: [],
  source: 'follow_page',
  ...fields,
});

const withoutWindow = ({ window: _, ...fields }: NewRating): NewRating => fields;

/** The tests every `RatingStore` passes: call inside a `describe` of the store's test file. */
export function ratingStoreContract(openStore: () => Promise<RatingContractStore>): void {
  it('stores one rating per ticket: a second is refused and none of its reasons counts', async () => {
    const { store, ticketIssued } = await openStore();
    await ticketIssued('t1', 'o1');
    expect(await store.isRated('t1')).toBe(false);
    expect(await store.insert(rating('t1', { score: 2, reasons: ['waiting_time'] }))).toBe('stored');
    expect(await store.isRated('t1')).toBe(true);
    expect(await store.insert(rating('t1', { score: 5, reasons: ['staff', 'comfort'], source: 'kiosk' }))).toBe(
      'already_rated',
    );
    expect(await store.summarize('o1', '2026-12-01', '2026-12-31')).toEqual([
      { serviceId: 'passport', window: '3', count: 1, scoreSum: 2, reasons: { waiting_time: { low: 1, high: 0 } } },
    ]);
  });

  it('sums the office’s ratings of the days asked by service and window, reasons as shortcomings or strengths', async () => {
    const { store, ticketIssued } = await openStore();
    const given: NewRating[] = [
      rating('a', { score: 5, reasons: ['staff', 'service_time'] }),
      rating('b', { score: 1, reasons: ['staff', 'waiting_time'], source: 'kiosk' }),
      rating('c', { score: 4, window: '1', reasons: ['comfort'] }),
      rating('d', { serviceId: 'benefits', score: 3, reasons: [] }),
      // Without a window (old rows), another office, and a day outside the range.
      withoutWindow(rating('e', { serviceId: 'benefits', score: 2, reasons: ['information'] })),
      rating('f', { officeId: 'o2', score: 1, reasons: ['staff'] }),
      rating('g', { day: '2026-11-30', score: 1 }),
    ];
    for (const one of given) {
      await ticketIssued(one.ticketId, one.officeId);
      expect(await store.insert(one)).toBe('stored');
    }
    expect(await store.summarize('o1', '2026-12-01', '2026-12-07')).toEqual([
      { serviceId: 'benefits', count: 1, scoreSum: 2, reasons: { information: { low: 1, high: 0 } } },
      { serviceId: 'benefits', window: '3', count: 1, scoreSum: 3, reasons: {} },
      { serviceId: 'passport', window: '1', count: 1, scoreSum: 4, reasons: { comfort: { low: 0, high: 1 } } },
      {
        serviceId: 'passport',
        window: '3',
        count: 2,
        scoreSum: 6,
        reasons: { staff: { low: 1, high: 1 }, service_time: { low: 0, high: 1 }, waiting_time: { low: 1, high: 0 } },
      },
    ]);
    expect(await store.summarize('o1', '2026-11-30', '2026-11-30')).toEqual([
      { serviceId: 'passport', window: '3', count: 1, scoreSum: 1, reasons: {} },
    ]);
    expect(await store.summarize('o3', '2026-01-01', '2026-12-31')).toEqual([]);
  });

  it('counts one rating of a ticket rated at once through two instances', async () => {
    const { store, another, ticketIssued } = await openStore();
    const stores = [store, await another()];
    await ticketIssued('raced', 'o1');
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (stores[i % 2] as RatingStore).insert(rating('raced', { score: (i % 5) + 1, reasons: ['staff'] })),
      ),
    );
    expect(outcomes.filter((outcome) => outcome === 'stored')).toHaveLength(1);
    const [group] = await (stores[1] as RatingStore).summarize('o1', '2026-12-07', '2026-12-07');
    expect(group?.count).toBe(1);
    expect(group?.reasons.staff).toEqual(isLowScore(group?.scoreSum ?? 0) ? { low: 1, high: 0 } : { low: 0, high: 1 });
  });
}
