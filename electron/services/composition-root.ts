import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fail, type KioskInfo, ok } from '../../kiosk-config/src/index';
import { type CallHandlers, createCallDispatcher } from './api/call-dispatcher';
import { defaultConfigPath, findAppRoot, printerProfilesDir } from './app-root';
import { loadCatalogue, loadKioskConfig } from './config/load-kiosk-config';
import { createDeviceFactory, type SimulatedDevices } from './devices/device-factory';
import { DeviceManager } from './devices/device-manager';
import type { KioskCore, KioskCoreOptions } from './kiosk-core';
import { KioskEvents } from './kiosk-events';
import { createLogger, type Logger } from './logging/logger';
import { VisitorSession } from './session/visitor-session';
import { TicketService } from './tickets/ticket-service';

/** The started core, plus what the hosts and tests need beyond the KioskCore interface. */
export interface StartedKioskCore extends KioskCore {
  log: Logger;
  dataDir: string;
  configFile: string;
  devices: DeviceManager;
  /** The simulators behind simulated devices (for `npm start`'s paper files and for tests). */
  simulators: SimulatedDevices;
}

/**
 * The composition root: loads the config, starts every service and wires them to the contract.
 * Used by the Electron main process and the browser host alike.
 */
export async function startKioskCore(options: KioskCoreOptions): Promise<StartedKioskCore> {
  const configFile = options.configPath ?? process.env.OKNO_CONFIG ?? defaultConfigPath();
  const loaded = await loadKioskConfig(configFile);
  const { config } = loaded;
  const dataDir = options.dataDir ?? process.env.OKNO_DATA_DIR ?? loaded.dataDir;
  await mkdir(dataDir, { recursive: true });
  const log = createLogger({ dataDir });
  log.info({ config: loaded.file, host: options.host }, 'kiosk starting');

  const catalogue = await loadCatalogue(loaded.cataloguePath);
  const events = new KioskEvents(log);

  const session = new VisitorSession(config.session.idleResetSeconds * 1000, config.session.idleWarningSeconds * 1000, {
    onIdleWarning: (secondsLeft) => events.emit('session.idleWarning', { secondsLeft }),
    onReset: (reason, endedSessionId) => {
      log.info({ reason }, 'visitor session reset');
      events.emit('session.reset', { reason, sessionId: endedSessionId });
    },
  });

  const { factory, simulators } = createDeviceFactory({
    profilesDir: printerProfilesDir(),
    paperDir: path.join(dataDir, 'paper'),
    log,
  });
  const devices = new DeviceManager({
    printer: config.devices.printer,
    scanner: config.devices.scanner,
    factory,
    log,
    onChange: (list) => events.emit('devices.changed', { devices: list }),
    // A scan is only for the visitor at the screen: it is not logged and not kept.
    onScan: (code) =>
      events.emit(
        'scanner.scanned',
        code.symbology ? { text: code.text, symbology: code.symbology } : { text: code.text },
      ),
  });
  await devices.start();

  const tickets = new TicketService({
    office: config.office,
    timeZone: config.kiosk.timeZone,
    catalogue,
    dataDir,
    printer: () => devices.printer,
    log,
  });

  const info: KioskInfo = {
    kioskId: config.kiosk.id,
    appVersion: findAppRoot().version,
    host: options.host,
    office: config.office,
    timeZone: config.kiosk.timeZone,
    idleResetSeconds: config.session.idleResetSeconds,
    idleWarningSeconds: config.session.idleWarningSeconds,
  };

  const handlers: CallHandlers = {
    'kiosk.info': async () => ok(info),
    'session.activity': async () => {
      session.activity();
      return ok({ sessionId: session.id });
    },
    'session.end': async () => {
      session.end('visitor');
      return ok({ sessionId: session.id });
    },
    'tickets.catalogue': async () => ok(tickets.catalogue()),
    'tickets.issue': async ({ serviceId }) => {
      const result = await tickets.issue(serviceId);
      // A failed print may mean the printer changed state: tell the UI without waiting for the poll.
      if (!result.ok) await devices.refreshPrinterStatus();
      return result;
    },
    // Wired to the hub client by the status-journey work (issue 4).
    'status.lookup': async () => fail('hub_unreachable', 'the hub client is not wired yet'),
    'status.printSlip': async () => fail('nothing_to_print', 'the hub client is not wired yet'),
    'devices.status': async () => ok({ devices: devices.statuses() }),
  };
  const dispatch = createCallDispatcher(handlers, log);

  let closed = false;
  return {
    info,
    log,
    dataDir,
    configFile: loaded.file,
    devices,
    simulators,
    dispatch,
    onEvent: (listener) => events.on(listener),
    close: async () => {
      if (closed) return;
      closed = true;
      session.dispose();
      await devices.close();
      log.info('kiosk stopped');
      log.flush();
    },
  };
}
