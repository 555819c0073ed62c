import path from 'node:path';
import type { KioskConfig } from '../../../kiosk-config/src/index';
import { paymentProfilesDir, printerProfilesDir } from '../app-root';
import type { OutboxLanes } from '../hub/outbox-lanes';
import type { KioskEvents } from '../kiosk-events';
import type { Logger } from '../logging/logger';
import { visitorDocuments } from '../session/visitor-document';
import type { VisitorSession } from '../session/visitor-session';
import type { StartupStack } from '../startup-stack';
import { createDeviceFactory, type SimulatedDevices } from './device-factory';
import { DeviceManager } from './device-manager';
import { scannedEvent } from './scanned-event';

/** What the devices are started with. */
export interface DevicesStart {
  config: KioskConfig;
  /** The config file's path: relative device settings are read from its folder. */
  configFile: string;
  dataDir: string;
  events: KioskEvents;
  /** Each change of the devices' states is also recorded for the hub (`device.changed`). */
  outbox: Pick<OutboxLanes, 'enqueue'>;
  session: VisitorSession;
  log: Logger;
}

/**
 * Attaches the configured devices (real ports, or simulators on PTYs with their paper under
 * `<dataDir>/paper`) on the start-up stack; their states, scans and read documents go to the UI's
 * events, the outbox and the visitor's session.
 */
export async function startDevices(
  stack: StartupStack,
  start: DevicesStart,
): Promise<{ devices: DeviceManager; simulators: SimulatedDevices }> {
  const { config, events, log } = start;
  const { factory, simulators } = createDeviceFactory({
    profilesDir: printerProfilesDir(),
    paymentProfilesDir: paymentProfilesDir(),
    configDir: path.dirname(start.configFile),
    paperDir: path.join(start.dataDir, 'paper'),
    timeZone: config.kiosk.timeZone,
    log,
  });
  const devices = stack.started(
    'devices',
    new DeviceManager({
      ...config.devices,
      factory,
      log,
      onChange: (list) => {
        events.emit('devices.changed', { devices: list });
        start.outbox
          .enqueue('device.changed', { devices: list })
          .catch((error: unknown) => log.error({ err: error, kind: 'device.changed' }, 'outbox write failed'));
      },
      onScan: (code) => events.emit('scanner.scanned', scannedEvent(code)),
      ...visitorDocuments({
        session: start.session,
        emit: (payload) => events.emit('document.presented', payload),
        log,
      }),
    }),
    (started) => started.close(),
  );
  // Pushed before it starts: a device attached before a later one throws is still closed.
  await devices.start();
  return { devices, simulators };
}
