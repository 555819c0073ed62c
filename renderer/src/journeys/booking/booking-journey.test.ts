import { describe, expect, it } from 'vitest';
import type { CheckInOutcome, ErrorCode, IssuedTicket, Result } from '../../../../kiosk-config/src/index';
import { initialJourney, type JourneyAction, type JourneyState, journeyReducer } from '../journey-state';
import {
  type BookingScreen,
  type CheckInRequest,
  isBookingScreen,
  scannedCheckIn,
  typedCheckIn,
} from './booking-journey';

const CODE = '12345674';
const QR = `OKNO-BOOKING:${CODE}`;

const ticket: IssuedTicket = {
  number: 'Б-004',
  serviceId: 'passport-rf',
  serviceName: 'Замена паспорта гражданина РФ',
  officeName: 'МФЦ',
  issuedAt: '2026-11-23T14:20:00+03:00',
  peopleAhead: 0,
  wait: null,
  offline: false,
  priority: true,
  documents: [],
  print: 'printed',
};

function answer(value: CheckInOutcome): Result<CheckInOutcome> {
  return { ok: true, value };
}
function fault(code: ErrorCode): Result<CheckInOutcome> {
  return { ok: false, error: { code, message: 'test' } };
}
function keys(digits: string): JourneyAction[] {
  return [...digits].map((char) => ({ type: 'booking-key', press: { kind: 'char', char } }));
}
function run(state: JourneyState, ...actions: JourneyAction[]): JourneyState {
  return actions.reduce(journeyReducer, state);
}
/** The booking screen a state shows (the test fails if it shows another). */
function booking(state: JourneyState): BookingScreen {
  if (!isBookingScreen(state.screen)) throw new Error(`expected a booking screen, not ${state.screen.name}`);
  return state.screen;
}
const home = initialJourney;
const entry = run(home, { type: 'open-booking', printerFault: null });

/** The keypad with the code typed, then «Проверить» (check-in number `checkId`). */
function typedAndChecking(checkId = 1): { state: JourneyState; request: CheckInRequest } {
  const typed = run(entry, ...keys(CODE));
  const request = typedCheckIn(booking(typed));
  if (request === null) throw new Error('the typed code should be complete');
  return { state: run(typed, { type: 'booking-check-in', checkId, request }), request };
}

