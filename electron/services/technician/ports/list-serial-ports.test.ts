import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { parseByIdName } from './by-id-name';
import { listSerialPortViews } from './list-serial-ports';
import { parseUevent, usbIdsOfProduct } from './sysfs-usb';

const FTDI_LINK = 'usb-FTDI_FT232R_USB_UART_A10K5XYZ-if00-port0';

/** A fake root with /dev/serial/by-id and /sys/class/tty as a kiosk with a USB printer adapter has them. */
async function fakeRoot(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'okno-ports-'));
  const put = async (file: string, text: string) => {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  };
  const link = async (at: string, to: string) => {
    await mkdir(path.dirname(path.join(root, at)), { recursive: true });
    await symlink(to, path.join(root, at));
  };
  // An FTDI adapter: ids on the USB device two levels above the tty.
  const ftdi = 'sys/devices/pci0000:00/usb1/1-1';
  await put(`${ftdi}/idVendor`, '0403\n');
  await put(`${ftdi}/idProduct`, '6001\n');
  await put(`${ftdi}/manufacturer`, 'FTDI\n');
  await put(`${ftdi}/product`, 'FT232R USB UART\n');
  await mkdir(path.join(root, ftdi, '1-1:1.0/ttyUSB0'), { recursive: true });
  await link('sys/class/tty/ttyUSB0/device', `../../../devices/pci0000:00/usb1/1-1/1-1:1.0/ttyUSB0`);
  await link(`dev/serial/by-id/${FTDI_LINK}`, '../../ttyUSB0');
  // An Epson printer as a CDC-ACM port: only the interface's uevent names the ids.
  await put('sys/devices/pci0000:00/usb2/2-1/2-1:1.0/uevent', 'DEVTYPE=usb_interface\nPRODUCT=4b8/e03/100\n');
  await link('sys/class/tty/ttyACM0/device', '../../../devices/pci0000:00/usb2/2-1/2-1:1.0');
  // An on-board UART that is there (type 4) and one that is not (type 0); a console with no device.
  await mkdir(path.join(root, 'sys/devices/platform/serial8250/tty/ttyS0'), { recursive: true });
  await link('sys/class/tty/ttyS0/device', '../../../devices/platform/serial8250/tty/ttyS0');
  await put('sys/class/tty/ttyS0/type', '4\n');
  await link('sys/class/tty/ttyS1/device', '../../../devices/platform/serial8250/tty/ttyS0');
  await put('sys/class/tty/ttyS1/type', '0\n');
  await mkdir(path.join(root, 'sys/class/tty/tty0'), { recursive: true });
  return root;
}

const noSimulators = () => [];

describe('listSerialPortViews', () => {
  const savedPath = process.env.PATH;
  afterEach(() => {
    process.env.PATH = savedPath;
  });

  it('falls back to /dev/serial/by-id and /sys where udevadm is missing (PATH without it)', async () => {
    const root = await fakeRoot();
    const empty = await mkdtemp(path.join(tmpdir(), 'okno-no-udevadm-'));
    process.env.PATH = empty;
    // serialport's own list, for real: it spawns udevadm, which is not on this PATH.
    const listed = await listSerialPortViews({ root, simulators: noSimulators });
    process.env.PATH = savedPath;
    expect(listed.source).toBe('sysfs');
    expect(listed.problem).toMatch(/udevadm/);
    expect(listed.ports).toEqual([
      {
        path: '/dev/ttyACM0',
        devicePath: '/dev/ttyACM0',
        vendorId: '04b8',
        productId: '0e03',
        guess: { kind: 'printer', vendor: 'Epson', verified: true },
      },
      {
        path: '/dev/ttyS0',
        devicePath: '/dev/ttyS0',
        guess: { kind: 'unknown', verified: false },
      },
      {
        path: `/dev/serial/by-id/${FTDI_LINK}`,
        devicePath: '/dev/ttyUSB0',
        byIdName: 'FTDI FT232R USB UART A10K5XYZ',
        vendorId: '0403',
        productId: '6001',
        manufacturer: 'FTDI',
        product: 'FT232R USB UART',
        guess: { kind: 'usb_serial_adapter', vendor: 'FTDI', verified: true },
      },
    ]);
  });

  it('uses serialport’s list when it works, adds the by-id names, the simulators and which device uses a port', async () => {
    const root = await fakeRoot();
    const simulatorPath = path.join(root, 'pty-dev');
    await writeFile(simulatorPath, '');
    const listed = await listSerialPortViews({
      root,
      list: async () => ({ ok: true, ports: [{ path: '/dev/ttyUSB0', vendorId: '0403', productId: '6001' }] }),
      simulators: () => [
        { path: simulatorPath, kind: 'printer' },
        { path: path.join(root, 'unplugged-pty'), kind: 'scanner' },
      ],
      configured: [{ device: 'printer', path: `/dev/serial/by-id/${FTDI_LINK}` }],
    });
    expect(listed.source).toBe('serialport');
    expect(listed.ports.map((port) => [port.path, port.usedBy, port.guess.kind])).toEqual([
      [`/dev/serial/by-id/${FTDI_LINK}`, 'printer', 'usb_serial_adapter'],
      [simulatorPath, undefined, 'simulator'],
    ]);
  });

  it('answers an empty list, not an error, where /dev and /sys have nothing', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'okno-ports-empty-'));
    const listed = await listSerialPortViews({
      root,
      list: async () => ({ ok: false, error: { code: 'list_failed', message: 'spawn udevadm ENOENT' } }),
      simulators: noSimulators,
    });
    expect(listed).toEqual({ ports: [], source: 'sysfs', problem: 'serialport: spawn udevadm ENOENT' });
  });
});

