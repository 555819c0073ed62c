import { describe, expect, it } from 'vitest';
import type { CatalogueView, IssuedTicket, ServiceView } from '../../../kiosk-config/src/index';
import { homeOffer, initialJourney, type JourneyAction, type JourneyState, journeyReducer } from './journey-state';
import { type CatalogueLoad, categoriesWithServices, servicesOf } from './ticket/ticket-journey';

const passport: ServiceView = {
  id: 'passport',
  categoryId: 'docs',
  name: 'Паспорт гражданина РФ',
  prefix: 'П',
  documents: ['Старый паспорт', 'Две фотографии'],
  availability: { state: 'open' },
};
const byAppointment: ServiceView = {
  ...passport,
  id: 'foreign-passport',
  name: 'Загранпаспорт',
  availability: { state: 'booking_only' },
};
const closedService: ServiceView = {
  ...passport,
  id: 'registration',
  name: 'Регистрация по месту жительства',
  availability: { state: 'closed', opensAt: { time: '08:00', daysAhead: 1 } },
};
const catalogue: CatalogueView = {
  categories: [
    { id: 'docs', name: 'Документы' },
    { id: 'empty', name: 'Пустая' },
  ],
  services: [passport],
  office: { state: 'open' },
  a4Printer: true,
};
const ticket: IssuedTicket = {
  number: 'П-001',
  serviceId: 'passport',
  serviceName: 'Паспорт гражданина РФ',
  officeName: 'МФЦ',
  issuedAt: '2025-01-01T10:00:00+03:00',
  peopleAhead: 3,
  wait: { minMinutes: 10, maxMinutes: 20, basis: 'recent' },
  offline: false,
  priority: false,
  documents: ['Старый паспорт', 'Две фотографии'],
  print: 'printed',
};

const notFound = { ok: true, value: { outcome: 'not_found' } } as const;

function run(...actions: JourneyAction[]): JourneyState {
  return actions.reduce(journeyReducer, initialJourney);
}

/** Home → tickets → the passport's category → a service's card. */
function chooseService(service: ServiceView): JourneyState {
  return run(
    { type: 'open-tickets', printerFault: null },
    { type: 'choose-category', categoryId: 'docs' },
    { type: 'choose-service', service },
  );
}

describe('journeyReducer', () => {
  it('walks the ticket path to the issued ticket', () => {
    const state = run(
      { type: 'open-tickets', printerFault: null },
      { type: 'catalogue-loaded', catalogue },
      { type: 'choose-category', categoryId: 'docs' },
      { type: 'choose-service', service: passport },
      { type: 'printing' },
      { type: 'issued', ticket },
    );
    expect(state.screen).toEqual({ name: 'issued', ticket, slotTime: null });
  });

  it('explains instead of starting when the printer reports a fault', () => {
    expect(run({ type: 'open-tickets', printerFault: 'paper_out' }).screen).toEqual({
      name: 'ticket-unavailable',
      fault: 'paper_out',
    });
  });

  it('shows the fault and allows a retry from the error screen', () => {
    const failed = journeyReducer(chooseService(passport), { type: 'printing' });
    const error = journeyReducer(failed, { type: 'issue-failed', code: 'printer_error' });
    expect(error.screen).toEqual({
      name: 'ticket-error',
      code: 'printer_error',
      retry: { kind: 'walk-in', service: passport },
    });
    expect(journeyReducer(error, { type: 'printing' }).screen).toEqual({ name: 'printing', service: passport });
    expect(journeyReducer(error, { type: 'back' }).screen).toEqual({ name: 'services', categoryId: 'docs' });
  });

  it('goes back one step at a time, never out of printing', () => {
    const confirm = chooseService(passport);
    expect(confirm.screen).toEqual({ name: 'confirm', service: passport, a4: 'idle' });
    const services = journeyReducer(confirm, { type: 'back' });
    expect(services.screen).toEqual({ name: 'services', categoryId: 'docs' });
    const categories = journeyReducer(services, { type: 'back' });
    expect(categories.screen).toEqual({ name: 'categories' });
    expect(journeyReducer(categories, { type: 'back' }).screen).toEqual({ name: 'home' });
    const printing = journeyReducer(confirm, { type: 'printing' });
    expect(journeyReducer(printing, { type: 'back' }).screen.name).toBe('printing');
  });

  it('ignores results that arrive for a screen no longer shown', () => {
    const home = run({ type: 'open-pay' }, { type: 'back' });
    expect(journeyReducer(home, { type: 'issued', ticket })).toBe(home);
    expect(journeyReducer(home, { type: 'choose-service', service: passport })).toBe(home);
    expect(journeyReducer(home, { type: 'booking-answered', checkId: 1, result: notFound })).toBe(home);
    expect(journeyReducer(home, { type: 'a4-printed', serviceId: 'passport', result: { ok: true, value: {} } })).toBe(
      home,
    );
  });

  it('lists only categories with services', () => {
    expect(categoriesWithServices(catalogue).map((category) => category.id)).toEqual(['docs']);
    expect(servicesOf(catalogue, 'docs')).toEqual([passport]);
  });
});

