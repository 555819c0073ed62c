/**
 * A `/dev/serial/by-id/` link name taken apart. udev names it `<bus>-<ID_SERIAL>-if<NN>[-port<N>]`
 * (`usb-FTDI_FT232R_USB_UART_A10K5XYZ-if00-port0`), where ID_SERIAL is the maker, the model and
 * the serial number joined by `_` (spaces in them already turned into `_`), so they cannot be told
 * apart reliably: the page shows them as words.
 */
export interface ByIdName {
  bus: string;
  /** ID_SERIAL as words: `FTDI FT232R USB UART A10K5XYZ`. */
  words: string;
  /** The USB interface number (`if00` → 0), when the name has one. */
  interfaceNumber?: number;
  /** The port of a multi-port adapter (`port1` → 1), when the name has one. */
  port?: number;
}

const BY_ID = /^([a-z0-9]+)-(.+?)(?:-if([0-9a-f]{2}))?(?:-port(\d{1,3}))?$/;

/** Parses a by-id link name; null for a name udev would not make (no bus prefix, a path, control characters). */
export function parseByIdName(name: string): ByIdName | null {
  if (name.length === 0 || name.length > 255 || name.includes('/') || /[\p{Cc}]/u.test(name)) return null;
  const match = BY_ID.exec(name);
  if (!match) return null;
  const [, bus = '', serial = '', ifNumber, port] = match;
  const words = serial
    // udev writes other bytes as \xNN (`\x20` for a space).
    .replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    .replace(/_+/g, ' ')
    .trim();
  if (words.length === 0) return null;
  return {
    bus,
    words,
    ...(ifNumber === undefined ? {} : { interfaceNumber: Number.parseInt(ifNumber, 16) }),
    ...(port === undefined ? {} : { port: Number.parseInt(port, 10) }),
  };
}
