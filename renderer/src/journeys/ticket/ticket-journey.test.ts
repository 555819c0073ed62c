import { describe, expect, it } from 'vitest';
import type { CatalogueView, ServiceView } from '../../../../kiosk-config/src/index';
import { CATALOGUE, TICKET } from '../../../../test/support/journey-fixtures';
import { initialJourney, type JourneyAction, type JourneyState, journeyReducer } from '../journey-state';
import {
  categoriesWithServices,
  isTicketAction,
  isTicketScreen,
  previousTicketScreen,
  servicesOf,
  type TicketAction,
  type TicketScreen,
  type TicketState,
  ticketReducer,
} from './ticket-journey';

/** The shared catalogue's one service: the passport, open for a walk-in ticket. */
const passport = CATALOGUE.services[0] as ServiceView;
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
const ticket = TICKET;

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

describe('the ticket journey', () => {
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

  it('lists only categories with services', () => {
    expect(categoriesWithServices(catalogue).map((category) => category.id)).toEqual(['docs']);
    expect(servicesOf(catalogue, 'docs')).toEqual([passport]);
  });
  it('ignores answers that arrive for a screen no longer shown', () => {
    const home = run({ type: 'open-pay' }, { type: 'back' });
    expect(journeyReducer(home, { type: 'issued', ticket })).toBe(home);
    expect(journeyReducer(home, { type: 'choose-service', service: passport })).toBe(home);
    expect(journeyReducer(home, { type: 'a4-printed', serviceId: 'passport', result: { ok: true, value: {} } })).toBe(
      home,
    );
  });

  it('keeps the catalogue shown when a refresh fails or is under way', () => {
    const shown = run({ type: 'catalogue-loaded', catalogue });
    expect(journeyReducer(shown, { type: 'catalogue-loading' })).toBe(shown);
    expect(journeyReducer(shown, { type: 'catalogue-failed' })).toBe(shown);
    expect(run({ type: 'catalogue-failed' }).catalogue).toEqual({ status: 'failed' });
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

describe('ticketReducer on its own', () => {
  it('changes nothing while another journey’s screen shows, but keeps the catalogue current', () => {
    const elsewhere: TicketState = { screen: null, catalogue: { status: 'loading' } };
    for (const action of [
      { type: 'choose-category', categoryId: 'docs' },
      { type: 'printing' },
      { type: 'issued', ticket },
      { type: 'issue-failed', code: 'printer_error' },
    ] satisfies TicketAction[]) {
      expect(ticketReducer(elsewhere, action)).toBe(elsewhere);
    }
    expect(ticketReducer(elsewhere, { type: 'catalogue-loaded', catalogue }).catalogue).toEqual({
      status: 'loaded',
      catalogue,
    });
  });

  it('knows its own screens and actions', () => {
    expect(isTicketScreen({ name: 'confirm' })).toBe(true);
    expect(isTicketScreen({ name: 'booking' })).toBe(false);
    expect(isTicketAction({ type: 'a4-printing' })).toBe(true);
    expect(isTicketAction({ type: 'booking-key' })).toBe(false);
  });

  it('leads «Назад» out of the journey from the first screens, and never out of printing', () => {
    expect(previousTicketScreen({ name: 'categories' })).toBe('home');
    expect(previousTicketScreen({ name: 'ticket-unavailable', fault: 'paper_out' })).toBe('home');
    const printing: TicketScreen = { name: 'printing', service: passport };
    expect(previousTicketScreen(printing)).toBe(printing);
  });
});
