import { useEffect, useRef, useState } from 'react';
import type { IssuedTicket } from '../../../../kiosk-config/src/index';
import { useT } from '../../i18n/use-t';
import { PrintedInRussianNote } from '../../ui/printed-in-russian-note';
import { Screen } from '../../ui/screen';
import { secondsPhrase } from '../../ui/texts';
import { peopleAheadLine, priorityLine, waitLine } from './ticket-texts';

/** How long the ticket stays on the screen before the kiosk returns home by itself. */
export const ISSUED_SCREEN_SECONDS = 15;
/** Longer when the paper may not have come out: the screen is then the visitor's only copy of the number. */
export const UNCONFIRMED_SCREEN_SECONDS = 30;

/** Props of the success screen. */
export interface TicketIssuedScreenProps {
  ticket: IssuedTicket;
  /** The booking's time (`HH:MM`) when the ticket came from a check-in. */
  slotTime: string | null;
  onDone: () => void;
}

/**
 * The ticket number, very large, the queue before it (people ahead and a wait range, when the hub
 * could tell) and what to do next; returns home by itself. A ticket issued offline says that it
 * is valid all the same, and promises no estimate. A ticket the printer never confirmed says, as
 * large as it can, to name the number to staff if no paper came out.
 */
export function TicketIssuedScreen({ ticket, slotTime, onDone }: TicketIssuedScreenProps) {
  const t = useT();
  const unconfirmed = ticket.print === 'unconfirmed';
  const shownSeconds = unconfirmed ? UNCONFIRMED_SCREEN_SECONDS : ISSUED_SCREEN_SECONDS;
  const [secondsLeft, setSecondsLeft] = useState(shownSeconds);
  const shownSecondsRef = useRef(shownSeconds);
  // The countdown runs once per ticket shown, whatever the parent re-renders with.
  const onDoneRef = useRef(onDone);
  onDoneRef.current = onDone;

  useEffect(() => {
    const tick = setInterval(() => setSecondsLeft((seconds) => Math.max(0, seconds - 1)), 1000);
    const done = setTimeout(() => onDoneRef.current(), shownSecondsRef.current * 1000);
    return () => {
      clearInterval(tick);
      clearTimeout(done);
    };
  }, []);

  return (
    <Screen
      testId="screen-ticket-issued"
      title={t(unconfirmed ? 'ticket.issued.titleUnconfirmed' : 'ticket.issued.title')}
      onHome={onDone}
      variant="centered"
      className="screen-issued"
    >
      <div className="issued-layout">
        <div className="ticket">
          <p className="ticket-label">{t('ticket.issued.number')}</p>
          <p
            className={`ticket-number ${[...ticket.number].length > 5 ? 'ticket-number-long' : ''}`}
            data-testid="ticket-number"
            data-speak="answer"
            data-i18n-data
          >
            {ticket.number}
          </p>
          <p className="ticket-service" data-testid="ticket-service" data-i18n-data>
            {ticket.serviceName}
          </p>
          {unconfirmed && (
            <p className="ticket-unconfirmed-note" data-testid="ticket-unconfirmed-note" role="status">
              {t('ticket.unconfirmedNote')}
            </p>
          )}
          <PrintedInRussianNote
            printedLanguage={ticket.printedLanguage}
            message={t('ticket.issued.printedInRussian')}
            testId="ticket-printed-in-russian"
          />
          {ticket.priority && (
            <p className="ticket-priority" data-testid="ticket-priority">
              {priorityLine(slotTime, t)}
            </p>
          )}
        </div>
        <div className="issued-next">
          <QueueLines ticket={ticket} />
          <p className="notice-lead">{t('ticket.issued.wait')}</p>
          <button
            type="button"
            className="button button-primary button-large"
            data-testid="ticket-done"
            onClick={onDone}
          >
            {t('common.done')}
          </button>
          <p className="quiet">{t('ticket.issued.returnsIn', { seconds: secondsPhrase(secondsLeft, t) })}</p>
        </div>
      </div>
    </Screen>
  );
}

/** People ahead and the wait; on an offline ticket, the note that it is valid all the same. */
function QueueLines({ ticket }: { ticket: IssuedTicket }) {
  const t = useT();
  if (ticket.offline) {
    return (
      <p className="ticket-offline-note" data-testid="ticket-offline-note" role="status" data-speak="answer">
        {t('ticket.offlineNote')}
      </p>
    );
  }
  const ahead = peopleAheadLine(ticket.peopleAhead, t);
  // With nobody ahead the wait is the visitor's own turn: «Вы следующий» says it better.
  const wait = ticket.peopleAhead === 0 ? null : waitLine(ticket.wait, t);
  if (ahead === null && wait === null) return null;
  return (
    <div className="ticket-queue">
      {ahead !== null && (
        <p className="ticket-people-ahead" data-testid="ticket-people-ahead" data-speak="answer">
          {ahead}
        </p>
      )}
      {wait !== null && (
        <p className="ticket-wait" data-testid="ticket-wait" data-speak="answer">
          {wait}
        </p>
      )}
    </div>
  );
}
