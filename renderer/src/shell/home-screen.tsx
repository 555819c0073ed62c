import type { HomeOffer } from '../journeys/journey-state';
import { ChoiceButton } from '../ui/choice-button';
import { BookingIcon, CardIcon, ClockIcon, StatusIcon, TicketIcon } from '../ui/icons';
import { printerWarningLine } from '../ui/texts';

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
  const actions = [
    offer.ticket && (
      <ChoiceButton
        key="ticket"
        testId="home-ticket"
        icon={<TicketIcon />}
        label="Взять талон"
        hint="Встать в очередь к специалисту"
        onPress={onTicket}
      />
    ),
    offer.booking && (
      <ChoiceButton
        key="booking"
        testId="home-booking"
        icon={<BookingIcon />}
        label="У меня запись"
        hint="Пришли по предварительной записи"
        onPress={onBooking}
      />
    ),
    <ChoiceButton
      key="status"
      testId="home-status"
      icon={<StatusIcon />}
      label="Узнать статус заявления"
      hint="Готовы ли ваши документы"
      onPress={onStatus}
    />,
    <ChoiceButton
      key="pay"
      testId="home-pay"
      icon={<CardIcon />}
      label="Оплатить госпошлину"
      hint="Банковской картой"
      onPress={onPay}
    />,
  ].filter(Boolean);
  return (
    <main className="screen screen-home" data-testid="screen-home">
      <h1 className="home-greeting">Здравствуйте! Что вы хотите сделать?</h1>
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
      <p className="home-help">Если что-то непонятно, вам поможет сотрудник центра.</p>
      {printerWarning && (
        <p className="device-warning" data-testid="device-warning" role="status">
          {printerWarningLine}
        </p>
      )}
    </main>
  );
}
