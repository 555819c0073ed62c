import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { classifyCode } from '../../drivers/codes/code-classifier';
import type { DocumentRead, DocumentReaderFault } from '../../drivers/document/document-reader';
import { loadPrinterProfile } from '../../drivers/printer/load-printer-profile';
import type { ScannedCode } from '../../drivers/scanner/barcode-scanner';
import { type KioskConfig, type KioskInfo, ok } from '../../kiosk-config/src/index';
import { type CallHandlers, createCallDispatcher } from './api/call-dispatcher';
import { findAppRoot, paymentProfilesDir, printerProfilesDir } from './app-root';
import { warnIfConfigSecretExposed } from './config/config-secret-check';
import { loadCatalogue } from './config/load-kiosk-config';
import { resolveKioskConfig } from './config/resolve-kiosk-config';
import { createDeviceFactory, type SimulatedDevices } from './devices/device-factory';
import { DeviceManager } from './devices/device-manager';
import { DocumentsService } from './documents/documents-service';
import { OfficePrinter } from './documents/office-printer';
import { type HubServices, startHubServices } from './hub/hub-services';
import type { KioskCore, KioskCoreOptions } from './kiosk-core';
import { KioskEvents } from './kiosk-events';
import { type Logger, openLogger } from './logging/logger';
import { startEndOfDaySchedule } from './payments/end-of-day-schedule';
import { PaymentService, paymentPolicyFromConfig } from './payments/payment-service';
import { announcingPrinter, VisitorPayments } from './payments/visitor-payments';
import { documentKind, VISITOR_DOCUMENT } from './session/visitor-document';
import { VisitorSession } from './session/visitor-session';
import { VISITOR_TICKET } from './session/visitor-ticket';
import { StatusService } from './status/status-service';
import { DiskGuard, refuseWorkWhenDiskFull } from './storage/disk-space';
import { startRetentionSchedule } from './storage/retention';
import { KioskSetupStore, kioskSetupFile } from './tickets/kiosk-setup-store';
import { TicketService } from './tickets/ticket-service';

/** The started core, plus what the hosts and tests need beyond the KioskCore interface. */
export interface StartedKioskCore extends KioskCore {
  log: Logger;
  dataDir: string;
  configFile: string;
  /** The config in force (the hosts read their own settings from it: `host.port`). */
  config: KioskConfig;
  devices: DeviceManager;
  /** The visitor's session (its memory holds the last read document: `VISITOR_DOCUMENT`). */
  session: VisitorSession;
  /** The simulators behind simulated devices (for `npm start`'s paper files and for tests). */
  simulators: SimulatedDevices;
  /** The hub link (client, enrollment: `hub.link.enrollWithCode`) and the outbox. */
  hub: HubServices;
  /** Queue tickets: the service, and the hub's setup it issues from (`setup.refresh()` fetches it now). */
  tickets: { service: TicketService; setup: KioskSetupStore };
  /** Card payments: the service (journal, recovery, reprint, end of day) and the visitor's side of it. */
  payments: { service: PaymentService; visitor: VisitorPayments };
}

/**
 * The composition root: loads the config, starts every service and wires them to the contract.
 * Used by the Electron main process and the browser host alike.
 */
