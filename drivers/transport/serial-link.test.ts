import { readdirSync, realpathSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createPtyPair, type PtyPair } from '../sim/pty-pair';
import { within } from '../test-support/within';
import type { LinkEvent, ReconnectingTransport } from './reconnecting-transport';
import { createSerialLink } from './serial-link';
import { type SerialPortLister, SerialTransport } from './serial-transport';

function nextEvent<T extends LinkEvent['type']>(
  link: ReconnectingTransport,
  type: T,
  ms = 3000,
): Promise<Extract<LinkEvent, { type: T }>> {
  return within(
    new Promise((resolve) => {
      const unsubscribe = link.onLinkEvent((event) => {
        if (event.type !== type) return;
        unsubscribe();
        resolve(event as Extract<LinkEvent, { type: T }>);
      });
    }),
    ms,
    `a "${type}" link event`,
  );
}

function nextBytes(transport: { onData(listener: (chunk: Uint8Array) => void): () => void }, count: number) {
  return new Promise<number[]>((resolve) => {
    const received: number[] = [];
    const unsubscribe = transport.onData((chunk) => {
      received.push(...chunk);
      if (received.length >= count) {
        unsubscribe();
        resolve(received);
      }
    });
  });
}

/** Bytes one way and the other, through the link and the simulator's end. */
async function roundTrip(link: ReconnectingTransport, simulator: SerialTransport, byte: number): Promise<void> {
  const atSimulator = nextBytes(simulator, 1);
  await link.write(Uint8Array.of(byte));
  expect(await within(atSimulator, 2000, 'a byte at the simulator')).toEqual([byte]);
  const atLink = nextBytes(link, 1);
  await simulator.write(Uint8Array.of(255 - byte));
  expect(await within(atLink, 2000, 'a byte at the link')).toEqual([255 - byte]);
}

function openFds(): number {
  return readdirSync('/proc/self/fd').length;
}

/** Quick settings for PTY tests: the probe every 20 ms, retries from 5 ms. */
const FAST = { livenessCheckMs: 20, backoff: { initialMs: 5, maxMs: 20 }, stableAfterMs: 0 } as const;

