import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { loadPrinterProfile } from '../../drivers/printer/load-printer-profile';
import type {
  EventPayload,
  KioskConfig,
  KioskInfo,
  ServiceModeView,
  TechnicianStateView,
} from '../../kiosk-config/src/index';
import { createCallDispatcher } from './api/call-dispatcher';
import { kioskCallHandlers } from './api/kiosk-call-handlers';
import { findAppRoot, printerProfilesDir } from './app-root';
import { warnIfConfigSecretExposed } from './config/config-secret-check';
import { ConfigStore } from './config/config-store';
import { loadCatalogue } from './config/load-kiosk-config';
import { resolveKioskConfig } from './config/resolve-kiosk-config';
import { NudgeListener } from './content/nudge-listener';
import { type KioskContent, startContent } from './content/start-content';
import type { SimulatedDevices } from './devices/device-factory';
import type { DeviceManager } from './devices/device-manager';
import { scannedEvent } from './devices/scanned-event';
import { startDevices } from './devices/start-devices';
import { DocumentsService } from './documents/documents-service';
import { OfficePrinter } from './documents/office-printer';
import type { HostControls } from './fleet/command-actions';
import type { HealthReporter } from './fleet/health-reporter';
import { ServiceMode } from './fleet/service-mode';
import { startFleet } from './fleet/start-fleet';
import { type FleetCommands, startFleetCommands } from './fleet/start-fleet-commands';
import { HelpService } from './help/help-service';
import { type HubServices, startHubServices } from './hub/hub-services';
import { kioskAuthHeaders } from './hub/kiosk-auth-headers';
import type { KioskCore, KioskCoreOptions } from './kiosk-core';
import { KioskEvents } from './kiosk-events';
import { type Logger, openLogger } from './logging/logger';
import type { PaymentService } from './payments/payment-service';
import { startPayments } from './payments/start-payments';
import type { VisitorPayments } from './payments/visitor-payments';
import { receiptPaper } from './printing/receipt-paper';
import { KioskRatings } from './rating/kiosk-ratings';
import { accessibilityInfo } from './session/accessibility-info';
import { VisitorSession } from './session/visitor-session';
import { startSpeech } from './speech/start-speech';
import { startInOrder } from './startup-stack';
import { StatusService } from './status/status-service';
import { DiskGuard, refuseWorkWhenDiskFull } from './storage/disk-space';
import { startRetentionSchedule } from './storage/retention';
import { PageHeartbeat } from './supervision/page-heartbeat';
import { startTechnicianAccess } from './technician/access/start-technician-access';
import { DeviceReadings } from './technician/devices/device-readings';
import { DevicesPage, terminalDay } from './technician/devices/devices-page';
import { linkAndServiceHandlers } from './technician/link-and-service/link-and-service-handlers';
import { realSystemCommands } from './technician/link-and-service/system-commands';
import type { TechnicianAudit } from './technician/technician-audit';
import { technicianOnly } from './technician/technician-gate';
import type { TechnicianSession } from './technician/technician-session';
import { KioskSetupStore, kioskSetupFile } from './tickets/kiosk-setup-store';
import { TicketService } from './tickets/ticket-service';
import { VisitorTickets } from './tickets/visitor-tickets';

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
  /** The content channel (store and updater when it runs; `check()` polls now). */
  content: KioskContent;
  /** Fleet health: the heartbeat and the `health.changed` reports (`beat()` sends one now). */
  health: HealthReporter;
  /**
   * Remote commands from the centre: the host attaches what only it can do (restart, screen
   * capture); `poll()` asks the hub now. `serviceMode`: in service or not.
   */
  fleet: FleetCommands & { serviceMode: ServiceMode };
  /** The technician at the kiosk (the technician mode), opened by a sign-in. */
  technician: TechnicianSession;
  /** Where the technician mode's entries, actions and exits are recorded. */
  technicianAudit: TechnicianAudit;
  /** The page's heartbeats (`kiosk.heartbeat`): the host's supervisor restarts a page that stops beating. */
  pageHeartbeat: PageHeartbeat;
  /** The config changed on site: validated, saved atomically, devices re-attached, rolled back unless they come up. */
  configStore: ConfigStore;
}

/**
 * The composition root: loads the config, starts every service in order and wires them to the
 * contract. Each part is recorded on a start-up stack as it starts: a start-up that fails midway
 * stops what had started, and `close()` stops it all, last started first. Used by the Electron
 * main process and the browser host alike.
 */
