/**
 * A transport fault: used while closed, could not open, or lost its port.
 *
 * `disconnected` tells a lost device (unplugged, PTY gone) from a port we closed ourselves,
 * after serialport's `DisconnectedError`.
 */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    message: string,
    /** The port went away (unplugged, PTY closed) rather than being closed by us. */
    readonly disconnected = false,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
