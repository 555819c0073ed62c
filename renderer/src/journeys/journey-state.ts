import type { CheckInOutcome, Result } from '../../../kiosk-config/src/index';
import type { PrinterFault } from '../devices/printer-readiness';
import {
  type BookingAction,
  type BookingScreen,
  bookingEntry,
  bookingReducer,
  type CheckInRequest,
  checkInAnswered,
  isBookingScreen,
  previousBookingScreen,
} from './booking/booking-journey';
import {
  type FeesLoad,
  isPayScreen,
  type PayAction,
  type PayScreen,
  payOpened,
  payReducer,
  previousPayScreen,
} from './payment/payment-journey';
import {
  isStatusScreen,
  previousStatusScreen,
  type StatusAction,
  type StatusScreen,
  statusEntry,
  statusReducer,
} from './status/status-journey';
import {
  type CatalogueLoad,
  isTicketAction,
  isTicketScreen,
  previousTicketScreen,
  type TicketAction,
  type TicketScreen,
  ticketReducer,
} from './ticket/ticket-journey';

/**
 * One visitor's journey through the screens, as plain data and a pure reducer: home and the four
 * journeys' reducers (`ticket/`, `booking/`, `status/`, `payment/`), each acting on its own
 * screens, and the one crossing between them (a booking's check-in ends on the ticket's screens).
 *
 * Everything a visitor chose or received lives here and nowhere else, so that a session reset,
 * which remounts the journey, drops all of it at once.
 */

/** The screen shown now, with what it needs. */
export type JourneyScreen = { name: 'home' } | StatusScreen | BookingScreen | PayScreen | TicketScreen;

/** The whole journey state. */
export interface JourneyState {
  screen: JourneyScreen;
  catalogue: CatalogueLoad;
  /** The fees and the card terminal's readiness, loaded each time the payment journey opens. */
  fees: FeesLoad;
}

/** What can happen in a journey. */
export type JourneyAction =
  | StatusAction
  | BookingAction
  | PayAction
  | TicketAction
  | { type: 'open-pay' }
  | { type: 'open-booking'; printerFault: PrinterFault | null }
  | { type: 'booking-check-in'; checkId: number; request: CheckInRequest }
  | { type: 'booking-answered'; checkId: number; result: Result<CheckInOutcome> }
  | { type: 'back' };

/** Where a journey starts: home, nothing chosen. */
export const initialJourney: JourneyState = {
  screen: { name: 'home' },
  catalogue: { status: 'loading' },
  fees: { status: 'loading' },
};

/** The screen «Назад» leads to from a screen. */
function previous(screen: JourneyScreen): JourneyScreen {
  const backOf = (back: JourneyScreen | 'home'): JourneyScreen => (back === 'home' ? { name: 'home' } : back);
  if (isStatusScreen(screen)) return backOf(previousStatusScreen(screen));
  if (isBookingScreen(screen)) return backOf(previousBookingScreen(screen));
  if (isPayScreen(screen)) return backOf(previousPayScreen(screen));
  if (isTicketScreen(screen)) return backOf(previousTicketScreen(screen));
  return { name: 'home' };
}

/** The pure transition function of a journey. */
export function journeyReducer(state: JourneyState, action: JourneyAction): JourneyState {
  const { screen } = state;
  switch (action.type) {
    case 'open-pay':
      // The terminal's readiness is asked afresh each time: it may have changed since.
      return { ...state, ...payOpened() };
    case 'open-booking':
      // A check-in prints a ticket: with the printer down, say so before the code is typed.
      return {
        ...state,
        screen:
          action.printerFault === null ? bookingEntry() : { name: 'ticket-unavailable', fault: action.printerFault },
      };
    case 'booking-check-in':
      return checkInStarted(state, action.checkId, action.request);
    case 'booking-answered':
      return screen.name === 'booking-checking' && screen.checkId === action.checkId
        ? { ...state, screen: checkInResultScreen(screen.request, action.result) }
        : state;
    case 'booking-key':
    case 'booking-scan-rejected':
    case 'booking-edit-code': {
      if (!isBookingScreen(screen)) return state;
      const next = bookingReducer(screen, action);
      return next === screen ? state : { ...state, screen: next };
    }
    case 'back': {
      const back = previous(screen);
      return back === screen ? state : { ...state, screen: back };
    }
    default:
      if (isTicketAction(action)) return ticketStep(state, action);
      return isPayAction(action) ? payStep(state, action) : statusStep(state, action);
  }
}

