import {
  type IssuedTicket,
  type KioskInfo,
  ok,
  type PortsAndSettingsCallName,
  type TechnicianLinkView,
  type TechnicianServiceView,
} from '../../../kiosk-config/src/index';
import type { CallHandlers } from './call-dispatcher';

/** The kiosk info the test handlers answer with. */
export const TEST_KIOSK_INFO: KioskInfo = {
  kioskId: 'k1',
  appVersion: '1.0.0',
  host: 'browser-host',
  office: { id: 'o1', name: 'МФЦ' },
  timeZone: 'Europe/Moscow',
  idleResetSeconds: 60,
  idleWarningSeconds: 15,
  accessibility: { languages: ['ru', 'en', 'tt'], lowLayoutReachPx: 1200, staffOnSite: true, speechKey: null },
};

/** The technician's «Связь» page as the test handlers answer it: an enrolled kiosk, link up. */
const FIXED_LINK_VIEW: TechnicianLinkView = {
  kioskId: 'k1',
  hub: { configured: true, circuit: 'closed' },
  enrollment: { enrolled: true, officeId: 'o1', enrolledAt: '2026-11-23T10:00:00Z' },
  outbox: [
    { lane: 'first', count: 0 },
    { lane: 'rest', count: 0 },
  ],
  content: { enabled: false },
  clock: { kioskTime: '2026-11-23T10:00:00Z' },
};

/** The technician's «Обслуживание» page as the test handlers answer it: in service, no problems. */
const FIXED_SERVICE_VIEW: TechnicianServiceView = {
  mode: { inService: true },
  visitor: { state: 'in_service' },
  link: 'good',
  devices: [],
  paymentsNeedingAttention: 0,
  logLines: [],
};

/** The ticket the test handlers issue. */
function testIssuedTicket(serviceId: string): IssuedTicket {
  return {
    number: 'А-001',
    serviceId,
    serviceName: 'Услуга',
    officeName: 'МФЦ',
    issuedAt: '2026-11-23T10:00:00+03:00',
    peopleAhead: 2,
    wait: { minMinutes: 10, maxMinutes: 20, basis: 'typical' },
    offline: false,
    priority: false,
    documents: ['Паспорт'],
    print: 'printed',
  };
}

/**
 * Handlers with fixed, contract-valid answers for every call: for tests of the transports and
 * the dispatcher, which care how a call travels, not what the services do.
 */
