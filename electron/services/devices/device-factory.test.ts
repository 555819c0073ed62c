import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPrinterProfile, PRINTER_PROFILES_DIR } from '../../../drivers/printer/load-printer-profile';
import { type SimulatedPrinter, startSimulatedPrinter } from '../../../drivers/sim/escpos-printer-simulator';
import type { SerialPortLister } from '../../../drivers/transport/serial-transport';
import { PrinterConfig } from '../../../kiosk-config/src/index';
import { memoryLogger } from '../test-support';
import { createDeviceFactory } from './device-factory';
import type { AttachedPrinter } from './device-manager';

/** A printer configured by USB ids (a Winbond-based clone's 0416:5011), found by an injected lister. */
const BY_USB_IDS = PrinterConfig.parse({
  profile: 'generic-80mm',
  connection: { kind: 'serial', usb: { vendorId: '0416', productId: '5011' } },
});

describe('createDeviceFactory', () => {
  let sim: SimulatedPrinter | undefined;
  let attached: AttachedPrinter | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await attached?.close();
    await sim?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** A factory with quick retries and the given port lister (`listSerialPorts` by default). */
  async function factoryWith(lister?: SerialPortLister) {
    dir = await mkdtemp(path.join(tmpdir(), 'okno-factory-'));
    return createDeviceFactory({
      profilesDir: PRINTER_PROFILES_DIR,
      paperDir: dir,
      log: memoryLogger().log,
      link: { backoff: { initialMs: 10, maxMs: 20 }, livenessCheckMs: 50, ...(lister ? { lister } : {}) },
    });
  }

  it('attaches a printer configured by USB ids at the port the lister finds, and prints', async () => {
    sim = await startSimulatedPrinter({ profile: await loadPrinterProfile('generic-80mm') });
    const devicePath = sim.devicePath;
    const { factory } = await factoryWith(async () => ({
      ok: true,
      ports: [{ path: devicePath, vendorId: '0416', productId: '5011', manufacturer: 'Printer' }],
    }));
    attached = await factory.attachPrinter(BY_USB_IDS);
    expect(attached.address).toBe('usb:0416:5011');
    expect(attached.simulated).toBe(false);
    expect(attached.link?.connected).toBe(true);
    expect(await attached.printer.status()).toEqual({ responding: true, problems: [] });
    expect(await attached.printer.print({ lines: [{ type: 'text', text: 'Талон А-001' }, { type: 'cut' }] })).toEqual({
      ok: true,
      value: { judgedBy: 'printer' },
    });
    expect((await sim.simulator.waitForTicket()).lines).toContain('Талон А-001');
  });

  it('attaches a printer whose port cannot be listed, reports it not connected, and does not throw', async () => {
    const { factory } = await factoryWith(async () => ({
      ok: false,
      error: { code: 'list_failed', message: 'spawn udevadm ENOENT' },
    }));
    attached = await factory.attachPrinter(BY_USB_IDS);
    expect(attached.link?.connected).toBe(false);
    expect(await attached.printer.status()).toMatchObject({ responding: false, problems: ['not_responding'] });
  });

  it('unplugs and replugs a simulated printer through the simulators handle', async () => {
    const { factory, simulators } = await factoryWith();
    attached = await factory.attachPrinter(
      PrinterConfig.parse({ profile: 'generic-80mm', connection: { kind: 'simulated' } }),
    );
    const link = attached.link;
    if (!link) throw new Error('a simulated printer is on a link');
    expect(link.connected).toBe(true);
    const lost = new Promise((resolve) => link.onLinkEvent((event) => event.type === 'lost' && resolve(event)));
    await simulators.unplug('printer');
    await lost;
    expect(link.connected).toBe(false);
    const back = new Promise((resolve) => link.onLinkEvent((event) => event.type === 'connected' && resolve(event)));
    await simulators.replug('printer');
    await back;
    expect(await attached.printer.status()).toEqual({ responding: true, problems: [] });
    await expect(simulators.unplug('scanner')).rejects.toThrow(/no simulated scanner/);
  });
});
