import {
  type DeviceStatus,
  type KioskInfo,
  ok,
  type Result,
  type ScreenLanguage,
  type ServiceModeView,
} from '../../../kiosk-config/src/index';
import type { KioskContent } from '../content/start-content';
import type { DocumentsService } from '../documents/documents-service';
import type { HelpService } from '../help/help-service';
import type { VisitorPayments } from '../payments/visitor-payments';
import { type RefreshPrinterStatus, refreshingPrinterOnFailure } from '../printing/refresh-after-printer-failure';
import type { KioskRatings } from '../rating/kiosk-ratings';
import type { VisitorSession } from '../session/visitor-session';
import { speechCallHandlers } from '../speech/speech-call-handlers';
import type { SpeechService } from '../speech/speech-service';
import type { StatusService } from '../status/status-service';
import type { PageHeartbeat } from '../supervision/page-heartbeat';
import {
  type TechnicianDeviceServices,
  technicianDeviceCallHandlers,
} from '../technician/devices/device-call-handlers';
import type { linkAndServiceHandlers } from '../technician/link-and-service/link-and-service-handlers';
import { type PortsServices, portsCallHandlers } from '../technician/ports/ports-call-handlers';
import { type SettingsServices, settingsCallHandlers } from '../technician/settings/settings-call-handlers';
import { technicianCallHandlers } from '../technician/technician-call-handlers';
import type { TechnicianSession } from '../technician/technician-session';
import type { TicketService } from '../tickets/ticket-service';
import type { VisitorTickets } from '../tickets/visitor-tickets';
import type { CallHandlers } from './call-dispatcher';

/** The services behind the contract's calls. */
export interface KioskCallServices {
  info: KioskInfo;
  session: VisitorSession;
  tickets: TicketService;
  visitorTickets: VisitorTickets;
  documents: DocumentsService;
  status: StatusService;
  payments: VisitorPayments;
  devices: { statuses: () => DeviceStatus[] };
  /** «Позвать сотрудника»: help requests and call-backs, straight to the hub. */
  help: Pick<HelpService, 'request' | 'callback'>;
  /** Asked after a call that prints on the receipt printer fails at the printer. */
  refreshPrinterStatus: RefreshPrinterStatus;
  content: Pick<KioskContent, 'view' | 'reportHealth'>;
  /** In service or not (remote commands from the centre). */
  serviceMode: { readonly view: ServiceModeView };
  /** The technician at the kiosk, if any (the technician mode's calls). */
  technician: TechnicianSession;
  /** The technician's «Связь и содержимое», «Обслуживание» and «Подключение к центру» pages. */
  linkAndService: ReturnType<typeof linkAndServiceHandlers>;
  /** The page's heartbeats, which the host's supervisor watches. */
  heartbeat: Pick<PageHeartbeat, 'beat'>;
  /** The «Подключение» and «Настройки» pages: the ports, the config store. */
  portsAndSettings: PortsServices & SettingsServices;
  /** Getting into the technician mode: which ways work now, and the sign-in (QR token or PIN). */
  technicianAccess: Pick<CallHandlers, 'technician.access' | 'technician.signIn'>;
  /** The technician's «Устройства» page. */
  technicianDevices: TechnicianDeviceServices;
  /** Rating the service from the home screen. */
  ratings: KioskRatings;
  /** Voice guidance: say, stop, repeat, the headphones. */
  speech: SpeechService;
}

/** The content channel's calls: what the current release shows, and the renderer's verdict on a trial. */
export function contentCallHandlers(
  content: Pick<KioskContent, 'view' | 'reportHealth'>,
): Pick<CallHandlers, 'content.current' | 'content.healthy'> {
  return {
    'content.current': async () => ok(await content.view()),
    'content.healthy': async (input) => ok({ accepted: await content.reportHealth(input) }),
  };
}

/**
 * Each call of the contract (`kiosk-config/src/contract/kiosk-api.ts`) mapped to the service that
 * answers it. The calls that print a receipt refresh the printer's status when they fail at it.
 */
export function kioskCallHandlers(services: KioskCallServices): CallHandlers {
  const { info, session, tickets, visitorTickets, documents, status, payments, devices, content } = services;
  const printing = <I, T>(call: (input: I) => Promise<Result<T>>) =>
    refreshingPrinterOnFailure(call, services.refreshPrinterStatus);
  return {
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
    'tickets.issue': printing(({ serviceId, language }: { serviceId: string; language?: ScreenLanguage | undefined }) =>
      visitorTickets.issue(serviceId, language),
    ),
    'tickets.checkIn': printing(({ code, language }: { code: string; language?: ScreenLanguage | undefined }) =>
      visitorTickets.checkIn(code, language),
    ),
    'tickets.printDocuments': ({ serviceId }) => documents.printDocuments(serviceId),
    'status.lookup': (input) => status.lookup(input),
    'status.printSlip': printing(({ language }: { language?: ScreenLanguage | undefined }) =>
      status.printSlip(language),
    ),
    'devices.status': async () => ok({ devices: devices.statuses() }),
    'help.request': (input) => services.help.request(input),
    'help.callback': (input) => services.help.callback(input),
    'payments.fees': async () => ok(payments.fees()),
    'payments.resolveUin': (input) => payments.resolveUin(input),
    'payments.start': printing((input: Parameters<VisitorPayments['start']>[0]) => payments.start(input)),
    'payments.cancel': async (input) => ok(payments.cancel(input)),
    'payments.state': (input) => payments.state(input),
    ...contentCallHandlers(content),
    'kiosk.serviceMode': async () => ok(services.serviceMode.view),
    ...speechCallHandlers(services.speech),
    ...technicianCallHandlers(services.technician),
    ...services.linkAndService,
    'kiosk.heartbeat': async () => {
      services.heartbeat.beat();
      return ok({});
    },
    ...portsCallHandlers(services.portsAndSettings),
    ...settingsCallHandlers(services.portsAndSettings),
    ...services.technicianAccess,
    ...technicianDeviceCallHandlers(services.technicianDevices),
    'rating.offer': (input) => services.ratings.offer(input),
    'rating.submit': (input) => services.ratings.submit(input),
  };
}
