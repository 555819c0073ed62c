import type { CheckInOutcome, IssuedTicket, Result, ScreenLanguage } from '../../../kiosk-config/src/index';
import type { VisitorSession } from '../session/visitor-session';
import { VISITOR_TICKET } from '../session/visitor-ticket';
import type { TicketService } from './ticket-service';

/** What `VisitorTickets` needs. */
export interface VisitorTicketsDeps {
  tickets: Pick<TicketService, 'issue' | 'checkIn'>;
  session: Pick<VisitorSession, 'keep'>;
}

/**
 * The visitor's side of queue tickets: the ticket a visitor takes (or checks in for) is kept in
 * the visitor's session (`VISITOR_TICKET`), so that a fee paid next is linked to it.
 */
export class VisitorTickets {
  constructor(private readonly deps: VisitorTicketsDeps) {}

  /** `tickets.issue`: issues and prints a ticket; keeps its number for this session. */
  async issue(serviceId: string, language?: ScreenLanguage): Promise<Result<IssuedTicket>> {
    const result = await this.deps.tickets.issue(serviceId, language);
    if (result.ok) this.deps.session.keep(VISITOR_TICKET, result.value.number);
    return result;
  }

  /** `tickets.checkIn`: checks a booking in; keeps the issued ticket's number for this session. */
  async checkIn(code: string, language?: ScreenLanguage): Promise<Result<CheckInOutcome>> {
    const result = await this.deps.tickets.checkIn(code, language);
    if (result.ok && result.value.outcome === 'issued')
      this.deps.session.keep(VISITOR_TICKET, result.value.ticket.number);
    return result;
  }
}
