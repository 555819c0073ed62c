import path from 'node:path';
import type { DocumentRead, DocumentReaderFault } from '../../../drivers/document/document-reader';
import type { ScannedCode } from '../../../drivers/scanner/barcode-scanner';
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
  /**
   * Offered each scan and document first: a technician's device test takes it (true) and then it
   * goes to no visitor screen and no visitor session.
   */
  readings?: {
    takeScan(code: ScannedCode): boolean;
    takeDocument(read: DocumentRead): boolean;
    takeDocumentFault(fault: DocumentReaderFault): boolean;
  };
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
  const toVisitor = visitorDocuments({
    session: start.session,
    emit: (payload) => events.emit('document.presented', payload),
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
      onScan: (code) => {
        if (!start.readings?.takeScan(code)) events.emit('scanner.scanned', scannedEvent(code));
      },
      onDocument: (read) => {
        if (!start.readings?.takeDocument(read)) toVisitor.onDocument(read);
      },
      onDocumentFault: (fault) => {
        if (!start.readings?.takeDocumentFault(fault)) toVisitor.onDocumentFault(fault);
      },
    }),
    (started) => started.close(),
  );
  // Pushed before it starts: a device attached before a later one throws is still closed.
  await devices.start();
  return { devices, simulators };
}
