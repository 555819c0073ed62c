/**
 * What went wrong with a transport, as data for logs and tests.
 *
 * - `not_open`: used while closed or reconnecting;
 * - `open_failed`: the port exists but could not be opened (busy, no permission, gone);
 * - `lost`: the device went away (unplugged, PTY closed) while open;
 * - `write_failed`: the OS refused a write;
 * - `write_timeout`: the bytes did not drain in time (flow control holding, a stuck adapter);
 * - `not_found`, `ambiguous`, `list_failed`: a device addressed by USB ids could not be resolved
 *   to one port (see `resolveSerialPort`).
 */
export type TransportErrorCode =
  | 'not_open'
  | 'open_failed'
  | 'lost'
  | 'write_failed'
  | 'write_timeout'
  | 'not_found'
  | 'ambiguous'
  | 'list_failed';

/** Options of `TransportError`: the standard `cause`, and a `code` when the default is not right. */
export interface TransportErrorOptions extends ErrorOptions {
  code?: TransportErrorCode;
}

/**
 * A transport fault: used while closed, could not open, or lost its port.
 *
 * `disconnected` tells a lost device (unplugged, PTY gone) from a port we closed ourselves,
 * after serialport's `DisconnectedError`; `code` says more (default `lost` when disconnected,
 * `not_open` otherwise).
 */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  readonly code: TransportErrorCode;
  constructor(
    message: string,
    /** The port went away (unplugged, PTY closed) rather than being closed by us. */
    readonly disconnected = false,
    options?: TransportErrorOptions,
  ) {
    super(message, options);
    this.code = options?.code ?? (disconnected ? 'lost' : 'not_open');
  }
}
