import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { within } from '../../drivers/test-support/within';
import { type StartedKioskCore, startKioskCore } from '../../electron/services/composition-root';
import type { DeviceStatus, EventName } from '../../kiosk-config/src/index';
import { writeDefaultConfig } from '../support/core-under-test';
import { seedCachedSetup } from '../support/kiosk-setup';

/**
 * The kiosk's core with the embedded default config, the simulated printer only, in a temp
 * folder. No hub: its tickets come from the offline block of a cached setup.
 */
async function startCoreWithSimulatedPrinter(): Promise<{ core: StartedKioskCore; dataDir: string }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'okno-hot-plug-'));
  const configPath = await writeDefaultConfig(dataDir, (config) => {
    config.devices.scanner = null;
    config.devices.documentReader = null;
    config.devices.paymentTerminal = null;
  });
  await seedCachedSetup(dataDir);
  const core = await startKioskCore({ host: 'browser-host', configPath });
  return { core, dataDir };
}

/** Resolves with the first `devices.changed` whose printer status passes `test`, within `ms`. */
function printerChange(core: StartedKioskCore, test: (printer: DeviceStatus) => boolean, what: string, ms: number) {
  return within(
    new Promise<DeviceStatus>((resolve) => {
      const unsubscribe = core.onEvent((name: EventName, payload: unknown) => {
        if (name !== 'devices.changed') return;
        const printer = (payload as { devices: DeviceStatus[] }).devices.find((d) => d.kind === 'printer');
        if (printer && test(printer)) {
          unsubscribe();
          resolve(printer);
        }
      });
    }),
    ms,
    what,
  );
}

function printerStatus(core: StartedKioskCore): DeviceStatus | undefined {
  return core.devices.statuses().find((d) => d.kind === 'printer');
}

describe('hot-plug: the simulated printer unplugged and plugged back into a running kiosk', () => {
  let started: { core: StartedKioskCore; dataDir: string } | undefined;
  afterEach(async () => {
    await started?.core.close();
    if (started) await rm(started.dataDir, { recursive: true, force: true });
  });

  it('reports it offline, refuses tickets while it is gone, and prints again once it is back', async () => {
    started = await startCoreWithSimulatedPrinter();
    const { core } = started;
    const simulator = core.simulators.printer;
    if (!simulator) throw new Error('the default config has a simulated printer');
    expect(printerStatus(core)).toMatchObject({ connected: true, problems: [], simulated: true });

    const issue = () => core.dispatch('tickets.issue', { serviceId: 'passport-rf' });
    const before = await issue();
    expect(before.ok).toBe(true);
    await simulator.waitForTicket();

    // Within 3 s: the transport's probe runs every second, while the status poll waits 5 s.
    const offline = printerChange(core, (p) => !p.connected, 'devices.changed with the printer offline', 3000);
    await core.simulators.unplug('printer');
    expect(await offline).toMatchObject({ connected: false, problems: ['offline'] });

    const refused = await issue();
    expect(refused).toMatchObject({ ok: false, error: { code: 'printer_unavailable' } });
    expect(await core.dispatch('devices.status', {})).toMatchObject({
      ok: true,
      value: { devices: [expect.objectContaining({ kind: 'printer', connected: false, problems: ['offline'] })] },
    });
    // Still gone a moment later, after a retry or two: the same answer, and no paper.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await issue()).toMatchObject({ ok: false, error: { code: 'printer_unavailable' } });
    expect(simulator.tickets).toHaveLength(1);

    // The link watches the device path: it reconnects as soon as the path is back, within 2 s.
    const back = printerChange(
      core,
      (p) => p.connected && p.problems.length === 0,
      'the printer connected again',
      5000,
    );
    await core.simulators.replug('printer');
    await back;

    const after = await issue();
    expect(after.ok).toBe(true);
    const ticket = await simulator.waitForTicket();
    if (!after.ok) return;
    expect(ticket.lines.join('\n')).toContain((after.value as { number: string }).number);
  }, 30_000);
});
