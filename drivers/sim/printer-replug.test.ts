import { afterEach, describe, expect, it, vi } from 'vitest';
import { EscPosPrinter } from '../printer/escpos-printer';
import { profile80 } from '../test-support/profiles';
import { within } from '../test-support/within';
import type { LinkEvent, ReconnectingTransport } from '../transport/reconnecting-transport';
import { createSerialLink } from '../transport/serial-link';
import { type SimulatedPrinter, startSimulatedPrinter } from './escpos-printer-simulator';

// Taken before any test fakes the timers: real waits for real I/O (socat, the PTY, serialport).
const realSetTimeout = globalThis.setTimeout;
const realDelay = (ms: number) => new Promise<void>((resolve) => realSetTimeout(resolve, ms));

/**
 * Lets `ms` pass on the fake clock in steps of 250 ms, each followed by a few real milliseconds,
 * so that whatever the link schedules in the gap (a retry, its failure, the next retry) runs as
 * it would over that much real time, without the test waiting for it.
 */
async function passFakeTime(ms: number): Promise<void> {
  for (let passed = 0; passed < ms; passed += 250) {
    vi.advanceTimersByTime(Math.min(250, ms - passed));
    await realDelay(5);
  }
}

function nextEvent(link: ReconnectingTransport, type: LinkEvent['type']): Promise<LinkEvent> {
  return within(
    new Promise((resolve) => {
      const unsubscribe = link.onLinkEvent((event) => {
        if (event.type !== type) return;
        unsubscribe();
        resolve(event);
      });
    }),
    5000,
    `a "${type}" link event`,
  );
}

/**
 * The fake-clock time from `since` until the printer answers its status over the link, or null if
 * it did not within `limitMs` (the fake clock runs along with real time meanwhile).
 */
async function readyAfter(link: ReconnectingTransport, printer: EscPosPrinter, since: number, limitMs: number) {
  while (Date.now() - since <= limitMs) {
    if (link.isOpen && (await printer.status()).responding) return Date.now() - since;
    await realDelay(20);
  }
  return null;
}

describe('the simulated printer unplugged for 0.1–45 s and plugged back', () => {
  let sim: SimulatedPrinter | undefined;
  let printer: EscPosPrinter | undefined;
  afterEach(async () => {
    vi.useRealTimers();
    await printer?.close();
    await sim?.close();
  });

  it('is ready within 2 s of reappearing after every gap, however long, 10 cycles', async ({ annotate }) => {
    // The fake clock moves with real time, and jumps through each gap (`passFakeTime`).
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], shouldAdvanceTime: true });
    sim = await startSimulatedPrinter({ profile: profile80 });
    // The kiosk's defaults (backoff 0.5 s doubling to 30 s), with a quicker liveness probe.
    const link = createSerialLink({ target: { path: sim.devicePath }, livenessCheckMs: 20 });
    printer = new EscPosPrinter(link, profile80);
    await link.open();
    expect((await printer.status()).responding).toBe(true);

    const gapsMs = [100, 45_000, 300, 20_000, 1_000, 40_000, 5_000, 30_000, 2_000, 12_000];
    const readyMs: Array<number | null> = [];
    for (const gapMs of gapsMs) {
      // A cycle that never got the printer back has nothing left to lose.
      const lost = link.isOpen ? nextEvent(link, 'lost') : Promise.resolve();
      await sim.unplug();
      await lost;
      await passFakeTime(gapMs);
      // Measured from before the replug starts: socat's start-up counts against the 2 s.
      const replugAt = Date.now();
      await sim.replug();
      readyMs.push(await readyAfter(link, printer, replugAt, 2000));
    }
    await annotate(`ready after replug (ms, fake clock) for gaps ${gapsMs.join(', ')}: ${readyMs.join(', ')}`);
    // Every cycle ready, each within 2 s of its device coming back (null: not within 2 s).
    expect(readyMs.map((ms) => ms !== null && ms <= 2000)).toEqual(gapsMs.map(() => true));
  }, 60_000);
});
