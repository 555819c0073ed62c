import type { DocumentRead, DocumentReader, DocumentReaderFault } from '../../../drivers/document/document-reader';
import type { PaymentTerminal } from '../../../drivers/payment/payment-terminal';
import type { PrinterProblem, ReceiptPrinter } from '../../../drivers/printer/receipt-printer';
import type { BarcodeScanner, ScannedCode } from '../../../drivers/scanner/barcode-scanner';
import type { DeviceLink, LinkEvent } from '../../../drivers/transport/reconnecting-transport';
import { describeUsbTarget } from '../../../drivers/transport/resolve-serial-port';
import type {
  DeviceStatus,
  DocumentReaderConfig,
  PaymentTerminalConfig,
  PrinterConfig,
  ScannerConfig,
} from '../../../kiosk-config/src/index';
import type { Logger } from '../logging/logger';
import { type AttachedPaymentTerminal, PaymentTerminalHolder } from './payment-terminal-holder';

/** A printer the factory attached: the driver plus how to let go of it. */
export interface AttachedPrinter {
  printer: ReceiptPrinter;
  /**
   * The connection under the driver, when it reconnects by itself: the manager reports the
   * device offline when it is lost and connected again when it is back.
   */
  link?: DeviceLink;
  address: string;
  simulated: boolean;
  close(): Promise<void>;
}

/** A scanner the factory attached. */
export interface AttachedScanner {
  scanner: BarcodeScanner;
  /** As `AttachedPrinter.link`. */
  link?: DeviceLink;
  address: string;
  simulated: boolean;
  close(): Promise<void>;
}

/** A passport/ID reader the factory attached. */
export interface AttachedDocumentReader {
  reader: DocumentReader;
  /** As `AttachedPrinter.link`. */
  link?: DeviceLink;
  address: string;
  simulated: boolean;
  close(): Promise<void>;
}

/** Opens configured devices (real ports or simulators on PTYs); the manager does not care which. */
export interface DeviceFactory {
  attachPrinter(config: PrinterConfig): Promise<AttachedPrinter>;
  attachScanner(config: ScannerConfig): Promise<AttachedScanner>;
  attachDocumentReader(config: DocumentReaderConfig): Promise<AttachedDocumentReader>;
  attachPaymentTerminal(config: PaymentTerminalConfig): Promise<AttachedPaymentTerminal>;
}

/** The devices the manager reports through its own links, by their status `kind` (the card terminal has its holder). */
type ManagedKind = Exclude<DeviceStatus['kind'], 'payment_terminal'>;

/** How a kind is named in log lines. */
const LABEL: Readonly<Record<ManagedKind, string>> = {
  printer: 'printer',
  scanner: 'scanner',
  document_reader: 'document reader',
};

/**
 * Waits before asking again a printer that is back but did not answer (ms): a printer whose port
 * has just reappeared may still be starting, and the next poll is seconds away.
 */
const PRINTER_BACK_RECHECK_MS: readonly number[] = [250, 500, 750];
/** The printer's status poll between jobs: a few bytes on the line, often enough that «paper near end» reaches the centre within seconds. */
const PRINTER_POLL_MS = 2000;

/** Options of the device manager. */
export interface DeviceManagerOptions {
  printer: PrinterConfig | null;
  scanner: ScannerConfig | null;
  /** The passport/ID reader (none when absent). */
  documentReader?: DocumentReaderConfig | null;
  /** The card terminal (none when absent), held by a `PaymentTerminalHolder`. */
  paymentTerminal?: PaymentTerminalConfig | null;
  factory: DeviceFactory;
  log: Logger;
  /** Called whenever any device's status changes. */
  onChange: (devices: DeviceStatus[]) => void;
  onScan: (code: ScannedCode) => void;
  /** A document read by the passport/ID reader: personal data, for the visitor's session only. */
  onDocument?: (read: DocumentRead) => void;
  /** How often the printer's status is polled between jobs (ms, default `PRINTER_POLL_MS`). */
  onDocumentFault?: (fault: DocumentReaderFault) => void;
  /** How often the printer's status is polled between jobs (ms, default 2000: a paper roll near its end reaches the centre's console within 5 s, docs/operations/fleet.md). */
  pollMs?: number;
  /** How long to wait before trying again to attach a device that failed (ms). */
  retryMs?: number;
  /** How often the card terminal's status is asked while it is idle (ms, default 30 000). */
  paymentTerminalPollMs?: number;
}

