import type { ErrorCode } from '../../../../kiosk-config/src/index';
import { useT } from '../../i18n/use-t';
import { BookingIcon } from '../../ui/icons';
import { Screen } from '../../ui/screen';
import { isWorthRetrying, ticketErrorMessage, ticketErrorTitle } from './ticket-texts';

/** Props of the error screen of the ticket path (a walk-in ticket or a booking's check-in). */
export interface TicketErrorScreenProps {
  code: ErrorCode;
  onRetry: () => void;
  /** «У меня запись», offered when the service turned out to be by appointment only. */
  onCheckIn?: (() => void) | undefined;
  onBack: () => void;
  onHome: () => void;
}

/** A ticket could not be issued: one calm sentence with the next step, never a technical text. */
export function TicketErrorScreen({ code, onRetry, onCheckIn, onBack, onHome }: TicketErrorScreenProps) {
  const t = useT();
  return (
    <Screen
      testId="screen-ticket-error"
      title={ticketErrorTitle(code, t)}
      onBack={onBack}
      onHome={onHome}
      variant="centered"
    >
      <div className="notice notice-problem">
        <p className="notice-lead" data-testid="error-message">
          {ticketErrorMessage(code, t)}
        </p>
      </div>
      {code === 'booking_required' && onCheckIn !== undefined && (
        <button
          type="button"
          className="button button-primary button-large"
          data-testid="ticket-error-check-in"
          onClick={onCheckIn}
        >
          <BookingIcon />
          <span>{t('ticket.haveBooking')}</span>
        </button>
      )}
      {isWorthRetrying(code) && (
        <button
          type="button"
          className="button button-primary button-large"
          data-testid="ticket-retry"
          onClick={onRetry}
        >
          {t('common.retry')}
        </button>
      )}
    </Screen>
  );
}
