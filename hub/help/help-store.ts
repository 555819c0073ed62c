/**
 * Where the hub keeps «Позвать сотрудника»'s requests (migration 0015): help requests for the
 * office's console, call-backs for the call centre's. Behind an interface so that a PostgreSQL
 * store can take the SQLite one's place; every SQL statement is in `sqlite-help-store.ts`.
 */

/** A help request as the office's console shows it: the kiosk, the screen and the time, nothing of the visitor. */
export interface HelpRequestRecord {
  readonly requestId: string;
  readonly kioskId: string;
  readonly officeId: string;
  /** The kiosk's screen id (`screen-status`). */
  readonly screen: string;
  /** ISO time the hub received it. */
  readonly raisedAt: string;
}

/** A call-back still to be made, as the call centre's console shows it (with the number to call). */
export interface CallbackRecord {
  readonly requestId: string;
  readonly kioskId: string;
  /** The office of the kiosk the visitor stood at. */
  readonly officeId: string;
  /** The call centre's office (`000`). */
  readonly centreId: string;
  readonly screen: string;
  /** Ten digits after +7: personal data, erased when the call is made or the call-back expires. */
  readonly phone: string;
  readonly requestedAt: string;
}

/** How a call-back was closed: the call made, or never made and expired by the retention sweep. */
export type CallbackOutcome = 'called' | 'expired';

/** The help requests and call-backs. */
export interface HelpStore {
  /**
   * Stores a help request unless one with its id is already stored (a retry), and answers how
   * many of its office's requests still unanswered were raised before it.
   */
  raise(request: HelpRequestRecord): Promise<{ ahead: number }>;
  /** The office's unanswered help requests, oldest first. */
  openRequests(officeId: string): Promise<HelpRequestRecord[]>;
  /** Marks a request of the office answered; false when it is not an open request of that office. */
  markAnswered(officeId: string, requestId: string, by: string, at: string): Promise<boolean>;
  /**
   * Queues a call-back unless one with its id is already stored, and answers how many of the
   * centre's open call-backs were requested before it.
   */
  queueCallback(callback: CallbackRecord): Promise<{ ahead: number }>;
  /** The centre's call-backs still to be made, oldest first. */
  openCallbacks(centreId: string): Promise<CallbackRecord[]>;
  /**
   * Closes an open call-back of the centre and erases its number, so that no copy of it stays
   * in the database's files; false when it is not open.
   */
  closeCallback(
    centreId: string,
    requestId: string,
    outcome: CallbackOutcome,
    by: string,
    at: string,
  ): Promise<boolean>;
  /** Closes (`expired`) every open call-back requested before `before`, erasing their numbers; answers how many. */
  expireCallbacks(before: string, at: string): Promise<number>;
}
