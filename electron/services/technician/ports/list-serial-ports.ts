import { readdir, readFile, readlink, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { liveSimulatorPorts, type SimulatorKind } from '../../../../drivers/sim/live-simulator-ports';
import { listSerialPorts, type SerialPortLister } from '../../../../drivers/transport/serial-transport';
import type { PortDevice, SerialPortView } from '../../../../kiosk-config/src/index';
import { parseByIdName } from './by-id-name';
import { guessKind } from './known-usb-ids';
import { parseUevent, sysfsText, usbIdOf, usbIdsOfProduct } from './sysfs-usb';

/** Options of `listSerialPortViews`. */
export interface SerialPortListOptions {
  /** The file system's root (`/`); tests give a folder holding a fake `dev/` and `sys/`. */
  root?: string;
  /** serialport's list (spawns `udevadm` on Linux); tests inject one. */
  list?: SerialPortLister;
  /** The simulators running in this process. */
  simulators?: () => Array<{ path: string; kind: SimulatorKind }>;
  /** The configured devices' paths, to say which port each uses. */
  configured?: ReadonlyArray<{ device: PortDevice; path: string }>;
}

/** The serial ports, how they were listed, and why serialport's list was not used. */
export interface SerialPortList {
  ports: SerialPortView[];
  source: 'serialport' | 'sysfs';
  problem?: string;
}

/** What the kiosk's own look at /dev and /sys found about a port. */
interface SysfsPort {
  devicePath: string;
  vendorId?: string;
  productId?: string;
  manufacturer?: string;
  product?: string;
}

/**
 * Lists the serial ports for the «Подключение» page: serialport's list when it works, else the
 * kiosk's own look at `/sys/class/tty` (serialport spawns `udevadm`, which a trimmed system may
 * lack); either way with the `/dev/serial/by-id/` names read from the links themselves and the
 * simulators' pseudo-terminals. Never throws for a missing folder or tool.
 */
export async function listSerialPortViews(options: SerialPortListOptions = {}): Promise<SerialPortList> {
  const root = options.root ?? '/';
  const [listed, byId, sysfs] = await Promise.all([
    (options.list ?? listSerialPorts)(),
    readByIdLinks(root),
    readSysfsPorts(root),
  ]);
  const sysfsByPath = new Map(sysfs.map((port) => [port.devicePath, port]));
  const found: SysfsPort[] = listed.ok
    ? listed.ports.map((port) => ({
        ...sysfsByPath.get(port.path),
        devicePath: port.path,
        ...optionalId('vendorId', port.vendorId),
        ...optionalId('productId', port.productId),
        ...(port.manufacturer === undefined ? {} : { manufacturer: sysfsText(port.manufacturer) ?? '' }),
      }))
    : sysfs;
  // A by-id link whose port neither list had (a listing that missed it) is shown too.
  for (const target of byId.keys()) {
    if (!found.some((port) => port.devicePath === target)) found.push({ devicePath: target });
  }
  const usedBy = new Map<string, PortDevice>();
  for (const { device, path: configured } of options.configured ?? []) {
    usedBy.set(configured, device);
    const behind = byIdTarget(byId, configured);
    if (behind !== undefined) usedBy.set(behind, device);
  }
  const ports: SerialPortView[] = found.map((port) => {
    const link = byId.get(port.devicePath);
    const parsed = link === undefined ? null : parseByIdName(path.basename(link));
    const shownPath = link === undefined ? port.devicePath : path.join('/dev/serial/by-id', path.basename(link));
    const user = usedBy.get(shownPath) ?? usedBy.get(port.devicePath);
    return {
      path: shownPath,
      devicePath: port.devicePath,
      ...(parsed ? { byIdName: parsed.words } : {}),
      ...(port.vendorId === undefined ? {} : { vendorId: port.vendorId }),
      ...(port.productId === undefined ? {} : { productId: port.productId }),
      ...(port.manufacturer ? { manufacturer: port.manufacturer } : {}),
      ...(port.product ? { product: port.product } : {}),
      guess: guessKind(port.vendorId),
      ...(user === undefined ? {} : { usedBy: user }),
    };
  });
  for (const simulator of (options.simulators ?? liveSimulatorPorts)()) {
    // An unplugged simulator's link is gone, as an unplugged adapter's port is.
    if (!(await stat(simulator.path).catch(() => null))) continue;
    const user = usedBy.get(simulator.path);
    ports.push({
      path: simulator.path,
      devicePath: simulator.path,
      byIdName: `симулятор: ${SIMULATOR_NAMES[simulator.kind]}`,
      guess: { kind: 'simulator', vendor: SIMULATOR_NAMES[simulator.kind], verified: true },
      ...(user === undefined ? {} : { usedBy: user }),
    });
  }
  return {
    ports,
    source: listed.ok ? 'serialport' : 'sysfs',
    ...(listed.ok ? {} : { problem: `serialport: ${listed.error.message}`.slice(0, 300) }),
  };
}

const SIMULATOR_NAMES: Readonly<Record<SimulatorKind, string>> = {
  printer: 'принтер',
  scanner: 'сканер',
  document_reader: 'считыватель документов',
  payment_terminal: 'платёжный терминал',
};

function optionalId(key: 'vendorId' | 'productId', text: string | undefined): Record<string, string> {
  const id = text === undefined ? null : usbIdOf(text);
  return id === null ? {} : { [key]: id };
}

/** The port a configured by-id path points to, if it is one of the links read. */
function byIdTarget(byId: ReadonlyMap<string, string>, configured: string): string | undefined {
  for (const [target, link] of byId) {
    if (path.join('/dev/serial/by-id', path.basename(link)) === configured) return target;
  }
  return undefined;
}

/**
 * `/dev/serial/by-id/*` read as links: the port each points to (`/dev/ttyUSB0`) → the link. A
 * missing folder (no USB serial device plugged in) is an empty map.
 */
export async function readByIdLinks(root: string): Promise<Map<string, string>> {
  const folder = path.join(root, 'dev/serial/by-id');
  const names = await readdir(folder).catch(() => [] as string[]);
  const links = new Map<string, string>();
  for (const name of names) {
    if (parseByIdName(name) === null) continue;
    const target = await readlink(path.join(folder, name)).catch(() => null);
    if (target === null) continue;
    // The link is relative (`../../ttyUSB0`): resolve it as if from /dev/serial/by-id.
    links.set(path.resolve('/dev/serial/by-id', target), path.join(folder, name));
  }
  return links;
}

/**
 * The serial ports the kernel has, from `/sys/class/tty`: each tty with a `device` (virtual
 * consoles and PTYs have none), but on-board UARTs only when a UART is there (`type` not 0),
 * with the USB ids, maker and product of the USB device above it.
 */
export async function readSysfsPorts(root: string): Promise<SysfsPort[]> {
  const classDir = path.join(root, 'sys/class/tty');
  const names = await readdir(classDir).catch(() => [] as string[]);
  const ports: SysfsPort[] = [];
  for (const name of names.sort()) {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) continue;
    const ttyDir = path.join(classDir, name);
    const device = await realpath(path.join(ttyDir, 'device')).catch(() => null);
    if (device === null) continue;
    if (/^tty(S|AMA)\d+$/.test(name)) {
      const type = await readText(path.join(ttyDir, 'type'));
      if (type === undefined || type.trim() === '0') continue;
    }
    ports.push({ devicePath: `/dev/${name}`, ...(await usbDetails(device)) });
  }
  return ports;
}

