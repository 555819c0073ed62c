import type { UsbSerialMatch } from '../../kiosk-config/src/config/kiosk-config';
import { listSerialPorts, type SerialPortInfo, type SerialPortLister } from './serial-transport';

/**
 * Which serial device to open: a fixed path (`/dev/serial/by-id/…` survives a replug, the OS
 * resolves it), or USB ids looked up among the ports the OS lists.
 */
export type SerialPortTarget = { path: string } | { usb: UsbSerialMatch };

/** Why a target could not be resolved to one port; `message` is for the technician's log. */
export interface ResolveSerialPortError {
  code: 'list_failed' | 'not_found' | 'ambiguous';
  message: string;
}

/** The port to open now, or why there is none. */
export type ResolveSerialPortResult =
  | { ok: true; path: string; port?: SerialPortInfo }
  | { ok: false; error: ResolveSerialPortError };

/**
 * Finds the current path of a serial device; called at each (re)connect, because a USB device
 * plugged back in, or into another socket, may come back as `/dev/ttyUSB1` instead of `ttyUSB0`.
 *
 * A `path` target is returned as it is, without listing. A `usb` target lists the ports (through
 * `lister`, `listSerialPorts` by default) and matches vendor and product id, and the serial
 * number when given, ignoring case. Nothing throws: a failed listing (`udevadm` missing), no
 * match, or two matches (two alike devices and no serial number to tell them apart) come back as
 * errors with a message that says what to do.
 */
export async function resolveSerialPort(
  target: SerialPortTarget,
  lister: SerialPortLister = listSerialPorts,
): Promise<ResolveSerialPortResult> {
  if ('path' in target) return { ok: true, path: target.path };
  const want = target.usb;
  let listed: Awaited<ReturnType<SerialPortLister>>;
  try {
    listed = await lister();
  } catch (error) {
    // An injected lister might throw although ours does not: it is still a failed listing.
    listed = {
      ok: false,
      error: { code: 'list_failed', message: error instanceof Error ? error.message : String(error) },
    };
  }
  const what = describeUsbTarget(want);
  if (!listed.ok) {
    return {
      ok: false,
      error: { code: 'list_failed', message: `cannot list serial ports to find ${what}: ${listed.error.message}` },
    };
  }
  const matches = listed.ports.filter(
    (port) =>
      sameId(port.vendorId, want.vendorId) &&
      sameId(port.productId, want.productId) &&
      (want.serialNumber === undefined || port.serialNumber === want.serialNumber),
  );
  const [first, second] = matches;
  if (!first) {
    return {
      ok: false,
      error: { code: 'not_found', message: `${what} is not connected (${listed.ports.length} serial ports listed)` },
    };
  }
  if (second) {
    const paths = matches.map((port) => port.path).join(', ');
    return {
      ok: false,
      error: {
        code: 'ambiguous',
        message: `${matches.length} ports match ${what} (${paths}): add "serialNumber", or use a /dev/serial/by-id path`,
      },
    };
  }
  return { ok: true, path: first.path, port: first };
}

/** A USB target as logs and device statuses show it: `usb:0403:6001` plus the serial number. */
export function describeUsbTarget(usb: UsbSerialMatch): string {
  const ids = `usb:${usb.vendorId.toLowerCase()}:${usb.productId.toLowerCase()}`;
  return usb.serialNumber === undefined ? ids : `${ids}:${usb.serialNumber}`;
}

/** udev gives `0403`; other listers may say `0x0403` or `403`. */
function sameId(listed: string | undefined, wanted: string): boolean {
  if (listed === undefined) return false;
  return Number.parseInt(listed.replace(/^0x/i, ''), 16) === Number.parseInt(wanted, 16);
}
