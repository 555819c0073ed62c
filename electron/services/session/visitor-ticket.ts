import { SessionKey } from './visitor-session';

/**
 * The number of the queue ticket this visitor took (or checked in for) in this session, e.g.
 * `Б-007`: a fee paid afterwards is linked to it (printed on the receipt, kept in the ledger) so
 * the specialist at the window sees it paid. Wiped at the reset with the rest of the session.
 */
export const VISITOR_TICKET = new SessionKey<string>('ticket');
