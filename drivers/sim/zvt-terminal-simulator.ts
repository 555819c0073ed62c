import { createServer, type Server, type Socket } from 'node:net';
import { TypedEmitter } from '../../kiosk-config/src/lib/typed-emitter';
import { DATE_TIME_FIELDS, wallClockParts } from '../../kiosk-config/src/time/office-time';
import type { ZvtApdu } from '../payment/zvt/protocol/zvt-apdu';
import { INTERMEDIATE_STATUS, RESULT_ABORTED } from '../payment/zvt/protocol/zvt-codes';
import * as commands from '../payment/zvt/protocol/zvt-commands';
import { type EcrCommand, parseEcrCommand } from '../payment/zvt/protocol/zvt-commands';
import {
  abortMessage,
  completion,
  intermediateStatus,
  printTextBlock,
  RECEIPT_TYPE,
  statusEnquiryCompletion,
  statusInformation,
} from '../payment/zvt/protocol/zvt-messages';
import type { ZvtTextEncoding } from '../payment/zvt/protocol/zvt-text';
import type { TransactionDataInput, ZvtTotals } from '../payment/zvt/protocol/zvt-transaction-data';
import { type ZvtLink, ZvtSerialLink, ZvtTcpLink } from '../payment/zvt/zvt-link';
import type { ByteTransport } from '../transport/byte-transport';
import { TransportError } from '../transport/transport-error';
import { createPtyPair } from './pty-pair';
import { type PtySimulator, type SimulatorOnPty, startOnPtyPair } from './simulator-on-pty';
import { SimulatorSerialPort } from './simulator-serial-port';

/**
 * A fault the simulated terminal commits, on command, in one transaction.
 *
 * - `decline`: the issuer declines (result code, default 05): Status-Information, then Abort.
 * - `timeout`: acknowledges the command (80 00 00), then never says another word about it (for an
 *   authorisation: silent before asking for the card; a kiosk's abort is refused, 84 83).
 * - `silent`: takes the command off the line and answers nothing at all, not even 80 00 00.
 * - `connectionLostMidAuth`: pulls the cable (PTY) or drops the TCP connection after asking for
 *   the PIN; the transaction does not happen. The cable is back after `reconnectAfterMs` (50).
 * - `approvalReplyLost`: approves and records the transaction, then sends nothing more (the
 *   Status-Information and Completion are lost).
 * - `powerLoss`: goes silent mid-dialogue, before the approval (nothing recorded) or, with
 *   `afterApproval`, just after it; powers on again after `offForMs`, else on `powerOn()`. Its
 *   journal, last transaction and totals survive; a dialogue in progress does not.
 * - `cardholderCancel`: the visitor presses the red key: Abort with 6C.
 * - `refuse`: answers the command with 84 xx 00 (default 9C, busy) instead of 80 00 00.
 * - `reservationLapsed` (for a Pre-Authorisation Reversal, 06 25): the hold was already gone
 *   before the reversal came (let lapse, or released outside the kiosk), with nothing in the
 *   journal: B4 (already reversed), and Repeat Receipt still repeats whatever was last, so the
 *   kiosk has no evidence of a reversal. It stays so after the fault (the reservation is released).
 * - `mismatchedApproval` (for an authorisation): approves something else than asked, as a faulty
 *   terminal or a replayed answer would: another amount (`amountMinor`, held as such; default
 *   100,00 руб. more), another currency (`currency`, e.g. 978), or (`replay`) the Status-Information
 *   of its last approved transaction again, with nothing new recorded.
 */
export type ZvtSimFault =
  | { kind: 'decline'; resultCode?: number }
  | { kind: 'timeout' }
  | { kind: 'silent' }
  | { kind: 'mismatchedApproval'; amountMinor?: number; currency?: number; replay?: boolean }
  | { kind: 'connectionLostMidAuth'; reconnectAfterMs?: number }
  | { kind: 'approvalReplyLost' }
  | { kind: 'powerLoss'; afterApproval?: boolean; offForMs?: number }
  | { kind: 'cardholderCancel' }
  | { kind: 'refuse'; code?: number }
  | { kind: 'reservationLapsed' };

/** The commands a fault can be aimed at. `authorise` is 06 22 (and 06 01). */
export type ZvtSimCommand =
  | 'authorise'
  | 'commit'
  | 'reverse'
  | 'refund'
  | 'end_of_day'
  | 'diagnosis'
  | 'repeat_receipt'
  | 'status'
  | 'registration';

/** A transaction in the terminal's journal. */
export interface ZvtSimRecord {
  receiptNo: number;
  trace: number;
  kind: 'reservation' | 'sale' | 'booking' | 'reservation_reversal' | 'reversal' | 'refund';
  amountMinor: number;
  /** 00 approved, else the decline's result code. */
  resultCode: number;
  at: Date;
  /** The reservation a booking or its reversal is of, the payment a reversal is of. */
  refersTo?: number;
  /** Reservations: open, booked or released. Sales, bookings: active or reversed. */
  state: 'open' | 'booked' | 'released' | 'active' | 'reversed' | 'done' | 'declined';
  authCode: string;
  rrn: string;
  /** The customer receipt as printed. */
  slip: string[];
  /** End-of-day batch it belongs to. */
  batch: number;
  /** The amount the ECR asked for, when the terminal approved another (`mismatchedApproval`). */
  requestedMinor?: number;
  /** The currency it approved in, when not the rouble (643). */
  currency?: number;
}

