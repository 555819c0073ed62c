import { describe, expect, it } from 'vitest';
import { describeUsbTarget, resolveSerialPort } from './resolve-serial-port';
import type { SerialPortInfo, SerialPortLister } from './serial-transport';

const FTDI: SerialPortInfo = { path: '/dev/ttyUSB0', vendorId: '0403', productId: '6001', serialNumber: 'A10K5XYZ' };
const FTDI_TWIN: SerialPortInfo = {
  path: '/dev/ttyUSB1',
  vendorId: '0403',
  productId: '6001',
  serialNumber: 'B20Q7ABC',
};
const CH340: SerialPortInfo = { path: '/dev/ttyUSB2', vendorId: '1a86', productId: '7523' };
const ONBOARD: SerialPortInfo = { path: '/dev/ttyS0' };

function lister(...ports: SerialPortInfo[]): SerialPortLister & { calls: number } {
  const fn = Object.assign(
    async () => {
      fn.calls++;
      return { ok: true as const, ports };
    },
    { calls: 0 },
  );
  return fn;
}

describe('resolveSerialPort', () => {
  it('returns a path target as it is, without listing ports', async () => {
    const list = lister();
    const result = await resolveSerialPort({ path: '/dev/serial/by-id/usb-Printer-if00-port0' }, list);
    expect(result).toEqual({ ok: true, path: '/dev/serial/by-id/usb-Printer-if00-port0' });
    expect(list.calls).toBe(0);
  });

  it('finds a device by vendor and product id wherever it is plugged now', async () => {
    expect(
      await resolveSerialPort({ usb: { vendorId: '1a86', productId: '7523' } }, lister(ONBOARD, FTDI, CH340)),
    ).toEqual({ ok: true, path: '/dev/ttyUSB2', port: CH340 });
    // Replugged into another socket: a new path, found by the same ids.
    const moved = { ...CH340, path: '/dev/ttyUSB5' };
    const again = await resolveSerialPort({ usb: { vendorId: '1a86', productId: '7523' } }, lister(moved));
    expect(again.ok && again.path).toBe('/dev/ttyUSB5');
  });

  it('ignores the case and a 0x prefix of the listed ids', async () => {
    const shouting = { path: '/dev/ttyACM0', vendorId: '0x1A86', productId: '7523' };
    const result = await resolveSerialPort({ usb: { vendorId: '1a86', productId: '7523' } }, lister(shouting));
    expect(result.ok && result.path).toBe('/dev/ttyACM0');
  });

  it('tells two alike devices apart by serial number', async () => {
    const list = lister(FTDI, FTDI_TWIN);
    const second = await resolveSerialPort(
      { usb: { vendorId: '0403', productId: '6001', serialNumber: 'B20Q7ABC' } },
      list,
    );
    expect(second.ok && second.path).toBe('/dev/ttyUSB1');
  });

  it('refuses to guess between two alike devices without a serial number', async () => {
    const result = await resolveSerialPort({ usb: { vendorId: '0403', productId: '6001' } }, lister(FTDI, FTDI_TWIN));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('ambiguous');
    expect(result.error.message).toContain('/dev/ttyUSB0, /dev/ttyUSB1');
    expect(result.error.message).toContain('serialNumber');
  });

  it('says the device is not connected when nothing matches', async () => {
    const result = await resolveSerialPort(
      { usb: { vendorId: '0403', productId: '6001', serialNumber: 'OTHER' } },
      lister(FTDI, CH340, ONBOARD),
    );
    expect(result).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'usb:0403:6001:OTHER is not connected (3 serial ports listed)' },
    });
  });

  it('reports a listing that fails (udevadm missing) as an error, not a crash', async () => {
    const failing: SerialPortLister = async () => ({
      ok: false,
      error: { code: 'list_failed', message: 'spawn udevadm ENOENT' },
    });
    const result = await resolveSerialPort({ usb: { vendorId: '0403', productId: '6001' } }, failing);
    expect(result).toEqual({
      ok: false,
      error: { code: 'list_failed', message: 'cannot list serial ports to find usb:0403:6001: spawn udevadm ENOENT' },
    });
  });

  it('also survives an injected lister that throws', async () => {
    const throwing: SerialPortLister = () => Promise.reject(new Error('udevadm exited with code 1'));
    const result = await resolveSerialPort({ usb: { vendorId: '0403', productId: '6001' } }, throwing);
    expect(!result.ok && result.error.code).toBe('list_failed');
  });
});

describe('describeUsbTarget', () => {
  it('names the ids, and the serial number when there is one', () => {
    expect(describeUsbTarget({ vendorId: '0403', productId: '6001' })).toBe('usb:0403:6001');
    expect(describeUsbTarget({ vendorId: '0403', productId: '6001', serialNumber: 'A1' })).toBe('usb:0403:6001:A1');
  });
});
