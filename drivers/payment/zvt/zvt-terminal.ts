import { fail, ok, type Result } from '../../../kiosk-config/src/contract/result';
import { SerialExecutor } from '../../../kiosk-config/src/lib/serial-executor';
import type {
  ApprovedTransaction,
  AuthoriseOptions,
  AuthoriseOutcome,
  AuthoriseRequest,
  DiagnosisOutcome,
  EndOfDayOutcome,
  LastTransactionOutcome,
  PaymentTerminal,
  TerminalActionOutcome,
  TerminalCapabilities,
  TerminalReference,
  TerminalStatus,
} from '../payment-terminal';
import { controlField, type ZvtApdu } from './protocol/zvt-apdu';
import {
  describeResultCode,
  describeTerminalStatus,
  promptKindOf,
  RESULT_ABORTED,
  RESULT_ALREADY_REVERSED,
  RESULT_SUCCESS,
  resultCodeHex,
} from './protocol/zvt-codes';
import * as commands from './protocol/zvt-commands';
import { type PtMessage, parsePtMessage, RECEIPT_TYPE } from './protocol/zvt-messages';
import type { ZvtTextEncoding } from './protocol/zvt-text';
import { findTlv } from './protocol/zvt-tlv';
import { maskedPanOf, type ZvtTransactionData } from './protocol/zvt-transaction-data';
import type { ZvtLink } from './zvt-link';

/** Options of `ZvtTerminal`. Timeouts are in ms. */
export interface ZvtTerminalOptions {
  /** The terminal's ECR password, six digits (default `000000`). */
  password?: string;
  /** ISO 4217 numeric currency (default 643, the rouble). */
  currency?: number;
  /** The Registration config byte (default `KIOSK_CONFIG_BYTE`, 0xBE). */
  configByte?: number;
  /** The character set of the terminal's texts (default `cp866`). */
  textEncoding?: ZvtTextEncoding;
  /** T3: how long the terminal may take to acknowledge a command with 80 00 00 (default 5000). */
  ackTimeoutMs?: number;
  /** The whole of an authorisation, card and PIN included (default 120 000; per call `timeoutMs`). */
  authoriseTimeoutMs?: number;
  /** Commit, reverse, refund, repeat receipt, registration (default 60 000). */
  commandTimeoutMs?: number;
  /** Status enquiry (default 10 000). */
  statusTimeoutMs?: number;
  /** End of day, which dials the host and may take minutes (default 300 000). */
  endOfDayTimeoutMs?: number;
  /**
   * A TLV tag (hex, e.g. `1F4C`) in which this terminal sends the bank's RRN. ZVT has no BMP for
   * it; without the tag the RRN is read from the additional text (`RRN:…`), else the trace number
   * stands in.
   */
  rrnTlvTag?: string;
  /**
   * Result codes that mean «nothing to do» for commit, reverse and refund: answered `refused`,
   * which the payment journal takes as already done or moot (default B4, already reversed). Any
   * other code there is `unknown`: a booking the terminal refused is not money taken.
   */
  actionRefusedCodes?: readonly number[];
  /** The kiosk's clock (the year of the terminal's MMDD dates, and the time when none is sent). */
  now?: () => Date;
  /** Told each APDU's control field and kind, both ways, for the log (never card data). */
  onTrace?: (event: ZvtTraceEvent) => void;
}

/** One APDU for the log: direction, control field (`06 22`), and what it was read as. */
export interface ZvtTraceEvent {
  direction: 'to_terminal' | 'from_terminal';
  control: string;
  kind: string;
}

/** How a dialogue (command → 80 00 00 → the terminal's messages → completion/abort) ended. */
type Dialogue =
  /** The command certainly did not reach the terminal. */
  | { kind: 'not_sent'; reason: string }
  /** The terminal answered the command with 84 xx: it did not take it. */
  | { kind: 'refused'; code: number }
  /** The command may have reached the terminal, and its end was not heard. */
  | { kind: 'unknown'; reason: 'timeout' | 'connection_lost' | 'malformed_reply' }
  | { kind: 'completed'; record: DialogueRecord; completion: Extract<PtMessage, { type: 'completion' }> }
  | { kind: 'aborted'; record: DialogueRecord; resultCode: number };