/** The totals the terminal would report at end of day, for the current batch. */
export interface ZvtSimTotals {
  /** Approved payments (sales and bookings) not reversed. */
  count: number;
  /** Their sum minus refunds, in minor units. */
  totalMinor: number;
}

/** Options of `ZvtTerminalSimulator`. */
export interface ZvtTerminalSimulatorOptions {
  /** Eight digits (default `29001234`). */
  terminalId?: string;
  /** The ECR password it expects (default `000000`); a command with another is refused (84 83). */
  password?: string;
  /** The character set of its texts (default `cp866`). */
  textEncoding?: ZvtTextEncoding;
  /** Pause between its messages, as a terminal reading a card takes time, in ms (default 20). */
  stepDelayMs?: number;
  /**
   * How long the simulated visitor takes to present the card once the terminal asks for it, in
   * ms (default: `stepDelayMs`). The demo sets seconds: meanwhile the terminal waits for the card,
   * and «Отмена» on the screen can be pressed.
   */
  cardDelayMs?: number;
  /** How long it waits for the ECR's 80 00 00 to each message, in ms (default 5000). */
  ackTimeoutMs?: number;
  /** Its clock (default `new Date()`). */
  now?: () => Date;
  /**
   * The zone its clock is set to, as a real terminal is set to the office's local time (an IANA
   * name, default the machine's): the times on its slips and in its answers.
   */
  timeZone?: string;
  /** The last four digits of the card every visitor presents (default `4242`). */
  panLast4?: string;
}

/** How the simulator reaches the connection it serves, to drop it (`connectionLostMidAuth`). */
interface ConnectionHooks {
  drop(reconnectAfterMs: number): void;
}

interface Connection {
  link: ZvtLink;
  hooks: ConnectionHooks;
  unsubscribe: Array<() => void>;
}

/** What a transaction's work produced: the messages of success, or a result code to abort with. */
type Performed =
  | { ok: true; status?: TransactionDataInput; slip?: { type: number; lines: string[] } }
  | { ok: false; resultCode: number };

const SOFTWARE_VERSION = 'OKNO-SIM-ZVT 1.0';

/**
 * A ZVT payment terminal (the PT) simulated, for tests, the crash-test harness and `npm start`.
 *
 * It speaks the protocol from the PT's side over any `ZvtLink`: RS-232 framing on a PTY
 * (`startSimulatedZvtTerminal()`), or raw APDUs over TCP on 127.0.0.1
 * (`startSimulatedZvtTerminal({ connection: 'tcp' })`). It keeps a journal as a terminal does:
 * receipt and trace numbers increasing, reservations (06 22) held until booked (06 24) or
 * released (06 25), bookings and sales reversible (06 30), refunds (06 31), its last transaction
 * for Repeat Receipt (06 20) and its totals until End-of-Day (06 50). The journal lives in this
 * object, so it outlasts a power cycle (`powerOff`/`powerOn`) and a new connection, as the real
 * terminal's flash memory does.
 *
 * Approvals are deterministic: auth code and RRN derive from the trace number, the card is always
 * `**** **** **** 4242` (MIR). Faults are injected per next transaction (`injectFault`) or as a
 * script, one entry per authorisation (`scriptFaults`).
 */
export class ZvtTerminalSimulator {
  readonly terminalId: string;
  private readonly password: string;
  private readonly encoding: ZvtTextEncoding;
  /**
   * Pause between its messages (ms, `ZvtTerminalSimulatorOptions.stepDelayMs`). Tests may change
   * it between transactions: a slow card step leaves time to press «Отмена» on the screen.
   */
  stepDelayMs: number;
  /** The card's delay (`ZvtTerminalSimulatorOptions.cardDelayMs`); `null`: `stepDelayMs`. Tests may change it. */
  cardDelayMs: number | null;
  private readonly ackTimeoutMs: number;
  private readonly now: () => Date;
  private readonly timeZone: string;
  private readonly panLast4: string;
  // What survives a power cycle: the journal and the counters.
  private readonly records: ZvtSimRecord[] = [];
  private last: ZvtSimRecord | null = null;
  private nextReceiptNo = 1;
  private nextTrace = 1;
  private batch = 1;
  // What does not.
  private isPowered = true;
  private connection: Connection | null = null;
  private dialogueId = 0;
  private busy = false;
  private abortable = false;
  private abortRequested = false;
  private pendingAck: ((acked: boolean) => void) | null = null;
  private powerTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly faults = new Map<ZvtSimCommand, Array<ZvtSimFault | 'ok'>>();
  private readonly powerListeners = new TypedEmitter<[powered: boolean]>();
  /** Commands received, in order, the last thousand (for tests). */
  readonly received: EcrCommand[] = [];

  constructor(options: ZvtTerminalSimulatorOptions = {}) {
    this.terminalId = options.terminalId ?? '29001234';
    this.password = options.password ?? '000000';
    this.encoding = options.textEncoding ?? 'cp866';
    this.stepDelayMs = options.stepDelayMs ?? 20;
    this.cardDelayMs = options.cardDelayMs ?? null;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 5000;
    this.now = options.now ?? (() => new Date());
    this.timeZone = options.timeZone ?? new Intl.DateTimeFormat().resolvedOptions().timeZone;
    this.panLast4 = options.panLast4 ?? '4242';
  }

  /** Every transaction since the simulator was made, oldest first. */
  get journal(): readonly ZvtSimRecord[] {
    return this.records;
  }

