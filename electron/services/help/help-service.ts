import { randomUUID } from 'node:crypto';
import type {
  HelpCallbackAnswer,
  HelpCallbackBody,
  HelpRequestAnswer,
  HelpRequestBody,
} from '../../../kiosk-config/src/hub/help-api';
import { type CallInput, type CallOutput, fail, ok, type Result } from '../../../kiosk-config/src/index';
import type { HubFailure, HubResult } from '../hub/hub-client';
import type { Logger } from '../logging/logger';

/** What the help service needs: the hub's two help endpoints (`HubClient.call`). */
export interface HelpServiceDeps {
  request: (body: HelpRequestBody) => Promise<HubResult<HelpRequestAnswer>>;
  callback: (body: HelpCallbackBody) => Promise<HubResult<HelpCallbackAnswer>>;
  log: Logger;
  newId?: () => string;
}

/**
 * «Позвать сотрудника» on the main side: `help.request` and `help.callback` sent straight to
 * the hub, within a visitor's short budget (docs/accessibility/help.md).
 *
 * Neither goes through the outbox. A help request is only worth anything while the visitor stands
 * at the kiosk: delivered minutes later it would send staff to an empty kiosk, so when the hub
 * cannot be reached the visitor is told at once to go to the reception desk instead. A call-back's
 * phone number is personal data: it lives only in this call's memory, is never logged (only
 * the screen and the outcome are) and is never written to the kiosk's disk; when the hub cannot
 * take it now the visitor is told so, rather than the number being kept for later.
 */
export class HelpService {
  readonly #newId: () => string;

  constructor(private readonly deps: HelpServiceDeps) {
    this.#newId = deps.newId ?? randomUUID;
  }

  /** Raises a help request at the hub for the visitor on `screen`. */
  async request(input: CallInput<'help.request'>): Promise<Result<CallOutput<'help.request'>>> {
    const result = await this.deps.request({ requestId: this.#newId(), screen: input.screen });
    this.#logOutcome('help request', input.screen, result);
    return result.ok ? ok(result.value) : this.#failure(result.error);
  }

  /** Asks the call centre to call the visitor back; the number is forgotten when this returns. */
  async callback(input: CallInput<'help.callback'>): Promise<Result<CallOutput<'help.callback'>>> {
    const result = await this.deps.callback({ requestId: this.#newId(), screen: input.screen, phone: input.phone });
    this.#logOutcome('help call-back', input.screen, result);
    return result.ok ? ok(result.value) : this.#failure(result.error);
  }

  #logOutcome(what: string, screen: string, result: HubResult<unknown>): void {
    if (result.ok) this.deps.log.info({ screen }, `${what} sent`);
    else this.deps.log.warn({ screen, failure: result.error.code }, `${what} not sent`);
  }

  #failure(failure: HubFailure): Result<never> {
    if (failure.code === 'rate_limited') {
      return fail('rate_limited', 'too many help requests from this kiosk: try later');
    }
    // Offline, timeout, circuit open, not enrolled, a refusal or an answer outside the contract:
    // for the visitor all mean «the hub cannot take it now: ask at the reception desk».
    return fail('hub_unreachable', `the hub cannot take a help request now (${failure.code})`);
  }
}
