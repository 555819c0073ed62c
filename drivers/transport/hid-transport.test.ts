import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  type HidBackend,
  type HidDeviceHandle,
  type HidDeviceInfo,
  HidTransport,
  nodeHidBackend,
} from './hid-transport';
import { TransportError } from './transport-error';

/** A HID device as node-hid's `HIDAsync` behaves: 'data' and 'error' events, recorded writes. */
class FakeHidDevice extends EventEmitter implements HidDeviceHandle {
  readonly written: number[][] = [];
  readonly features: number[][] = [];
  closed = false;
  async write(values: number[]): Promise<number> {
    this.written.push(values);
    return values.length;
  }
  async sendFeatureReport(values: number[]): Promise<number> {
    this.features.push(values);
    return values.length;
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

function fakeBackend(devices: HidDeviceInfo[]) {
  const opened: Array<{ path: string; device: FakeHidDevice }> = [];
  const backend: HidBackend = {
    devices: async () => devices,
    open: async (path) => {
      if (!devices.some((d) => d.path === path)) throw new Error(`cannot open device with path ${path}`);
      const device = new FakeHidDevice();
      opened.push({ path, device });
      return device;
    },
  };
  return { backend, opened };
}

const KEYBOARD: HidDeviceInfo = {
  path: '/dev/hidraw0',
  vendorId: 0x0c2e,
  productId: 0x0b87,
  usagePage: 0x01,
  usage: 6,
};
const SCANNER: HidDeviceInfo = { path: '/dev/hidraw1', vendorId: 0x0c2e, productId: 0x0b87, usagePage: 0x8c, usage: 2 };

describe('HidTransport', () => {
  it("opens the HID POS interface of a composite device by its ids, not its keyboard's", async () => {
    const { backend, opened } = fakeBackend([KEYBOARD, SCANNER]);
    const transport = new HidTransport({ vendorId: 0x0c2e, productId: 0x0b87, backend });
    expect(transport.address).toBe('hid:0c2e:0b87');
    await transport.open();
    expect(opened.map((o) => o.path)).toEqual(['/dev/hidraw1']);
  });

  it('delivers reports as copies, and sends output and feature reports', async () => {
    const { backend, opened } = fakeBackend([SCANNER]);
    const transport = new HidTransport({ backend });
    const reports: Uint8Array[] = [];
    transport.onReport((r) => reports.push(r));
    await transport.open();
    const device = opened[0]?.device;
    const buffer = Buffer.from([0x02, 0x01, 0x41]);
    device?.emit('data', buffer);
    buffer[2] = 0;
    expect(reports).toEqual([Uint8Array.of(0x02, 0x01, 0x41)]);
    await transport.write(Uint8Array.of(0x04, 0x04));
    await transport.sendFeatureReport(Uint8Array.of(0xfe, 0x01));
    expect(device?.written).toEqual([[0x04, 0x04]]);
    expect(device?.features).toEqual([[0xfe, 0x01]]);
  });

  it('reports a read error as the device lost, and finds it again on the next open', async () => {
    const { backend, opened } = fakeBackend([SCANNER]);
    const transport = new HidTransport({ backend });
    const closes: Array<Error | undefined> = [];
    transport.onClose((error) => closes.push(error));
    await transport.open();
    opened[0]?.device.emit('error', new Error('could not read from HID device'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(transport.isOpen).toBe(false);
    expect(opened[0]?.device.closed).toBe(true);
    expect(closes).toHaveLength(1);
    expect(closes[0]).toBeInstanceOf(TransportError);
    expect(closes[0]).toMatchObject({ disconnected: true, code: 'lost' });
    // A stray second error from the old handle must not crash anything.
    opened[0]?.device.emit('error', new Error('again'));
    await transport.open();
    expect(opened).toHaveLength(2);
    await transport.close();
    expect(closes).toEqual([closes[0], undefined]);
  });

  it('says why no device could be opened: none, several, or a refused open', async () => {
    await expect(new HidTransport({ backend: fakeBackend([KEYBOARD]).backend }).open()).rejects.toMatchObject({
      code: 'not_found',
    });
    const two = { ...SCANNER, path: '/dev/hidraw2' };
    await expect(new HidTransport({ backend: fakeBackend([SCANNER, two]).backend }).open()).rejects.toMatchObject({
      code: 'ambiguous',
    });
    await expect(
      new HidTransport({ path: '/dev/hidraw9', backend: fakeBackend([SCANNER]).backend }).open(),
    ).rejects.toMatchObject({ code: 'open_failed' });
    await expect(new HidTransport({ backend: fakeBackend([]).backend }).write(Uint8Array.of(0))).rejects.toMatchObject({
      code: 'not_open',
    });
  });

  it('runs on the real node-hid (hidraw backend): lists devices, and fails cleanly without one', async () => {
    const backend = nodeHidBackend();
    expect(Array.isArray(await backend.devices())).toBe(true);
    const transport = new HidTransport({ path: '/dev/hidraw-okno-test-missing', backend });
    await expect(transport.open()).rejects.toMatchObject({ name: 'TransportError', code: 'open_failed' });
    expect(transport.isOpen).toBe(false);
  });
});