export async function startKioskCore(options: KioskCoreOptions): Promise<StartedKioskCore> {
  const { loaded, dataDir } = await resolveKioskConfig(options);
  const { config } = loaded;
  await mkdir(dataDir, { recursive: true });
  const log = await openLogger({ dataDir });
  log.info({ config: loaded.file, host: options.host }, 'kiosk starting');
  await warnIfConfigSecretExposed(loaded.file, config, log);

  const catalogue = await loadCatalogue(loaded.cataloguePath);
  const events = new KioskEvents(log);

  const session = new VisitorSession(
    config.session.idleResetSeconds * 1000,
    config.session.idleWarningSeconds * 1000,
    {
      onIdleWarning: (secondsLeft) => events.emit('session.idleWarning', { secondsLeft }),
      onReset: (reason, endedSessionId) => {
        log.info({ reason }, 'visitor session reset');
        events.emit('session.reset', { reason, sessionId: endedSessionId });
      },
    },
    options.sessionClock,
  );

  // Bound once the setup store exists: the hub link comes back → fetch the setup again.
  let linkRestored = () => {};
  // Before the devices: their first states already go to the outbox.
  const hub = await startHubServices({
    config: config.hub,
    override: options.hub,
    kioskId: config.kiosk.id,
    dataDir,
    log,
    onLinkRestored: () => linkRestored(),
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
    paymentProfilesDir: paymentProfilesDir(),
    configDir: path.dirname(loaded.file),
    paperDir: path.join(dataDir, 'paper'),
    timeZone: config.kiosk.timeZone,
    log,
  });
  const devices = new DeviceManager({
    printer: config.devices.printer,
    scanner: config.devices.scanner,
    documentReader: config.devices.documentReader,
    paymentTerminal: config.devices.paymentTerminal,
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

  const documentsPrinter = new OfficePrinter({ settings: config.officePrinter, log });

  // The hub's setup (catalogue, hours, offline block): the cached copy first, then the hub's.
  const setup = new KioskSetupStore({
    file: kioskSetupFile(dataDir),
    fetchSetup: () => hub.link.client.kioskSetup(),
    refreshMs: config.tickets.setupRefreshMinutes * 60_000,
    log: log.child({ component: 'setup' }),
  });
  await setup.start();
  linkRestored = () => setup.linkRestored();

  const tickets = new TicketService({
    office: config.office,
    timeZone: config.kiosk.timeZone,
    catalogue,
    setup: () => setup.setup,
    hub: hub.link.client,
    dataDir,
    printer: () => devices.printer,
    outbox: hub.outbox,
    paperColumns: await paperColumns(config.devices.printer?.profile, log),
    footer: config.tickets.footer,
    a4Printer: documentsPrinter.configured,
    log,
    onCredentialRefused: () => void hub.link.credentialRefused(),
  });
  // Before any call: finish what a crash interrupted (abandoned requests, offline tickets not
  // yet in the outbox, unreported prints).
  await tickets.recover();

  // The A4 list of a service's documents, from the same catalogue the screen shows.
  const documents = new DocumentsService({
    catalogue: () => tickets.currentCatalogue(),
    office: config.office,
    timeZone: config.kiosk.timeZone,
    footer: config.office.documentsFooter,
    printer: documentsPrinter,
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

  // Card payments. The receipt is printed by the payment service, which tells the screen.
  let announcePrinting = () => {};
  const place = { officeName: config.office.name, kioskId: config.kiosk.id, timeZone: config.kiosk.timeZone };
  const paymentPolicy = { ...paymentPolicyFromConfig(config.payments), ...options.paymentPolicy };
  const paymentService = await PaymentService.open({
    dataDir,
    terminal: () => devices.paymentTerminal,
    printer: announcingPrinter(
      () => devices.printer,
      () => announcePrinting(),
    ),
    outbox: hub.outbox,
    place,
    policy: paymentPolicy,
    log: log.child({ component: 'payments' }),
  });
  const payments = new VisitorPayments({
    service: paymentService,
    catalogue: () => tickets.currentCatalogue(),
    terminal: () => devices.paymentTerminal,
    terminalReady: () => devices.paymentTerminalReady,
    printer: () => devices.printer,
    undeliveredPolicy: paymentPolicy.undeliveredPolicy,
    hub: hub.link.client,
    session,
    emit: (name, payload) => events.emit(name, payload),
    log: log.child({ component: 'payments' }),
    onCredentialRefused: () => void hub.link.credentialRefused(),
    noAnswerMs: config.payments.noAnswerSeconds * 1000,
  });
  announcePrinting = () => payments.printing();
  // Before any call: settle what a crash or a lost reply left (then every interval).
  await paymentService.recover();
  const stopPaymentRecovery = paymentService.recovery.start(config.payments.recoveryIntervalSeconds * 1000);
  const closeAt = config.payments.endOfDayAt;
  const stopEndOfDay =
    closeAt === null
      ? () => undefined
      : startEndOfDaySchedule({
          service: paymentService,
          closeAt,
          timeZone: config.kiosk.timeZone,
          log: log.child({ component: 'payments' }),
          everyMs: 60_000,
        });

  // Journals and archives kept to their retention while the kiosk runs (docs/security.md).
  const stopRetention = startRetentionSchedule({
    tickets: tickets.journal,
    payments: paymentService.journal,
    timeZone: config.kiosk.timeZone,
    log: log.child({ component: 'retention' }),
  });
  // Below the free-space floor no new ticket or payment starts; the technician learns it.
  const disk = new DiskGuard({
    dir: dataDir,
    log: log.child({ component: 'disk' }),
    ...(options.diskStatfs ? { statfs: options.diskStatfs } : {}),
    alert: (free) => hub.outbox.enqueue('kiosk.disk_low', free),
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
      // A fee paid next is linked to this ticket (for this session only).
      if (result.ok) session.keep(VISITOR_TICKET, result.value.number);
      // A failed print may mean the printer changed state: tell the UI without waiting for the poll.
      else await devices.refreshPrinterStatus();
      return result;
    },
    'tickets.checkIn': async ({ code }) => {
      const result = await tickets.checkIn(code);
      if (result.ok && result.value.outcome === 'issued') session.keep(VISITOR_TICKET, result.value.ticket.number);
      if (!result.ok) await devices.refreshPrinterStatus();
      return result;
    },
    'tickets.printDocuments': ({ serviceId }) => documents.printDocuments(serviceId),
    'status.lookup': (input) => status.lookup(input),
    'status.printSlip': async () => {
      const result = await status.printSlip();
      if (!result.ok) await devices.refreshPrinterStatus();
      return result;
    },
    'devices.status': async () => ok({ devices: devices.statuses() }),
    'payments.fees': async () => ok(payments.fees()),
    'payments.resolveUin': (input) => payments.resolveUin(input),
    'payments.start': async (input) => {
      const result = await payments.start(input);
      if (!result.ok && result.error.code.startsWith('printer_')) await devices.refreshPrinterStatus();
      return result;
    },
    'payments.cancel': async (input) => ok(payments.cancel(input)),
    'payments.state': (input) => payments.state(input),
  };
  const dispatch = createCallDispatcher(refuseWorkWhenDiskFull(handlers, disk), log);

  let closed = false;
  return {
    info,
    log,
    dataDir,
    configFile: loaded.file,
    config,
    devices,
    session,
    simulators,
    hub,
    tickets: { service: tickets, setup },
    payments: { service: paymentService, visitor: payments },
    dispatch,
    acceptScan: (code) => emitScan(code),
    onEvent: (listener) => events.on(listener),
    close: async () => {
      if (closed) return;
      closed = true;
      session.dispose();
      setup.stop();
      stopPaymentRecovery();
      stopEndOfDay();
      stopRetention();
      await payments.close();
      await devices.close();
      await hub.close();
      log.info('kiosk stopped');
      log.flush();
    },
  };
}

/** Characters per line of the receipt printer's profile (48, the 80 mm width, when unknown). */
async function paperColumns(profileId: string | undefined, log: Logger): Promise<number> {
  if (profileId === undefined) return 48;
  try {
    return (await loadPrinterProfile(profileId, { dir: printerProfilesDir() })).columns;
  } catch (error) {
    // The device manager reports the bad profile; the ticket only needs a width.
    log.warn({ err: error, profile: profileId }, 'printer profile unreadable: tickets laid out for 48 columns');
    return 48;
  }
}
