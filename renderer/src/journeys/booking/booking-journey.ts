import type { CheckInOutcome, ErrorCode, IssuedTicket, Result } from '../../../../kiosk-config/src/index';
import type { KeypadPress } from '../../ui/keypad-press';
import { isBookingCodeComplete, pressBookingKey } from './booking-code-input';
import type { BookingProblem } from './booking-texts';

/**
 * The booking journey («У меня запись») as plain data and pure functions: the code typed or
 * scanned, the check-in under way, and why it gave no ticket. A ticket it gives is shown on the
 * ticket's own screen; a printer fault on the ticket's error screen (see `journey-state.ts`).
 */

/** One check-in as sent to `tickets.checkIn`, and how the code came. */
export interface CheckInRequest {
  /** The 8 typed digits, or the scanned text as read (the main side extracts the code). */
  code: string;
  via: 'typed' | 'scanned';
}

/** Why the keypad screen shows a line under the code. */
export type BookingCodeProblem = 'invalid_typed' | 'invalid_scan';

/** The screens of the booking journey, with what each needs. */
export type BookingScreen =
  | { name: 'booking'; digits: string; problem: BookingCodeProblem | null }
  | { name: 'booking-checking'; checkId: number; request: CheckInRequest }
  | { name: 'booking-outcome'; problem: BookingProblem; request: CheckInRequest };

/** The keypad screen and what is typed on it. */
export type BookingEntryState = Extract<BookingScreen, { name: 'booking' }>;

/** What can happen on the booking screens (opening and checking in are the journey's: they leave them). */
export type BookingAction =
  | { type: 'booking-key'; press: KeypadPress }
  | { type: 'booking-scan-rejected' }
  | { type: 'booking-edit-code' };

/** Where a check-in's answer leads. */
export type CheckInNext =
  | { to: 'booking'; screen: BookingScreen }
  | { to: 'issued'; ticket: IssuedTicket; slotTime: string }
  /** A fault the ticket's error screen explains (printer, timeout, refusals), with a retry where it helps. */
  | { to: 'fault'; code: ErrorCode };

/** The longest scanned text sent as a code (the contract's limit); a longer one is no booking QR. */
const MAX_SCANNED_CODE = 256;

const BOOKING_SCREENS = new Set<string>(['booking', 'booking-checking', 'booking-outcome']);

/** Whether a screen belongs to the booking journey. */
export function isBookingScreen(screen: { name: string }): screen is BookingScreen {
  return BOOKING_SCREENS.has(screen.name);
}

/**
 * Whether scanned codes are listened to on a screen of the booking journey: on the keypad and on
 * the outcome (a new scan is a new check-in), not while a check-in is under way.
 */
export function listensForBookingScan(screen: { name: string }): boolean {
  return screen.name === 'booking' || screen.name === 'booking-outcome';
}

/** The keypad screen, empty or with a code to correct, and the line under it. */
export function bookingEntry(digits = '', problem: BookingCodeProblem | null = null): BookingEntryState {
  return { name: 'booking', digits, problem };
}

/** The check-in «Проверить» starts on the keypad, or `null` while the code is not complete. */
export function typedCheckIn(screen: BookingScreen): CheckInRequest | null {
  if (screen.name !== 'booking' || !isBookingCodeComplete(screen.digits)) return null;
  return { code: screen.digits, via: 'typed' };
}

/**
 * What a scanned code does on a booking screen: a check-in with the text as read, the keypad's
 * notice when it cannot be a booking's QR (a payment QR, a marking code, an overlong text), or
 * nothing while a check-in is under way.
 *
 * @param kind what the main side recognised the code as (`scanner.scanned`'s `kind`), if it said
 */
export function scannedCheckIn(screen: BookingScreen, text: string, kind?: string): CheckInRequest | 'rejected' | null {
  if (!listensForBookingScan(screen)) return null;
  if (kind === 'payment_qr' || kind === 'gs1' || text.length > MAX_SCANNED_CODE) return 'rejected';
  return { code: text, via: 'scanned' };
}

/** The keypad to correct a code on: the typed digits again, or empty after a scan. */
export function bookingEntryFor(request: CheckInRequest, problem: BookingCodeProblem | null = null): BookingEntryState {
  if (request.via === 'scanned') return bookingEntry('', problem === null ? null : 'invalid_scan');
  return bookingEntry(request.code, problem);
}

/**
 * Where the answer of `tickets.checkIn` leads: the ticket, the keypad again with its notice
 * (`invalid_code`, checked on the kiosk), the outcome screen, or the ticket's error screen.
 */
export function checkInAnswered(request: CheckInRequest, result: Result<CheckInOutcome>): CheckInNext {
  if (!result.ok) {
    const { code } = result.error;
    return code === 'hub_unreachable'
      ? { to: 'booking', screen: { name: 'booking-outcome', problem: { outcome: 'hub_unreachable' }, request } }
      : { to: 'fault', code };
  }
  const answer = result.value;
  switch (answer.outcome) {
    case 'issued':
      return { to: 'issued', ticket: answer.ticket, slotTime: answer.slotTime };
    case 'invalid_code':
      return { to: 'booking', screen: bookingEntryFor(request, 'invalid_typed') };
    default:
      return { to: 'booking', screen: { name: 'booking-outcome', problem: answer, request } };
  }
}

/** Where «Назад» leads from a booking screen (`home` when it leaves the journey). */
export function previousBookingScreen(screen: BookingScreen): BookingScreen | 'home' {
  switch (screen.name) {
    case 'booking':
      return 'home';
    case 'booking-checking':
      // The ticket may be printing: the screen changes when the answer comes.
      return screen;
    case 'booking-outcome':
      return bookingEntryFor(screen.request);
  }
}

/**
 * The pure transition function of the booking screens for the actions that stay on them.
 * Returns the same screen object when the action does not apply to it.
 */
export function bookingReducer(screen: BookingScreen, action: BookingAction): BookingScreen {
  switch (action.type) {
    case 'booking-key':
      if (screen.name !== 'booking') return screen;
      return { ...screen, digits: pressBookingKey(screen.digits, action.press), problem: null };
    case 'booking-scan-rejected':
      if (screen.name === 'booking') return { ...screen, problem: 'invalid_scan' };
      return screen.name === 'booking-outcome' ? bookingEntry('', 'invalid_scan') : screen;
    case 'booking-edit-code':
      return screen.name === 'booking-outcome' ? bookingEntryFor(screen.request) : screen;
  }
}
