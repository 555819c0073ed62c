import { TypedEmitter } from '../../kiosk-config/src/lib/typed-emitter';
import { FakeConnection } from './fake-transport';
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
export class FakeReportTransport extends FakeConnection implements ReportTransport {
  /** Every output report, in order. */
  readonly writes: Uint8Array[] = [];
  /** Every feature report, in order. */
  readonly featureReports: Uint8Array[] = [];
  /** When set, `sendFeatureReport()` rejects with it (a model without the vendor's switch). */
  featureReportError: Error | null = null;
  private readonly reportListeners = new TypedEmitter<[report: Uint8Array]>();

  constructor(options: FakeReportTransportOptions = {}) {
    super(options.address ?? 'fake://hid', options.open ?? false);
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

  /** An input report from the device, delivered synchronously (dropped while closed). */
  emitReport(report: Uint8Array | readonly number[]): void {
    if (!this.opened) return;
    const copy = Uint8Array.from(report);
    this.reportListeners.emit(copy);
  }

  onReport(listener: (report: Uint8Array) => void): () => void {
    return this.reportListeners.on(listener);
  }
}