  /** The transaction Repeat Receipt would repeat, or null after End-of-Day. */
  get lastTransaction(): ZvtSimRecord | null {
    return this.last;
  }

  get powered(): boolean {
    return this.isPowered;
  }

  /** The current batch's totals, as End-of-Day would report them. */
  totals(): ZvtSimTotals {
    let count = 0;
    let totalMinor = 0;
    for (const record of this.records) {
      if (record.batch !== this.batch || record.resultCode !== 0) continue;
      if ((record.kind === 'booking' || record.kind === 'sale') && record.state === 'active') {
        count++;
        totalMinor += record.amountMinor;
      } else if (record.kind === 'refund') {
        totalMinor -= record.amountMinor;
      }
    }
    return { count, totalMinor };
  }

  /** Makes the next `command` (default an authorisation) commit `fault`; faults queue in order. */
  injectFault(fault: ZvtSimFault, command: ZvtSimCommand = 'authorise'): void {
    const queue = this.faults.get(command) ?? [];
    queue.push(fault);
    this.faults.set(command, queue);
  }

  /**
   * Scripts the next commands of one kind (default authorisations): one entry each, `ok` for one
   * that goes as normal. Replaces what was queued for that command.
   */
  scriptFaults(script: ReadonlyArray<ZvtSimFault | 'ok'>, command: ZvtSimCommand = 'authorise'): void {
    this.faults.set(command, [...script]);
  }

  /** Forgets every queued fault. */
  clearFaults(): void {
    this.faults.clear();
  }

  /** Cuts the power: silent from now on, the dialogue in progress lost. `offForMs` powers on later. */
  powerOff(offForMs?: number): void {
    if (this.powerTimer) clearTimeout(this.powerTimer);
    this.powerTimer = null;
    const wasPowered = this.isPowered;
    this.isPowered = false;
    this.endDialogue();
    if (offForMs !== undefined) {
      this.powerTimer = setTimeout(() => this.powerOn(), offForMs);
      this.powerTimer.unref?.();
    }
    if (wasPowered) this.powerListeners.emit(false);
  }

  /** Powers on again: the journal as it was, no dialogue, and (TCP) no connection. */
  powerOn(): void {
    if (this.powerTimer) clearTimeout(this.powerTimer);
    this.powerTimer = null;
    if (this.isPowered) return;
    this.isPowered = true;
    this.powerListeners.emit(true);
  }

  /** Subscribes to power changes (the TCP server drops its connections on power-on). */
  onPowerChange(listener: (powered: boolean) => void): () => void {
    return this.powerListeners.on(listener);
  }

  /**
   * Serves the ECR on `link` (replacing the connection served before). Returns the function that
   * stops serving it. Bytes must not reach the link while the power is off (see `gated`).
   */
  attach(link: ZvtLink, hooks: ConnectionHooks): () => void {
    if (this.connection) this.detach(this.connection);
    const connection: Connection = { link, hooks, unsubscribe: [] };
    connection.unsubscribe = [
      link.onApdu((apdu) => this.receive(connection, apdu)),
      link.onClose(() => {
        if (this.connection === connection) this.endDialogue();
      }),
    ];
    this.connection = connection;
    return () => this.detach(connection);
  }

  private detach(connection: Connection): void {
    for (const unsubscribe of connection.unsubscribe) unsubscribe();
    if (this.connection === connection) {
      this.connection = null;
      this.endDialogue();
    }
  }

  private endDialogue(): void {
    this.dialogueId++;
    this.busy = false;
    this.abortable = false;
    this.abortRequested = false;
    this.pendingAck?.(false);
    this.pendingAck = null;
  }

  private receive(connection: Connection, apdu: ZvtApdu): void {
    if (!this.isPowered || this.connection !== connection) return;
    const command = parseEcrCommand(apdu);
    if (command.type === 'ack' || command.type === 'nak') {
      const pending = this.pendingAck;
      this.pendingAck = null;
      pending?.(command.type === 'ack');
      return;
    }
    this.received.push(command);
    if (this.received.length > 1000) this.received.shift();
    if (command.type === 'abort') {
      // 06 B0 comes without master rights, in the middle of a dialogue.
      if (this.busy && this.abortable) {
        this.abortRequested = true;
        void this.send(connection, commands.ack());
      } else {
        void this.send(connection, commands.nak(0x83));
      }
      return;
    }
    if (this.busy) {
      void this.send(connection, commands.nak(0x9c));
      return;
    }
    this.busy = true;
    const id = ++this.dialogueId;
    this.handle(connection, id, command)
      .catch(() => undefined)
      .finally(() => {
        if (this.dialogueId === id) this.idle();
      });
  }

  /** The dialogue is over: the ECR has the master rights again. */
  private idle(): void {
    this.busy = false;
    this.abortable = false;
    this.abortRequested = false;
  }

