import { type IssuedTicket, type KioskInfo, ok } from '../../../kiosk-config/src/index';
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
    'technician.state': async () => ok({ open: false }),
    'technician.activity': async () => ok({ open: false }),
    'technician.exit': async () => ok({ open: false }),
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