describe('createSerialLink on a PTY that is unplugged and replugged', () => {
  let pair: PtyPair | undefined;
  let link: ReconnectingTransport | undefined;
  let simulator: SerialTransport | undefined;
  afterEach(async () => {
    await link?.close();
    await simulator?.close();
    await pair?.close();
  });

  async function setUp(linkFor: (pair: PtyPair) => ReconnectingTransport) {
    pair = await createPtyPair();
    simulator = new SerialTransport({ path: pair.simulatorPath, livenessCheckMs: 0 });
    await simulator.open();
    link = linkFor(pair);
    return { pair, simulator, link };
  }

  /** Pulls the cable and waits until the link has noticed; the simulator lets go of its end. */
  async function unplug(pair: PtyPair, link: ReconnectingTransport, simulator: SerialTransport) {
    const lost = nextEvent(link, 'lost');
    await pair.unplug();
    await simulator.close();
    return lost;
  }

  /** Plugs the cable back, reopens the simulator's end, and waits until the link is back. */
  async function replug(pair: PtyPair, link: ReconnectingTransport, simulator: SerialTransport) {
    const connected = nextEvent(link, 'connected');
    await pair.replug();
    await simulator.open();
    return connected;
  }

  it('finds a USB device by its ids at each reconnect, at whatever path it comes back', async () => {
    const lister: SerialPortLister = async () => ({
      ok: true,
      ports: pair?.plugged
        ? [
            { path: '/dev/ttyS0' },
            // The PTY's real /dev/pts/N changes at each replug, as /dev/ttyUSB0 may become ttyUSB1.
            { path: realpathSync(pair.devicePath), vendorId: '0403', productId: '6001', serialNumber: 'SIM-1' },
          ]
        : [{ path: '/dev/ttyS0' }],
    });
    const {
      pair: p,
      simulator: s,
      link: l,
    } = await setUp(() =>
      createSerialLink({
        target: { usb: { vendorId: '0403', productId: '6001', serialNumber: 'SIM-1' } },
        lister,
        ...FAST,
      }),
    );
    expect(l.address).toBe('usb:0403:6001:SIM-1');
    const first = nextEvent(l, 'connected');
    await l.open();
    const firstPath = (await first).path;
    expect(firstPath).toMatch(/^\/dev\/pts\/\d+$/);
    await roundTrip(l, s, 1);

    await unplug(p, l, s);
    const notFound = await nextEvent(l, 'retry_failed');
    expect(notFound.error).toMatchObject({ code: 'not_found' });
    expect(notFound.error.message).toContain('usb:0403:6001:SIM-1 is not connected');
    const back = await replug(p, l, s);
    expect(back.path).toMatch(/^\/dev\/pts\/\d+$/);
    expect(back.path).toBe(realpathSync(p.devicePath));
    await roundTrip(l, s, 2);
  });

  it('keeps retrying while listing ports fails (udevadm missing), and connects once it works', async () => {
    let listingWorks = false;
    const lister: SerialPortLister = async () =>
      listingWorks && pair
        ? { ok: true, ports: [{ path: pair.devicePath, vendorId: '1a86', productId: '7523' }] }
        : { ok: false, error: { code: 'list_failed', message: 'spawn udevadm ENOENT' } };
    const { simulator: s, link: l } = await setUp(() =>
      createSerialLink({ target: { usb: { vendorId: '1a86', productId: '7523' } }, lister, ...FAST }),
    );
    const failures: LinkEvent[] = [];
    l.onLinkEvent((event) => {
      if (event.type === 'retry_failed') failures.push(event);
    });
    await expect(l.open()).rejects.toMatchObject({ code: 'list_failed' });
    await nextEvent(l, 'retry_failed');
    expect(failures.length).toBeGreaterThanOrEqual(2);
    expect(failures[0]).toMatchObject({ error: { message: expect.stringContaining('spawn udevadm ENOENT') } });
    listingWorks = true;
    await nextEvent(l, 'connected');
    await roundTrip(l, s, 3);
  });

  it('survives 100 unplug/replug cycles without leaking descriptors or listeners', async ({ annotate }) => {
    const {
      pair: p,
      simulator: s,
      link: l,
    } = await setUp((pair) => createSerialLink({ target: { path: pair.devicePath }, ...FAST }));
    // The driver's own subscriptions, as EscPosPrinter and the device manager make them.
    const unsubscribe = [l.onData(() => undefined), l.onClose(() => undefined), l.onLinkEvent(() => undefined)];
    await l.open();
    // One cycle first: libuv and Node open some descriptors lazily, once.
    await unplug(p, l, s);
    await replug(p, l, s);
    await roundTrip(l, s, 0);
    const fdsBefore = openFds();
    const listenersBefore = l.listenerCount;

    const started = performance.now();
    const cycles = 100;
    let lossMs = 0;
    for (let cycle = 1; cycle <= cycles; cycle++) {
      const unplugged = performance.now();
      await unplug(p, l, s);
      lossMs += performance.now() - unplugged;
      await replug(p, l, s);
      await roundTrip(l, s, cycle);
    }
    const elapsedMs = performance.now() - started;

    // Anything closing asynchronously (socat's pipes, ports) has had its turn.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const fdsAfter = openFds();
    await annotate(
      `${cycles} cycles in ${Math.round(elapsedMs)} ms (${(elapsedMs / cycles).toFixed(1)} ms each, loss noticed in ` +
        `${(lossMs / cycles).toFixed(1)} ms on average); open fds ${fdsBefore} → ${fdsAfter}; ` +
        `link listeners ${listenersBefore} → ${l.listenerCount}`,
    );
    expect(fdsAfter).toBeLessThanOrEqual(fdsBefore);
    expect(l.listenerCount).toBe(listenersBefore);
    expect(elapsedMs).toBeLessThan(20_000);
    for (const off of unsubscribe) off();
  }, 30_000);
});