/** What the terminal sent during a dialogue. */
/** Why an administration command (end of day, diagnosis) that did not complete failed, for the log. */
function notCompletedReason(dialogue: Exclude<Dialogue, { kind: 'completed' }>, what: string): string {
  switch (dialogue.kind) {
    case 'not_sent':
      return `not_sent: ${dialogue.reason}`;
    case 'refused':
      return `terminal refused ${what} (84 ${resultCodeHex(dialogue.code)})`;
    case 'unknown':
      return `unknown: ${dialogue.reason}`;
    case 'aborted':
      return `${resultCodeHex(dialogue.resultCode)} ${describeResultCode(dialogue.resultCode)}`;
  }
}

interface DialogueRecord {
  statuses: ZvtTransactionData[];
  /** Print lines and text blocks, with the receipt type when the block said. */
  receipts: Array<{ receiptType?: number; lines: string[] }>;
  /** A message from the terminal did not parse. */
  malformed: boolean;
}

interface DialogueOptions {
  timeoutMs: number;
  onPrompt?: AuthoriseOptions['onPrompt'];
  signal?: AbortSignal;
  /** The completion answers a Status Enquiry (it may start with the software version). */
  statusEnquiry?: boolean;
}

/** When an action's refusal may be the action done before, its answer lost (`unheardAction`). */
interface UnheardCheck {
  /** The reservation the action was for. */
  reference: TerminalReference;
  /** The refusal that makes it worth asking: B8 for Book Total (`unknown`), B4 for reversals (`refused`). */
  askAfter: 'refused' | 'unknown';
  /** Told the receipt number of the action found. */
  onFound?: (receiptNo: string) => void;
}

/**
 * Whether the terminal is ready for a command: connected and registered, or why not (the
 * message, e.g. `registration failed: 84 83`, is what the caller's outcome reports).
 */
type Preparation = Result<void, 'not_connected' | 'registration_failed'>;

const PREPARED: Preparation = ok(undefined);

/** The next thing a dialogue hears. */
type Heard = { type: 'apdu'; apdu: ZvtApdu } | { type: 'closed' } | { type: 'timeout' };

/**
 * A payment terminal speaking ZVT (the German ECR interface, rev. 13.x), over RS-232 or TCP/IP
 * (`ZvtLink`).
 *
 * The two phases map to a reservation: `authorise` is Pre-Authorisation (06 22), which holds the
 * funds; `commit` is Book Total (06 24) on its receipt number; `reverse` is Pre-Authorisation
 * Reversal (06 25), or Reversal (06 30) of the booking once committed. `refund` is Refund (06 31),
 * `lastTransaction` Repeat Receipt (06 20), `endOfDay` End-of-Day (06 50), `status` Status Enquiry
 * (05 01), and the visitor's «Отмена» is Abort (06 B0). Registration (06 00) is sent before the
 * first command after every (re)connection.
 *
 * Every command is a dialogue: the kiosk sends it, the terminal acknowledges it (80 00 00) within
 * T3 (`ackTimeoutMs`) and takes over, sending intermediate statuses, slips and Status-Information,
 * each acknowledged by the kiosk, until Completion (06 0F) or Abort (06 1E). A command that never
 * left (no connection, NAK) is `not_sent`; once it may have arrived, a lost end is `unknown`,
 * never a decline. Commands run one at a time, in the order called.
 */
export class ZvtTerminal implements PaymentTerminal {
  readonly capabilities: TerminalCapabilities = {
    holdsFunds: true,
    reversal: true,
    refund: true,
    lastTransaction: true,
    abort: true,
  };
  private readonly password: string;
  private readonly currency: number;
  private readonly configByte: number;
  private readonly encoding: ZvtTextEncoding;
  private readonly ackTimeoutMs: number;
  private readonly authoriseTimeoutMs: number;
  private readonly commandTimeoutMs: number;
  private readonly statusTimeoutMs: number;
  private readonly endOfDayTimeoutMs: number;
  private readonly now: () => Date;
  private readonly actionRefusedCodes: ReadonlySet<number>;
  private registered = false;
  private terminalId: string | undefined;
  /** Commands one at a time: the terminal holds one dialogue. */
  private readonly commandQueue = new SerialExecutor();
  /** Where the terminal's APDUs go while a dialogue runs. */
  private inbox: ((heard: Heard) => void) | null = null;
  /** The receipt number of each reservation this driver booked, to the booking's own. */
  private readonly bookings = new Map<string, string>();
  /** What kind of transaction each receipt number this driver saw was. */
  private readonly kinds = new Map<string, 'authorisation' | 'reversal' | 'refund' | 'commit'>();
  private readonly unsubscribe: Array<() => void>;

