import { Announcements } from '../content/announcements';
import { useHomePresence, useText } from '../content/content-context';
import type { HomeOffer } from '../journeys/journey-state';
import { ChoiceButton } from '../ui/choice-button';
import { BookingIcon, CardIcon, ClockIcon, StatusIcon, TicketIcon } from '../ui/icons';

/** What the home screen can do; each is one big button. */
export interface HomeScreenProps {
  /** Whether to show the quiet line that the ticket printer does not work. */
  printerWarning: boolean;
  /** Which of the queue's buttons the office's state allows now. */
  offer: HomeOffer;
  /** The calm line while the office is closed or sees booked visitors only, else `null`. */
  officeNotice: { kind: 'closed' | 'booking-only'; text: string } | null;
  onTicket: () => void;
  onBooking: () => void;
  onStatus: () => void;
  onPay: () => void;
}

/**
 * The home screen: a greeting and the things a visitor can do here, the queue first. While the
 * office is closed it says so calmly and offers what still works (the status, a check-in when
 * the office opens again today), instead of a ticket button that could only fail.
 *
 * Its texts come from the current content release, the built-in Russian where it has none
 * (`content/screen-texts.ts`); the office's announcements sit under the buttons. While it is on
 * screen the page may apply a new release (an idle moment) and start the attract loop.
 */
export function HomeScreen({
  printerWarning,
  offer,
  officeNotice,
  onTicket,
  onBooking,
  onStatus,
  onPay,
}: HomeScreenProps) {
  useHomePresence();
  const text = {
    title: useText('home.title'),
    help: useText('home.help'),
    ticket: useText('home.ticket.label'),
    ticketHint: useText('home.ticket.hint'),
    booking: useText('home.booking.label'),
    bookingHint: useText('home.booking.hint'),
    status: useText('home.status.label'),
    statusHint: useText('home.status.hint'),
    pay: useText('home.pay.label'),
    payHint: useText('home.pay.hint'),
    printerWarning: useText('home.printerWarning'),
  };
  const actions = [
    offer.ticket && (
      <ChoiceButton
        key="ticket"
        testId="home-ticket"
        icon={<TicketIcon />}
        label={text.ticket}
        hint={text.ticketHint}
        onPress={onTicket}
      />
    ),
    offer.booking && (
      <ChoiceButton
        key="booking"
        testId="home-booking"
        icon={<BookingIcon />}
        label={text.booking}
        hint={text.bookingHint}
        onPress={onBooking}
      />
    ),
    <ChoiceButton
      key="status"
      testId="home-status"
      icon={<StatusIcon />}
      label={text.status}
      hint={text.statusHint}
      onPress={onStatus}
    />,
    <ChoiceButton
      key="pay"
      testId="home-pay"
      icon={<CardIcon />}
      label={text.pay}
      hint={text.payHint}
      onPress={onPay}
    />,
  ].filter(Boolean);
  return (
    <main className="screen screen-home" data-testid="screen-home">
      <h1 className="home-greeting" data-testid="home-title">
        {text.title}
      </h1>
      {officeNotice !== null && (
        <p
          className="office-notice"
          data-testid={officeNotice.kind === 'closed' ? 'home-office-closed' : 'home-booking-only'}
          role="status"
        >
          <ClockIcon />
          <span>{officeNotice.text}</span>
        </p>
      )}
      <div className={`home-actions home-actions-${actions.length}`}>{actions}</div>
      <Announcements />
      <p className="home-help" data-testid="home-help">
        {text.help}
      </p>
      {printerWarning && (
        <p className="device-warning" data-testid="device-warning" role="status">
          {text.printerWarning}
        </p>
      )}
    </main>
  );
}
