import type { BackoffOptions } from './backoff';
import { DevicePathWatcher } from './device-path-watcher';
import { ReconnectingTransport } from './reconnecting-transport';
import { describeUsbTarget, resolveSerialPort, type SerialPortTarget } from './resolve-serial-port';
import { type FlowControl, type SerialPortLister, SerialTransport } from './serial-transport';
import { TransportError } from './transport-error';

/** Options of `createSerialLink`. */
export interface SerialLinkOptions {
  /** The device: a path, or USB ids resolved to the current port at each (re)connect. */
  target: SerialPortTarget;
  baudRate?: number;
  flowControl?: FlowControl;
  /** Passed to each `SerialTransport` (see there). */
  livenessCheckMs?: number;
  writeChunkBytes?: number;
  drainTimeoutMs?: number;
  /**
   * Delays between attempts while the port cannot be opened (default 0.5 s doubling to 30 s,
   * with jitter). A `path` target is not retried while its path is absent: it is watched
   * (`DevicePathWatcher`) and opened as soon as it appears.
   */
  backoff?: BackoffOptions;
  /** A `path` target's fallback look at its path, in case a watch event was missed (default 5000 ms). */
  presencePollMs?: number;
  stableAfterMs?: number;
  /** Lists the ports for a USB target (default `listSerialPorts`); tests inject their own. */
  lister?: SerialPortLister;
  random?: () => number;
}

/**
 * A serial device that stays connected: a `ReconnectingTransport` whose every attempt resolves
 * the target to a port (`resolveSerialPort`) and opens a fresh `SerialTransport` on it. A `path`
 * target (`/dev/serial/by-id/…` appears and disappears with the device) is watched, so the link
 * reconnects the moment it is plugged back in; a `usb` target is retried with backoff.
 *
 * A resolution that fails (not plugged in, two alike devices, `udevadm` missing) fails that
 * attempt with a `TransportError` whose `code` says which; the link reports it as a
 * `retry_failed` event and tries again later.
 */
export function createSerialLink(options: SerialLinkOptions): ReconnectingTransport {
  const { target } = options;
  const address = 'path' in target ? target.path : describeUsbTarget(target.usb);
  return new ReconnectingTransport({
    address,
    connect: async () => {
      const resolved = await resolveSerialPort(target, options.lister);
      if (!resolved.ok) throw new TransportError(resolved.error.message, false, { code: resolved.error.code });
      const transport = new SerialTransport({
        path: resolved.path,
        ...pick(options, ['baudRate', 'flowControl', 'livenessCheckMs', 'writeChunkBytes', 'drainTimeoutMs']),
      });
      await transport.open();
      return transport;
    },
    ...pick(options, ['backoff', 'stableAfterMs', 'random']),
    ...('path' in target
      ? {
          presence: (onChange: (present: boolean) => void) =>
            new DevicePathWatcher({
              path: target.path,
              onChange,
              ...(options.presencePollMs === undefined ? {} : { pollMs: options.presencePollMs }),
            }),
        }
      : {}),
  });
}

/** The given keys of an object, leaving out those undefined (`exactOptionalPropertyTypes`). */
function pick<T extends object, K extends keyof T>(object: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const picked: Partial<Pick<T, K>> = {};
  for (const key of keys) if (object[key] !== undefined) picked[key] = object[key];
  return picked;
}
