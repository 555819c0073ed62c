import type { CatalogueView, ErrorCode, IssuedTicket, Result, ServiceView } from '../../../../kiosk-config/src/index';
import type { PrinterFault } from '../../devices/printer-readiness';
import { type BookingEntryState, bookingEntryFor, type CheckInRequest } from '../booking/booking-journey';

/**
 * The ticket journey («Взять талон») as plain data and a pure reducer: the catalogue, the
 * category and service chosen, the A4 documents list, the ticket printing and its end. A booking's
 * check-in ends on the same ticket screens (see `journey-state.ts`).
 */

/** The A4 printout of a service's documents list, on the confirm screen. */
export type A4Print = 'idle' | 'printing' | 'printed' | 'failed';

/** What a ticket was asked for: a walk-in ticket for a service, or a booking's check-in. */
export type TicketRequest = { kind: 'walk-in'; service: ServiceView } | { kind: 'check-in'; request: CheckInRequest };

/** The screens of the ticket journey, with what each needs. */
export type TicketScreen =
  | { name: 'ticket-unavailable'; fault: PrinterFault }
  | { name: 'categories' }
  | { name: 'services'; categoryId: string }
  | { name: 'booking-only'; service: ServiceView }
  | { name: 'confirm'; service: ServiceView; a4: A4Print }
  | { name: 'documents-preview'; service: ServiceView; code: ErrorCode }
  | { name: 'printing'; service: ServiceView }
  /** `slotTime` (`HH:MM`) when the ticket came from a booking's check-in. */
  | { name: 'issued'; ticket: IssuedTicket; slotTime: string | null }
  | { name: 'ticket-error'; code: ErrorCode; retry: TicketRequest };

/** The services catalogue as loaded for this journey. */
export type CatalogueLoad =
  | { status: 'loading' }
  | { status: 'loaded'; catalogue: CatalogueView }
  | { status: 'failed' };

/** What can happen in the ticket journey (opening it from home or a booking's outcome included). */
export type TicketAction =
  | { type: 'open-tickets'; printerFault: PrinterFault | null }
  | { type: 'catalogue-loading' }
  | { type: 'catalogue-loaded'; catalogue: CatalogueView }
  | { type: 'catalogue-failed' }
  | { type: 'choose-category'; categoryId: string }
  | { type: 'choose-service'; service: ServiceView }
  | { type: 'a4-printing' }
  | { type: 'a4-printed'; serviceId: string; result: Result<unknown> }
  | { type: 'printing' }
  | { type: 'issued'; ticket: IssuedTicket }
  | { type: 'issue-failed'; code: ErrorCode };

/**
 * What the ticket reducer sees and changes: the screen if it is one of this journey's (`null`
 * while another journey's shows), and the catalogue, which the home screen reads too.
 */
export interface TicketState {
  screen: TicketScreen | null;
  catalogue: CatalogueLoad;
}

const TICKET_SCREENS = new Set<string>([
  'ticket-unavailable',
  'categories',
  'services',
  'booking-only',
  'confirm',
  'documents-preview',
  'printing',
  'issued',
  'ticket-error',
]);

/** Whether a screen belongs to the ticket journey. */
export function isTicketScreen(screen: { name: string }): screen is TicketScreen {
  return TICKET_SCREENS.has(screen.name);
}

/** Every ticket action's type, once: a record, so a new action left out here does not compile. */
const TICKET_ACTIONS: Readonly<Record<TicketAction['type'], true>> = {
  'open-tickets': true,
  'catalogue-loading': true,
  'catalogue-loaded': true,
  'catalogue-failed': true,
  'choose-category': true,
  'choose-service': true,
  'a4-printing': true,
  'a4-printed': true,
  printing: true,
  issued: true,
  'issue-failed': true,
};

/** Whether an action is the ticket journey's. */
export function isTicketAction(action: { type: string }): action is TicketAction {
  return Object.hasOwn(TICKET_ACTIONS, action.type);
}