describe('the services by their state', () => {
  it('leads a booking-only card to the check-in, not to a ticket', () => {
    const offer = chooseService(byAppointment);
    expect(offer.screen).toEqual({ name: 'booking-only', service: byAppointment });
    expect(journeyReducer(offer, { type: 'printing' })).toBe(offer);
    expect(journeyReducer(offer, { type: 'open-booking', printerFault: null }).screen).toEqual({
      name: 'booking',
      digits: '',
      problem: null,
    });
    expect(journeyReducer(offer, { type: 'back' }).screen).toEqual({ name: 'services', categoryId: 'docs' });
  });

  it('takes no ticket for a closed service', () => {
    const services = run({ type: 'open-tickets', printerFault: null }, { type: 'choose-category', categoryId: 'docs' });
    expect(journeyReducer(services, { type: 'choose-service', service: closedService })).toBe(services);
  });

  it('offers the check-in on the error screen when the hub says the service needs a booking', () => {
    const error = run(
      { type: 'open-tickets', printerFault: null },
      { type: 'choose-category', categoryId: 'docs' },
      { type: 'choose-service', service: passport },
      { type: 'printing' },
      { type: 'issue-failed', code: 'booking_required' },
    );
    expect(error.screen).toMatchObject({ name: 'ticket-error', code: 'booking_required' });
    expect(journeyReducer(error, { type: 'open-booking', printerFault: null }).screen.name).toBe('booking');
  });
});

describe('the A4 list of documents', () => {
  const confirm = chooseService(passport);

  it('prints once and says where the sheet is', () => {
    const printing = journeyReducer(confirm, { type: 'a4-printing' });
    expect(printing.screen).toMatchObject({ name: 'confirm', a4: 'printing' });
    // A second tap while it prints changes nothing.
    expect(journeyReducer(printing, { type: 'a4-printing' })).toBe(printing);
    const printed = journeyReducer(printing, {
      type: 'a4-printed',
      serviceId: 'passport',
      result: { ok: true, value: {} },
    });
    expect(printed.screen).toMatchObject({ name: 'confirm', a4: 'printed' });
    // The ticket can still be taken from there.
    expect(journeyReducer(printed, { type: 'printing' }).screen).toEqual({ name: 'printing', service: passport });
  });

  it('shows the list on the screen when the office printer is unavailable, then back without the button', () => {
    const printing = journeyReducer(confirm, { type: 'a4-printing' });
    const preview = journeyReducer(printing, {
      type: 'a4-printed',
      serviceId: 'passport',
      result: { ok: false, error: { code: 'office_printer_unavailable', message: 'test' } },
    });
    expect(preview.screen).toEqual({
      name: 'documents-preview',
      service: passport,
      code: 'office_printer_unavailable',
    });
    expect(journeyReducer(preview, { type: 'back' }).screen).toEqual({
      name: 'confirm',
      service: passport,
      a4: 'failed',
    });
  });

  it('drops an answer for another service', () => {
    const printing = journeyReducer(confirm, { type: 'a4-printing' });
    expect(journeyReducer(printing, { type: 'a4-printed', serviceId: 'other', result: { ok: true, value: {} } })).toBe(
      printing,
    );
  });
});

describe('the home screen by the office state', () => {
  function loaded(office: CatalogueView['office']): CatalogueLoad {
    return { status: 'loaded', catalogue: { ...catalogue, office } };
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

  it('keeps the catalogue shown when a refresh fails or is under way', () => {
    const shown = run({ type: 'catalogue-loaded', catalogue });
    expect(journeyReducer(shown, { type: 'catalogue-loading' })).toBe(shown);
    expect(journeyReducer(shown, { type: 'catalogue-failed' })).toBe(shown);
    expect(run({ type: 'catalogue-failed' }).catalogue).toEqual({ status: 'failed' });
  });
});
