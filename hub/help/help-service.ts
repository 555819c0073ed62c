import type {
  HelpCallbackAnswer,
  HelpCallbackBody,
  HelpRequestAnswer,
  HelpRequestBody,
} from '../../kiosk-config/src/hub/help-api';
import { officeDate } from '../../kiosk-config/src/time/office-time';
import type { HubRepository } from '../db/hub-repository';
import type { AuthenticatedKiosk } from '../server/kiosk-auth';
import { CALL_CENTRE_OFFICE_ID } from './help-paths';
import type { CallbackRecord, HelpRequestRecord, HelpStore } from './help-store';

/** How long an unmade call-back (and its number) is kept before the retention sweep erases it. */
export const CALLBACK_RETENTION_MS = 24 * 3_600_000;

/** What one call-back takes the call centre, for the time the visitor is told to expect the call. */
const MINUTES_PER_CALLBACK = 5;
/** The expected time is told in steps of a quarter of an hour: «в течение 15 мин», «30 мин». */
const EXPECTED_STEP_MINUTES = 15;

/** What the help service needs. */
export interface HelpServiceOptions {
  store: HelpStore;
  repository: Pick<HubRepository, 'findOffice' | 'listQueue'>;
  now: () => Date;
  /** The call centre's office id; `000` by default. */
  callCentreOfficeId?: string;
}

/**
 * «Позвать сотрудника» at the hub: help requests to the kiosk's office, shown on its console
 * until staff mark them answered, and call-backs to the region's call centre (one per hub: the
 * office `000`), whose numbers are kept only until the call is made or a day has passed.
 */
export class HelpService {
  readonly #store: HelpStore;
  readonly #now: () => Date;
  readonly centreId: string;

  constructor(private readonly options: HelpServiceOptions) {
    this.#store = options.store;
    this.#now = options.now;
    this.centreId = options.callCentreOfficeId ?? CALL_CENTRE_OFFICE_ID;
  }

  /**
   * A visitor at `kiosk` asks for staff: the request goes on the office's console. The answer
   * counts the help requests before it and the visitors waiting in the office's ticket queue.
   */
  async raise(kiosk: AuthenticatedKiosk, body: HelpRequestBody): Promise<HelpRequestAnswer> {
    const now = this.#now();
    const request: HelpRequestRecord = {
      requestId: body.requestId,
      kioskId: kiosk.id,
      officeId: kiosk.officeId,
      screen: body.screen,
      raisedAt: now.toISOString(),
    };
    const [{ ahead }, waiting] = await Promise.all([
      this.#store.raise(request),
      this.#waitingInQueue(kiosk.officeId, now),
    ]);
    return waiting === undefined ? { ahead } : { ahead, waiting };
  }

  /** The tickets waiting in the office's queue on its day now; undefined for an office the hub does not know. */
  async #waitingInQueue(officeId: string, now: Date): Promise<number | undefined> {
    const office = await this.options.repository.findOffice(officeId);
    // An office read back always has its zone (`OfficeRecord.timeZone`); none means no such office.
    if (office?.timeZone === undefined) return undefined;
    const tickets = await this.options.repository.listQueue(officeId, officeDate(now, office.timeZone));
    return tickets.filter((ticket) => ticket.state === 'waiting').length;
  }

  /** A visitor at `kiosk` asks to be called back: queued at the call centre, if the hub has one. */
  async callback(kiosk: AuthenticatedKiosk, body: HelpCallbackBody): Promise<HelpCallbackAnswer> {
    if ((await this.options.repository.findOffice(this.centreId)) === undefined) return { outcome: 'no_call_centre' };
    const callback: CallbackRecord = {
      requestId: body.requestId,
      kioskId: kiosk.id,
      officeId: kiosk.officeId,
      centreId: this.centreId,
      screen: body.screen,
      phone: body.phone,
      requestedAt: this.#now().toISOString(),
    };
    const { ahead } = await this.#store.queueCallback(callback);
    return { outcome: 'queued', ahead, expectedWithinMinutes: expectedWithin(ahead) };
  }

  /** The office's unanswered help requests, oldest first. */
  openRequests(officeId: string): Promise<HelpRequestRecord[]> {
    return this.#store.openRequests(officeId);
  }

  /** Staff went to the visitor: the request leaves the console. */
  markAnswered(officeId: string, requestId: string, by: string): Promise<boolean> {
    return this.#store.markAnswered(officeId, requestId, by, this.#now().toISOString());
  }

  /** The call centre's call-backs still to make, oldest first. */
  openCallbacks(): Promise<CallbackRecord[]> {
    return this.#store.openCallbacks(this.centreId);
  }

  /** The call was made: the call-back is closed and its number erased. */
  markCalled(requestId: string, by: string): Promise<boolean> {
    return this.#store.closeCallback(this.centreId, requestId, 'called', by, this.#now().toISOString());
  }

  /** Erases the numbers of call-backs never made within `CALLBACK_RETENTION_MS`; answers how many. */
  sweep(): Promise<number> {
    const now = this.#now();
    const before = new Date(now.getTime() - CALLBACK_RETENTION_MS).toISOString();
    return this.#store.expireCallbacks(before, now.toISOString());
  }
}

/** When the visitor may expect the call: the call-backs before theirs and theirs, rounded up to a quarter hour. */
export function expectedWithin(ahead: number): number {
  const minutes = (ahead + 1) * MINUTES_PER_CALLBACK;
  return Math.ceil(minutes / EXPECTED_STEP_MINUTES) * EXPECTED_STEP_MINUTES;
}
