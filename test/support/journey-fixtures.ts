import type { CatalogueView, FeeView, IssuedTicket, KioskInfo } from '../../kiosk-config/src/index';
import type { FoundApplication } from '../../renderer/src/journeys/status/status-journey';

export { ok } from '../../kiosk-config/src/index';

/** Canned answers and data for the journey tests (test/e2e/*-journey-hook.e2e.test.ts, the ticket reducer's). */

export const CATALOGUE: CatalogueView = {
  categories: [{ id: 'docs', name: 'Документы' }],
  services: [
    {
      id: 'passport',
      categoryId: 'docs',
      name: 'Паспорт гражданина РФ',
      prefix: 'П',
      documents: ['Старый паспорт', 'Две фотографии'],
      availability: { state: 'open' },
    },
  ],
  office: { state: 'open' },
  a4Printer: true,
};

/** A state fee on the list («Оплатить госпошлину»). */
export const FEE: FeeView = {
  serviceId: 'driving-licence',
  name: 'Госпошлина за водительское удостоверение',
  amountMinor: 200_000,
  recipient: 'УФК по Тверской области (ГИБДД)',
  purpose: 'Государственная пошлина за выдачу водительского удостоверения',
};

export const TICKET: IssuedTicket = {
  number: 'П-001',
  serviceId: 'passport',
  serviceName: 'Паспорт гражданина РФ',
  officeName: 'МФЦ',
  issuedAt: '2026-11-23T10:00:00+03:00',
  peopleAhead: 3,
  wait: { minMinutes: 10, maxMinutes: 20, basis: 'recent' },
  offline: false,
  priority: false,
  documents: ['Старый паспорт', 'Две фотографии'],
  print: 'printed',
};

/** A found application, as the main side answers `status.lookup` (the masked number, no personal data). */
export const FOUND_APPLICATION: FoundApplication = {
  outcome: 'found',
  maskedNumber: 'КУВД-***-***0443',
  application: {
    status: 'ready_for_pickup',
    serviceName: 'Регистрация права собственности',
    office: { id: 'mfc-demo-01', name: 'МФЦ' },
    window: '2',
    filedOn: '2026-11-02',
    storageUntil: '2026-12-15',
  },
};

/** `kiosk.info` for the whole page (`app: true`): Russian, English and Tatar offered; idle after 1 s (the attract loop's wait). */
export const APP_INFO: KioskInfo = {
  kioskId: 'kiosk-test',
  appVersion: '0.1.0',
  host: 'browser-host',
  office: { id: 'mfc-demo-01', name: 'МФЦ Тестовый' },
  timeZone: 'Europe/Moscow',
  idleResetSeconds: 1,
  idleWarningSeconds: 0,
  accessibility: { languages: ['ru', 'en', 'tt'], lowLayoutReachPx: 1200, staffOnSite: true, speechKey: null },
};
