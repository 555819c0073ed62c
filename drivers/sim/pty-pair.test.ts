import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { within } from '../test-support/within';
import { SerialTransport } from '../transport/serial-transport';
import { TransportError } from '../transport/transport-error';
import { createPtyPair, PtyPairError } from './pty-pair';

function nextData(transport: SerialTransport, length: number): Promise<number[]> {
  return new Promise((resolve) => {
    const received: number[] = [];
    const unsubscribe = transport.onData((chunk) => {
      received.push(...chunk);
      if (received.length >= length) {
        unsubscribe();
        resolve(received);
      }
    });
  });
}

describe('createPtyPair with SerialTransport', () => {
  it('carries bytes both ways through the real serialport package, then cleans up', async () => {
    const pair = await createPtyPair();
    const device = new SerialTransport({ path: pair.devicePath });
    const simulator = new SerialTransport({ path: pair.simulatorPath });
    try {
      await simulator.open();
      await device.open();
      const atSimulator = nextData(simulator, 256);
      const all = Uint8Array.from({ length: 256 }, (_, i) => i);
      await device.write(all);
      // Raw mode: every byte value arrives unchanged, CR and LF included.
      expect(await within(atSimulator, 3000, '256 bytes at the simulator')).toEqual(Array.from(all));
      const atDevice = nextData(device, 3);
      await simulator.write(Uint8Array.of(0x12, 0x0d, 0x0a));
      expect(await within(atDevice, 3000, '3 bytes at the device')).toEqual([0x12, 0x0d, 0x0a]);
    } finally {
      await device.close();
      await simulator.close();
      await pair.close();
    }
    expect(existsSync(pair.devicePath)).toBe(false);
    expect(existsSync(pair.simulatorPath)).toBe(false);
    await pair.close();
  });

  it('reports the loss of the other end as a close with an error', async () => {
    const pair = await createPtyPair();
    const device = new SerialTransport({ path: pair.devicePath });
    const simulator = new SerialTransport({ path: pair.simulatorPath });
    await simulator.open();
    await device.open();
    const echoed = nextData(simulator, 1);
    await device.write(Uint8Array.of(0x2a));
    await within(echoed, 3000, 'the first byte');
    const lost = new Promise<Error | undefined>((resolve) => device.onClose(resolve));
    await pair.close();
    const error = await within(lost, 3000, 'the close event');
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).disconnected).toBe(true);
    expect(device.isOpen).toBe(false);
    await expect(device.write(Uint8Array.of(1))).rejects.toThrow(/is not open/);
    await simulator.close();
  });

  it('notices a loss right after opening too, through the liveness check', async () => {
    // Killing socat while serialport's first read is in flight makes that read spin on 0 bytes
    // without reporting anything; the tcdrain probe catches it. Several rounds hit the window.
    for (let round = 0; round < 4; round++) {
      const pair = await createPtyPair();
      const device = new SerialTransport({ path: pair.devicePath, livenessCheckMs: 50 });
      const simulator = new SerialTransport({ path: pair.simulatorPath });
      await simulator.open();
      await device.open();
      const lost = new Promise<Error | undefined>((resolve) => device.onClose(resolve));
      await pair.close();
      expect(await within(lost, 2000, `the close event in round ${round}`)).toBeInstanceOf(TransportError);
      await simulator.close();
    }
  });

  it('unplugs (links gone, the open end lost) and replugs at the same link paths', async () => {
    const pair = await createPtyPair();
    const device = new SerialTransport({ path: pair.devicePath, livenessCheckMs: 50 });
    const simulator = new SerialTransport({ path: pair.simulatorPath, livenessCheckMs: 50 });
    try {
      await simulator.open();
      await device.open();
      const lost = new Promise<Error | undefined>((resolve) => device.onClose(resolve));
      await pair.unplug();
      expect(pair.plugged).toBe(false);
      expect(existsSync(pair.devicePath)).toBe(false);
      expect(existsSync(pair.simulatorPath)).toBe(false);
      expect(await within(lost, 3000, 'the loss')).toMatchObject({ disconnected: true });
      await expect(device.open()).rejects.toThrow(/cannot open/);
      await pair.unplug();

      await pair.replug();
      expect(pair.plugged).toBe(true);
      await simulator.close();
      await simulator.open();
      await device.open();
      const atSimulator = nextData(simulator, 2);
      await device.write(Uint8Array.of(0x10, 0x04));
      expect(await within(atSimulator, 3000, 'bytes after the replug')).toEqual([0x10, 0x04]);
    } finally {
      await device.close();
      await simulator.close();
      await pair.close();
    }
    expect(pair.plugged).toBe(false);
    await expect(pair.replug()).rejects.toThrow(PtyPairError);
  });

  it('says to install socat when it is missing', async () => {
    const error = await createPtyPair({ socatPath: '/nonexistent/socat' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PtyPairError);
    expect((error as Error).message).toContain('apt-get install socat');
  });

  it('rejects opening a path that does not exist, naming it', async () => {
    const transport = new SerialTransport({ path: '/dev/okno-no-such-port' });
    await expect(transport.open()).rejects.toThrow(/cannot open \/dev\/okno-no-such-port/);
    expect(transport.isOpen).toBe(false);
  });
});