  private async handle(c: Connection, id: number, command: EcrCommand): Promise<void> {
    switch (command.type) {
      case 'registration':
        if (await this.preamble(c, id, 'registration', command.password)) {
          await this.say(
            c,
            id,
            completion({ terminalStatus: 0, terminalId: this.terminalId, currency: commands.CURRENCY_RUB }),
            true,
          );
        }
        return;
      case 'status_enquiry':
        if (await this.preamble(c, id, 'status', command.password)) {
          await this.say(
            c,
            id,
            statusEnquiryCompletion({
              softwareVersion: SOFTWARE_VERSION,
              terminalStatus: 0,
              terminalId: this.terminalId,
            }),
            true,
          );
        }
        return;
      case 'log_off':
        await this.send(c, commands.ack());
        return;
      case 'authorisation':
      case 'pre_authorisation': {
        const amount = command.amountMinor;
        if (amount === undefined || amount === 0) return void (await this.send(c, commands.nak(0x9a)));
        const kind = command.type === 'authorisation' ? 'sale' : 'reservation';
        await this.transaction(c, id, 'authorise', {
          needsCard: true,
          amountMinor: amount,
          recordDecline: kind,
          perform: (fault) =>
            fault?.kind === 'mismatchedApproval'
              ? this.approveMismatched(kind, amount, fault)
              : this.approve(kind, amount),
        });
        return;
      }
      case 'book_total':
        await this.transaction(c, id, 'commit', {
          needsCard: false,
          perform: () => this.book(command.receiptNo, command.amountMinor),
        });
        return;
      case 'pre_authorisation_reversal':
        await this.transaction(c, id, 'reverse', {
          needsCard: false,
          perform: (fault) => this.release(command.receiptNo, fault?.kind === 'reservationLapsed'),
        });
        return;
      case 'reversal':
        await this.transaction(c, id, 'reverse', {
          needsCard: false,
          password: command.password,
          perform: () => this.reverseRecord(command.receiptNo),
        });
        return;
      case 'refund': {
        const amount = command.amountMinor;
        if (amount === undefined || amount === 0) return void (await this.send(c, commands.nak(0x9a)));
        await this.transaction(c, id, 'refund', {
          needsCard: true,
          password: command.password,
          amountMinor: amount,
          perform: () => this.approve('refund', amount),
        });
        return;
      }
      case 'repeat_receipt':
        await this.transaction(c, id, 'repeat_receipt', {
          needsCard: false,
          password: command.password,
          perform: () => this.repeat(),
        });
        return;
      case 'diagnosis':
        await this.transaction(c, id, 'diagnosis', {
          needsCard: false,
          password: command.password,
          perform: () => this.diagnose(),
        });
        return;
      case 'end_of_day':
        await this.transaction(c, id, 'end_of_day', {
          needsCard: false,
          password: command.password,
          perform: () => this.closeBatch(),
        });
        return;
      case 'malformed':
        await this.send(c, commands.nak(0x9a));
        return;
      default:
        await this.send(c, commands.nak(0x83));
        return;
    }
  }

  /**
   * The start every command shares: a wrong password or a `refuse` fault is answered 84 xx; else
   * 80 00 00. `timeout` and `powerLoss` strike here for commands without a transaction.
   */
  private async preamble(c: Connection, id: number, command: ZvtSimCommand, password?: string): Promise<boolean> {
    const fault = this.takeFault(command);
    if (password !== undefined && password !== this.password) {
      await this.send(c, commands.nak(0x83));
      return false;
    }
    if (fault?.kind === 'refuse') {
      await this.send(c, commands.nak(fault.code ?? 0x9c));
      return false;
    }
    if (fault?.kind === 'silent') return false;
    await this.send(c, commands.ack());
    if (fault?.kind === 'timeout') return false;
    if (fault?.kind === 'powerLoss') {
      this.powerOff(fault.offForMs);
      return false;
    }
    return this.alive(c, id);
  }

  /** One transaction from 80 00 00 to Completion or Abort, with whatever fault is due. */
  private async transaction(
    c: Connection,
    id: number,
    command: ZvtSimCommand,
    spec: {
      needsCard: boolean;
      amountMinor?: number;
      password?: string;
      /** A decline is journalled as a transaction of this kind (authorisations, not admin). */
      recordDecline?: ZvtSimRecord['kind'];
      /** Does the command; given the fault due, for the faults a command handles itself. */
      perform: (fault: ZvtSimFault | undefined) => Performed;
    },
  ): Promise<void> {
    const fault = this.takeFault(command);
    if (spec.password !== undefined && spec.password !== this.password) {
      await this.send(c, commands.nak(0x83));
      return;
    }
    if (fault?.kind === 'refuse') {
      await this.send(c, commands.nak(fault.code ?? 0x9c));
      return;
    }
    if (fault?.kind === 'silent') return;
    await this.send(c, commands.ack());
    if (fault?.kind === 'timeout') return;
    if (spec.needsCard) {
      this.abortable = true;
      if (!(await this.say(c, id, intermediateStatus(INTERMEDIATE_STATUS.insertCard)))) return;
      await this.waitForCard(id);
      if (this.abortRequested) return this.cancel(c, id);
      if (!(await this.say(c, id, intermediateStatus(INTERMEDIATE_STATUS.watchPinPad)))) return;
      await this.pause();
      if (this.abortRequested) return this.cancel(c, id);
    }
    if (fault?.kind === 'connectionLostMidAuth') {
      this.endDialogue();
      c.hooks.drop(fault.reconnectAfterMs ?? 50);
      return;
    }
    if (fault?.kind === 'powerLoss' && !fault.afterApproval) {
      this.powerOff(fault.offForMs);
      return;
    }
    if (fault?.kind === 'cardholderCancel' || this.abortRequested) return this.cancel(c, id);
    this.abortable = false;
    if (!this.alive(c, id)) return;
    if (!(await this.say(c, id, intermediateStatus(INTERMEDIATE_STATUS.pleaseWait)))) return;
    await this.pause();
    if (fault?.kind === 'decline') {
      const resultCode = fault.resultCode ?? 0x05;
      const declined = spec.recordDecline
        ? this.journalDecline(spec.recordDecline, spec.amountMinor ?? 0, resultCode)
        : null;
      const status = this.statusOf(declined) ?? { resultCode, terminalId: this.terminalId };
      if (!(await this.say(c, id, statusInformation({ ...status, resultCode }, this.encoding)))) return;
      if (declined && !(await this.say(c, id, printTextBlock(declined.slip, RECEIPT_TYPE.customer, this.encoding)))) {
        return;
      }
      await this.say(c, id, abortMessage(resultCode), true);
      return;
    }
    const performed = spec.perform(fault);
    if (!performed.ok) {
      if (
        !(await this.say(
          c,
          id,
          statusInformation({ resultCode: performed.resultCode, terminalId: this.terminalId }, this.encoding),
        ))
      ) {
        return;
      }
      await this.say(c, id, abortMessage(performed.resultCode), true);
      return;
    }
    if (fault?.kind === 'approvalReplyLost') {
      this.endDialogue();
      return;
    }
    if (fault?.kind === 'powerLoss') {
      this.powerOff(fault.offForMs);
      return;
    }
    if (performed.status && !(await this.say(c, id, statusInformation(performed.status, this.encoding)))) return;
    if (
      performed.slip &&
      !(await this.say(c, id, printTextBlock(performed.slip.lines, performed.slip.type, this.encoding)))
    ) {
      return;
    }
    await this.say(c, id, completion({ terminalId: this.terminalId }), true);
  }

