import { describe, expect, it } from 'vitest';
import type { CatalogueView, IssuedTicket, ServiceView } from '../../../kiosk-config/src/index';
import {
  categoriesWithServices,
  initialJourney,
  type JourneyAction,
  type JourneyState,
  journeyReducer,
  servicesOf,
} from './journey-state';

const passport: ServiceView = {
  id: 'passport',
  categoryId: 'docs',
  name: 'Паспорт гражданина РФ',
  prefix: 'П',
  documents: ['Старый паспорт', 'Две фотографии'],
};
const catalogue: CatalogueView = {
  categories: [
    { id: 'docs', name: 'Документы' },
    { id: 'empty', name: 'Пустая' },
  ],
  services: [passport],
};
const ticket: IssuedTicket = {
  number: 'П-001',
  serviceId: 'passport',
  serviceName: 'Паспорт гражданина РФ',
  officeName: 'МФЦ',
  issuedAt: '2025-01-01T10:00:00+03:00',
};

function run(...actions: JourneyAction[]): JourneyState {
  return actions.reduce(journeyReducer, initialJourney);
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
    expect(state.screen).toEqual({ name: 'issued', ticket });
  });

  it('explains instead of starting when the printer reports a fault', () => {
    expect(run({ type: 'open-tickets', printerFault: 'paper_out' }).screen).toEqual({
      name: 'ticket-unavailable',
      fault: 'paper_out',
    });
  });

  it('shows the fault and allows a retry from the error screen', () => {
    const failed = run(
      { type: 'open-tickets', printerFault: null },
      { type: 'choose-category', categoryId: 'docs' },
      { type: 'choose-service', service: passport },
      { type: 'printing' },
      { type: 'issue-failed', code: 'printer_error' },
    );
    expect(failed.screen).toEqual({ name: 'ticket-error', service: passport, code: 'printer_error' });
    expect(journeyReducer(failed, { type: 'printing' }).screen).toEqual({ name: 'printing', service: passport });
    expect(journeyReducer(failed, { type: 'back' }).screen).toEqual({ name: 'services', categoryId: 'docs' });
  });

  it('goes back one step at a time, never out of printing', () => {
    const confirm = run(
      { type: 'open-tickets', printerFault: null },
      { type: 'choose-category', categoryId: 'docs' },
      { type: 'choose-service', service: passport },
    );
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
  });

  it('lists only categories with services', () => {
    expect(categoriesWithServices(catalogue).map((category) => category.id)).toEqual(['docs']);
    expect(servicesOf(catalogue, 'docs')).toEqual([passport]);
  });
});
