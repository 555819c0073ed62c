import type {
  AuthoriseOptions,
  AuthoriseOutcome,
  AuthoriseRequest,
  EndOfDayOutcome,
  LastTransactionOutcome,
  PaymentTerminal,
  TerminalActionOutcome,
  TerminalCapabilities,
  TerminalReference,
  TerminalStatus,
} from '../../../drivers/payment/payment-terminal';
import type { DeviceLink, LinkEvent } from '../../../drivers/transport/reconnecting-transport';
import { describeUsbTarget } from '../../../drivers/transport/resolve-serial-port';
import type { DeviceStatus, PaymentTerminalConfig } from '../../../kiosk-config/src/index';
import type { Logger } from '../logging/logger';

/** A card terminal the factory attached: the driver plus how to let go of it. */
export interface AttachedPaymentTerminal {
  terminal: PaymentTerminal;
  /** The connection under a ZVT driver (serial or TCP), which reconnects by itself; a pilot has none. */
  link?: DeviceLink;
  address: string;
  simulated: boolean;
  close(): Promise<void>;
}

/** Options of `PaymentTerminalHolder`. */
export interface PaymentTerminalHolderOptions {
  config: PaymentTerminalConfig;
  attach: (config: PaymentTerminalConfig) => Promise<AttachedPaymentTerminal>;
  log: Logger;
  /** Called whenever the terminal's status changes. */
  onChange: () => void;
  /** How often the terminal's status is asked while no operation runs (ms, default 30 000). */
  pollMs?: number;
  /** How long to wait before trying again to attach a terminal that failed (ms, default 5000). */
  retryMs?: number;
}

/**
 * Holds the kiosk's card terminal for the device manager: attaches it (retrying), reports its
 * state as a `DeviceStatus` (`payment_terminal`), and hands the payment service the terminal.
 *
 * Readiness is the terminal's own answer to `status()` (ZVT: a status enquiry; a pilot: its
 * installation), asked at start, when the link comes back, after an operation that did not reach
 * it, and every `pollMs` while the terminal is idle: a poll never queues behind a payment, whose
 * own answers tell the state as well (an approval or a decline proves the terminal answers).
 */
export class PaymentTerminalHolder {
  #attached: AttachedPaymentTerminal | null = null;
  #observed: PaymentTerminal | null = null;
  #status: DeviceStatus;
  #inFlight = 0;
  #refreshing: Promise<DeviceStatus> | null = null;
  #timer: NodeJS.Timeout | undefined;
  #recheckTimer: NodeJS.Timeout | undefined;
  #closed = false;
  #stopLink: (() => void) | undefined;