/** Every payment action's type, once: a record, so a new action left out here does not compile. */
const PAY_ACTIONS: Readonly<Record<PayAction['type'], true>> = {
  'pay-fees-loading': true,
  'pay-fees-answered': true,
  'pay-choose-list': true,
  'pay-choose-uin': true,
  'pay-choose-fee': true,
  'uin-key': true,
  'uin-scan-rejected': true,
  'uin-check': true,
  'uin-answered': true,
  'uin-edit': true,
  'pay-starting': true,
  'pay-started': true,
  'pay-progress': true,
  'pay-finished': true,
  'pay-state': true,
  'pay-cancel-asked': true,
  'pay-cancel-answered': true,
  'pay-no-answer': true,
  'pay-again': true,
};

function isPayAction(action: JourneyAction): action is PayAction {
  return Object.hasOwn(PAY_ACTIONS, action.type);
}

/** The ticket journey's share of the reducer: its own screens, the catalogue, and its opening from anywhere. */
function ticketStep(state: JourneyState, action: TicketAction): JourneyState {
  const ticket = { screen: isTicketScreen(state.screen) ? state.screen : null, catalogue: state.catalogue };
  const next = ticketReducer(ticket, action);
  if (next === ticket) return state;
  return { ...state, screen: next.screen ?? state.screen, catalogue: next.catalogue };
}

/** The payment journey's share of the reducer: it acts on its own screens only (a late answer elsewhere is dropped). */
function payStep(state: JourneyState, action: PayAction): JourneyState {
  if (!isPayScreen(state.screen)) return state;
  const pay = { screen: state.screen, fees: state.fees };
  const next = payReducer(pay, action);
  return next === pay ? state : { ...state, screen: next.screen, fees: next.fees };
}

/**
 * A check-in starts from the keypad, from an outcome (a new scan), or again from the ticket's
 * error screen after a fault; never while one is under way.
 */
function checkInStarted(state: JourneyState, checkId: number, request: CheckInRequest): JourneyState {
  const { screen } = state;
  const from =
    screen.name === 'booking' ||
    screen.name === 'booking-outcome' ||
    (screen.name === 'ticket-error' && screen.retry.kind === 'check-in');
  return from ? { ...state, screen: { name: 'booking-checking', checkId, request } } : state;
}

/** The screen a check-in's answer leads to: the ticket, the booking's screens, or the ticket's error screen. */
function checkInResultScreen(request: CheckInRequest, result: Result<CheckInOutcome>): JourneyScreen {
  const next = checkInAnswered(request, result);
  switch (next.to) {
    case 'booking':
      return next.screen;
    case 'issued':
      return { name: 'issued', ticket: next.ticket, slotTime: next.slotTime };
    case 'fault':
      return { name: 'ticket-error', code: next.code, retry: { kind: 'check-in', request } };
  }
}

/** The status journey's share of the reducer: it starts from anywhere, then acts on its own screens only. */
function statusStep(state: JourneyState, action: StatusAction): JourneyState {
  if (action.type === 'open-status') return { ...state, screen: statusEntry() };
  if (!isStatusScreen(state.screen)) return state;
  const screen = statusReducer(state.screen, action);
  return screen === state.screen ? state : { ...state, screen };
}

/** What the home screen offers, from the office's state in the catalogue (everything while it is not known). */
export interface HomeOffer {
  /** «Взять талон»: walk-in tickets are taken now. */
  ticket: boolean;
  /** «У меня запись»: booked visitors can check in (the hub says if it is too early). */
  booking: boolean;
}

/**
 * What the home screen offers for the office's state: everything while open (or not known);
 * while closed, no walk-in ticket, and check-in only if the office opens again today (booked
 * visitors come a little before their time); while only booked visitors are seen, check-in.
 */
export function homeOffer(catalogue: CatalogueLoad): HomeOffer {
  if (catalogue.status !== 'loaded') return { ticket: true, booking: true };
  const { office } = catalogue.catalogue;
  switch (office.state) {
    case 'open':
      return { ticket: true, booking: true };
    case 'booking_only':
      return { ticket: false, booking: true };
    case 'closed':
      return { ticket: false, booking: office.opensAt === undefined || office.opensAt.daysAhead === 0 };
  }
}