/** Where «Назад» leads from a ticket screen (`home` when it leaves the journey). */
export function previousTicketScreen(screen: TicketScreen): TicketScreen | BookingEntryState | 'home' {
  switch (screen.name) {
    case 'services':
      return { name: 'categories' };
    case 'confirm':
    case 'booking-only':
      return { name: 'services', categoryId: screen.service.categoryId };
    case 'documents-preview':
      // The printout failed: the confirm screen no longer offers it.
      return { name: 'confirm', service: screen.service, a4: 'failed' };
    case 'ticket-error':
      return screen.retry.kind === 'walk-in'
        ? { name: 'services', categoryId: screen.retry.service.categoryId }
        : bookingEntryFor(screen.retry.request);
    case 'printing':
      // No way back while the printer works: the ticket is on its way.
      return screen;
    default:
      return 'home';
  }
}

/** Where a service's card leads: the question before a ticket, or the booking's way in; a closed one nowhere. */
function serviceChosen(service: ServiceView): TicketScreen | null {
  switch (service.availability.state) {
    case 'open':
      return { name: 'confirm', service, a4: 'idle' };
    case 'booking_only':
      return { name: 'booking-only', service };
    case 'closed':
      return null;
  }
}

/**
 * The pure transition function of the ticket journey. Returns the same state object when the
 * action does not apply (another journey's screen, a late answer).
 */
export function ticketReducer(state: TicketState, action: TicketAction): TicketState {
  const { screen } = state;
  switch (action.type) {
    case 'open-tickets':
      return {
        ...state,
        screen:
          action.printerFault === null
            ? { name: 'categories' }
            : { name: 'ticket-unavailable', fault: action.printerFault },
      };
    case 'catalogue-loading':
      // A refresh keeps what is shown; only a first load shows «Загружаем…».
      return state.catalogue.status === 'loaded' ? state : { ...state, catalogue: { status: 'loading' } };
    case 'catalogue-loaded':
      return { ...state, catalogue: { status: 'loaded', catalogue: action.catalogue } };
    case 'catalogue-failed':
      // A failed refresh keeps the catalogue already shown: slightly old beats none at all.
      return state.catalogue.status === 'loaded' ? state : { ...state, catalogue: { status: 'failed' } };
    case 'choose-category':
      return screen?.name === 'categories'
        ? { ...state, screen: { name: 'services', categoryId: action.categoryId } }
        : state;
    case 'choose-service': {
      if (screen?.name !== 'services') return state;
      const next = serviceChosen(action.service);
      return next === null ? state : { ...state, screen: next };
    }
    case 'a4-printing':
      return screen?.name === 'confirm' && screen.a4 === 'idle'
        ? { ...state, screen: { ...screen, a4: 'printing' } }
        : state;
    case 'a4-printed':
      if (screen?.name !== 'confirm' || screen.service.id !== action.serviceId || screen.a4 !== 'printing')
        return state;
      return {
        ...state,
        screen: action.result.ok
          ? { ...screen, a4: 'printed' }
          : { name: 'documents-preview', service: screen.service, code: action.result.error.code },
      };
    case 'printing': {
      const service =
        screen?.name === 'confirm'
          ? screen.service
          : screen?.name === 'ticket-error' && screen.retry.kind === 'walk-in'
            ? screen.retry.service
            : null;
      return service === null ? state : { ...state, screen: { name: 'printing', service } };
    }
    case 'issued':
      return screen?.name === 'printing'
        ? { ...state, screen: { name: 'issued', ticket: action.ticket, slotTime: null } }
        : state;
    case 'issue-failed':
      return screen?.name === 'printing'
        ? {
            ...state,
            screen: { name: 'ticket-error', code: action.code, retry: { kind: 'walk-in', service: screen.service } },
          }
        : state;
  }
}

/** The services of one category, in catalogue order. */
export function servicesOf(catalogue: CatalogueView, categoryId: string): ServiceView[] {
  return catalogue.services.filter((service) => service.categoryId === categoryId);
}

/** The categories worth showing: those with at least one service. */
export function categoriesWithServices(catalogue: CatalogueView): CatalogueView['categories'] {
  return catalogue.categories.filter((category) => servicesOf(catalogue, category.id).length > 0);
}
