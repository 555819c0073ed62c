import type { ReceiptPrinter } from '../../../drivers/printer/receipt-printer';
import {
  ApplicationNumber,
  type ApplicationStatusView,
  type CallInput,
  type CallOutput,
  fail,
  maskApplicationNumber,
  ok,
  type Result,
  type ScreenLanguage,
  type StatusLookupRequest,
  type StatusLookupResponse,
} from '../../../kiosk-config/src/index';
import { officeWallClock } from '../../../kiosk-config/src/time/office-time';
import type { HubResult } from '../hub/hub-client';
import type { OutboxWriter } from '../hub/outbox';
import type { Logger } from '../logging/logger';
import { PRINT_FAILURE_CODES, readyPrinter } from '../printing/printer-faults';
import { printedLanguage, type ReceiptPaper } from '../printing/receipt-paper';
import { SessionKey, type VisitorSession } from '../session/visitor-session';
import { statusSlip } from './status-slip';
import { STATUS_SLIP_WORDS } from './status-slip-words';

/** What the status service needs from the rest of the kiosk. */
export interface StatusServiceDeps {
  /** The hub's lookup (`HubClient.lookupStatus`). */
  lookup: (request: StatusLookupRequest) => Promise<HubResult<StatusLookupResponse>>;
  session: VisitorSession;
  /** Where `status.lookup` facts go (masked number and outcome only). */
  outbox: OutboxWriter | undefined;
  printer: () => ReceiptPrinter | null;
  /** The receipt printer's paper: the slip prints in the visitor's language where its code page can. */
  paper: ReceiptPaper;
  office: { id: string; name: string };
  timeZone: string;
  log: Logger;
  now?: () => Date;
}

/** What «Распечатать» needs: the found application, never the full number. */
interface FoundApplication {
  application: ApplicationStatusView;
  maskedNumber: string;
}

/** The last found application, in the visitor session's memory only. */
const lastFound = new SessionKey<FoundApplication>('status.lastFound');

/** What a lookup ended with, as reported to the hub (no number beyond its mask). */
type LookupOutcome =
  | StatusLookupResponse['outcome']
  | 'invalid_application_number'
  | 'hub_unreachable'
  | 'rate_limited';

/**
 * The status journey behind `status.lookup` and `status.printSlip`: normalises and validates
 * the number, asks the hub, maps every outcome to the contract, keeps the found application in
 * the visitor's session (for «Распечатать»), and prints the status slip.
 *
 * Application numbers appear in logs and the outbox only masked; the full number lives only in
 * the request being made and is not kept after it.
 */
export class StatusService {
  constructor(private readonly deps: StatusServiceDeps) {}

  /** Looks an application up at the hub; link faults come back as `hub_unreachable`. */
  async lookup(input: CallInput<'status.lookup'>): Promise<Result<CallOutput<'status.lookup'>>> {
    const parsed = ApplicationNumber.safeParse(input.applicationNumber);
    if (!parsed.success) {
      await this.#report('invalid_application_number');
      return fail('invalid_application_number', 'the text is not an application number');
    }
    const number = parsed.data;
    const maskedNumber = maskApplicationNumber(number);
    const sessionId = this.deps.session.id;
    const started = Date.now();
    const result = await this.deps.lookup(
      input.secondFactor
        ? { applicationNumber: number, secondFactor: input.secondFactor }
        : { applicationNumber: number },
    );
    const answer = this.#map(result, maskedNumber);
    const outcome: LookupOutcome = answer.ok ? answer.value.outcome : (answer.error.code as LookupOutcome);
    this.deps.log.info(
      {
        maskedNumber,
        outcome,
        ms: Date.now() - started,
        ...(result.ok ? {} : { failure: result.error.code }),
      },
      'status lookup',
    );
    await this.#report(outcome, maskedNumber);
    // The visitor may have walked away (reset) while the hub answered: keep nothing for the next one.
    if (answer.ok && answer.value.outcome === 'found' && this.deps.session.id === sessionId) {
      this.deps.session.keep(lastFound, { application: answer.value.application, maskedNumber });
    }
    return answer;
  }

  /**
   * Prints the status slip of the session's last found application, in the visitor's `language`
   * where the printer's code page has its letters, else in Russian (`printedLanguage` says which).
   */
  async printSlip(language: ScreenLanguage = 'ru'): Promise<Result<CallOutput<'status.printSlip'>>> {
    const found = this.deps.session.recall(lastFound);
    if (!found) return fail('nothing_to_print', 'no application was found in this session');
    const ready = await readyPrinter(this.deps.printer());
    if (!ready.ok) return ready;
    const printer = ready.value;

    const at = (this.deps.now ?? (() => new Date()))();
    const printedIn = printedLanguage(this.deps.paper, language, 'status slip', this.deps.log);
    const printed = await printer.print(
      statusSlip({
        office: this.deps.office,
        application: found.application,
        maskedNumber: found.maskedNumber,
        printedAt: officeWallClock(at, this.deps.timeZone),
        words: STATUS_SLIP_WORDS[printedIn],
      }),
    );
    if (!printed.ok) {
      const { code, message } = printed.error;
      this.deps.log.warn({ reason: code, detail: message }, 'status slip not printed');
      return fail(PRINT_FAILURE_CODES[code], `the status slip was not printed: ${code}`);
    }
    this.deps.log.info({ maskedNumber: found.maskedNumber }, 'status slip printed');
    return ok({ printed: true, printedLanguage: printedIn });
  }

  #map(result: HubResult<StatusLookupResponse>, maskedNumber: string): Result<CallOutput<'status.lookup'>> {
    if (result.ok) {
      const value = result.value;
      return value.outcome === 'found'
        ? ok({ outcome: 'found', application: value.application, maskedNumber })
        : ok(value);
    }
    const { error: failure } = result;
    switch (failure.code) {
      case 'rate_limited':
        return fail(
          'rate_limited',
          failure.retryAfterSeconds === undefined
            ? 'too many lookups: try later'
            : `too many lookups: try again in ${failure.retryAfterSeconds} s`,
        );
      case 'unauthorized':
        // The hub link re-enrolls by itself (HubClient's onCredentialRefused); the visitor hears «нет связи».
        return fail('hub_unreachable', 'the hub refused the kiosk credential');
      default:
        // Offline, timeout, circuit open, not enrolled, a 5xx or an answer outside the contract:
        // for the visitor all mean «cannot check now».
        return fail('hub_unreachable', `the hub cannot answer now (${failure.code})`);
    }
  }

  /** Tells the hub (through the outbox) how a lookup went; a failure to record never fails the lookup. */
  async #report(outcome: LookupOutcome, maskedNumber?: string): Promise<void> {
    const { outbox, log } = this.deps;
    if (!outbox) return;
    await outbox
      .enqueue('status.lookup', maskedNumber === undefined ? { outcome } : { maskedNumber, outcome })
      .catch((error: unknown) => log.error({ err: error }, 'status.lookup not recorded in the outbox'));
  }
}
