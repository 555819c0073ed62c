import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StartedKioskCore } from '../../electron/services/composition-root';
import { nextEvent, startDefaultCore } from '../support/core-under-test';

const PAYMENT =
  'ST00012|Name=УФК по Тамбовской области|PersonalAcc=03100643000000016400|BankName=ОТДЕЛЕНИЕ ТАМБОВ|BIC=016850200|CorrespAcc=40102810645370000057|Sum=350000';

let core: StartedKioskCore | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

const startCore = () =>
  startDefaultCore((config) => {
    config.devices.printer = null;
  });
const nextScan = (core: StartedKioskCore) => nextEvent(core, 'scanner.scanned');

describe('a scan, from the scanner to the UI event', () => {
  it('recognises a payment QR read by the serial scanner (simulated on a PTY)', async () => {
    core = await startCore();
    const simulator = core.simulators.scanner;
    if (!simulator) throw new Error('the default config has a simulated scanner');
    const scanned = nextScan(core);
    await simulator.scan(PAYMENT, { symbology: ']Q1' });
    expect(await scanned).toEqual({ text: PAYMENT, symbology: ']Q1', kind: 'payment_qr' });
  });

  it("takes a keyboard-wedge scan from the shell and recognises a marking code's GS1 data", async () => {
    core = await startCore();
    const scanned = nextScan(core);
    core.acceptScan({ text: '0104600439931256215!&QdZxT3kP+X\u001d91EE06', symbology: ']d2' }, 'wedge');
    expect(await scanned).toMatchObject({ symbology: ']d2', kind: 'gs1' });
  });

  it('keeps no scanned code in its logs or files', async () => {
    core = await startCore();
    const { dataDir } = core;
    const simulator = core.simulators.scanner;
    const scanned = nextScan(core);
    await simulator?.scan(PAYMENT);
    await scanned;
    core.acceptScan({ text: 'WEDGE-SECRET-0001' }, 'wedge');
    await core.close();
    core = undefined;
    const files = (await readdir(dataDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const content = await readFile(path.join(file.parentPath, file.name), 'latin1');
      expect(content, file.name).not.toContain('03100643000000016400');
      expect(content, file.name).not.toContain('WEDGE-SECRET');
    }
  });
});