  constructor(
    private readonly link: ZvtLink,
    private readonly options: ZvtTerminalOptions = {},
  ) {
    this.password = options.password ?? '000000';
    this.currency = options.currency ?? commands.CURRENCY_RUB;
    this.configByte = options.configByte ?? commands.KIOSK_CONFIG_BYTE;
    this.encoding = options.textEncoding ?? 'cp866';
    this.ackTimeoutMs = options.ackTimeoutMs ?? 5000;
    this.authoriseTimeoutMs = options.authoriseTimeoutMs ?? 120_000;
    this.commandTimeoutMs = options.commandTimeoutMs ?? 60_000;
    this.statusTimeoutMs = options.statusTimeoutMs ?? 10_000;
    this.endOfDayTimeoutMs = options.endOfDayTimeoutMs ?? 300_000;
    this.now = options.now ?? (() => new Date());
    this.actionRefusedCodes = new Set(options.actionRefusedCodes ?? [RESULT_ALREADY_REVERSED]);
    this.unsubscribe = [
      link.onApdu((apdu) => this.receive(apdu)),
      link.onClose(() => {
        // A terminal reconnected to may have restarted: register again before the next command.
        this.registered = false;
        this.inbox?.({ type: 'closed' });
      }),
    ];
  }

  async authorise(request: AuthoriseRequest, options: AuthoriseOptions = {}): Promise<AuthoriseOutcome> {
    return this.commandQueue.run(async () => {
      if (options.signal?.aborted) return { outcome: 'cancelled' };
      const ready = await this.prepare();
      if (!ready.ok) return { outcome: 'not_sent', reason: ready.error.message };
      if (options.signal?.aborted) return { outcome: 'cancelled' };
      const dialogue = await this.dialogue(
        commands.preAuthorisation({ amountMinor: request.amountMinor, currency: this.currency }),
        {
          timeoutMs: options.timeoutMs ?? this.authoriseTimeoutMs,
          ...(options.onPrompt ? { onPrompt: options.onPrompt } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
        },
      );
      switch (dialogue.kind) {
        case 'not_sent':
          return { outcome: 'not_sent', reason: dialogue.reason };
        case 'refused':
          return { outcome: 'not_sent', reason: `terminal refused the command (84 ${resultCodeHex(dialogue.code)})` };
        case 'unknown':
          return { outcome: 'unknown', reason: dialogue.reason };
        case 'aborted':
          if (dialogue.resultCode === RESULT_ABORTED) return { outcome: 'cancelled' };
          return declined(dialogue.resultCode);
        case 'completed': {
          const status = lastStatus(dialogue.record);
          // A message that did not parse may have been the one with the outcome: not guessed.
          if (!status || dialogue.record.malformed) return { outcome: 'unknown', reason: 'malformed_reply' };
          if ((status.resultCode ?? RESULT_SUCCESS) !== RESULT_SUCCESS) return declined(status.resultCode ?? 0xff);
          if (!status.receiptNo) return { outcome: 'unknown', reason: 'malformed_reply' };
          const transaction = this.approved(status, dialogue.record, request.amountMinor);
          remember(this.kinds, transaction.reference.receiptNo, 'authorisation');
          return { outcome: 'approved', transaction };
        }
      }
    });
  }

  async commit(reference: TerminalReference): Promise<TerminalActionOutcome> {
    return this.commandQueue.run(async () => {
      // Booked by this driver already: done, without asking the terminal to book twice.
      if (this.bookings.has(reference.receiptNo)) return { outcome: 'done' };
      const booked = (receiptNo: string) => {
        remember(this.bookings, reference.receiptNo, receiptNo);
        remember(this.kinds, receiptNo, 'commit');
      };
      const command = commands.bookTotal({
        receiptNo: reference.receiptNo,
        amountMinor: reference.amountMinor,
        ...(reference.trace === undefined ? {} : { trace: reference.trace }),
      });
      // A second Book Total of a booked reservation is refused (B8, `unknown`): see `unheardAction`.
      return this.action(command, booked, { reference, askAfter: 'unknown', onFound: booked });
    });
  }

  async reverse(reference: TerminalReference): Promise<TerminalActionOutcome> {
    return this.commandQueue.run(async () => {
      const booking = this.bookings.get(reference.receiptNo);
      // A booked reservation is a payment now: Reversal of the booking. Otherwise the hold is released.
      const command = booking
        ? commands.reversal({ password: this.password, receiptNo: booking })
        : commands.preAuthorisationReversal({ receiptNo: reference.receiptNo, amountMinor: reference.amountMinor });
      // A second reversal is refused as already reversed (B4, `refused`): see `unheardAction`. The
      // transaction found then is not remembered as a reversal (see there).
      return this.action(command, (receiptNo) => remember(this.kinds, receiptNo, 'reversal'), {
        reference,
        askAfter: 'refused',
      });
    });
  }

  /**
   * Fix (found by the payment crash test, test/integration/payment-crash.test.ts): a booking or a
   * reversal whose answer this driver never heard — the kiosk died after sending Book Total
   * (06 24) or Reversal (06 25 / 06 30), or the reply was lost — is refused when sent again: a
   * second Book Total with B8 (`unknown`), so the payment stayed `delivered`, uncommitted in the
   * ledger, and the day could not be closed; a second reversal with B4 (already reversed,
   * `refused`), and the journal's check of the last transaction never matched. Either way ZVT
   * gave the action a receipt number of its own, which the journal's reservation cannot name; but
   * the kiosk sends the terminal nothing between a payment's action and its retry at the restart
   * (or the next recovery pass). So after that refusal the terminal's last transaction is asked
   * (Repeat Receipt): an approved one of the reservation's amount that is not the reservation,
   * and that this driver never saw (so no reservation, booking — the reservation's own included —
   * or refund it made), is taken for the action and its receipt number returned. ZVT does not say
   * a transaction's kind, so the evidence is the refusal and that last transaction together.
   * Anything else (the reservation, another amount, one this driver made, none, or no answer) is
   * `undefined`: the action's outcome stands, retried or checked once more and then seen by a
   * person. A timeout is not enough to ask: the reservation may still be open.
   */
  private async unheardAction(reference: TerminalReference): Promise<string | undefined> {
    const last = await this.readLastTransaction();
    if (last.outcome !== 'found' || !last.approved || !last.reference) return undefined;
    const { receiptNo, amountMinor } = last.reference;
    if (receiptNo === reference.receiptNo || amountMinor !== reference.amountMinor) return undefined;
    if (this.kinds.has(receiptNo) || [...this.bookings.values()].includes(receiptNo)) return undefined;
    return receiptNo;
  }

  async refund(_reference: TerminalReference, amountMinor: number): Promise<TerminalActionOutcome> {
    // ZVT's Refund carries no reference to the payment: the terminal asks for the card again.
    return this.commandQueue.run(() =>
      this.action(commands.refund({ password: this.password, amountMinor, currency: this.currency }), (receiptNo) =>
        remember(this.kinds, receiptNo, 'refund'),
      ),
    );
  }

  async lastTransaction(): Promise<LastTransactionOutcome> {
    return this.commandQueue.run(() => this.readLastTransaction());
  }

  /** Repeat Receipt, for a caller already in the queue of commands (`commandQueue`). */
  private async readLastTransaction(): Promise<LastTransactionOutcome> {
    const ready = await this.prepare();
    if (!ready.ok) return { outcome: 'unknown', reason: `not_sent: ${ready.error.message}` };
    const dialogue = await this.dialogue(commands.repeatReceipt({ password: this.password }), {
      timeoutMs: this.commandTimeoutMs,
    });
    switch (dialogue.kind) {
      case 'not_sent':
        return { outcome: 'unknown', reason: `not_sent: ${dialogue.reason}` };
      case 'refused':
        return { outcome: 'unknown', reason: `terminal refused repeat receipt (84 ${resultCodeHex(dialogue.code)})` };
      case 'unknown':
        return { outcome: 'unknown', reason: dialogue.reason };
      case 'aborted':
        return {
          outcome: 'unknown',
          reason: `repeat receipt aborted: ${resultCodeHex(dialogue.resultCode)} ${describeResultCode(dialogue.resultCode)}`,
        };
      case 'completed': {
        if (dialogue.record.malformed) return { outcome: 'unknown', reason: 'malformed_reply' };
        const status = lastStatus(dialogue.record);
        if (!status) {
          // A slip without the data: a terminal that only reprints. Its text is not read as «none».
          return dialogue.record.receipts.length > 0
            ? { outcome: 'unknown', reason: 'the terminal repeated the slip without Status-Information' }
            : { outcome: 'none' };
        }
        if (!status.receiptNo) return { outcome: 'unknown', reason: 'malformed_reply' };
        const approved = (status.resultCode ?? RESULT_SUCCESS) === RESULT_SUCCESS;
        const reference = referenceOf(status, status.amountMinor ?? 0);
        return {
          outcome: 'found',
          // ZVT does not say what kind the last transaction was: one this driver did not see
          // itself (the case after a lost reply or a restart) is taken for an authorisation.
          kind: this.kinds.get(status.receiptNo) ?? 'authorisation',
          approved,
          reference,
          ...(approved ? { transaction: this.approved(status, dialogue.record, reference.amountMinor) } : {}),
        };
      }
    }
  }

  async endOfDay(): Promise<EndOfDayOutcome> {
    return this.commandQueue.run(async () => {
      const ready = await this.prepare();
      if (!ready.ok) return { outcome: 'failed', reason: `not_sent: ${ready.error.message}` };
      const dialogue = await this.dialogue(commands.endOfDay({ password: this.password }), {
        timeoutMs: this.endOfDayTimeoutMs,
      });
      switch (dialogue.kind) {
        case 'not_sent':
        case 'refused':
        case 'unknown':
        case 'aborted':
          return { outcome: 'failed', reason: notCompletedReason(dialogue, 'end of day') };
        case 'completed': {
          const status = lastStatus(dialogue.record);
          if (status && (status.resultCode ?? RESULT_SUCCESS) !== RESULT_SUCCESS) {
            const code = status.resultCode ?? 0xff;
            return { outcome: 'failed', reason: `${resultCodeHex(code)} ${describeResultCode(code)}` };
          }
          const groups = status?.totals?.groups ?? [];
          return {
            outcome: 'done',
            totals: {
              count: groups.reduce((sum, group) => sum + group.count, 0),
              totalMinor: status?.amountMinor ?? 0,
              slip: slipOf(dialogue.record, RECEIPT_TYPE.administration),
            },
          };
        }
      }
    });
  }

  /** 06 70 Diagnosis: completed with result 00 is `done`, with the terminal's administration slip. */
  async diagnosis(): Promise<DiagnosisOutcome> {
    return this.commandQueue.run(async () => {
      const ready = await this.prepare();
      if (!ready.ok) return { outcome: 'failed', reason: `not_sent: ${ready.error.message}` };
      const dialogue = await this.dialogue(commands.diagnosis({ password: this.password }), {
        timeoutMs: this.endOfDayTimeoutMs,
      });
      switch (dialogue.kind) {
        case 'not_sent':
        case 'refused':
        case 'unknown':
        case 'aborted':
          return { outcome: 'failed', reason: notCompletedReason(dialogue, 'the diagnosis') };
        case 'completed': {
          const code = lastStatus(dialogue.record)?.resultCode ?? RESULT_SUCCESS;
          if (code !== RESULT_SUCCESS)
            return { outcome: 'failed', reason: `${resultCodeHex(code)} ${describeResultCode(code)}` };
          return { outcome: 'done', slip: slipOf(dialogue.record, RECEIPT_TYPE.administration) };
        }
      }
    });
  }

  async status(): Promise<TerminalStatus> {
    return this.commandQueue.run(async () => {
      const ready = await this.prepare(this.statusTimeoutMs);
      if (!ready.ok) return { ready: false, reason: ready.error.message };
      const dialogue = await this.dialogue(commands.statusEnquiry({ password: this.password }), {
        timeoutMs: this.statusTimeoutMs,
        statusEnquiry: true,
      });
      switch (dialogue.kind) {
        case 'not_sent':
          return { ready: false, reason: dialogue.reason };
        case 'refused':
          return { ready: false, reason: `busy (84 ${resultCodeHex(dialogue.code)})` };
        case 'unknown':
          return { ready: false, reason: dialogue.reason === 'timeout' ? 'no_answer' : dialogue.reason };
        case 'aborted':
          return {
            ready: false,
            reason: `${resultCodeHex(dialogue.resultCode)} ${describeResultCode(dialogue.resultCode)}`,
          };
        case 'completed': {
          const statusCode = dialogue.completion?.terminalStatus ?? lastStatus(dialogue.record)?.resultCode ?? 0;
          const terminalId = dialogue.completion?.data.terminalId ?? this.terminalId;
          if (terminalId) this.terminalId = terminalId;
          if (statusCode !== 0) return { ready: false, reason: describeTerminalStatus(statusCode) };
          return terminalId ? { ready: true, terminalId } : { ready: true };
        }
      }
    });
  }

  /** Stops listening and closes the link; a dialogue in progress ends as `connection_lost`. */
  async close(): Promise<void> {
    for (const unsubscribe of this.unsubscribe) unsubscribe();
    this.inbox?.({ type: 'closed' });
    await this.link.close().catch(() => undefined);
  }

  /**
   * Commit, reverse and refund: a dialogue whose success is a Status-Information with result 00;
   * `onDone` is told the receipt number it gave. With `unheard`, a refusal of the kind `askAfter`
   * may be the action done before with its answer lost: `unheardAction` decides, and a
   * transaction found is `done` (and told to `onFound`).
   */
  private async action(
    command: ZvtApdu,
    onDone: (receiptNo: string) => void,
    unheard?: UnheardCheck,
  ): Promise<TerminalActionOutcome> {
    const ready = await this.prepare();
    // Not sent is not "refused" (which would say there is nothing to do): the caller tries again.
    if (!ready.ok) return { outcome: 'unknown', reason: `not_sent: ${ready.error.message}` };
    const dialogue = await this.dialogue(command, { timeoutMs: this.commandTimeoutMs });
    switch (dialogue.kind) {
      case 'not_sent':
        return { outcome: 'unknown', reason: `not_sent: ${dialogue.reason}` };
      case 'refused':
        return {
          outcome: 'unknown',
          reason: `not_sent: terminal refused the command (84 ${resultCodeHex(dialogue.code)})`,
        };
      case 'unknown':
        return { outcome: 'unknown', reason: dialogue.reason };
      case 'aborted':
        return this.notDone(dialogue.resultCode, unheard);
      case 'completed': {
        if (dialogue.record.malformed) return { outcome: 'unknown', reason: 'malformed_reply' };
        const status = lastStatus(dialogue.record);
        if (status && (status.resultCode ?? RESULT_SUCCESS) !== RESULT_SUCCESS) {
          return this.notDone(status.resultCode ?? 0xff, unheard);
        }
        if (status?.receiptNo) onDone(status.receiptNo);
        return { outcome: 'done' };
      }
    }
  }

  /**
   * An action the terminal answered it did not do: `refused` when it says there is nothing to do,
   * else `unknown`; `done` when `unheard` finds it was done before.
   */
  private async notDone(code: number, unheard: UnheardCheck | undefined): Promise<TerminalActionOutcome> {
    const outcome: TerminalActionOutcome = this.actionRefusedCodes.has(code)
      ? { outcome: 'refused', code: resultCodeHex(code), message: describeResultCode(code) }
      : { outcome: 'unknown', reason: `terminal answered ${resultCodeHex(code)}: ${describeResultCode(code)}` };
    if (!unheard || outcome.outcome !== unheard.askAfter) return outcome;
    const receiptNo = await this.unheardAction(unheard.reference);
    if (receiptNo === undefined) return outcome;
    unheard.onFound?.(receiptNo);
    return { outcome: 'done' };
  }

  /** Connects if needed and registers after every (re)connection. */
  private async prepare(timeoutMs = this.commandTimeoutMs): Promise<Preparation> {
    if (!this.link.isOpen) {
      try {
        await this.link.open();
      } catch (error) {
        return fail('not_connected', `not connected: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (this.registered) return PREPARED;
    const dialogue = await this.dialogue(
      commands.registration({ password: this.password, configByte: this.configByte, currency: this.currency }),
      { timeoutMs },
    );
    if (dialogue.kind === 'completed') {
      this.registered = true;
      const terminalId = dialogue.completion?.data.terminalId;
      if (terminalId) this.terminalId = terminalId;
      return PREPARED;
    }
    const why =
      dialogue.kind === 'aborted'
        ? `${resultCodeHex(dialogue.resultCode)} ${describeResultCode(dialogue.resultCode)}`
        : dialogue.kind === 'refused'
          ? `84 ${resultCodeHex(dialogue.code)}`
          : dialogue.reason;
    return fail('registration_failed', `registration failed: ${why}`);
  }

  /**
   * Runs one command to its end. Phase 1: send, and wait up to T3 for 80 00 00 (84 xx: refused).
   * Phase 2: the terminal has master rights; acknowledge each of its messages until Completion
   * or Abort, or until `timeoutMs` from the start has passed.
   */
  private async runDialogue(command: ZvtApdu, options: DialogueOptions): Promise<Dialogue> {
    const deadline = Date.now() + options.timeoutMs;
    const record: DialogueRecord = { statuses: [], receipts: [], malformed: false };
    const heard: Heard[] = [];
    let wake: (() => void) | null = null;
    this.inbox = (item) => {
      heard.push(item);
      wake?.();
    };
    const next = (timeoutMs: number): Promise<Heard> => {
      const ready = heard.shift();
      if (ready) return Promise.resolve(ready);
      return new Promise((resolve) => {
        const timer = setTimeout(() => finish({ type: 'timeout' }), Math.max(0, timeoutMs));
        const finish = (item: Heard) => {
          clearTimeout(timer);
          wake = null;
          resolve(item);
        };
        wake = () => finish(heard.shift() ?? { type: 'timeout' });
      });
    };
    let masterPhase = false;
    let abortSent = false;
    const sendAbort = () => {
      if (abortSent || !masterPhase) return;
      abortSent = true;
      void this.send(commands.abortCommand());
    };
    const onAbort = () => sendAbort();
    options.signal?.addEventListener('abort', onAbort);
    try {
      const sent = await this.send(command);
      if (!sent.ok) {
        const { code, message } = sent.error;
        if (code === 'not_open' || code === 'nak') return { kind: 'not_sent', reason: message };
        return { kind: 'unknown', reason: code === 'no_ack' ? 'timeout' : 'connection_lost' };
      }
      // Phase 1: the acknowledgement of the command.
      const first = await next(Math.min(this.ackTimeoutMs, deadline - Date.now()));
      if (first.type === 'timeout') return { kind: 'unknown', reason: 'timeout' };
      if (first.type === 'closed') return { kind: 'unknown', reason: 'connection_lost' };
      const answer = this.read(first.apdu, options);
      masterPhase = true;
      if (answer.type === 'nak') return { kind: 'refused', code: answer.code };
      // A terminal that went straight to its messages: the command was taken all the same.
      let carried: PtMessage | null = answer.type === 'ack' ? null : answer;
      if (options.signal?.aborted) sendAbort();
      // Phase 2: the terminal's messages until Completion or Abort.
      for (;;) {
        let message: PtMessage | null = carried;
        carried = null;
        if (!message) {
          const item = await next(deadline - Date.now());
          if (item.type === 'timeout') return { kind: 'unknown', reason: 'timeout' };
          if (item.type === 'closed') return { kind: 'unknown', reason: 'connection_lost' };
          message = this.read(item.apdu, options);
        }
        switch (message.type) {
          case 'ack':
          case 'nak':
            // The terminal's answer to our 06 B0: the outcome shows whether the abort won.
            continue;
          case 'other':
            // A command the kiosk does not support (e.g. 04 01 set date in ECR): said so, not acted on.
            await this.send(commands.nak(0x83));
            continue;
          default:
            break;
        }
        await this.send(commands.ack());
        switch (message.type) {
          case 'status_information':
            record.statuses.push(message.data);
            break;
          case 'intermediate_status':
            try {
              options.onPrompt?.({
                kind: promptKindOf(message.status),
                ...(message.text === undefined ? {} : { text: message.text }),
              });
            } catch {
              // The screen's trouble must not abandon a payment the terminal is making.
            }
            break;
          case 'print_line':
            appendLine(record, message.text);
            break;
          case 'print_text_block':
            record.receipts.push({
              ...(message.receiptType === undefined ? {} : { receiptType: message.receiptType }),
              lines: message.lines,
            });
            break;
          case 'malformed':
            record.malformed = true;
            break;
          case 'completion':
            return { kind: 'completed', record, completion: message };
          case 'abort':
            return { kind: 'aborted', record, resultCode: message.resultCode };
        }
      }
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      this.inbox = null;
    }
  }

  /** Runs `dialogue`; after an end not heard, the terminal may have restarted: register again first. */
  private async dialogue(command: ZvtApdu, options: DialogueOptions): Promise<Dialogue> {
    const result = await this.runDialogue(command, options);
    if (result.kind === 'unknown') this.registered = false;
    return result;
  }

  /** Parses an APDU from the terminal and traces it. */
  private read(apdu: ZvtApdu, options: { statusEnquiry?: boolean } = {}): PtMessage {
    const message = parsePtMessage(apdu, {
      encoding: this.encoding,
      ...(options.statusEnquiry ? { afterStatusEnquiry: true } : {}),
    });
    this.options.onTrace?.({ direction: 'from_terminal', control: controlField(apdu), kind: message.type });
    return message;
  }

  private async send(apdu: ZvtApdu) {
    this.options.onTrace?.({ direction: 'to_terminal', control: controlField(apdu), kind: 'command' });
    return this.link.send(apdu);
  }

  /** An APDU while no dialogue runs: a late message of one that timed out. Acknowledged, dropped. */
  private receive(apdu: ZvtApdu): void {
    if (this.inbox) {
      this.inbox({ type: 'apdu', apdu });
      return;
    }
    const message = this.read(apdu);
    if (message.type !== 'ack' && message.type !== 'nak') void this.send(commands.ack());
  }

  private approved(status: ZvtTransactionData, record: DialogueRecord, requestedMinor: number): ApprovedTransaction {
    const terminalId = status.terminalId ?? this.terminalId;
    return {
      reference: referenceOf(status, status.amountMinor ?? requestedMinor),
      rrn: rrnOf(status, this.options.rrnTlvTag),
      authCode: status.authCode ?? '',
      maskedPan: maskedPanOf(status.panLast4),
      at: transactionTime(status, this.now()),
      ...(terminalId ? { terminalId } : {}),
      ...(status.currency === undefined ? {} : { currency: status.currency }),
      slip: slipOf(record, RECEIPT_TYPE.customer),
    };
  }
}

/** Receipt numbers remembered at most (four digits wrap at 9999 anyway). */
const REMEMBERED = 1000;

/** Sets a key, dropping the oldest entries beyond `REMEMBERED`. */
function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  for (const oldest of map.keys()) {
    if (map.size <= REMEMBERED) break;
    map.delete(oldest);
  }
}

function declined(code: number): AuthoriseOutcome {
  return { outcome: 'declined', code: resultCodeHex(code), message: describeResultCode(code) };
}

/** The Status-Information that carries the outcome: the last one, as terminals send it last. */
function lastStatus(record: DialogueRecord): ZvtTransactionData | undefined {
  return record.statuses.at(-1);
}

function referenceOf(status: ZvtTransactionData, amountMinor: number): TerminalReference {
  return {
    receiptNo: status.receiptNo ?? '',
    ...(status.trace === undefined ? {} : { trace: status.trace }),
    amountMinor,
  };
}

/** Print lines (06 D1) go into one receipt until a text block starts another. */
function appendLine(record: DialogueRecord, line: string): void {
  const last = record.receipts.at(-1);
  if (last && last.receiptType === undefined) last.lines.push(line);
  else record.receipts.push({ lines: [line] });
}

/** The lines of the receipts of this type, or of all receipts when none is marked with it. */
function slipOf(record: DialogueRecord, receiptType: number): string[] {
  const typed = record.receipts.filter((r) => r.receiptType === receiptType);
  return (typed.length > 0 ? typed : record.receipts).flatMap((r) => r.lines);
}

/** The bank's RRN: the configured TLV tag, `RRN` in the additional text, else the trace number. */
function rrnOf(status: ZvtTransactionData, tlvTag: string | undefined): string {
  if (tlvTag && status.tlv) {
    const object = findTlv(status.tlv, tlvTag);
    if (object) {
      const text = String.fromCharCode(...object.value).replace(/\0+$/, '');
      if (/^[\x20-\x7e]+$/.test(text)) return text.trim();
    }
  }
  const fromText = /\bRRN\s*[:=#]?\s*(\d{6,12})\b/i.exec(status.additionalText ?? '');
  if (fromText?.[1]) return fromText[1];
  return status.trace ?? '';
}

/**
 * The terminal's date and time as local ISO 8601 (`2026-03-05T14:03:07`). BMP 0D has no year: it
 * is the kiosk's, or last year's for a December date read in January.
 */
function transactionTime(status: ZvtTransactionData, now: Date): string {
  const time = status.time;
  let year: number | undefined;
  let monthDay: string | undefined;
  if (status.dateLong?.length === 6) {
    year = 2000 + Number(status.dateLong.slice(0, 2));
    monthDay = status.dateLong.slice(2);
  } else if (status.date?.length === 4) {
    monthDay = status.date;
    const month = Number(status.date.slice(0, 2));
    year = month > now.getMonth() + 2 ? now.getFullYear() - 1 : now.getFullYear();
  }
  if (time?.length === 6 && year !== undefined && monthDay !== undefined) {
    return `${year}-${monthDay.slice(0, 2)}-${monthDay.slice(2)}T${time.slice(0, 2)}:${time.slice(2, 4)}:${time.slice(4)}`;
  }
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`;
}
