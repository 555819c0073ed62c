import type { ErrorCode } from '../../../kiosk-config/src/index';
import { Screen } from '../ui/screen';
import { isWorthRetrying, ticketErrorMessage, ticketErrorTitle } from '../ui/texts';

/** Props of the error screen of the ticket path. */
export interface TicketErrorScreenProps {
  code: ErrorCode;
  onRetry: () => void;
  onBack: () => void;
  onHome: () => void;
}

/** A ticket could not be issued: one calm sentence with the next step, never a technical text. */
export function TicketErrorScreen({ code, onRetry, onBack, onHome }: TicketErrorScreenProps) {
  return (
    <Screen
      testId="screen-ticket-error"
      title={ticketErrorTitle(code)}
      onBack={onBack}
      onHome={onHome}
      variant="centered"
    >
      <div className="notice notice-problem">
        <p className="notice-lead" data-testid="error-message">
          {ticketErrorMessage(code)}
        </p>
      </div>
      {isWorthRetrying(code) && (
        <button
          type="button"
          className="button button-primary button-large"
          data-testid="ticket-retry"
          onClick={onRetry}
        >
          Попробовать ещё раз
        </button>
      )}
    </Screen>
  );
}
