import { useEffect, useRef, useState } from 'react';
import type { IssuedTicket } from '../../../kiosk-config/src/index';
import { Screen } from '../ui/screen';
import { secondsRu } from '../ui/texts';

/** How long the ticket stays on the screen before the kiosk returns home by itself. */
export const ISSUED_SCREEN_SECONDS = 15;

/** Props of the success screen. */
export interface TicketIssuedScreenProps {
  ticket: IssuedTicket;
  onDone: () => void;
}

/** The ticket number, very large, and what to do next; returns home by itself. */
export function TicketIssuedScreen({ ticket, onDone }: TicketIssuedScreenProps) {
  const [secondsLeft, setSecondsLeft] = useState(ISSUED_SCREEN_SECONDS);
  // The countdown runs once per ticket shown, whatever the parent re-renders with.
  const onDoneRef = useRef(onDone);
  onDoneRef.current = onDone;

  useEffect(() => {
    const tick = setInterval(() => setSecondsLeft((seconds) => Math.max(0, seconds - 1)), 1000);
    const done = setTimeout(() => onDoneRef.current(), ISSUED_SCREEN_SECONDS * 1000);
    return () => {
      clearInterval(tick);
      clearTimeout(done);
    };
  }, []);

  return (
    <Screen
      testId="screen-ticket-issued"
      title="Заберите талон"
      onHome={onDone}
      variant="centered"
      className="screen-issued"
    >
      <div className="issued-layout">
        <div className="ticket">
          <p className="ticket-label">Ваш номер</p>
          <p className="ticket-number" data-testid="ticket-number">
            {ticket.number}
          </p>
          <p className="ticket-service" data-testid="ticket-service">
            {ticket.serviceName}
          </p>
        </div>
        <div className="issued-next">
          <p className="notice-lead">Ожидайте, когда вас пригласят по этому номеру.</p>
          <button
            type="button"
            className="button button-primary button-large"
            data-testid="ticket-done"
            onClick={onDone}
          >
            Готово
          </button>
          <p className="quiet">Экран вернётся на главную через {secondsRu(secondsLeft)}.</p>
        </div>
      </div>
    </Screen>
  );
}