export async function startKioskCore(options: KioskCoreOptions): Promise<StartedKioskCore> {
  const { loaded, dataDir, recovered } = await resolveKioskConfig(options);
  const { config } = loaded;
  await mkdir(dataDir, { recursive: true });
  const log = await openLogger({ dataDir });
  log.info({ config: loaded.file, host: options.host }, 'kiosk starting');
  if (recovered.found) {
    log.warn(
      { restored: recovered.restored },
      'an unconfirmed config change was pending at the last stop: rolled back',
    );
  }

  // The kiosk's one way to the OS's commands (the technician's pages, the mixer, the headphone jack).
  const systemCommands = options.systemCommands ?? realSystemCommands;
  return startInOrder(log, async (stack) => {
    stack.push('log', () => {
      log.info('kiosk stopped');
      log.flush();
    });
    await warnIfConfigSecretExposed(loaded.file, config, log);
    const catalogue = await loadCatalogue(loaded.cataloguePath);
    const events = new KioskEvents(log);
    const place = { office: config.office, timeZone: config.kiosk.timeZone };
    const session = stack.started(
      'session',
      new VisitorSession(
        config.session.idleResetSeconds * 1000,
        config.session.idleWarningSeconds * 1000,
        {
          onIdleWarning: (secondsLeft) => events.emit('session.idleWarning', { secondsLeft }),
          onReset: (reason, endedSessionId) => {
            log.info({ reason }, 'visitor session reset');
            // Started just below, long before a first touch can end a session.
            void speech.sessionEnded();
            events.emit('session.reset', { reason, sessionId: endedSessionId });
          },
        },
        options.sessionClock,
      ),
      (started) => started.dispose(),
    );
    // Each session's end silences it and sets the safe volume; what it last said is kept in the session's memory.
    const speech = await startSpeech(stack, {
      config: config.accessibility.speech,
      devices: options.speechDevices,
      emit: (payload) => events.emit('speech.headphones', payload),
      log,
      systemCommands,
      memory: session,
    });

    // Before the devices: their first states already go to the outbox.
    const hub = stack.started(
      'hub',
      await startHubServices({ config: config.hub, override: options.hub, kioskId: config.kiosk.id, dataDir, log }),
      (started) => started.close(),
    );

    // Scans and documents go first to a technician's device test, when one waits.
    const readings = new DeviceReadings();
    const { devices, simulators } = await startDevices(stack, {
      config,
      configFile: loaded.file,
      dataDir,
      events,
      outbox: hub.outbox,
      session,
      log,
      readings,
    });
    const devicesPage = new DevicesPage({
      devices,
      readings,
      day: () => (config.devices.paymentTerminal ? terminalDay(payments.service) : undefined),
      ...(config.devices.printer ? { printerProfile: config.devices.printer.profile } : {}),
    });
    devicesPage.devicesChanged(devices.statuses());
    stack.push(
      'devices-page',
      events.on((name, payload) => {
        if (name === 'devices.changed')
          devicesPage.devicesChanged((payload as EventPayload<'devices.changed'>).devices);
      }),
    );

    // The hub's setup (catalogue, hours, offline block): the cached copy first, then the hub's.
    const setup = stack.started(
      'setup',
      new KioskSetupStore({
        file: kioskSetupFile(dataDir),
        fetchSetup: () => hub.link.client.kioskSetup(),
        refreshMs: config.tickets.setupRefreshMinutes * 60_000,
        log: log.child({ component: 'setup' }),
      }),
      (started) => started.stop(),
    );
    await setup.start();
    hub.onLinkRestored(() => setup.linkRestored());

    // The hub's one event stream (content and command nudges), once there is a hub to ask.
    const hubUrl = hub.link.baseUrl;
    const hubEvents =
      hubUrl === undefined
        ? undefined
        : new NudgeListener({
            hubUrl,
            headers: () => {
              const token = hub.link.credential();
              return token === undefined ? undefined : kioskAuthHeaders(config.kiosk.id, token);
            },
            log: log.child({ component: 'hub-events' }),
          });
    if (hubEvents) {
      hubEvents.start();
      stack.push('hub-events', () => hubEvents.stop());
    }

    // Signed content from the hub: polled in the background, switched only between visitors.
    // In service or not (the centre's command), kept across restarts: the health report says it,
    // and content is not switched while out of service.
    const serviceMode = await ServiceMode.open(
      dataDir,
      (view) => events.emit('kiosk.serviceModeChanged', view),
      log.child({ component: 'service-mode' }),
    );
    const content = await startContent(stack, {
      config: config.content,
      trustedRootFile: loaded.trustedContentRoot ?? options.hub?.trustedContentRoot,
      kioskId: config.kiosk.id,
      dataDir,
      hub,
      session,
      service: {
        inService: () => serviceMode.view.inService,
        onBackInService: (listener) =>
          events.on((name, payload) => {
            if (name === 'kiosk.serviceModeChanged' && (payload as ServiceModeView).inService) listener();
          }),
      },
      onCurrentChanged: (releaseId) => events.emit('content.changed', releaseId === undefined ? {} : { releaseId }),
      log,
      ...(options.contentTrialMs === undefined ? {} : { trialMs: options.contentTrialMs }),
      ...(hubEvents === undefined ? {} : { hubEvents }),
    });

    const documentsPrinter = new OfficePrinter({ settings: config.officePrinter, log });
    const paper = await receiptPaper(config.devices.printer?.profile, printerProfilesDir(), log);
    const tickets = new TicketService({
      ...place,
      catalogue,
      setup: () => setup.setup,
      contentCatalogue: () => content.catalogue(),
      hub: hub.link.client,
      dataDir,
      printer: () => devices.printer,
      outbox: hub.outbox,
      paper,
      footer: config.tickets.footer,
      a4Printer: documentsPrinter.configured,
      log,
    });
    // Before any call: finish what a crash interrupted (abandoned requests, offline tickets not
    // yet in the outbox, unreported prints).
    await tickets.recover();

    const payments = await startPayments(stack, {
      config,
      dataDir,
      policyOverride: options.paymentPolicy,
      devices,
      catalogue: () => tickets.currentCatalogue(),
      paper,
      hub,
      session,
      emit: (name, payload) => events.emit(name, payload),
      log,
    });
    // The terminal's day closed by the centre's command or by the technician: one path.
    const closeDay = () => payments.service.endOfDay();
    // Journals and archives kept to their retention while the kiosk runs (docs/security.md).
    stack.push(
      'retention',
      startRetentionSchedule({
        tickets: tickets.journal,
        payments: payments.service.journal,
        timeZone: config.kiosk.timeZone,
        log: log.child({ component: 'retention' }),
      }),
    );

    // Below the free-space floor no new ticket or payment starts; the technician learns it.
    const disk = new DiskGuard({
      dir: dataDir,
      log: log.child({ component: 'disk' }),
      ...(options.diskStatfs ? { statfs: options.diskStatfs } : {}),
      alert: (free) => hub.outbox.enqueue('kiosk.disk_low', free),
    });
    // Health to the hub: each device change at once through the outbox, and heartbeats (docs/operations/fleet.md).
    const health = await startFleet(stack, {
      config: config.fleet,
      appVersion: findAppRoot().version,
      dataDir,
      hub,
      devices,
      payments: payments.service,
      content,
      serviceMode,
      events,
      log,
      ...(options.diskStatfs ? { statfs: options.diskStatfs } : {}),
    });
    // While the event stream is open it tells the hub the kiosk is alive: heartbeats every 15 min.
    if (hubEvents) health.followStream(hubEvents, config.fleet.streamHeartbeatSeconds * 1000);
    // Remote commands from the centre (an allow-list): after every service they act on.
    const fleet = await startFleetCommands(stack, {
      kioskId: config.kiosk.id,
      officeName: config.office.name,
      timeZone: config.kiosk.timeZone,
      session,
      serviceMode,
      content,
      printer: () => devices.printer ?? undefined,
      closeDay,
      officeHours: () => tickets.currentCatalogue().hours,
      logsDir: path.join(dataDir, 'logs'),
      dataDir,
      hub,
      hubEvents,
      log,
    });

    // The technician mode: the sign-in (QR token or PIN), the session's idle end, the audit to the hub.
    const technicianAccess = await startTechnicianAccess(stack, {
      config,
      dataDir,
      events,
      outbox: hub.outbox,
      visitorSessionActive: () => session.active,
      setup: () => {
        const current = setup.setup;
        return current && { officeId: current.office.id, technicianKey: current.technician?.publicKey };
      },
      log,
    });
    const { technician } = technicianAccess;
    // A scan or a document is kept for a technician's test only while the mode is open.
    events.on((name, payload) => {
      if (name === 'technician.changed') readings.technicianChanged((payload as TechnicianStateView).open);
    });

    const technicianAudit = technicianAccess.audit;
    const appVersion = findAppRoot().version;
    const linkAndService = linkAndServiceHandlers({
      kioskId: config.kiosk.id,
      appVersion,
      hub,
      content,
      serviceMode,
      health,
      technician,
      audit: technicianAudit,
      logsDir: path.join(dataDir, 'logs'),
      fallbackMountDir: path.join(dataDir, 'usb'),
      commands: systemCommands,
      log: log.child({ component: 'technician' }),
    });
    let hostControls: HostControls = {};
    // The config changed on site (the «Подключение» and «Настройки» pages): devices re-attached live.
    const configStore = new ConfigStore({
      file: loaded.file,
      devices,
      log: log.child({ component: 'config' }),
      canRestart: () => hostControls.restart !== undefined,
      audit: (action, detail) => technicianAudit.record(action, detail),
      ...(options.configConfirmMs === undefined ? {} : { confirmWindowMs: options.configConfirmMs }),
    });
    stack.push('config-store', () => configStore.close());

    const info: KioskInfo = {
      kioskId: config.kiosk.id,
      appVersion,
      host: options.host,
      ...place,
      idleResetSeconds: config.session.idleResetSeconds,
      idleWarningSeconds: config.session.idleWarningSeconds,
      accessibility: accessibilityInfo(config.accessibility),
    };
    const pageHeartbeat = new PageHeartbeat();
    const handlers = kioskCallHandlers({
      info,
      session,
      tickets,
      visitorTickets: new VisitorTickets({ tickets, session }),
      documents: new DocumentsService({
        ...place,
        catalogue: () => tickets.currentCatalogue(),
        footer: config.office.documentsFooter,
        printer: documentsPrinter,
        log,
      }),
      status: new StatusService({
        ...place,
        lookup: (request) => hub.link.client.lookupStatus(request),
        session,
        outbox: hub.outbox,
        printer: () => devices.printer,
        paper,
        log,
      }),
      payments: payments.visitor,
      devices,
      help: new HelpService({
        request: (body) => hub.link.client.call('helpRequest', body),
        callback: (body) => hub.link.client.call('helpCallback', body),
        log,
      }),
      refreshPrinterStatus: () => devices.refreshPrinterStatus(),
      content,
      serviceMode,
      technician,
      linkAndService,
      heartbeat: pageHeartbeat,
      portsAndSettings: {
        store: configStore,
        devices,
        profilesDir: printerProfilesDir(),
        kioskId: config.kiosk.id,
        timeZone: config.kiosk.timeZone,
        audit: technicianAudit,
        restart: () => hostControls.restart,
      },
      technicianAccess: technicianAccess.handlers,
      speech,
      technicianDevices: {
        page: devicesPage,
        readings,
        printer: () => devices.printer,
        printerProfile: async () => {
          const id = config.devices.printer?.profile;
          return id === undefined ? null : loadPrinterProfile(id, { dir: printerProfilesDir() }).catch(() => null);
        },
        place: { kioskId: config.kiosk.id, officeName: config.office.name, timeZone: config.kiosk.timeZone },
        documentReaderConfigured: config.devices.documentReader != null,
        terminal: () => devices.paymentTerminal,
        refreshTerminal: () => devices.refreshPaymentTerminalStatus(),
        closeDay,
        audit: technicianAudit,
      },
      ratings: new KioskRatings({
        offer: (followToken) => hub.link.client.call('kioskRatingOffer', { followToken }),
        submit: (request) => hub.link.client.call('kioskRating', request),
        outbox: hub.outbox,
        followBaseUrl: () => setup.setup?.followBaseUrl,
        session,
        log: log.child({ component: 'rating' }),
      }),
    });

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
      payments,
      content,
      health,
      fleet: { ...fleet, serviceMode },
      technician,
      pageHeartbeat,
      configStore,
      attachHost: (controls) => {
        hostControls = controls;
        fleet.attachHost(controls);
      },
      technicianAudit,
      dispatch: createCallDispatcher(technicianOnly(refuseWorkWhenDiskFull(handlers, disk), technician), log),
      acceptScan: (code) => {
        if (!readings.takeScan(code)) events.emit('scanner.scanned', scannedEvent(code));
      },
      onEvent: (listener) => events.on(listener),
      close: () => stack.stop(),
    };
  });
}