describe('the booking journey', () => {
  it('opens the keypad from home, or explains first when the printer cannot print', () => {
    expect(entry.screen).toEqual({ name: 'booking', digits: '', problem: null });
    expect(run(home, { type: 'open-booking', printerFault: 'cover_open' }).screen).toEqual({
      name: 'ticket-unavailable',
      fault: 'cover_open',
    });
  });

  it('types eight digits, checks in and shows the priority ticket with the slot', () => {
    const typed = run(entry, ...keys(`${CODE}9`));
    expect(typed.screen).toMatchObject({ name: 'booking', digits: CODE });
    expect(typedCheckIn(booking(run(entry, ...keys('1234567'))))).toBeNull();
    const { state, request } = typedAndChecking();
    expect(request).toEqual({ code: CODE, via: 'typed' });
    expect(state.screen).toEqual({ name: 'booking-checking', checkId: 1, request });
    const issued = run(state, {
      type: 'booking-answered',
      checkId: 1,
      result: answer({ outcome: 'issued', ticket, slotTime: '14:30' }),
    });
    expect(issued.screen).toEqual({ name: 'issued', ticket, slotTime: '14:30' });
  });

  it('passes a scanned text on as read, and refuses payment QR codes and marking codes at once', () => {
    const screen = booking(entry);
    expect(scannedCheckIn(screen, QR, 'text')).toEqual({ code: QR, via: 'scanned' });
    expect(scannedCheckIn(screen, 'ST00012|Name=УФК', 'payment_qr')).toBe('rejected');
    expect(scannedCheckIn(screen, '0104600000000000215abc', 'gs1')).toBe('rejected');
    expect(scannedCheckIn(screen, 'x'.repeat(300))).toBe('rejected');
    const { state } = typedAndChecking();
    // While a check-in is under way a scan does nothing.
    expect(scannedCheckIn(booking(state), QR)).toBeNull();
    expect(run(state, { type: 'booking-check-in', checkId: 2, request: { code: QR, via: 'scanned' } })).toBe(state);
  });

  it('keeps the keypad with the digits and an inline notice when the code is not a code', () => {
    const { state } = typedAndChecking();
    const invalid = run(state, { type: 'booking-answered', checkId: 1, result: answer({ outcome: 'invalid_code' }) });
    expect(invalid.screen).toEqual({ name: 'booking', digits: CODE, problem: 'invalid_typed' });
    // The next key clears the notice.
    expect(run(invalid, { type: 'booking-key', press: { kind: 'backspace' } }).screen).toEqual({
      name: 'booking',
      digits: CODE.slice(0, -1),
      problem: null,
    });
  });

  it('says a scanned text was no booking code, on an empty keypad', () => {
    const scanned = run(entry, ...keys('12'), {
      type: 'booking-check-in',
      checkId: 1,
      request: { code: 'hello', via: 'scanned' },
    });
    const invalid = run(scanned, { type: 'booking-answered', checkId: 1, result: answer({ outcome: 'invalid_code' }) });
    expect(invalid.screen).toEqual({ name: 'booking', digits: '', problem: 'invalid_scan' });
    expect(run(entry, ...keys('12'), { type: 'booking-scan-rejected' }).screen).toEqual({
      name: 'booking',
      digits: '12',
      problem: 'invalid_scan',
    });
  });

  it('tells every outcome apart on the outcome screen', () => {
    const outcomes: CheckInOutcome[] = [
      { outcome: 'too_early', slotTime: '14:30', opensAt: '14:15' },
      { outcome: 'too_late', slotTime: '11:00' },
      { outcome: 'wrong_office', officeName: 'МФЦ пгт Сосновка' },
      { outcome: 'already_used', ticketNumber: 'Б-003' },
      { outcome: 'cancelled' },
      { outcome: 'not_found' },
    ];
    for (const outcome of outcomes) {
      const { state, request } = typedAndChecking();
      expect(run(state, { type: 'booking-answered', checkId: 1, result: answer(outcome) }).screen).toEqual({
        name: 'booking-outcome',
        problem: outcome,
        request,
      });
    }
  });

  it('lets the visitor correct a code that was not found, and start again with a new scan', () => {
    const { state } = typedAndChecking();
    const notFound = run(state, { type: 'booking-answered', checkId: 1, result: answer({ outcome: 'not_found' }) });
    expect(run(notFound, { type: 'booking-edit-code' }).screen).toEqual({
      name: 'booking',
      digits: CODE,
      problem: null,
    });
    expect(run(notFound, { type: 'back' }).screen).toEqual({ name: 'booking', digits: CODE, problem: null });
    const rescanned = run(notFound, { type: 'booking-check-in', checkId: 2, request: { code: QR, via: 'scanned' } });
    expect(rescanned.screen).toMatchObject({ name: 'booking-checking', checkId: 2 });
  });

  it('says there is no connection and offers a walk-in ticket instead', () => {
    const { state, request } = typedAndChecking();
    const offline = run(state, { type: 'booking-answered', checkId: 1, result: fault('hub_unreachable') });
    expect(offline.screen).toEqual({ name: 'booking-outcome', problem: { outcome: 'hub_unreachable' }, request });
    expect(run(offline, { type: 'open-tickets', printerFault: null }).screen).toEqual({ name: 'categories' });
  });

  it('shows printer faults on the ticket error screen, retries the same check-in, and goes back to the code', () => {
    const { state, request } = typedAndChecking();
    const paperOut = run(state, { type: 'booking-answered', checkId: 1, result: fault('printer_paper_out') });
    expect(paperOut.screen).toEqual({
      name: 'ticket-error',
      code: 'printer_paper_out',
      retry: { kind: 'check-in', request },
    });
    // A walk-in «printing» does not apply to a check-in's error.
    expect(run(paperOut, { type: 'printing' })).toBe(paperOut);
    expect(run(paperOut, { type: 'booking-check-in', checkId: 2, request }).screen).toEqual({
      name: 'booking-checking',
      checkId: 2,
      request,
    });
    expect(run(paperOut, { type: 'back' }).screen).toEqual({ name: 'booking', digits: CODE, problem: null });
  });

  it('drops a late answer to an earlier check-in and never goes back while checking', () => {
    const { state } = typedAndChecking(2);
    expect(run(state, { type: 'booking-answered', checkId: 1, result: answer({ outcome: 'cancelled' }) })).toBe(state);
    expect(run(state, { type: 'back' }).screen).toBe(state.screen);
    expect(run(state, ...keys('1'))).toBe(state);
  });
});