/**
 * Owns the kiosk's devices: attaches them, polls the printer's status between jobs, keeps
 * trying a device that could not be attached, and reports every change as `DeviceStatus` for the
 * UI.
 *
 * Unplugging is the link's business (`ReconnectingTransport`: it notices the loss and reconnects
 * as soon as the device's path is back); the manager turns its events into statuses: lost →
 * `connected: false` with `offline` (and no printer for the ticket service, which then answers
 * `printer_unavailable`), back → the printer's status is asked at once, and again within 1.5 s
 * if it did not answer yet.
 */
export class DeviceManager {
  #printer: AttachedPrinter | null = null;
  #scanner: AttachedScanner | null = null;
  #printerStatus: DeviceStatus | null = null;
  #scannerStatus: DeviceStatus | null = null;
  #documentReader: AttachedDocumentReader | null = null;
  #documentReaderStatus: DeviceStatus | null = null;
  #paymentTerminal: PaymentTerminalHolder | null = null;
  #timers = new Set<NodeJS.Timeout>();
  #closed = false;
  #lastReported = '';
  #stopScan: (() => void) | undefined;
  #stopDocument: Array<() => void> = [];
  #stopLinks = new Map<ManagedKind, () => void>();
  /**
   * Bumped when a device is replaced (`replace`): an attach, a retry or a poll of the device's
   * earlier config sees it changed and lets go instead of attaching the old one again.
   */
  #generation: Record<ManagedKind, number> = { printer: 0, scanner: 0, document_reader: 0 };

  constructor(private readonly options: DeviceManagerOptions) {}

