/**
 * A byte pipe to a device: the small interface every driver receives in its constructor.
 *
 * Implementations: `SerialTransport` (the real serialport package) and `FakeTransport` (unit
 * tests). A driver never opens a port itself, so a test plugs a fake in without patching modules.
 */
export interface ByteTransport {
  /** Where the device is attached, for status and logs (e.g. `/dev/serial/by-id/…`). */
  readonly address: string;
  readonly isOpen: boolean;
  open(): Promise<void>;
  /** Writes all bytes and resolves once they are drained to the OS; rejects on a write error. */
  write(data: Uint8Array): Promise<void>;
  close(): Promise<void>;
  /** Subscribes to incoming bytes; returns the unsubscribe function. */
  onData(listener: (chunk: Uint8Array) => void): () => void;
  /** Subscribes to the transport closing (with the error when it was lost, not closed). */
  onClose(listener: (error?: Error) => void): () => void;
}
