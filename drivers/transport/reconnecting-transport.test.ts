import { describe, expect, it } from 'vitest';
import { within } from '../test-support/within';
import { FakeTransport } from './fake-transport';
import { type LinkEvent, ReconnectingTransport } from './reconnecting-transport';
import { TransportError } from './transport-error';

/** A device that can be unplugged: each connect gives a fresh FakeTransport while it is plugged. */
function fakeDevice() {
  const device = {
    plugged: true,
    connects: 0,
    transports: [] as FakeTransport[],
    connect: async () => {
      device.connects++;
      if (!device.plugged) throw new TransportError('cannot open /dev/ttyUSB0: No such file or directory');
      const transport = new FakeTransport({ address: `/dev/ttyUSB${device.transports.length}` });
      await transport.open();
      device.transports.push(transport);
      return transport;
    },
    get current(): FakeTransport {
      const last = device.transports.at(-1);
      if (!last) throw new Error('never connected');
      return last;
    },
  };
  return device;
}

function nextEvent<T extends LinkEvent['type']>(
  link: ReconnectingTransport,
  type: T,
): Promise<Extract<LinkEvent, { type: T }>> {
  return within(
    new Promise((resolve) => {
      const unsubscribe = link.onLinkEvent((event) => {
        if (event.type !== type) return;
        unsubscribe();
        resolve(event as Extract<LinkEvent, { type: T }>);
      });
    }),
    2000,
    `a "${type}" link event`,
  );
}

const FAST = { initialMs: 10, maxMs: 40, jitter: 0 };

/** A device path that a test makes appear and disappear, as `DevicePathWatcher` reports it. */
function fakePresence(present: boolean) {
  const presence = {
    present,
    watching: 0,
    onChange: (_present: boolean): void => undefined,
    set(value: boolean) {
      presence.present = value;
      presence.onChange(value);
    },
    watch: (onChange: (present: boolean) => void) => {
      presence.watching++;
      presence.onChange = onChange;
      return {
        get present() {
          return presence.present;
        },
        close: () => {
          presence.watching--;
        },
      };
    },
  };
  return presence;
}

