import { afterEach, describe, expect, it } from 'vitest';
import { createPtyPair, type PtyPair } from '../sim/pty-pair';
import { within } from '../test-support/within';
import { listSerialPorts, SerialTransport } from './serial-transport';
import { TransportError } from './transport-error';

const XOFF = 0x13;
const XON = 0x11;

function collect(transport: SerialTransport): number[] {
  const received: number[] = [];
  transport.onData((chunk) => received.push(...chunk));
  return received;
}

async function until(condition: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('SerialTransport on a PTY', () => {
  let pair: PtyPair | undefined;
  const opened: SerialTransport[] = [];
  afterEach(async () => {
    for (const transport of opened.splice(0)) await transport.close();
    await pair?.close();
  });

  async function connect(options: Partial<ConstructorParameters<typeof SerialTransport>[0]> = {}) {
    pair = await createPtyPair();
    const device = new SerialTransport({ path: pair.devicePath, ...options });
    const simulator = new SerialTransport({ path: pair.simulatorPath });
    opened.push(device, simulator);
    await simulator.open();
    await device.open();
    return { device, simulator };
  }

  it('sends a long write in chunks, every byte in order', async () => {
    const { device, simulator } = await connect({ writeChunkBytes: 7 });
    const received = collect(simulator);
    const data = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);
    await device.write(data);
    await until(() => received.length >= 1000, 3000, '1000 bytes at the simulator');
    expect(received).toEqual(Array.from(data));
  });

  it('opens with RTS/CTS flow control (a PTY has no lines, but must accept the setting)', async () => {
    const { device, simulator } = await connect({ flowControl: 'rtscts' });
    const received = collect(simulator);
    await device.write(Uint8Array.of(1, 2, 3));
    await until(() => received.length === 3, 2000, 'three bytes');
  });

  it('with XON/XOFF, pauses on XOFF, times out the write, and resumes on XON', async () => {
    const { device, simulator } = await connect({ flowControl: 'xonxoff', drainTimeoutMs: 200 });
    const atSimulator = collect(simulator);
    const atDevice = collect(device);
    await simulator.write(Uint8Array.of(XOFF));
    await new Promise((resolve) => setTimeout(resolve, 50));

    const started = Date.now();
    const error = await device.write(Uint8Array.of(0x41, 0x42)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: 'write_timeout', disconnected: false });
    expect((error as Error).message).toContain('xonxoff flow control holding?');
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    // The held-back drain is not stacked on: the next write waits for it, then gives up.
    await expect(device.write(Uint8Array.of(0x43))).rejects.toMatchObject({ code: 'write_timeout' });
    expect(atSimulator).toEqual([]);

    await simulator.write(Uint8Array.of(XON));
    await until(() => atSimulator.length >= 2, 2000, 'the held bytes after XON');
    await device.write(Uint8Array.of(0x44));
    await until(() => atSimulator.includes(0x44), 2000, 'a write after XON');
    // The OS consumed XOFF and XON: the driver never sees them as data.
    expect(atDevice).toEqual([]);
    expect(device.isOpen).toBe(true);
  });

  it('without flow control, XOFF is just a byte and writes are not held', async () => {
    const { device, simulator } = await connect({ drainTimeoutMs: 200 });
    const atSimulator = collect(simulator);
    const atDevice = collect(device);
    await simulator.write(Uint8Array.of(XOFF));
    await until(() => atDevice.length === 1, 2000, 'XOFF at the device');
    expect(atDevice).toEqual([XOFF]);
    await device.write(Uint8Array.of(0x41));
    await until(() => atSimulator.length === 1, 2000, 'a byte at the simulator');
  });

  it('reports a device lost under a write as a close with an error, and the write fails', async () => {
    const { device } = await connect({ livenessCheckMs: 0 });
    const lost = new Promise<Error | undefined>((resolve) => device.onClose(resolve));
    await pair?.unplug();
    // Whichever comes first, serialport's read error or our write, the loss is reported.
    const write = device.write(Uint8Array.of(1)).catch((e: unknown) => e);
    expect(await within(lost, 3000, 'the close event')).toMatchObject({ disconnected: true });
    expect(await write).toBeInstanceOf(TransportError);
    expect(device.isOpen).toBe(false);
  });
});

describe('listSerialPorts', () => {
  it('answers list_failed, without throwing, where udevadm cannot be run', async () => {
    const path = process.env.PATH;
    // serialport spawns `udevadm` from the PATH: an empty PATH is a system without it.
    process.env.PATH = '';
    try {
      const result = await listSerialPorts();
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('list_failed');
        expect(result.error.message).toContain('ENOENT');
      }
    } finally {
      process.env.PATH = path;
    }
  });
});
