import type { BackoffOptions } from '../../transport/backoff';
import type { ReconnectingTransport } from '../../transport/reconnecting-transport';
import type { SerialPortTarget } from '../../transport/resolve-serial-port';
import { createSerialLink } from '../../transport/serial-link';
import { createTcpLink } from '../../transport/tcp-transport';
import { ZvtSerialLink, type ZvtSerialLinkOptions, ZvtTcpLink } from './zvt-link';
import { ZvtTerminal, type ZvtTerminalOptions } from './zvt-terminal';

/** The port ZVT terminals listen on over TCP/IP unless set otherwise. */
export const ZVT_DEFAULT_TCP_PORT = 20007;

/** Where the terminal is: a serial port (RS-232, or USB serial) or an address on the LAN. */
export type ZvtConnection =
  | { kind: 'serial'; target: SerialPortTarget; baudRate?: number }
  | { kind: 'tcp'; host: string; port?: number };

/** Options of `createZvtTerminal`. */
export interface CreateZvtTerminalOptions extends ZvtTerminalOptions {
  connection: ZvtConnection;
  /** The serial link's ACK timeout and attempts (serial only). */
  serial?: ZvtSerialLinkOptions;
  /**
   * Reconnection delays (default 0.5 s doubling to 30 s, with jitter). A serial `path` is not
   * retried while it is absent: it is watched and opened as soon as it reappears.
   */
  backoff?: BackoffOptions;
  /** Serial only: how often the port is probed when idle, in ms (default 1000). */
  livenessCheckMs?: number;
  /** Serial `path` only: the fallback look at the path besides its watch, in ms (default 5000). */
  presencePollMs?: number;
  /** TCP only: how long a connection attempt may take, in ms (default 5000). */
  connectTimeoutMs?: number;
}

/**
 * A `ZvtTerminal` on a connection that reconnects by itself (`createSerialLink` or
 * `createTcpLink`), the way the device factory wires other devices. `link` is the connection as
 * the device manager watches it (`DeviceLink`: connected, lost, retrying). The terminal opens it
 * on its first command; `terminal.close()` closes it.
 */
export function createZvtTerminal(options: CreateZvtTerminalOptions): {
  terminal: ZvtTerminal;
  link: ReconnectingTransport;
} {
  const { connection, serial, backoff, livenessCheckMs, presencePollMs, connectTimeoutMs, ...terminalOptions } =
    options;
  if (connection.kind === 'serial') {
    const link = createSerialLink({
      target: connection.target,
      // 9600 baud is the speed ZVT terminals are set to out of the box.
      baudRate: connection.baudRate ?? 9600,
      ...(livenessCheckMs === undefined ? {} : { livenessCheckMs }),
      ...(backoff === undefined ? {} : { backoff }),
      ...(presencePollMs === undefined ? {} : { presencePollMs }),
    });
    return { terminal: new ZvtTerminal(new ZvtSerialLink(link, serial), terminalOptions), link };
  }
  const link = createTcpLink({
    host: connection.host,
    port: connection.port ?? ZVT_DEFAULT_TCP_PORT,
    ...(connectTimeoutMs === undefined ? {} : { connectTimeoutMs }),
    ...(backoff === undefined ? {} : { backoff }),
  });
  return { terminal: new ZvtTerminal(new ZvtTcpLink(link), terminalOptions), link };
}
