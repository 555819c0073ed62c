import type { CatalogueView, ErrorCode, IssuedTicket, ServiceView } from '../../../kiosk-config/src/index';
import type { PrinterFault } from '../devices/printer-readiness';
import {
  isStatusScreen,
  previousStatusScreen,
  type StatusAction,
  type StatusScreen,
  statusEntry,
  statusReducer,
} from './status-journey';

/**
 * One visitor's journey through the screens, as plain data and a pure reducer.
 *
 * Everything a visitor chose or received lives here and nowhere else, so that a session reset,
 * which remounts the journey, drops all of it at once.
 */

/** The screen shown now, with what it needs. */
export type JourneyScreen =
  | { name: 'home' }
  | StatusScreen
  | { name: 'pay' }
  | { name: 'ticket-unavailable'; fault: PrinterFault }
  | { name: 'categories' }
  | { name: 'services'; categoryId: string }
  | { name: 'confirm'; service: ServiceView }
  | { name: 'printing'; service: ServiceView }
  | { name: 'issued'; ticket: IssuedTicket }
  | { name: 'ticket-error'; service: ServiceView; code: ErrorCode };

/** The services catalogue as loaded for this journey. */
export type CatalogueLoad =
  | { status: 'loading' }
  | { status: 'loaded'; catalogue: CatalogueView }
  | { status: 'failed' };

/** The whole journey state. */
export interface JourneyState {
  screen: JourneyScreen;
  catalogue: CatalogueLoad;
}

/** What can happen in a journey. */
export type JourneyAction =
  | StatusAction
  | { type: 'open-pay' }
  | { type: 'open-tickets'; printerFault: PrinterFault | null }
  | { type: 'catalogue-loading' }
  | { type: 'catalogue-loaded'; catalogue: CatalogueView }
  | { type: 'catalogue-failed' }
  | { type: 'choose-category'; categoryId: string }
  | { type: 'choose-service'; service: ServiceView }
  | { type: 'printing' }
  | { type: 'issued'; ticket: IssuedTicket }
  | { type: 'issue-failed'; code: ErrorCode }
  | { type: 'back' };

/** Where a journey starts: home, nothing chosen. */
export const initialJourney: JourneyState = { screen: { name: 'home' }, catalogue: { status: 'loading' } };

/** The screen «Назад» leads to from a screen. */
function previous(screen: JourneyScreen): JourneyScreen {
  if (isStatusScreen(screen)) {
    const back = previousStatusScreen(screen);
    return back === 'home' ? { name: 'home' } : back;
  }
  switch (screen.name) {
    case 'services':
      return { name: 'categories' };
    case 'confirm':
    case 'ticket-error':
      return { name: 'services', categoryId: screen.service.categoryId };
    case 'printing':
      // No way back while the printer works: the ticket is on its way.
      return screen;
    default:
      return { name: 'home' };
  }
}

/** The pure transition function of a journey. */
export function journeyReducer(state: JourneyState, action: JourneyAction): JourneyState {
  const { screen } = state;
  switch (action.type) {
    case 'open-pay':
      return { ...state, screen: { name: 'pay' } };
    case 'open-tickets':
      return {
        ...state,
        screen:
          action.printerFault === null
            ? { name: 'categories' }
            : { name: 'ticket-unavailable', fault: action.printerFault },
      };
    case 'catalogue-loading':
      return { ...state, catalogue: { status: 'loading' } };
    case 'catalogue-loaded':
      return { ...state, catalogue: { status: 'loaded', catalogue: action.catalogue } };
    case 'catalogue-failed':
      return { ...state, catalogue: { status: 'failed' } };
    case 'choose-category':
      return screen.name === 'categories'
        ? { ...state, screen: { name: 'services', categoryId: action.categoryId } }
        : state;
    case 'choose-service':
      return screen.name === 'services' ? { ...state, screen: { name: 'confirm', service: action.service } } : state;
    case 'printing':
      return screen.name === 'confirm' || screen.name === 'ticket-error'
        ? { ...state, screen: { name: 'printing', service: screen.service } }
        : state;
    case 'issued':
      return screen.name === 'printing' ? { ...state, screen: { name: 'issued', ticket: action.ticket } } : state;
    case 'issue-failed':
      return screen.name === 'printing'
        ? { ...state, screen: { name: 'ticket-error', service: screen.service, code: action.code } }
        : state;
    case 'back':
      return { ...state, screen: previous(screen) };
    default:
      return statusStep(state, action);
  }
}

/** The status journey's share of the reducer: it starts from anywhere, then acts on its own screens only. */
function statusStep(state: JourneyState, action: StatusAction): JourneyState {
  if (action.type === 'open-status') return { ...state, screen: statusEntry() };
  if (!isStatusScreen(state.screen)) return state;
  const screen = statusReducer(state.screen, action);
  return screen === state.screen ? state : { ...state, screen };
}

/** The services of one category, in catalogue order. */
export function servicesOf(catalogue: CatalogueView, categoryId: string): ServiceView[] {
  return catalogue.services.filter((service) => service.categoryId === categoryId);
}

/** The categories worth showing: those with at least one service. */
export function categoriesWithServices(catalogue: CatalogueView): CatalogueView['categories'] {
  return catalogue.categories.filter((category) => servicesOf(catalogue, category.id).length > 0);
}
