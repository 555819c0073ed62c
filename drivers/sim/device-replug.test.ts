import { afterEach, describe, expect, it, vi } from 'vitest';
import { createZvtTerminal } from '../payment/zvt/create-zvt-terminal';
import { EscPosPrinter } from '../printer/escpos-printer';
import type { ScannedCode } from '../scanner/barcode-scanner';
import { SerialScanner } from '../scanner/serial-scanner';
import { profile80 } from '../test-support/profiles';
import { within } from '../test-support/within';
import type { LinkEvent, ReconnectingTransport } from '../transport/reconnecting-transport';
import { createSerialLink } from '../transport/serial-link';
import { type SimulatedPrinter, startSimulatedPrinter } from './escpos-printer-simulator';
import { type SimulatedScanner, startSimulatedScanner } from './serial-scanner-simulator';
import type { SimulatorOnPty } from './simulator-on-pty';
import { type SimulatedZvtTerminal, startSimulatedZvtTerminal } from './zvt-terminal-simulator';

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
 * The fake-clock time from `since` until `isReady` (the device answers over its link), or null if
 * not within `limitMs` (the fake clock runs along with real time meanwhile).
 */
async function readyAfter(isReady: () => Promise<boolean>, since: number, limitMs: number) {
  while (Date.now() - since <= limitMs) {
    if (await isReady()) return Date.now() - since;
    await realDelay(20);
  }
  return null;
}

/**
 * Unplugs the simulated device for each gap (on the fake clock) and plugs it back; returns, per
 * cycle, the fake-clock ms from its reappearance until it was ready, or null if not within 2 s.
 */
async function replugCycles(
  sim: Pick<SimulatorOnPty<never>, 'unplug' | 'replug'>,
  link: ReconnectingTransport,
  isReady: () => Promise<boolean>,
  gapsMs: readonly number[],
): Promise<Array<number | null>> {
  const readyMs: Array<number | null> = [];
  for (const gapMs of gapsMs) {
    // A cycle that never got the device back has nothing left to lose.
    const lost = link.isOpen ? nextEvent(link, 'lost') : Promise.resolve();
    await sim.unplug();
    await lost;
    await passFakeTime(gapMs);
    await sim.replug();
    // The replug ends by renaming the device link into place (the simulator already listening):
    // this is the device reappearing; socat's start-up is the simulation's, not the kiosk's.
    const reappearedAt = Date.now();
    readyMs.push(await readyAfter(isReady, reappearedAt, 2000));
  }
  return readyMs;
}

/** Every cycle ready within 2 s of its device coming back (null: not within 2 s). */
function expectAllWithin2s(readyMs: Array<number | null>): void {
  expect(readyMs.map((ms) => ms !== null && ms <= 2000)).toEqual(readyMs.map(() => true));
}

describe('simulated devices unplugged for 0.1–45 s and plugged back', () => {
  let sim: SimulatedPrinter | SimulatedScanner | SimulatedZvtTerminal | undefined;
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    vi.useRealTimers();
    await close?.();
    await sim?.close();
  });

  it('the printer is ready within 2 s of reappearing after every gap, however long, 10 cycles', async ({
    annotate,
  }) => {
    // The fake clock moves with real time, and jumps through each gap (`passFakeTime`).
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], shouldAdvanceTime: true });
    const printerSim = await startSimulatedPrinter({ profile: profile80 });
    sim = printerSim;
    // The kiosk's defaults (backoff 0.5 s doubling to 30 s), with a quicker liveness probe.
    const link = createSerialLink({ target: { path: printerSim.devicePath }, livenessCheckMs: 20 });
    const printer = new EscPosPrinter(link, profile80);
    close = () => printer.close();
    await link.open();
    expect((await printer.status()).responding).toBe(true);

    const gapsMs = [100, 45_000, 300, 20_000, 1_000, 40_000, 5_000, 30_000, 2_000, 12_000];
    const readyMs = await replugCycles(
      printerSim,
      link,
      async () => link.isOpen && (await printer.status()).responding,
      gapsMs,
    );
    await annotate(`ready after replug (ms, fake clock) for gaps ${gapsMs.join(', ')}: ${readyMs.join(', ')}`);
    expectAllWithin2s(readyMs);
  }, 60_000);

  it('the serial scanner too: scans arrive within 2 s of its reappearing after 45 s away', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], shouldAdvanceTime: true });
    const scannerSim = await startSimulatedScanner({ suffix: 'CR' });
    sim = scannerSim;
    const link = createSerialLink({ target: { path: scannerSim.devicePath }, baudRate: 9600, livenessCheckMs: 20 });
    // As the device factory wires it: the link reconnects, the scanner does not.
    const scanner = new SerialScanner(link, { suffix: 'CR', reconnectMs: 0 });
    close = () => scanner.close();
    const codes: ScannedCode[] = [];
    scanner.onScan((code) => codes.push(code));
    await scanner.open();

    const readyMs = await replugCycles(scannerSim, link, async () => link.isOpen, [45_000, 100, 30_000]);
    expectAllWithin2s(readyMs);
    await scannerSim.simulator.scan('4601234567893');
    await within(
      (async () => {
        while (codes.length === 0) await realDelay(10);
      })(),
      2000,
      'a scan after the last replug',
    );
    expect(codes.map((code) => code.text)).toEqual(['4601234567893']);
  }, 60_000);

  it('the ZVT card terminal too: ready within 2 s of its reappearing after 45 s away', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], shouldAdvanceTime: true });
    const zvtSim = await startSimulatedZvtTerminal();
    sim = zvtSim;
    const { terminal, link } = createZvtTerminal({
      connection: { kind: 'serial', target: { path: zvtSim.devicePath } },
      livenessCheckMs: 20,
    });
    close = () => terminal.close();
    expect(await terminal.status()).toMatchObject({ ready: true });

    const readyMs = await replugCycles(
      zvtSim,
      link,
      async () => link.isOpen && (await terminal.status()).ready,
      [45_000, 100, 30_000],
    );
    expectAllWithin2s(readyMs);
  }, 60_000);
});