export function fixedHandlers(overrides: Partial<CallHandlers> = {}): CallHandlers {
  return {
    'kiosk.info': async () => ok(TEST_KIOSK_INFO),
    'session.activity': async () => ok({ sessionId: 's1' }),
    'session.end': async () => ok({ sessionId: 's2' }),
    'tickets.catalogue': async () => ok({ categories: [], services: [], office: { state: 'open' }, a4Printer: false }),
    'tickets.issue': async ({ serviceId }) => ok(testIssuedTicket(serviceId)),
    'tickets.checkIn': async () =>
      ok({ outcome: 'issued', ticket: { ...testIssuedTicket('passport'), priority: true }, slotTime: '10:30' }),
    'tickets.printDocuments': async () => ok({ pages: 1 }),
    'status.lookup': async () => ok({ outcome: 'not_found' }),
    'status.printSlip': async () => ok({ printed: true }),
    'devices.status': async () => ok({ devices: [] }),
    'help.request': async () => ok({ ahead: 0, waiting: 0 }),
    'help.callback': async () => ok({ outcome: 'queued', ahead: 0, expectedWithinMinutes: 15 }),
    'payments.fees': async () =>
      ok({
        fees: [
          {
            serviceId: 'passport-rf',
            name: 'Замена паспорта',
            amountMinor: 150_000,
            recipient: 'УФК по Демо-области',
            purpose: 'Госпошлина за выдачу паспорта',
          },
        ],
        terminalReady: true,
      }),
    'payments.resolveUin': async () => ok({ outcome: 'not_found' }),
    'payments.start': async () => ok({ paymentId: 'p1', noAnswerMs: 15_000 }),
    'payments.cancel': async () => ok({ accepted: true }),
    'payments.state': async ({ paymentId }) => ok({ phase: 'finished', paymentId, end: { outcome: 'cancelled' } }),
    'content.current': async () => ok({ announcements: [], texts: {}, attract: [] }),
    'content.healthy': async () => ok({ accepted: false }),
    'kiosk.serviceMode': async () => ok({ inService: true }),
    'speech.say': async () => ok({ withheld: 0 }),
    'speech.stop': async () => ok({}),
    'speech.repeat': async () => ok({ repeated: false }),
    'speech.state': async () => ok({ headphones: 'unknown' }),
    'technician.state': async () => ok({ open: false }),
    'technician.activity': async () => ok({ open: false }),
    'technician.exit': async () => ok({ open: false }),
    'technician.link.status': async () => ok(FIXED_LINK_VIEW),
    'technician.link.check': async () => ok(FIXED_LINK_VIEW),
    'technician.clock.setFromHub': async () => ok({ outcome: 'ntp_active' }),
    'technician.service.status': async () => ok(FIXED_SERVICE_VIEW),
    'technician.service.set': async () => ok(FIXED_SERVICE_VIEW),
    'technician.export.volumes': async () => ok({ outcome: 'listed', volumes: [] }),
    'technician.export.toUsb': async () => ok({ outcome: 'not_found' }),
    'technician.export.toHub': async () => ok({ outcome: 'sent', bytes: 0 }),
    'technician.enroll.preview': async () => ok({ outcome: 'not_enrollment_code' }),
    'technician.enroll.confirm': async () => ok({ outcome: 'not_enrollment_code' }),
    'rating.offer': async () => ok({ outcome: 'not_a_ticket' }),
    'rating.submit': async () => ok({ outcome: 'stored' }),
    'kiosk.heartbeat': async () => ok({}),
    ...fixedPortsAndSettingsHandlers(),
    'technician.access': async () => ok({ available: true, qr: true, pin: true }),
    'technician.signIn': async () => ok({ signedIn: false, reason: 'invalid' }),
    'technician.devices': async () => ok({ devices: [] }),
    'technician.testPrint': async () => ok({ outcome: 'no_printer', identity: {} }),
    'technician.testScan': async () => ok({ read: false, reason: 'no_scanner' }),
    'technician.terminalDiagnosis': async () => ok({ outcome: 'no_terminal' }),
    'technician.closeDay': async () =>
      ok({ closed: false, reason: 'terminal_unavailable', message: 'no card terminal is attached' }),
    'technician.testDocumentReader': async () => ok({ read: false, reason: 'no_reader' }),
    ...overrides,
  };
}

const NO_CONFIG_CHANGE = { pending: null, last: null, restartRequired: [], canRestart: false };

/** Fixed answers of the «Подключение» and «Настройки» pages' calls. */
function fixedPortsAndSettingsHandlers(): Pick<CallHandlers, PortsAndSettingsCallName> {
  return {
    'technician.ports.list': async () =>
      ok({ serial: [], serialSource: 'sysfs', hid: [], printerProfiles: [], current: [] }),
    'technician.ports.try': async () =>
      ok({ opened: false, answered: false, printed: false, problems: [], message: 'Порт не открывается' }),
    'technician.ports.save': async () => ok({ saved: true, state: NO_CONFIG_CHANGE }),
    'technician.settings.form': async () => ok({ sections: [], fields: [], values: {} }),
    'technician.settings.save': async () => ok({ saved: true, state: NO_CONFIG_CHANGE }),
    'technician.config.state': async () => ok(NO_CONFIG_CHANGE),
    'technician.config.confirm': async () => ok(NO_CONFIG_CHANGE),
    'technician.config.restart': async () => ok({ restarting: false }),
  };
}
