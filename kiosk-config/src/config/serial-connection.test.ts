import { describe, expect, it } from 'vitest';
import { PrinterConfig, SerialConnection } from './kiosk-config';

describe('SerialConnection', () => {
  it('takes a path, as before', () => {
    expect(SerialConnection.parse({ kind: 'serial', path: '/dev/serial/by-id/usb-X-if00' })).toEqual({
      kind: 'serial',
      path: '/dev/serial/by-id/usb-X-if00',
      baudRate: 115200,
    });
  });

  it('takes USB ids, with an optional serial number, and stores the ids lowercase', () => {
    expect(
      SerialConnection.parse({ kind: 'serial', usb: { vendorId: '1A86', productId: '7523' }, baudRate: 9600 }),
    ).toEqual({ kind: 'serial', usb: { vendorId: '1a86', productId: '7523' }, baudRate: 9600 });
    expect(
      SerialConnection.parse({ kind: 'serial', usb: { vendorId: '0403', productId: '6001', serialNumber: 'A10K5XYZ' } })
        .usb,
    ).toEqual({ vendorId: '0403', productId: '6001', serialNumber: 'A10K5XYZ' });
  });

  it('refuses ids that are not four hex digits, naming the field', () => {
    for (const vendorId of ['403', '0x0403', '04031', 'zzzz', '']) {
      const result = SerialConnection.safeParse({ kind: 'serial', usb: { vendorId, productId: '6001' } });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual(['usb', 'vendorId']);
    }
    const decimal = SerialConnection.safeParse({ kind: 'serial', usb: { vendorId: '0403', productId: 24577 } });
    expect(decimal.error?.issues[0]?.path).toEqual(['usb', 'productId']);
  });

  it('wants exactly one of path and usb', () => {
    for (const connection of [
      { kind: 'serial' },
      { kind: 'serial', path: '/dev/ttyUSB0', usb: { vendorId: '0403', productId: '6001' } },
    ]) {
      const result = SerialConnection.safeParse(connection);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toContain('either "path" or "usb"');
    }
  });

  it('refuses unknown fields in usb (a typo must not be ignored)', () => {
    const result = SerialConnection.safeParse({
      kind: 'serial',
      usb: { vendorId: '0403', productId: '6001', serial: 'X' },
    });
    expect(result.success).toBe(false);
  });

  it('works inside a printer config', () => {
    const printer = PrinterConfig.parse({
      connection: { kind: 'serial', usb: { vendorId: '0519', productId: '0003' } },
    });
    expect(printer.connection).toMatchObject({ kind: 'serial', usb: { vendorId: '0519', productId: '0003' } });
  });
});