describe('ReconnectingTransport', () => {
  it('connects, passes bytes both ways and closes like any transport', async () => {
    const device = fakeDevice();
    const link = new ReconnectingTransport({ address: 'usb:0403:6001', connect: device.connect, backoff: FAST });
    const received: number[] = [];
    link.onData((chunk) => received.push(...chunk));
    const connected = nextEvent(link, 'connected');
    await link.open();
    expect(await connected).toEqual({ type: 'connected', path: '/dev/ttyUSB0' });
    expect(link.isOpen).toBe(true);
    await link.write(Uint8Array.of(1, 2));
    expect(Array.from(device.current.writtenBytes())).toEqual([1, 2]);
    device.current.emitData([3]);
    expect(received).toEqual([3]);
    const closed: Array<Error | undefined> = [];
    link.onClose((error) => closed.push(error));
    await link.close();
    expect(closed).toEqual([undefined]);
    expect(device.current.isOpen).toBe(false);
    await expect(link.write(Uint8Array.of(1))).rejects.toThrow(/not connected/);
  });

  it('reports a loss to the driver and the manager, then reconnects to the new port', async () => {
    const device = fakeDevice();
    const link = new ReconnectingTransport({ address: 'usb:0403:6001', connect: device.connect, backoff: FAST });
    const received: number[] = [];
    link.onData((chunk) => received.push(...chunk));
    const closes: Array<Error | undefined> = [];
    link.onClose((error) => closes.push(error));
    await link.open();
    const first = device.current;

    const lost = nextEvent(link, 'lost');
    device.plugged = false;
    first.disconnect();
    expect((await lost).error).toBeInstanceOf(TransportError);
    expect(closes).toHaveLength(1);
    expect((closes[0] as TransportError).disconnected).toBe(true);
    expect(link.isOpen).toBe(false);
    // While waiting to retry, it answers at once instead of trying out of turn.
    await expect(link.open()).rejects.toMatchObject({ code: 'not_open', disconnected: true });
    await expect(link.write(Uint8Array.of(1))).rejects.toThrow(/not connected/);

    const failed = await nextEvent(link, 'retry_failed');
    expect(failed.attempt).toBe(1);
    expect(failed.error.message).toContain('No such file');

    device.plugged = true;
    const back = await nextEvent(link, 'connected');
    expect(back.path).toBe('/dev/ttyUSB1');
    expect(link.isOpen).toBe(true);
    // The old port's events no longer reach the driver; the new port's do.
    first.emitData([9]);
    device.current.emitData([7]);
    expect(received).toEqual([7]);
    await link.write(Uint8Array.of(5));
    expect(Array.from(device.current.writtenBytes())).toEqual([5]);
    await link.close();
  });

  it('backs off exponentially while the device stays away, up to the cap', async () => {
    const device = fakeDevice();
    device.plugged = false;
    const link = new ReconnectingTransport({ address: '/dev/ttyUSB0', connect: device.connect, backoff: FAST });
    const delays: Array<number | null> = [];
    const fourFailures = new Promise<void>((resolve) => {
      link.onLinkEvent((event) => {
        if (event.type !== 'retry_failed') return;
        delays.push(event.retryInMs);
        if (delays.length === 5) resolve();
      });
    });
    await expect(link.open()).rejects.toThrow(/No such file/);
    await within(fourFailures, 2000, 'five failed attempts');
    expect(delays).toEqual([20, 40, 40, 40, 40]);
    await link.close();
    const connects = device.connects;
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Closed: no more attempts.
    expect(device.connects).toBe(connects);
  });

  it('starts the next outage at the first delay only after a stable connection', async () => {
    const device = fakeDevice();
    const link = new ReconnectingTransport({
      address: '/dev/ttyUSB0',
      connect: device.connect,
      backoff: { initialMs: 10, maxMs: 1000, jitter: 0 },
      stableAfterMs: 60_000,
    });
    await link.open();
    device.plugged = false;
    device.current.disconnect();
    // Two failures: the delay grows to 40 ms.
    await nextEvent(link, 'retry_failed');
    const second = await nextEvent(link, 'retry_failed');
    expect(second.retryInMs).toBe(40);
    device.plugged = true;
    await nextEvent(link, 'connected');
    // Lost again at once: a flapping device keeps the longer delay.
    device.plugged = false;
    device.current.disconnect();
    const third = await nextEvent(link, 'retry_failed');
    expect(third.retryInMs).toBe(80);
    await link.close();
  });

  it('lets go of a port that arrives after close()', async () => {
    let release: (transport: FakeTransport) => void = () => undefined;
    const late = new FakeTransport({ open: true });
    const link = new ReconnectingTransport({
      address: '/dev/ttyUSB0',
      connect: () =>
        new Promise((resolve) => {
          release = resolve;
        }),
    });
    const opening = link.open();
    const closing = link.close();
    release(late);
    await expect(opening).rejects.toThrow(/closed while connecting/);
    await closing;
    expect(late.isOpen).toBe(false);
    expect(link.isOpen).toBe(false);
  });

  it('shares one attempt between callers opening at once', async () => {
    const device = fakeDevice();
    const link = new ReconnectingTransport({ address: '/dev/ttyUSB0', connect: device.connect });
    await Promise.all([link.open(), link.open(), link.open()]);
    expect(device.connects).toBe(1);
    await link.close();
  });

  it('does not retry while the path is absent, however long, and connects the moment it appears', async () => {
    const device = fakeDevice();
    const presence = fakePresence(true);
    // A backoff long enough that only the appearance can explain a quick reconnect.
    const link = new ReconnectingTransport({
      address: '/dev/serial/by-id/usb-printer',
      connect: device.connect,
      backoff: { initialMs: 60_000, maxMs: 60_000, jitter: 0 },
      presence: presence.watch,
    });
    await link.open();
    expect(presence.watching).toBe(1);
    const lost = nextEvent(link, 'lost');
    device.plugged = false;
    presence.set(false);
    device.current.disconnect();
    await lost;
    await expect(link.open()).rejects.toThrow(/waiting for it to appear/);
    const connects = device.connects;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(device.connects).toBe(connects);

    const back = nextEvent(link, 'connected');
    device.plugged = true;
    presence.set(true);
    expect((await back).path).toBe('/dev/ttyUSB1');
    await link.close();
    expect(presence.watching).toBe(0);
  });

  it('retries quickly a path that appeared before its device could be opened, then backs off', async () => {
    const device = fakeDevice();
    device.plugged = false;
    const presence = fakePresence(false);
    const link = new ReconnectingTransport({
      address: '/dev/serial/by-id/usb-printer',
      connect: device.connect,
      backoff: { initialMs: 60_000, maxMs: 60_000, jitter: 0 },
      presence: presence.watch,
      quickRetries: 2,
      quickRetryMs: 10,
    });
    const failures: Array<number | null> = [];
    link.onLinkEvent((event) => {
      if (event.type === 'retry_failed') failures.push(event.retryInMs);
    });
    await expect(link.open()).rejects.toThrow(/No such file/);
    expect(failures).toEqual([null]);
    // The link appears, the device is not ready: two quick retries, then the (long) backoff.
    presence.set(true);
    await within(
      new Promise<void>((resolve) => {
        link.onLinkEvent(() => {
          if (failures.length === 4) resolve();
        });
      }),
      2000,
      'three failed attempts after the appearance',
    );
    expect(failures).toEqual([null, 10, 10, 60_000]);
    // It goes and comes back, now ready: at once, whatever the backoff had grown to.
    presence.set(false);
    const back = nextEvent(link, 'connected');
    device.plugged = true;
    presence.set(true);
    await back;
    await link.close();
  });
});