  /** The visitor (or the ECR's 06 B0) cancelled before the approval: 27 6C, then Abort 6C. */
  private async cancel(c: Connection, id: number): Promise<void> {
    this.abortable = false;
    if (
      !(await this.say(
        c,
        id,
        statusInformation({ resultCode: RESULT_ABORTED, terminalId: this.terminalId }, this.encoding),
      ))
    ) {
      return;
    }
    await this.say(c, id, abortMessage(RESULT_ABORTED), true);
  }

  private approve(kind: 'sale' | 'reservation' | 'refund', amountMinor: number): Performed {
    const record = this.addRecord(
      kind,
      amountMinor,
      0,
      kind === 'reservation' ? 'open' : kind === 'sale' ? 'active' : 'done',
    );
    return { ok: true, status: this.statusOf(record) ?? {}, slip: { type: RECEIPT_TYPE.customer, lines: record.slip } };
  }

  /** Approves something else than asked (`mismatchedApproval`): another amount or currency, or a replay. */
  private approveMismatched(
    kind: 'sale' | 'reservation',
    requestedMinor: number,
    fault: Extract<ZvtSimFault, { kind: 'mismatchedApproval' }>,
  ): Performed {
    if (fault.replay) {
      const earlier = [...this.records]
        .reverse()
        .find((r) => (r.kind === 'reservation' || r.kind === 'sale') && r.resultCode === 0);
      if (earlier) {
        return {
          ok: true,
          status: this.statusOf(earlier) ?? {},
          slip: { type: RECEIPT_TYPE.customer, lines: earlier.slip },
        };
      }
    }
    const record = this.addRecord(
      kind,
      fault.amountMinor ?? (fault.currency === undefined ? requestedMinor + 10_000 : requestedMinor),
      0,
      kind === 'reservation' ? 'open' : 'active',
    );
    record.requestedMinor = requestedMinor;
    if (fault.currency !== undefined) record.currency = fault.currency;
    return { ok: true, status: this.statusOf(record) ?? {}, slip: { type: RECEIPT_TYPE.customer, lines: record.slip } };
  }

  private book(receiptNo: string | undefined, amountMinor: number | undefined): Performed {
    const reservation = this.find(receiptNo, 'reservation');
    if (reservation?.state !== 'open') return { ok: false, resultCode: 0xb8 };
    const amount = amountMinor ?? reservation.amountMinor;
    if (amount > reservation.amountMinor) return { ok: false, resultCode: 0xb7 };
    reservation.state = 'booked';
    const record = this.addRecord('booking', amount, 0, 'active', reservation.receiptNo);
    return { ok: true, status: this.statusOf(record) ?? {}, slip: { type: RECEIPT_TYPE.customer, lines: record.slip } };
  }

  private release(receiptNo: string | undefined, lapsed = false): Performed {
    const reservation = this.find(receiptNo, 'reservation');
    if (!reservation) return { ok: false, resultCode: 0xb8 };
    // Released without a transaction of the terminal's: no record, the last transaction unchanged.
    if (lapsed && reservation.state === 'open') reservation.state = 'released';
    if (reservation.state === 'released') return { ok: false, resultCode: 0xb4 };
    if (reservation.state !== 'open') return { ok: false, resultCode: 0xb5 };
    reservation.state = 'released';
    const record = this.addRecord('reservation_reversal', reservation.amountMinor, 0, 'done', reservation.receiptNo);
    return { ok: true, status: this.statusOf(record) ?? {}, slip: { type: RECEIPT_TYPE.customer, lines: record.slip } };
  }

  private reverseRecord(receiptNo: string | undefined): Performed {
    const payment = this.records.find(
      (r) =>
        String(r.receiptNo).padStart(4, '0') === receiptNo &&
        (r.kind === 'booking' || r.kind === 'sale') &&
        r.resultCode === 0,
    );
    if (!payment) return { ok: false, resultCode: 0xb5 };
    if (payment.state === 'reversed') return { ok: false, resultCode: 0xb4 };
    if (payment.batch !== this.batch) return { ok: false, resultCode: 0xb5 };
    payment.state = 'reversed';
    const record = this.addRecord('reversal', payment.amountMinor, 0, 'done', payment.receiptNo);
    return { ok: true, status: this.statusOf(record) ?? {}, slip: { type: RECEIPT_TYPE.customer, lines: record.slip } };
  }

