import type { CatalogueView, IssuedTicket, Result } from '../../kiosk-config/src/index';

/** Canned answers and data for the journey tests (test/e2e/*-journey-hook.e2e.test.ts, the ticket reducer's). */

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

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