/** The USB device above a tty's device folder: its ids from `idVendor`/`idProduct`, or the interface's `uevent`. */
async function usbDetails(device: string): Promise<Omit<SysfsPort, 'devicePath'>> {
  let dir = device;
  for (let up = 0; up < 4 && dir !== path.dirname(dir); up++) {
    const vendorId = usbIdOf((await readText(path.join(dir, 'idVendor'))) ?? '');
    const productId = usbIdOf((await readText(path.join(dir, 'idProduct'))) ?? '');
    if (vendorId !== null && productId !== null) {
      const manufacturer = sysfsText((await readText(path.join(dir, 'manufacturer'))) ?? '');
      const product = sysfsText((await readText(path.join(dir, 'product'))) ?? '');
      return {
        vendorId,
        productId,
        ...(manufacturer === undefined ? {} : { manufacturer }),
        ...(product === undefined ? {} : { product }),
      };
    }
    const uevent = await readText(path.join(dir, 'uevent'));
    const ids = uevent === undefined ? null : usbIdsOfProduct(parseUevent(uevent).get('PRODUCT') ?? '');
    if (ids) return ids;
    dir = path.dirname(dir);
  }
  return {};
}

async function readText(file: string): Promise<string | undefined> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return undefined;
  return readFile(file, 'utf8').catch(() => undefined);
}
