import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { classifyCode } from '../../drivers/codes/code-classifier';
import type { DocumentRead, DocumentReaderFault } from '../../drivers/document/document-reader';
import type { ScannedCode } from '../../drivers/scanner/barcode-scanner';
import { type KioskInfo, ok } from '../../kiosk-config/src/index';
import { type CallHandlers, createCallDispatcher } from './api/call-dispatcher';
import { findAppRoot, printerProfilesDir } from './app-root';
import { loadCatalogue } from './config/load-kiosk-config';
import { resolveKioskConfig } from './config/resolve-kiosk-config';
import { createDeviceFactory, type SimulatedDevices } from './devices/device-factory';
import { DeviceManager } from './devices/device-manager';
import { type HubServices, startHubServices } from './hub/hub-services';
import type { KioskCore, KioskCoreOptions } from './kiosk-core';
import { KioskEvents } from './kiosk-events';
import { createLogger, type Logger } from './logging/logger';
import { documentKind, VISITOR_DOCUMENT } from './session/visitor-document';
import { VisitorSession } from './session/visitor-session';
import { StatusService } from './status/status-service';
import { TicketService } from './tickets/ticket-service';

/** The started core, plus what the hosts and tests need beyond the KioskCore interface. */
export interface StartedKioskCore extends KioskCore {
  log: Logger;
  dataDir: string;
  configFile: string;
  devices: DeviceManager;
  /** The visitor's session (its memory holds the last read document: `VISITOR_DOCUMENT`). */
  session: VisitorSession;
  /** The simulators behind simulated devices (for `npm start`'s paper files and for tests). */
  simulators: SimulatedDevices;
  /** The hub link (client, enrollment: `hub.link.enrollWithCode`) and the outbox. */
  hub: HubServices;
}

/**
 * The composition root: loads the config, starts every service and wires them to the contract.
 * Used by the Electron main process and the browser host alike.
 */
export async function startKioskCore(options: KioskCoreOptions): Promise<StartedKioskCore> {
  const { loaded, dataDir } = await resolveKioskConfig(options);
  const { config } = loaded;
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

  // Before the devices: their first states already go to the outbox.
  const hub = await startHubServices({
    config: config.hub,
    override: options.hub,
    kioskId: config.kiosk.id,
    dataDir,
    log,
  });
  const recordInOutbox = (kind: string, payload: Record<string, unknown>) =>
    hub.outbox.enqueue(kind, payload).catch((error: unknown) => log.error({ err: error, kind }, 'outbox write failed'));

  // A scan is only for the visitor at the screen: it is not logged and not kept. Payment QRs and
  // GS1 data are recognised here, from the code's bytes when a byte link delivered them.
  const emitScan = (code: ScannedCode) => {
    const { kind } = classifyCode(code);
    const scanned = code.symbology ? { text: code.text, symbology: code.symbology } : { text: code.text };
    events.emit('scanner.scanned', { ...scanned, kind });
  };

  // A read document is personal data (152-ФЗ): it is kept in the session's memory only (wiped at
  // the reset), never logged; the UI is told only its layout and that it was read.
  const documentRead = (read: DocumentRead) => {
    session.keep(VISITOR_DOCUMENT, read);
    events.emit('document.presented', { kind: documentKind(read.document.format), ok: true });
  };
  // Faults carry codes and field names only; the code is all that is logged.
  const documentFault = (fault: DocumentReaderFault) => log.warn({ fault: fault.code }, 'document reader fault');

  const { factory, simulators } = createDeviceFactory({
    profilesDir: printerProfilesDir(),
    paperDir: path.join(dataDir, 'paper'),
    log,
  });
  const devices = new DeviceManager({
    printer: config.devices.printer,
    scanner: config.devices.scanner,
    documentReader: config.devices.documentReader,
    factory,
    log,
    onChange: (list) => {
      events.emit('devices.changed', { devices: list });
      void recordInOutbox('device.changed', { devices: list });
    },
    onScan: (code) => emitScan(code),
    onDocument: documentRead,
    onDocumentFault: documentFault,
  });
  await devices.start();

  const tickets = new TicketService({
    office: config.office,
    timeZone: config.kiosk.timeZone,
    catalogue,
    dataDir,
    printer: () => devices.printer,
    outbox: hub.outbox,
    log,
  });

  const status = new StatusService({
    lookup: (request) => hub.link.client.lookupStatus(request),
    session,
    outbox: hub.outbox,
    printer: () => devices.printer,
    office: config.office,
    timeZone: config.kiosk.timeZone,
    log,
    onCredentialRefused: () => void hub.link.credentialRefused(),
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
    'status.lookup': (input) => status.lookup(input),
    'status.printSlip': async () => {
      const result = await status.printSlip();
      if (!result.ok) await devices.refreshPrinterStatus();
      return result;
    },
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
    session,
    simulators,
    hub,
    dispatch,
    acceptScan: (code) => emitScan(code),
    onEvent: (listener) => events.on(listener),
    close: async () => {
      if (closed) return;
      closed = true;
      session.dispose();
      await devices.close();
      await hub.close();
      log.info('kiosk stopped');
      log.flush();
    },
  };
}
