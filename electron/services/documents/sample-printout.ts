import type { DocumentsPrintout } from './documents-pdf';

/**
 * A documents printout to test with (the unit tests and the end-to-end render): the demo office's
 * replacement passport, with one item long enough to wrap.
 */

/** The replacement passport of the demo catalogue, its list as a visitor gets it. */
export const PASSPORT_SERVICE: DocumentsPrintout['service'] = {
  id: 'passport-rf',
  name: 'Замена паспорта гражданина РФ',
  summary: 'В 20 и 45 лет, при смене фамилии, если паспорт испорчен',
  prefix: 'Б',
  documents: [
    'Паспорт, который нужно заменить',
    'Две фотографии 35×45 мм, чёрно-белые или цветные, на матовой бумаге',
    // Long enough to wrap over three lines of the A4 column.
    'Документы, подтверждающие основание замены: свидетельство о заключении или расторжении брака, ' +
      'свидетельство о перемене имени, решение суда об установлении факта, — оригиналы, не копии',
    'Квитанция об уплате госпошлины (необязательно: МФЦ найдёт платёж сам)',
  ],
};

/** The passport's printout for the demo office on a fixed morning; `overrides` change any part. */
export function samplePrintout(overrides: Partial<DocumentsPrintout> = {}): DocumentsPrintout {
  return {
    service: PASSPORT_SERVICE,
    office: { name: 'МФЦ «Мои Документы», с. Берёзовка', address: 'с. Берёзовка, ул. Центральная, 12' },
    timeZone: 'Europe/Moscow',
    footer: 'Уточните перечень у специалиста МФЦ: 8 (800) 000-00-00',
    now: new Date('2026-11-23T07:45:00Z'),
    ...overrides,
  };
}
