import { type KioskInfo, ok } from '../../../kiosk-config/src/index';
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

/**
 * Handlers with fixed, contract-valid answers for every call: for tests of the transports and
 * the dispatcher, which care how a call travels, not what the services do.
 */
export function fixedHandlers(overrides: Partial<CallHandlers> = {}): CallHandlers {
  return {
    'kiosk.info': async () => ok(TEST_KIOSK_INFO),
    'session.activity': async () => ok({ sessionId: 's1' }),
    'session.end': async () => ok({ sessionId: 's2' }),
    'tickets.catalogue': async () => ok({ categories: [], services: [] }),
    'tickets.issue': async ({ serviceId }) =>
      ok({
        number: 'А-001',
        serviceId,
        serviceName: 'Услуга',
        officeName: 'МФЦ',
        issuedAt: '2026-11-23T10:00:00+03:00',
      }),
    'status.lookup': async () => ok({ outcome: 'not_found' }),
    'status.printSlip': async () => ok({ printed: true }),
    'devices.status': async () => ok({ devices: [] }),
    ...overrides,
  };
}