  /** Attaches every configured device; a device that fails is reported and retried, not fatal. */
  async start(): Promise<void> {
    const { printer, scanner } = this.options;
    if (printer) {
      this.#printerStatus = missing('printer', printer.connection);
      await this.#attachPrinter(printer, this.#generation.printer);
    }
    if (scanner) {
      this.#scannerStatus = missing('scanner', scanner.connection);
      await this.#attachScanner(scanner, this.#generation.scanner);
    }
    const documentReader = this.options.documentReader;
    if (documentReader) {
      this.#documentReaderStatus = missing('document_reader', documentReader.connection);
      await this.#attachDocumentReader(documentReader, this.#generation.document_reader);
    }
    const paymentTerminal = this.options.paymentTerminal;
    if (paymentTerminal) {
      this.#paymentTerminal = new PaymentTerminalHolder({
        config: paymentTerminal,
        attach: (config) => this.options.factory.attachPaymentTerminal(config),
        log: this.options.log,
        onChange: () => this.#report(),
        ...(this.options.paymentTerminalPollMs === undefined ? {} : { pollMs: this.options.paymentTerminalPollMs }),
        ...(this.options.retryMs === undefined ? {} : { retryMs: this.options.retryMs }),
      });
      await this.#paymentTerminal.start();
    }
    this.#report();
  }

  /** The card terminal once attached (null when none is configured, or before it is attached). */
  get paymentTerminal(): PaymentTerminal | null {
    return this.#paymentTerminal?.terminal ?? null;
  }

  /** Whether the card terminal answered its last status enquiry (or operation) as ready. */
  get paymentTerminalReady(): boolean {
    return this.#paymentTerminal?.ready ?? false;
  }

  /** Asks the card terminal's status now and reports a change. */
  async refreshPaymentTerminalStatus(): Promise<DeviceStatus | null> {
    return (await this.#paymentTerminal?.refresh()) ?? null;
  }

  /** The receipt printer when attached and connected (null while it is unplugged). */
  get printer(): ReceiptPrinter | null {
    const attached = this.#printer;
    if (!attached || (attached.link && !attached.link.connected)) return null;
    return attached.printer;
  }

  /** Every configured device's status now. */
  statuses(): DeviceStatus[] {
    return [
      this.#printerStatus,
      this.#scannerStatus,
      this.#documentReaderStatus,
      this.#paymentTerminal?.status ?? null,
    ].filter((s): s is DeviceStatus => s !== null);
  }

  /** Asks the printer now and reports a change (also run on a timer). */
  async refreshPrinterStatus(): Promise<DeviceStatus | null> {
    const attached = this.#printer;
    if (!attached || !this.#printerStatus) return this.#printerStatus;
    // Unplugged: nothing to ask; the link's events keep the status.
    if (attached.link && !attached.link.connected) return this.#setOffline('printer');
    let status = await attached.printer.status();
    // One unanswered ask of a printer that was answering is asked again at once before it is
    // called silent: a busy moment (a loaded machine, a long job's tail) is not a fault, and
    // the home screen would turn visitors away for a poll's interval on its word.
    if (!status.responding && this.#printerStatus.connected && !this.#printerStatus.problems.includes('offline')) {
      status = await attached.printer.status();
    }
    if (attached.link && !attached.link.connected) return this.#setOffline('printer');
    const problems: PrinterProblem[] = status.responding ? status.problems : ['not_responding'];
    this.#printerStatus = { ...this.#printerStatus, connected: status.responding, problems };
    this.#report();
    return this.#printerStatus;
  }

  /**
   * Lets go of one device and attaches it again as `config` says (null: no such device any more),
   * leaving the others alone: how a saved port or profile takes effect without a restart. Resolves
   * once the new device is attached, or once its first attempt failed (it is retried as at start).
   */
  async replace(kind: ManagedKind, config: PrinterConfig | ScannerConfig | DocumentReaderConfig | null): Promise<void> {
    if (this.#closed) return;
    const generation = ++this.#generation[kind];
    this.#stopLinks.get(kind)?.();
    this.#stopLinks.delete(kind);
    if (kind === 'printer') {
      const old = this.#printer;
      this.#printer = null;
      await old?.close().catch((error: unknown) => this.options.log.warn({ err: error }, 'printer close failed'));
      const printer = config as PrinterConfig | null;
      this.#printerStatus = printer ? missing('printer', printer.connection) : null;
      this.#report();
      if (printer) await this.#attachPrinter(printer, generation);
    } else if (kind === 'scanner') {
      const old = this.#scanner;
      this.#scanner = null;
      this.#stopScan?.();
      this.#stopScan = undefined;
      await old?.close().catch((error: unknown) => this.options.log.warn({ err: error }, 'scanner close failed'));
      const scanner = config as ScannerConfig | null;
      this.#scannerStatus = scanner ? missing('scanner', scanner.connection) : null;
      this.#report();
      if (scanner) await this.#attachScanner(scanner, generation);
    } else {
      const old = this.#documentReader;
      this.#documentReader = null;
      for (const stop of this.#stopDocument) stop();
      this.#stopDocument = [];
      await old
        ?.close()
        .catch((error: unknown) => this.options.log.warn({ err: error }, 'document reader close failed'));
      const reader = config as DocumentReaderConfig | null;
      this.#documentReaderStatus = reader ? missing('document_reader', reader.connection) : null;
      this.#report();
      if (reader) await this.#attachDocumentReader(reader, generation);
    }
    this.options.log.info({ device: kind, configured: config !== null }, `${LABEL[kind]} replaced`);
  }

  /** Whether a device is ready now: connected with no problem but a paper roll near its end. */
  ready(kind: ManagedKind): boolean {
    const status = this.#statusOf(kind);
    return status?.connected === true && status.problems.every((problem) => problem === 'paper_near_end');
  }

  /** Closes devices and simulators and stops every timer. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#stopScan?.();
    for (const stop of [...this.#stopDocument, ...this.#stopLinks.values()]) stop();
    this.#stopDocument = [];
    this.#stopLinks.clear();
    // Each `close` lets go of the driver first, then its simulator.
    await Promise.allSettled([
      this.#printer?.close(),
      this.#scanner?.close(),
      this.#documentReader?.close(),
      this.#paymentTerminal?.close(),
    ]);
    this.#printer = null;
    this.#scanner = null;
    this.#documentReader = null;
  }

  async #attachPrinter(config: PrinterConfig, generation: number): Promise<void> {
    try {
      const attached = await this.options.factory.attachPrinter(config);
      if (this.#closed || generation !== this.#generation.printer) {
        await attached.close();
        return;
      }
      this.#printer = attached;
      this.#printerStatus = {
        id: 'printer',
        kind: 'printer',
        connected: true,
        simulated: attached.simulated,
        problems: [],
        address: attached.address,
      };
      this.#watchLink('printer', attached.link);
      this.options.log.info({ address: attached.address, simulated: attached.simulated }, 'printer attached');
      await this.refreshPrinterStatus();
      this.#every(
        this.options.pollMs ?? PRINTER_POLL_MS,
        () => this.refreshPrinterStatus(),
        () => generation === this.#generation.printer,
      );
    } catch (error) {
      this.options.log.error({ err: error }, 'printer could not be attached; retrying');
      this.#later(this.options.retryMs ?? 5000, async () => {
        if (generation === this.#generation.printer) await this.#attachPrinter(config, generation);
      });
    }
  }

  async #attachScanner(config: ScannerConfig, generation: number): Promise<void> {
    try {
      const attached = await this.options.factory.attachScanner(config);
      if (this.#closed || generation !== this.#generation.scanner) {
        await attached.close();
        return;
      }
      this.#scanner = attached;
      this.#stopScan = attached.scanner.onScan((code) => this.options.onScan(code));
      this.#scannerStatus = attachedStatus('scanner', attached);
      this.#watchLink('scanner', attached.link);
      this.options.log.info({ address: attached.address, simulated: attached.simulated }, 'scanner attached');
      this.#report();
    } catch (error) {
      this.options.log.error({ err: error }, 'scanner could not be attached; retrying');
      this.#later(this.options.retryMs ?? 5000, async () => {
        if (generation === this.#generation.scanner) await this.#attachScanner(config, generation);
      });
    }
  }

  async #attachDocumentReader(config: DocumentReaderConfig, generation: number): Promise<void> {
    try {
      const attached = await this.options.factory.attachDocumentReader(config);
      if (this.#closed || generation !== this.#generation.document_reader) {
        await attached.close();
        return;
      }
      this.#documentReader = attached;
      // Documents go to the owner and nowhere else: never into a log line.
      this.#stopDocument = [
        attached.reader.onDocument((read) => this.options.onDocument?.(read)),
        attached.reader.onFault((fault) => this.options.onDocumentFault?.(fault)),
      ];
      this.#documentReaderStatus = attachedStatus('document_reader', attached);
      this.#watchLink('document_reader', attached.link);
      this.options.log.info({ address: attached.address, simulated: attached.simulated }, 'document reader attached');
      this.#report();
    } catch (error) {
      this.options.log.error({ err: error }, 'document reader could not be attached; retrying');
      this.#later(this.options.retryMs ?? 5000, async () => {
        if (generation === this.#generation.document_reader) await this.#attachDocumentReader(config, generation);
      });
    }
  }

  /** Turns a device link's events into statuses and log lines. */
  #watchLink(kind: ManagedKind, link: DeviceLink | undefined): void {
    if (!link) return;
    const log = this.options.log;
    const label = LABEL[kind];
    let failuresLogged = 0;
    const onEvent = (event: LinkEvent): void => {
      if (this.#closed) return;
      switch (event.type) {
        case 'lost':
          failuresLogged = 0;
          log.warn({ device: kind, address: link.address, err: event.error }, `${label} lost; reconnecting`);
          this.#setOffline(kind);
          break;
        case 'retry_failed': {
          const code = (event.error as { code?: unknown }).code;
          const fields = { device: kind, address: link.address, attempt: event.attempt, retryInMs: event.retryInMs };
          // A port listing that fails (udevadm missing) is a fault of the kiosk: always an error.
          // "Not plugged in" is expected: said once per outage, then only at debug level.
          if (code === 'list_failed') {
            log.error({ ...fields, err: event.error }, `cannot look for the ${label}`);
          } else if (failuresLogged++ === 0) {
            log.warn({ ...fields, reason: event.error.message }, `${label} not connected`);
          } else {
            log.debug({ ...fields, reason: event.error.message }, `${label} still not connected`);
          }
          break;
        }
        case 'connected':
          log.info({ device: kind, address: link.address, path: event.path }, `${label} connected`);
          if (kind === 'printer') {
            this.#askPrinterBack(0).catch((error: unknown) => log.error({ err: error }, 'printer status failed'));
          } else {
            const current = this.#statusOf(kind);
            if (current) this.#setStatus(kind, { ...current, connected: true, problems: [] });
          }
          break;
      }
    };
    this.#stopLinks.set(kind, link.onLinkEvent(onEvent));
  }

  /** Reports a device as unplugged: not connected, problem `offline`. */
  #setOffline(kind: ManagedKind): DeviceStatus | null {
    const current = this.#statusOf(kind);
    if (!current) return null;
    const offline: DeviceStatus = { ...current, connected: false, problems: ['offline'] };
    this.#setStatus(kind, offline);
    return offline;
  }

  #statusOf(kind: ManagedKind): DeviceStatus | null {
    if (kind === 'printer') return this.#printerStatus;
    return kind === 'scanner' ? this.#scannerStatus : this.#documentReaderStatus;
  }

  /** Records a device's status and reports the change. */
  #setStatus(kind: ManagedKind, status: DeviceStatus): void {
    if (kind === 'printer') this.#printerStatus = status;
    else if (kind === 'scanner') this.#scannerStatus = status;
    else this.#documentReaderStatus = status;
    this.#report();
  }

  #report(): void {
    const devices = this.statuses();
    const snapshot = JSON.stringify(devices);
    if (snapshot === this.#lastReported) return;
    this.#lastReported = snapshot;
    this.options.onChange(devices);
  }

  /**
   * Asks the status of a printer whose link is back; if it does not answer, asks again after each
   * of `PRINTER_BACK_RECHECK_MS` (from `step`) until it does, is lost again, or the list ends.
   */
  async #askPrinterBack(step: number): Promise<void> {
    const status = await this.refreshPrinterStatus();
    const waitMs = PRINTER_BACK_RECHECK_MS[step];
    const link = this.#printer?.link;
    if (waitMs === undefined || !status?.problems.includes('not_responding') || (link && !link.connected)) return;
    this.#later(waitMs, () =>
      this.#askPrinterBack(step + 1).catch((error: unknown) =>
        this.options.log.error({ err: error }, 'printer status failed'),
      ),
    );
  }

  #later(ms: number, task: () => Promise<unknown>): void {
    if (this.#closed) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (!this.#closed) void task();
    }, ms);
    timer.unref();
    this.#timers.add(timer);
  }

  /** Runs `task` every `ms` while `wanted` says so (a replaced device's poll stops). */
  #every(ms: number, task: () => Promise<unknown>, wanted: () => boolean = () => true): void {
    this.#later(ms, async () => {
      if (!wanted()) return;
      try {
        await task();
      } catch (error) {
        this.options.log.error({ err: error }, 'device poll failed');
      }
      this.#every(ms, task, wanted);
    });
  }
}

type ConfiguredConnection =
  | PrinterConfig['connection']
  | ScannerConfig['connection']
  | DocumentReaderConfig['connection'];

function missing(kind: ManagedKind, connection: ConfiguredConnection): DeviceStatus {
  return {
    id: kind,
    kind,
    connected: false,
    simulated: connection.kind === 'simulated',
    problems: ['offline'],
    address: addressOf(connection),
  };
}

/** The status of a device just attached: connected unless its link is already lost. */
function attachedStatus(
  kind: ManagedKind,
  attached: { link?: DeviceLink; address: string; simulated: boolean },
): DeviceStatus {
  const connected = attached.link?.connected ?? true;
  return {
    id: kind,
    kind,
    connected,
    simulated: attached.simulated,
    problems: connected ? [] : ['offline'],
    address: attached.address,
  };
}

/** Where the config says a device is, before it is attached. */
function addressOf(connection: ConfiguredConnection): string {
  switch (connection.kind) {
    case 'serial':
      return connection.usb ? describeUsbTarget(connection.usb) : (connection.path ?? 'serial');
    case 'simulated':
      return 'simulator';
    default:
      return connection.path ?? connection.kind;
  }
}
