import { useReducer, useRef } from 'react';
import { useKioskApi } from '../api/kiosk-api-context';
import type { PrinterReadiness } from '../devices/printer-readiness';
import type { Translate } from '../i18n/languages';
import { useT } from '../i18n/use-t';
import { RatingScreen } from '../rating/rating-screen';
import { useRatingScan } from '../rating/use-rating-scan';
import { HomeScreen } from '../shell/home-screen';
import { officeClosedLine } from '../ui/texts';
import { useBookingJourney } from './booking/use-booking-journey';
import type { JourneyControl } from './journey-control';
import { homeOffer, initialJourney, journeyReducer } from './journey-state';
import { usePaymentJourney } from './payment/use-payment-journey';
import { isoDateIn } from './status/second-factor-input';
import { useStatusJourney } from './status/use-status-journey';
import type { CatalogueLoad } from './ticket/ticket-journey';
import { useTicketJourney } from './ticket/use-ticket-journey';

/** The calm line on the home screen about the office's hours, when there is one to say. */
function officeNotice(catalogue: CatalogueLoad, today: string, t: Translate) {
  if (catalogue.status !== 'loaded') return null;
  const { office } = catalogue.catalogue;
  if (office.state === 'closed') return { kind: 'closed', text: officeClosedLine(office, today, t) } as const;
  if (office.state === 'booking_only') return { kind: 'booking-only', text: t('home.bookingOnly') } as const;
  return null;
}

/** Props of one visitor's journey. */
export interface JourneyProps {
  /** The ticket printer's state, from the device reports. */
  printer: PrinterReadiness;
  /** Ends the visit on purpose («На главную», «Готово»): the shell resets the session. */
  onHome: () => void;
  /** The office this kiosk stands in (`kiosk.info`), once known. */
  officeId?: string | undefined;
  /** The office's time zone (`kiosk.info`), for today's date; the machine's until known. */
  timeZone?: string | undefined;
  /** Told whether a card payment's screen shows (see `usePaymentJourney`). */
  onPaymentOnScreen?: ((onScreen: boolean) => void) | undefined;
}

/**
 * One visitor's journey: the home screen and the four journeys from it (ticket, booking, status,
 * payment), each a hook that owns its calls and its screens. This picks the screen shown now.
 *
 * The shell mounts it with a key that changes on every session reset, so a reset drops all of
 * its state (chosen service, issued ticket, errors) by remounting, not by clearing field by field.
 */
export function Journey({ printer, onHome, officeId, timeZone, onPaymentOnScreen }: JourneyProps) {
  const api = useKioskApi();
  const [state, dispatch] = useReducer(journeyReducer, initialJourney);
  // The screen as last rendered, for handlers called from outside React (scanned codes).
  const screenRef = useRef(state.screen);
  screenRef.current = state.screen;
  const control: JourneyControl = { api, state, dispatch, screenRef, onHome };
  const today = isoDateIn(new Date(), timeZone);
  const t = useT();

  const booking = useBookingJourney(control, printer);
  const ticket = useTicketJourney(control, { printer, today, openBooking: booking.open, checkIn: booking.checkIn });
  const status = useStatusJourney(control, { printer, officeId, today });
  const payment = usePaymentJourney(control, { timeZone, onPaymentOnScreen });
  // A ticket's QR scanned on the home screen opens its rating (renderer/src/rating).
  const rating = useRatingScan(api, state.screen.name === 'home');

  const { screen, catalogue } = state;
  if (screen.name === 'home') {
    if (rating.offer !== null) return <RatingScreen offer={rating.offer} onHome={onHome} />;
    return (
      <HomeScreen
        printerWarning={printer.state === 'faulty'}
        offer={homeOffer(catalogue)}
        officeNotice={officeNotice(catalogue, today, t)}
        onTicket={ticket.openTickets}
        onBooking={booking.open}
        onStatus={status.open}
        onPay={payment.open}
      />
    );
  }
  return (
    ticket.render(screen) ??
    booking.render(screen, ticket.openTickets) ??
    status.render(screen) ??
    payment.render(screen)
  );
}