  constructor(private readonly options: PaymentTerminalHolderOptions) {
    this.#status = {
      id: 'payment_terminal',
      kind: 'payment_terminal',
      connected: false,
      simulated: isSimulated(options.config),
      problems: ['offline'],
      address: configuredAddress(options.config),
    };
  }

  /** The terminal's status now. */
  get status(): DeviceStatus {
    return this.#status;
  }

  /** Whether the terminal said it is ready at its last answer. */
  get ready(): boolean {
    return this.#status.connected && this.#status.problems.length === 0;
  }

  /**
   * The terminal, once attached (null before). It is handed out even while its link is down: the
   * driver then answers `not_sent` at once, which the payment journal records as «not charged».
   */
  get terminal(): PaymentTerminal | null {
    return this.#observed;
  }

  /** Attaches the terminal; a failure is logged and retried, never fatal. The first status is asked in the background. */
  async start(): Promise<void> {
    await this.#attach();
  }

  /** Asks the terminal's status now (joined with one already under way) and reports a change. */
  refresh(): Promise<DeviceStatus> {
    const attached = this.#attached;
    if (!attached || this.#closed) return Promise.resolve(this.#status);
    this.#refreshing ??= (async () => {
      try {
        const answer = await attached.terminal.status().catch(
          (error: unknown): TerminalStatus => ({
            ready: false,
            reason: error instanceof Error ? error.message : String(error),
          }),
        );
        if (!this.#closed && this.#attached === attached) this.#apply(answer, attached.link);
        return this.#status;
      } finally {
        this.#refreshing = null;
      }
    })();
    return this.#refreshing;
  }

  /** Stops polling and closes the terminal (and its simulator). */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    clearTimeout(this.#recheckTimer);
    this.#stopLink?.();
    const attached = this.#attached;
    this.#attached = null;
    this.#observed = null;
    await attached
      ?.close()
      .catch((error: unknown) => this.options.log.warn({ err: error }, 'closing the card terminal'));
  }

  async #attach(): Promise<void> {
    const { log } = this.options;
    try {
      const attached = await this.options.attach(this.options.config);
      if (this.#closed) {
        await attached.close();
        return;
      }
      this.#attached = attached;
      this.#observed = this.#observe(attached.terminal);
      this.#set({ ...this.#status, simulated: attached.simulated, address: attached.address });
      this.#watchLink(attached.link);
      log.info({ address: attached.address, simulated: attached.simulated }, 'card terminal attached');
      void this.refresh();
      this.#schedulePoll();
    } catch (error) {
      log.error({ err: error }, 'card terminal could not be attached; retrying');
      this.#later(this.options.retryMs ?? 5000, () => this.#attach());
    }
  }

  #schedulePoll(): void {
    this.#later(this.options.pollMs ?? 30_000, async () => {
      // A payment in progress tells the state itself; a status enquiry would only wait behind it.
      if (this.#inFlight === 0) await this.refresh();
      this.#schedulePoll();
    });
  }

  #later(ms: number, task: () => Promise<unknown>): void {
    if (this.#closed) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      if (!this.#closed) {
        task().catch((error: unknown) => this.options.log.error({ err: error }, 'card terminal poll failed'));
      }
    }, ms);
    this.#timer.unref();
  }

  /**
   * An operation did not reach the terminal: its status is asked again once nothing else runs (the
   * payment service asks its last transaction right after a lost answer; a status enquiry then
   * would only find it busy).
   */
  #recheckWhenIdle(delayMs = 1000): void {
    if (this.#closed || this.#recheckTimer !== undefined) return;
    this.#recheckTimer = setTimeout(() => {
      this.#recheckTimer = undefined;
      if (this.#inFlight > 0) this.#recheckWhenIdle(delayMs);
      else void this.refresh();
    }, delayMs);
    this.#recheckTimer.unref();
  }

  #watchLink(link: DeviceLink | undefined): void {
    if (!link) return;
    const { log } = this.options;
    let notConnectedLogged = false;
    const onEvent = (event: LinkEvent) => {
      if (this.#closed) return;
      switch (event.type) {
        case 'lost':
          notConnectedLogged = false;
          log.warn({ device: 'payment_terminal', address: link.address, err: event.error }, 'card terminal lost');
          this.#set({ ...this.#status, connected: false, problems: ['offline'] });
          break;
        case 'retry_failed':
          // Said once per outage; the link keeps trying (at once when its path reappears).
          if (!notConnectedLogged) {
            notConnectedLogged = true;
            log.warn({ device: 'payment_terminal', reason: event.error.message }, 'card terminal not connected');
          }
          break;
        case 'connected':
          log.info({ device: 'payment_terminal', address: link.address, path: event.path }, 'card terminal connected');
          void this.refresh();
          break;
      }
    };
    this.#stopLink = link.onLinkEvent(onEvent);
  }

  /** The status from the terminal's answer. */
  #apply(answer: TerminalStatus, link: DeviceLink | undefined): void {
    if (answer.ready) {
      this.#set({ ...this.#status, connected: true, problems: [] });
      return;
    }
    const offline = (link !== undefined && !link.connected) || answer.reason.startsWith('not connected');
    const silent = /no_answer|timeout|connection_lost/.test(answer.reason);
    const problems: DeviceStatus['problems'] = [offline ? 'offline' : silent ? 'not_responding' : 'error'];
    if (this.#status.connected || this.#status.problems[0] !== problems[0]) {
      this.options.log.warn(
        { device: 'payment_terminal', reason: answer.reason.slice(0, 200) },
        'card terminal not ready',
      );
    }
    this.#set({ ...this.#status, connected: false, problems });
  }

  #set(status: DeviceStatus): void {
    const before = JSON.stringify(this.#status);
    this.#status = status;
    if (JSON.stringify(status) !== before) this.options.onChange();
  }

  /**
   * The terminal as the payment service gets it: every call passes through unchanged; the holder
   * only counts what runs (no poll meanwhile) and reads the answers for the status.
   */
  #observe(terminal: PaymentTerminal): PaymentTerminal {
    const track = async <T>(call: () => Promise<T>, reached: (answer: T) => boolean | undefined): Promise<T> => {
      this.#inFlight += 1;
      try {
        const answer = await call();
        const verdict = reached(answer);
        if (verdict === true && !this.ready && this.#attached) this.#apply({ ready: true }, undefined);
        if (verdict === false) this.#recheckWhenIdle();
        return answer;
      } finally {
        this.#inFlight -= 1;
      }
    };
    // Whether an answer proves the terminal answered (true), proves it did not (false), or neither.
    const action = (answer: TerminalActionOutcome) =>
      answer.outcome === 'done' || answer.outcome === 'refused'
        ? true
        : answer.outcome === 'unknown'
          ? false
          : undefined;
    // The technician's diagnosis, where the protocol has one (ZVT 06 70).
    const diagnosis = terminal.diagnosis?.bind(terminal);
    return {
      get capabilities(): TerminalCapabilities {
        return terminal.capabilities;
      },
      authorise: (request: AuthoriseRequest, options?: AuthoriseOptions): Promise<AuthoriseOutcome> =>
        track(
          () => terminal.authorise(request, options),
          (answer) =>
            answer.outcome === 'not_sent' || answer.outcome === 'unknown'
              ? false
              : answer.outcome === 'cancelled'
                ? undefined
                : true,
        ),
      commit: (reference: TerminalReference) => track(() => terminal.commit(reference), action),
      reverse: (reference: TerminalReference) => track(() => terminal.reverse(reference), action),
      refund: (reference: TerminalReference, amountMinor: number) =>
        track(() => terminal.refund(reference, amountMinor), action),
      lastTransaction: (): Promise<LastTransactionOutcome> =>
        track(
          () => terminal.lastTransaction(),
          (answer) =>
            answer.outcome === 'found' || answer.outcome === 'none'
              ? true
              : answer.outcome === 'unknown'
                ? false
                : undefined,
        ),
      endOfDay: (): Promise<EndOfDayOutcome> =>
        track(
          () => terminal.endOfDay(),
          () => undefined,
        ),
      status: (): Promise<TerminalStatus> => this.refresh().then(() => statusOf(this.#status)),
      ...(diagnosis === undefined
        ? {}
        : { diagnosis: () => track(diagnosis, (answer) => (answer.outcome === 'done' ? true : undefined)) }),
      close: () => terminal.close(),
    };
  }
}

/** A `DeviceStatus` read back as the terminal's status. */
function statusOf(status: DeviceStatus): TerminalStatus {
  return status.connected && status.problems.length === 0
    ? { ready: true }
    : { ready: false, reason: status.problems.join(',') || 'not connected' };
}

function isSimulated(config: PaymentTerminalConfig): boolean {
  return config.kind === 'zvt' && config.connection.kind === 'simulated';
}

/** Where the config says the terminal is, before it is attached. */
function configuredAddress(config: PaymentTerminalConfig): string {
  if (config.kind === 'pilot') return `pilot ${config.profile} (${config.workingDir})`;
  const connection = config.connection;
  switch (connection.kind) {
    case 'simulated':
      return 'simulator';
    case 'tcp':
      return `${connection.host}:${connection.port}`;
    case 'serial':
      return connection.usb ? describeUsbTarget(connection.usb) : (connection.path ?? 'serial');
  }
}