describe('parseByIdName', () => {
  it('reads udev’s names', () => {
    expect(parseByIdName(FTDI_LINK)).toEqual({
      bus: 'usb',
      words: 'FTDI FT232R USB UART A10K5XYZ',
      interfaceNumber: 0,
      port: 0,
    });
    expect(parseByIdName('usb-1a86_USB2.0-Serial-if00-port0')?.words).toBe('1a86 USB2.0-Serial');
    expect(parseByIdName('usb-Honeywell_Imaging\\x20Scanner-if00')).toEqual({
      bus: 'usb',
      words: 'Honeywell Imaging Scanner',
      interfaceNumber: 0,
    });
    expect(parseByIdName('ttyUSB0')).toBeNull();
    expect(parseByIdName('usb-x/../../etc')).toBeNull();
  });

  it('never throws and takes back what it was given (fuzzed)', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9.]{1,12}$/);
    fc.assert(
      fc.property(
        fc.constantFrom('usb', 'pci', 'platform'),
        fc.array(word, { minLength: 1, maxLength: 4 }),
        fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined }),
        fc.option(fc.integer({ min: 0, max: 7 }), { nil: undefined }),
        (bus, words, ifNumber, port) => {
          const name = `${bus}-${words.join('_')}${ifNumber === undefined ? '' : `-if${ifNumber.toString(16).padStart(2, '0')}`}${port === undefined || ifNumber === undefined ? '' : `-port${port}`}`;
          const parsed = parseByIdName(name);
          expect(parsed?.bus).toBe(bus);
          expect(parsed?.words).toBe(words.join(' '));
          expect(parsed?.interfaceNumber).toBe(ifNumber);
          if (ifNumber !== undefined) expect(parsed?.port).toBe(port);
        },
      ),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (name) => {
        const parsed = parseByIdName(name);
        if (parsed) expect(parsed.words.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('sysfs parsers', () => {
  it('reads the ids of a uevent PRODUCT line, padded (fuzzed)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffff }),
        fc.integer({ min: 0, max: 0xffff }),
        fc.integer({ min: 0, max: 0xffff }),
        (vendor, product, release) => {
          const uevent = `DEVTYPE=usb_interface\nPRODUCT=${vendor.toString(16)}/${product.toString(16)}/${release.toString(16)}\nTYPE=0/0/0\n`;
          expect(usbIdsOfProduct(parseUevent(uevent).get('PRODUCT') ?? '')).toEqual({
            vendorId: vendor.toString(16).padStart(4, '0'),
            productId: product.toString(16).padStart(4, '0'),
          });
        },
      ),
    );
  });

  it('never throws on any uevent text or PRODUCT value, and answers only four-digit hex ids (fuzzed)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        for (const value of parseUevent(text).values()) {
          const ids = usbIdsOfProduct(value);
          if (ids) expect(`${ids.vendorId}${ids.productId}`).toMatch(/^[0-9a-f]{8}$/);
        }
        const ids = usbIdsOfProduct(text);
        if (ids) expect(ids.vendorId).toMatch(/^[0-9a-f]{4}$/);
      }),
    );
  });
});