  private repeat(): Performed {
    const last = this.last;
    if (!last) return { ok: true };
    return { ok: true, status: this.statusOf(last) ?? {}, slip: { type: RECEIPT_TYPE.customer, lines: last.slip } };
  }

  /** 06 70: the terminal's self-check, all well: an administration slip with its id and software. */
  private diagnose(): Performed {
    const lines = [
      'ДИАГНОСТИКА',
      `Терминал: ${this.terminalId}`,
      stamp(wallClock(this.now(), this.timeZone)),
      `ПО: ${SOFTWARE_VERSION}`,
      'Связь с банком: OK',
    ];
    return { ok: true, slip: { type: RECEIPT_TYPE.administration, lines } };
  }

  private closeBatch(): Performed {
    const totals = this.totals();
    const inBatch = this.records.filter((r) => r.batch === this.batch);
    const from = inBatch[0]?.receiptNo ?? this.nextReceiptNo;
    const to = inBatch.at(-1)?.receiptNo ?? from;
    const zvtTotals: ZvtTotals = {
      receiptFrom: String(from % 10_000).padStart(4, '0'),
      receiptTo: String(to % 10_000).padStart(4, '0'),
      // MIR is not one of ZVT's card families: it is counted under "remaining".
      groups: [{ name: 'remaining', count: totals.count, amountMinor: Math.max(0, totals.totalMinor) }],
    };
    const at = wallClock(this.now(), this.timeZone);
    const trace = this.nextTrace++;
    const lines = [
      'СВЕРКА ИТОГОВ',
      `Терминал: ${this.terminalId}`,
      stamp(at),
      `Операций: ${totals.count}`,
      `Итого: ${formatAmount(totals.totalMinor)} RUB`,
      'ИТОГИ СОВПАЛИ',
    ];
    this.batch++;
    this.last = null;
    return {
      ok: true,
      status: {
        resultCode: 0,
        amountMinor: Math.max(0, totals.totalMinor),
        trace,
        time: hhmmss(at),
        dateLong: yymmdd(at),
        terminalId: this.terminalId,
        totals: zvtTotals,
      },
      slip: { type: RECEIPT_TYPE.administration, lines },
    };
  }

  private find(receiptNo: string | undefined, kind: ZvtSimRecord['kind']): ZvtSimRecord | undefined {
    return this.records.find(
      (r) => r.kind === kind && r.resultCode === 0 && String(r.receiptNo % 10_000).padStart(4, '0') === receiptNo,
    );
  }

  /** Records a transaction (approved), with its deterministic approval data and slip. */
  private addRecord(
    kind: ZvtSimRecord['kind'],
    amountMinor: number,
    resultCode: number,
    state: ZvtSimRecord['state'],
    refersTo?: number,
  ): ZvtSimRecord {
    const trace = this.nextTrace++;
    const record: ZvtSimRecord = {
      receiptNo: this.nextReceiptNo++,
      trace,
      kind,
      amountMinor,
      resultCode,
      at: this.now(),
      state,
      authCode: resultCode === 0 ? String(100_000 + ((trace * 7919) % 900_000)) : '',
      rrn: `6024${String(trace).padStart(8, '0')}`,
      slip: [],
      batch: this.batch,
      ...(refersTo === undefined ? {} : { refersTo }),
    };
    record.slip = slipLines(record, this.terminalId, this.panLast4, this.timeZone);
    this.records.push(record);
    this.last = record;
    return record;
  }

  private journalDecline(kind: ZvtSimRecord['kind'], amountMinor: number, resultCode: number): ZvtSimRecord {
    return this.addRecord(kind, amountMinor, resultCode, 'declined');
  }

  /** The Status-Information fields of a journalled transaction. */
  private statusOf(record: ZvtSimRecord | null): TransactionDataInput | null {
    if (!record) return null;
    const approved = record.resultCode === 0;
    const at = wallClock(record.at, this.timeZone);
    return {
      resultCode: record.resultCode,
      amountMinor: record.amountMinor,
      trace: record.trace,
      time: hhmmss(at),
      date: mmdd(at),
      panLast4: this.panLast4,
      terminalId: this.terminalId,
      ...(approved ? { authCode: record.authCode, additionalText: `RRN:${record.rrn}` } : {}),
      currency: record.currency ?? commands.CURRENCY_RUB,
      receiptNo: record.receiptNo,
      cardName: 'MIR',
    };
  }

  private takeFault(command: ZvtSimCommand): ZvtSimFault | undefined {
    const queue = this.faults.get(command);
    const next = queue?.shift();
    return next === 'ok' ? undefined : next;
  }

