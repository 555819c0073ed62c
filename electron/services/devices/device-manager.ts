import type { PrinterProblem, ReceiptPrinter } from '../../../drivers/printer/receipt-printer';
import type { BarcodeScanner, ScannedCode } from '../../../drivers/scanner/barcode-scanner';
import type { DeviceStatus, PrinterConfig, ScannerConfig } from '../../../kiosk-config/src/index';
import type { Logger } from '../logging/logger';

/** A printer the factory attached: the driver plus how to let go of it. */
export interface AttachedPrinter {
  printer: ReceiptPrinter;
  address: string;
  simulated: boolean;
  close(): Promise<void>;
}

/** A scanner the factory attached. */
export interface AttachedScanner {
  scanner: BarcodeScanner;
  address: string;
  simulated: boolean;
  close(): Promise<void>;
}

/** Opens configured devices (real ports or simulators on PTYs); the manager does not care which. */
export interface DeviceFactory {
  attachPrinter(config: PrinterConfig): Promise<AttachedPrinter>;
  attachScanner(config: ScannerConfig): Promise<AttachedScanner>;
}

/** Options of the device manager. */
export interface DeviceManagerOptions {
  printer: PrinterConfig | null;
  scanner: ScannerConfig | null;
  factory: DeviceFactory;
  log: Logger;
  /** Called whenever any device's status changes. */
  onChange: (devices: DeviceStatus[]) => void;
  onScan: (code: ScannedCode) => void;
  /** How often the printer's status is polled between jobs (ms). */
  pollMs?: number;
  /** How long to wait before trying again to attach a device that failed (ms). */
  retryMs?: number;
}

/**
 * Owns the kiosk's devices: attaches them, polls the printer's status between jobs, keeps
 * trying a device that is missing, and reports every change as `DeviceStatus` for the UI.
 */
export class DeviceManager {
  #printer: AttachedPrinter | null = null;
  #scanner: AttachedScanner | null = null;
  #printerStatus: DeviceStatus | null = null;
  #scannerStatus: DeviceStatus | null = null;
  #timers = new Set<NodeJS.Timeout>();
  #closed = false;
  #lastReported = '';
  #stopScan: (() => void) | undefined;

  constructor(private readonly options: DeviceManagerOptions) {}

  /** Attaches every configured device; a device that fails is reported and retried, not fatal. */
  async start(): Promise<void> {
    const { printer, scanner } = this.options;
    if (printer) {
      this.#printerStatus = missing('printer', printer.connection);
      await this.#attachPrinter(printer);
    }
    if (scanner) {
      this.#scannerStatus = missing('scanner', scanner.connection);
      await this.#attachScanner(scanner);
    }
    this.#report();
  }

  /** The receipt printer when attached. */
  get printer(): ReceiptPrinter | null {
    return this.#printer?.printer ?? null;
  }

  /** Every configured device's status now. */
  statuses(): DeviceStatus[] {
    return [this.#printerStatus, this.#scannerStatus].filter((s): s is DeviceStatus => s !== null);
  }

  /** Asks the printer now and reports a change (also run on a timer). */
  async refreshPrinterStatus(): Promise<DeviceStatus | null> {
    const attached = this.#printer;
    if (!attached || !this.#printerStatus) return this.#printerStatus;
    const status = await attached.printer.status();
    const problems: PrinterProblem[] = status.responding ? status.problems : ['not_responding'];
    this.#printerStatus = { ...this.#printerStatus, connected: status.responding, problems };
    this.#report();
    return this.#printerStatus;
  }

  /** Closes devices and simulators and stops every timer. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#stopScan?.();
    await Promise.allSettled([this.#printer?.close(), this.#scanner?.close()]);
    this.#printer = null;
    this.#scanner = null;
  }

  async #attachPrinter(config: PrinterConfig): Promise<void> {
    try {
      const attached = await this.options.factory.attachPrinter(config);
      if (this.#closed) {
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
      this.options.log.info({ address: attached.address, simulated: attached.simulated }, 'printer attached');
      await this.refreshPrinterStatus();
      this.#every(this.options.pollMs ?? 5000, () => this.refreshPrinterStatus());
    } catch (error) {
      this.options.log.error({ err: error }, 'printer could not be attached; retrying');
      this.#later(this.options.retryMs ?? 5000, () => this.#attachPrinter(config));
    }
  }

  async #attachScanner(config: ScannerConfig): Promise<void> {
    try {
      const attached = await this.options.factory.attachScanner(config);
      if (this.#closed) {
        await attached.close();
        return;
      }
      this.#scanner = attached;
      this.#stopScan = attached.scanner.onScan((code) => this.options.onScan(code));
      this.#scannerStatus = {
        id: 'scanner',
        kind: 'scanner',
        connected: true,
        simulated: attached.simulated,
        problems: [],
        address: attached.address,
      };
      this.options.log.info({ address: attached.address, simulated: attached.simulated }, 'scanner attached');
      this.#report();
    } catch (error) {
      this.options.log.error({ err: error }, 'scanner could not be attached; retrying');
      this.#later(this.options.retryMs ?? 5000, () => this.#attachScanner(config));
    }
  }

  #report(): void {
    const devices = this.statuses();
    const snapshot = JSON.stringify(devices);
    if (snapshot === this.#lastReported) return;
    this.#lastReported = snapshot;
    this.options.onChange(devices);
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

  #every(ms: number, task: () => Promise<unknown>): void {
    this.#later(ms, async () => {
      try {
        await task();
      } catch (error) {
        this.options.log.error({ err: error }, 'device poll failed');
      }
      this.#every(ms, task);
    });
  }
}

function missing(kind: DeviceStatus['kind'], connection: PrinterConfig['connection']): DeviceStatus {
  return {
    id: kind,
    kind,
    connected: false,
    simulated: connection.kind === 'simulated',
    problems: ['offline'],
    address: connection.kind === 'serial' ? connection.path : 'simulator',
  };
}
