import { type ReactElement, useCallback, useEffect, useRef } from 'react';
import { useVisitorPreferences } from '../../access/visitor-preferences';
import type { PrinterReadiness } from '../../devices/printer-readiness';
import type { JourneyControl } from '../journey-control';
import type { JourneyScreen } from '../journey-state';
import { useSingleFlight } from '../single-flight';
import { BookingCheckingScreen } from './booking-checking-screen';
import { BookingEntryScreen } from './booking-entry-screen';
import {
  type CheckInRequest,
  isBookingScreen,
  listensForBookingScan,
  scannedCheckIn,
  typedCheckIn,
} from './booking-journey';
import { BookingOutcomeScreen } from './booking-outcome-screen';
import type { BookingRemedy } from './booking-texts';

/** The booking journey's calls and screens. */
export interface BookingJourney {
  /** «У меня запись»: the code's keypad, or why no ticket can be printed now. */
  open: () => void;
  /** Checks the booking in (and prints its ticket) once, however many taps or scans come meanwhile. */
  checkIn: (request: CheckInRequest) => Promise<void>;
  /**
   * The current screen's element if it is one of this journey's, else `null`.
   *
   * @param onWalkIn «Взять талон без записи» from an outcome (the ticket journey's way in)
   */
  render: (screen: JourneyScreen, onWalkIn: () => void) => ReactElement | null;
}

/**
 * «У меня запись»: the booking's code typed or its QR scanned, the check-in (which prints the
 * ticket: its screens are the ticket journey's), and why a booking gave no ticket.
 */
export function useBookingJourney(
  { api, state, dispatch, screenRef, onHome }: JourneyControl,
  printer: PrinterReadiness,
): BookingJourney {
  const checkingIn = useSingleFlight();
  // The ticket's own words print in the visitor's language where the printer can print it.
  const { language } = useVisitorPreferences().preferences;
  // Numbers each check-in, so the answer of one the visitor has left is dropped.
  const checkIns = useRef(0);
  const printerFault = printer.state === 'faulty' ? printer.fault : null;

  const open = useCallback(() => dispatch({ type: 'open-booking', printerFault }), [dispatch, printerFault]);

  const checkIn = useCallback(
    async (request: CheckInRequest) => {
      if (screenRef.current.name === 'booking-checking') return;
      await checkingIn(async () => {
        checkIns.current += 1;
        const checkId = checkIns.current;
        dispatch({ type: 'booking-check-in', checkId, request });
        const result = await api.call('tickets.checkIn', { code: request.code, language });
        dispatch({ type: 'booking-answered', checkId, result });
      });
    },
    [api, dispatch, screenRef, checkingIn, language],
  );

  // A booking's QR is listened to on the keypad and on an outcome only (a new scan, a new check-in).
  const listening = listensForBookingScan(state.screen);
  useEffect(() => {
    if (!listening) return;
    return api.on('scanner.scanned', ({ text, kind }) => {
      const screen = screenRef.current;
      if (!isBookingScreen(screen)) return;
      const scanned = scannedCheckIn(screen, text, kind);
      if (scanned === 'rejected') dispatch({ type: 'booking-scan-rejected' });
      else if (scanned !== null) void checkIn(scanned);
    });
  }, [api, dispatch, screenRef, listening, checkIn]);

  const render = (screen: JourneyScreen, onWalkIn: () => void): ReactElement | null => {
    switch (screen.name) {
      case 'booking':
        return (
          <BookingEntryScreen
            screen={screen}
            onKey={(press) => dispatch({ type: 'booking-key', press })}
            onSubmit={() => {
              const request = typedCheckIn(screen);
              if (request !== null) void checkIn(request);
            }}
            onHome={onHome}
          />
        );
      case 'booking-checking':
        return <BookingCheckingScreen onHome={onHome} />;
      case 'booking-outcome': {
        const remedies: Record<BookingRemedy, () => void> = {
          'walk-in': onWalkIn,
          'edit-code': () => dispatch({ type: 'booking-edit-code' }),
          done: onHome,
        };
        return (
          <BookingOutcomeScreen problem={screen.problem} onRemedy={(remedy) => remedies[remedy]()} onHome={onHome} />
        );
      }
      default:
        return null;
    }
  };

  return { open, checkIn, render };
}
