/**
 * A report pipe to a HID device: what a driver of a HID POS scanner receives in its constructor.
 *
 * HID moves whole reports (64 bytes for most scanners), not a byte stream: a report's boundaries
 * carry meaning (its length byte, its "more data follows" flag), so a HID driver sees reports
 * rather than the `ByteTransport`'s chunks. Otherwise the same small async shape as
 * `ByteTransport`. Implementations: `HidTransport` (node-hid, hidraw backend) and
 * `FakeReportTransport` (unit tests).
 *
 * Reports are byte arrays whose first byte is the report id (0 for a device without numbered
 * reports), as hidapi reads and writes them.
 */
export interface ReportTransport {
  /** Where the device is attached, for status and logs (e.g. `/dev/hidraw3`). */
  readonly address: string;
  readonly isOpen: boolean;
  open(): Promise<void>;
  /** Sends an output report (report id first); rejects on a write error. */
  write(report: Uint8Array): Promise<void>;
  /** Sends a feature report (report id first): how vendors switch modes on. */
  sendFeatureReport(report: Uint8Array): Promise<void>;
  close(): Promise<void>;
  /** Subscribes to input reports; returns the unsubscribe function. */
  onReport(listener: (report: Uint8Array) => void): () => void;
  /** Subscribes to the transport closing (with the error when it was lost, not closed). */
  onClose(listener: (error?: Error) => void): () => void;
}
