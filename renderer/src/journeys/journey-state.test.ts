import { describe, expect, it } from 'vitest';
import type { CatalogueView } from '../../../kiosk-config/src/index';
import { homeOffer, initialJourney, type JourneyAction, type JourneyState, journeyReducer } from './journey-state';
import type { CatalogueLoad } from './ticket/ticket-journey';

// Each journey's own transitions are tested beside it (journeys/<journey>/*-journey.test.ts); here
// what the journeys share: answers for a screen no longer shown, and the home screen's offer.

const notFound = { ok: true, value: { outcome: 'not_found' } } as const;

function run(...actions: JourneyAction[]): JourneyState {
  return actions.reduce(journeyReducer, initialJourney);
}

describe('journeyReducer', () => {
  it('ignores an answer that arrives once its journey was left', () => {
    const home = run({ type: 'open-pay' }, { type: 'back' });
    expect(journeyReducer(home, { type: 'booking-answered', checkId: 1, result: notFound })).toBe(home);
  });
});

describe('the home screen by the office state', () => {
  function loaded(office: CatalogueView['office']): CatalogueLoad {
    return { status: 'loaded', catalogue: { categories: [], services: [], office, a4Printer: true } };
  }

  it('offers everything while open or not yet known', () => {
    expect(homeOffer({ status: 'loading' })).toEqual({ ticket: true, booking: true });
    expect(homeOffer({ status: 'failed' })).toEqual({ ticket: true, booking: true });
    expect(homeOffer(loaded({ state: 'open' }))).toEqual({ ticket: true, booking: true });
  });

  it('offers no walk-in ticket while closed, and the check-in only if the office opens again today', () => {
    expect(homeOffer(loaded({ state: 'closed', opensAt: { time: '08:00', daysAhead: 1 } }))).toEqual({
      ticket: false,
      booking: false,
    });
    expect(homeOffer(loaded({ state: 'closed', opensAt: { time: '14:00', daysAhead: 0 } }))).toEqual({
      ticket: false,
      booking: true,
    });
    expect(homeOffer(loaded({ state: 'booking_only' }))).toEqual({ ticket: false, booking: true });
  });
});
