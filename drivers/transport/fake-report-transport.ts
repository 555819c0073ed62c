import type { ReportTransport } from './report-transport';
import { TransportError } from './transport-error';

/** Options of `FakeReportTransport`. */
export interface FakeReportTransportOptions {
  address?: string;
  /** Start open (default false). */
  open?: boolean;
}

/**
 * An in-memory `ReportTransport` for unit tests: records output and feature reports, delivers
 * input reports from the "device" with `emitReport`, and fails opens, feature reports or the
 * connection on demand.
 */
export class FakeReportTransport implements ReportTransport {
  readonly address: string;
  /** Every output report, in order. */
  readonly writes: Uint8Array[] = [];
  /** Every feature report, in order. */
  readonly featureReports: Uint8Array[] = [];
  /** How many times `open()` succeeded. */
  openCount = 0;
  /** When set, `open()` rejects with it. */
  openError: Error | null = null;
  /** When set, `sendFeatureReport()` rejects with it (a model without the vendor's switch). */
  featureReportError: Error | null = null;
  private opened: boolean;
  private readonly reportListeners = new Set<(report: Uint8Array) => void>();
  private readonly closeListeners = new Set<(error?: Error) => void>();

  constructor(options: FakeReportTransportOptions = {}) {
    this.address = options.address ?? 'fake://hid';
    this.opened = options.open ?? false;
  }

  get isOpen(): boolean {
    return this.opened;
  }

  async open(): Promise<void> {
    if (this.openError) throw this.openError;
    if (!this.opened) this.openCount++;
    this.opened = true;
  }

  async write(report: Uint8Array): Promise<void> {
    if (!this.opened) throw new TransportError(`${this.address} is not open`);
    this.writes.push(report.slice());
  }

  async sendFeatureReport(report: Uint8Array): Promise<void> {
    if (!this.opened) throw new TransportError(`${this.address} is not open`);
    if (this.featureReportError) throw this.featureReportError;
    this.featureReports.push(report.slice());
  }

  async close(): Promise<void> {
    if (!this.opened) return;
    this.opened = false;
    for (const listener of this.closeListeners) listener();
  }

  /** An input report from the device, delivered synchronously (dropped while closed). */
  emitReport(report: Uint8Array | readonly number[]): void {
    if (!this.opened) return;
    const copy = Uint8Array.from(report);
    for (const listener of this.reportListeners) listener(copy);
  }

  /** Loses the connection as an unplugged device would: closes and reports the error. */
  disconnect(error: Error = new TransportError(`${this.address} was lost`, true)): void {
    if (!this.opened) return;
    this.opened = false;
    for (const listener of this.closeListeners) listener(error);
  }

  onReport(listener: (report: Uint8Array) => void): () => void {
    this.reportListeners.add(listener);
    return () => this.reportListeners.delete(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }
}