  /**
   * Sends a message of the PT's and waits for the ECR's 80 00 00; false when the dialogue is over.
   * The ACK of the `final` message (Completion, Abort) gives the master rights back at once: the
   * ECR's next command may be in the same TCP segment as that ACK.
   */
  private async say(c: Connection, id: number, apdu: ZvtApdu, final = false): Promise<boolean> {
    if (!this.alive(c, id)) return false;
    const acked = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => finish(false), this.ackTimeoutMs);
      timer.unref?.();
      const finish = (ok: boolean) => {
        clearTimeout(timer);
        if (this.pendingAck === finish) this.pendingAck = null;
        if (final && ok && this.dialogueId === id) this.idle();
        resolve(ok);
      };
      this.pendingAck = finish;
    });
    const sent = await this.send(c, apdu);
    if (!sent) {
      this.pendingAck?.(false);
      return false;
    }
    return (await acked) && this.alive(c, id);
  }

  private async send(c: Connection, apdu: ZvtApdu): Promise<boolean> {
    if (!this.isPowered || this.connection !== c) return false;
    const result = await c.link.send(apdu);
    return result.ok;
  }

  private alive(c: Connection, id: number): boolean {
    return this.isPowered && this.connection === c && this.dialogueId === id;
  }

  /** The visitor finds the card: `cardDelayMs`, cut short by the ECR's abort (06 B0) or the dialogue's end. */
  private async waitForCard(id: number): Promise<void> {
    const until = Date.now() + (this.cardDelayMs ?? this.stepDelayMs);
    while (Date.now() < until && !this.abortRequested && this.dialogueId === id) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(50, Math.max(0, until - Date.now()))));
    }
  }

  private pause(): Promise<void> {
    if (this.stepDelayMs <= 0) return Promise.resolve();
    return new Promise((resolve) => setTimeout(resolve, this.stepDelayMs));
  }
}

const TITLES: Record<ZvtSimRecord['kind'], string> = {
  reservation: 'ПРЕДАВТОРИЗАЦИЯ',
  sale: 'ОПЛАТА',
  booking: 'ОПЛАТА (ЗАВЕРШЕНИЕ)',
  reservation_reversal: 'ОТМЕНА ПРЕДАВТОРИЗАЦИИ',
  reversal: 'ОТМЕНА ОПЛАТЫ',
  refund: 'ВОЗВРАТ',
};

