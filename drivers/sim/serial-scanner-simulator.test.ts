import { afterEach, describe, expect, it } from 'vitest';
import type { ScanSuffix } from '../../kiosk-config/src/config/kiosk-config';
import type { ScannedCode } from '../scanner/barcode-scanner';
import { type ScannerFault, SerialScanner } from '../scanner/serial-scanner';
import { within } from '../test-support/within';
import { SerialTransport } from '../transport/serial-transport';
import { startSimulatedScanner } from './serial-scanner-simulator';

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(suffix: ScanSuffix) {
  const sim = await startSimulatedScanner({ suffix });
  cleanups.push(() => sim.close());
  const scanner = new SerialScanner(new SerialTransport({ path: sim.devicePath }), { suffix });
  cleanups.push(() => scanner.close());
  await scanner.open();
  return { sim, simulator: sim.simulator, scanner };
}

function nextCodes(scanner: SerialScanner, count: number): Promise<ScannedCode[]> {
  const codes: ScannedCode[] = [];
  return within(
    new Promise((resolve) => {
      const unsubscribe = scanner.onScan((code) => {
        // Text and symbology; the code's bytes are the framer's tests' business.
        const { bytes: _bytes, ...scanned } = code;
        codes.push(scanned);
        if (codes.length === count) {
          unsubscribe();
          resolve(codes);
        }
      });
    }),
    3000,
    `${count} scanned codes`,
  );
}

describe('SerialScanner ↔ SerialScannerSimulator over a PTY', () => {
  it.each(['CR', 'LF', 'CRLF', 'TAB'] as const)('delivers scanned codes with the %s suffix', async (suffix) => {
    const { simulator, scanner } = await setUp(suffix);
    const received = nextCodes(scanner, 2);
    await simulator.scan('Заявление № 2024-000123');
    await simulator.scan('https://okno.example/?q=1', { symbology: ']Q1' });
    expect(await received).toEqual([
      { text: 'Заявление № 2024-000123' },
      { text: 'https://okno.example/?q=1', symbology: ']Q1' },
    ]);
  });

  it('reports a lost scanner as a fault', async () => {
    const { sim, simulator, scanner } = await setUp('CR');
    // One scan first: serialport notices a hang-up only once its read loop is polling.
    const first = nextCodes(scanner, 1);
    await simulator.scan('1');
    await first;
    const fault = within(
      new Promise<ScannerFault>((resolve) => scanner.onFault(resolve)),
      3000,
      'the disconnect fault',
    );
    await sim.close();
    expect(await fault).toMatchObject({ code: 'disconnected' });
    expect(scanner.isOpen).toBe(false);
  });
});