function slipLines(record: ZvtSimRecord, terminalId: string, panLast4: string, timeZone: string): string[] {
  const approved = record.resultCode === 0;
  return [
    'ОКНО МФЦ (СИМУЛЯТОР)',
    TITLES[record.kind],
    `Терминал: ${terminalId}`,
    stamp(wallClock(record.at, timeZone)),
    `Чек: ${String(record.receiptNo).padStart(4, '0')}  Трейс: ${String(record.trace).padStart(6, '0')}`,
    `Карта: MIR **** ${panLast4}`,
    `Сумма: ${formatAmount(record.amountMinor)} RUB`,
    ...(approved
      ? [`Код авторизации: ${record.authCode}`, `RRN: ${record.rrn}`, 'ОДОБРЕНО']
      : [`ОТКАЗ (${record.resultCode.toString(16).padStart(2, '0').toUpperCase()})`]),
  ];
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** An instant on a zone's wall clock, two digits per field (four for the year). */
interface WallClock {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
}

function wallClock(at: Date, timeZone: string): WallClock {
  const parts = wallClockParts(at, timeZone, DATE_TIME_FIELDS);
  return {
    year: parts.year ?? '',
    month: parts.month ?? '',
    day: parts.day ?? '',
    hour: parts.hour ?? '',
    minute: parts.minute ?? '',
    second: parts.second ?? '',
  };
}

const hhmmss = (c: WallClock) => `${c.hour}${c.minute}${c.second}`;
const mmdd = (c: WallClock) => `${c.month}${c.day}`;
const yymmdd = (c: WallClock) => `${c.year.slice(-2)}${mmdd(c)}`;
const stamp = (c: WallClock) => `${c.day}.${c.month}.${c.year} ${c.hour}:${c.minute}:${c.second}`;

function formatAmount(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${pad2(abs % 100)}`;
}

/** A transport whose bytes stop (both ways) while `powered()` is false, as a terminal switched off. */
function gated(inner: ByteTransport, powered: () => boolean): ByteTransport {
  return {
    get address() {
      return inner.address;
    },
    get isOpen() {
      return inner.isOpen;
    },
    open: () => inner.open(),
    close: () => inner.close(),
    write: async (data) => {
      if (powered()) await inner.write(data);
    },
    onData: (listener) =>
      inner.onData((chunk) => {
        if (powered()) listener(chunk);
      }),
    onClose: (listener) => inner.onClose(listener),
  };
}

/** The simulator's end of a PTY pair: serial port, ZVT serial framing, the power gate. */
class ZvtSerialEndpoint implements PtySimulator {
  private readonly port: SimulatorSerialPort;
  private readonly link: ZvtSerialLink;
  private detach: (() => void) | null = null;
  cable: { unplug(): Promise<void>; replug(): Promise<void> } | null = null;

  constructor(
    private readonly simulator: ZvtTerminalSimulator,
    path: string,
    baudRate: number,
  ) {
    this.port = new SimulatorSerialPort({ path, baudRate });
    this.link = new ZvtSerialLink(gated(this.port, () => simulator.powered));
  }

  async start(): Promise<void> {
    await this.port.open();
    this.detach = this.simulator.attach(this.link, { drop: (ms) => void this.drop(ms) });
  }

  /** Opens the port again after a replug; the simulator's journal is untouched. */
  async reattach(): Promise<void> {
    await this.port.close().catch(() => undefined);
    await this.port.open();
  }

  async close(): Promise<void> {
    this.detach?.();
    this.detach = null;
    await this.port.close().catch(() => undefined);
  }

  private async drop(reconnectAfterMs: number): Promise<void> {
    const cable = this.cable;
    if (!cable) return;
    await cable.unplug();
    setTimeout(() => {
      cable.replug().catch(() => undefined);
    }, reconnectAfterMs).unref?.();
  }
}

/** An accepted TCP connection as a `ByteTransport` (the simulator's side). */
class AcceptedSocket implements ByteTransport {
  readonly address: string;
  private readonly dataListeners = new TypedEmitter<[chunk: Uint8Array]>();
  private readonly closeListeners = new TypedEmitter<[error?: Error]>();

  constructor(
    private readonly socket: Socket,
    private readonly powered: () => boolean,
  ) {
    this.address = `tcp://${socket.remoteAddress}:${socket.remotePort}`;
    socket.on('data', (chunk: Buffer) => {
      if (!this.powered()) return;
      const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      this.dataListeners.emit(bytes);
    });
    socket.on('error', () => undefined);
    socket.once('close', () => {
      this.closeListeners.emit(new TransportError(`${this.address} closed`, true));
    });
  }

  get isOpen(): boolean {
    return !this.socket.destroyed;
  }

  async open(): Promise<void> {}

  async write(data: Uint8Array): Promise<void> {
    if (!this.powered()) return;
    if (this.socket.destroyed) throw new TransportError(`${this.address} is closed`);
    await new Promise<void>((resolve, reject) => {
      this.socket.write(data, (error) => (error ? reject(error) : resolve()));
    });
  }

  async close(): Promise<void> {
    this.socket.destroy();
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.dataListeners.on(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    return this.closeListeners.on(listener);
  }
}

/** Options of `startSimulatedZvtTerminal`. */
export interface StartSimulatedZvtTerminalOptions extends ZvtTerminalSimulatorOptions {
  /** RS-232 framing on a PTY (default), or raw APDUs over TCP on 127.0.0.1. */
  connection?: 'serial' | 'tcp';
  /** Serial only (default 9600, the usual ZVT speed). */
  baudRate?: number;
  /** TCP only: the port (default 0, any free one; a real terminal listens on 20007). */
  port?: number;
  /** Serve with this simulator (its journal kept), e.g. after the kiosk was restarted. */
  simulator?: ZvtTerminalSimulator;
}

/** A simulated terminal on a PTY: `devicePath` for the driver's serial link. */
export type SimulatedZvtSerialTerminal = Omit<SimulatorOnPty<PtySimulator>, 'simulator'> & {
  connection: 'serial';
  simulator: ZvtTerminalSimulator;
};

/** A simulated terminal on 127.0.0.1: `host` and `port` for the driver's TCP link. */
export interface SimulatedZvtTcpTerminal {
  connection: 'tcp';
  host: string;
  port: number;
  simulator: ZvtTerminalSimulator;
  /** Drops the connection of the ECR as a network cut would (the server keeps listening). */
  dropConnections(): void;
  close(): Promise<void>;
}

export type SimulatedZvtTerminal = SimulatedZvtSerialTerminal | SimulatedZvtTcpTerminal;

/**
 * Starts a simulated ZVT payment terminal: on a fresh socat PTY pair speaking the serial
 * protocol (default; point a `ZvtTerminal` over `createSerialLink({ target: { path: devicePath } })`
 * at it), or listening on 127.0.0.1 (`connection: 'tcp'`). Close the driver first, then this.
 */
export function startSimulatedZvtTerminal(
  options?: StartSimulatedZvtTerminalOptions & { connection?: 'serial' },
): Promise<SimulatedZvtSerialTerminal>;
export function startSimulatedZvtTerminal(
  options: StartSimulatedZvtTerminalOptions & { connection: 'tcp' },
): Promise<SimulatedZvtTcpTerminal>;
export async function startSimulatedZvtTerminal(
  options: StartSimulatedZvtTerminalOptions = {},
): Promise<SimulatedZvtTerminal> {
  const simulator = options.simulator ?? new ZvtTerminalSimulator(options);
  if (options.connection === 'tcp') return startOnTcp(simulator, options.port ?? 0);
  const pair = await createPtyPair();
  const endpoint = new ZvtSerialEndpoint(simulator, pair.simulatorPath, options.baudRate ?? 9600);
  const onPty = await startOnPtyPair(pair, endpoint, 'payment_terminal');
  endpoint.cable = { unplug: () => onPty.unplug(), replug: () => onPty.replug() };
  return { ...onPty, connection: 'serial', simulator };
}

async function startOnTcp(simulator: ZvtTerminalSimulator, port: number): Promise<SimulatedZvtTcpTerminal> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    if (!simulator.powered) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    // One ECR at a time, as a terminal has: a new connection replaces the old.
    for (const other of sockets) if (other !== socket) other.destroy();
    const link = new ZvtTcpLink(new AcceptedSocket(socket, () => simulator.powered));
    const detach = simulator.attach(link, { drop: () => socket.destroy() });
    socket.once('close', detach);
  });
  const dropAll = () => {
    for (const socket of sockets) socket.destroy();
  };
  // A terminal that powers on again has no connection: the ECR's old one is dead.
  const unsubscribe = simulator.onPowerChange((powered) => {
    if (powered) dropAll();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  let closing: Promise<void> | null = null;
  return {
    connection: 'tcp',
    host: '127.0.0.1',
    port: boundPort,
    simulator,
    dropConnections: dropAll,
    close() {
      closing ??= new Promise<void>((resolve) => {
        unsubscribe();
        dropAll();
        server.close(() => resolve());
      });
      return closing;
    },
  };
}
