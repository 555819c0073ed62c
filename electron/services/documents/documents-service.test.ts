import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterEach, describe, expect, it } from 'vitest';
import { CatalogueFile, type OfficePrinterConfig } from '../../../kiosk-config/src/index';
import { memoryLogger } from '../test-support';
import { DocumentsService } from './documents-service';
import { type FakeLp, writeFakeLp } from './fake-lp';
import { OfficePrinter } from './office-printer';

const catalogue = CatalogueFile.parse({
  categories: [{ id: 'passports', name: 'Паспорта' }],
  services: [
    {
      id: 'passport-rf',
      categoryId: 'passports',
      name: 'Замена паспорта гражданина РФ',
      summary: 'В 20 и 45 лет, при смене фамилии',
      prefix: 'Б',
      documents: ['Паспорт, который нужно заменить', 'Две фотографии 35×45 мм'],
    },
  ],
});

describe('DocumentsService', () => {
  const fakes: FakeLp[] = [];
  afterEach(async () => {
    await Promise.all(fakes.splice(0).map((fake) => fake.remove()));
  });

  function service(settings: OfficePrinterConfig | undefined) {
    const logger = memoryLogger();
    const documents = new DocumentsService({
      catalogue: () => catalogue,
      office: { name: 'МФЦ «Мои Документы», с. Берёзовка', address: 'ул. Центральная, 12' },
      timeZone: 'Europe/Moscow',
      footer: 'Уточните у специалиста МФЦ.',
      printer: new OfficePrinter({ settings, log: logger.log }),
      log: logger.log,
      now: () => new Date('2026-11-23T07:45:00Z'),
    });
    return { documents, logger };
  }

  it('prints the service’s list on the office printer and answers the page count', async () => {
    const fake = await writeFakeLp('queues');
    fakes.push(fake);
    const { documents, logger } = service({ destination: 'office_a4', command: fake.command, timeoutMs: 5000 });
    expect(documents.available).toBe(true);

    expect(await documents.printDocuments('passport-rf')).toEqual({ ok: true, value: { pages: 1 } });

    expect((await fake.invocation()).args).toEqual([
      '-d',
      'office_a4',
      '-t',
      'Okno: documents for passport-rf',
      '-o',
      'media=A4',
      '-',
    ]);
    // What lp received is the printout itself.
    const pdf = await getDocument({ data: new Uint8Array(await fake.received()), verbosity: 0 }).promise;
    const page = await pdf.getPage(1);
    const text = (await page.getTextContent()).items.map((item) => ('str' in item ? item.str : '')).join(' ');
    expect(text).toContain('Документы для услуги');
    expect(text).toContain('Замена паспорта гражданина РФ');
    expect(text).toContain('Две фотографии 35×45 мм');
    await pdf.destroy();
    expect(logger.lines()).toContainEqual(
      expect.objectContaining({ msg: 'documents list printed', serviceId: 'passport-rf', pages: 1 }),
    );
  });

  it('answers unknown_service for a service not in the catalogue, and prints nothing', async () => {
    const fake = await writeFakeLp('queues');
    fakes.push(fake);
    const { documents } = service({ destination: 'office_a4', command: fake.command, timeoutMs: 5000 });
    const result = await documents.printDocuments('no-such-service');
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_service' } });
    await expect(fake.invocation()).rejects.toThrow();
  });

  it('answers office_printer_unavailable when no office printer is configured', async () => {
    const { documents } = service(undefined);
    expect(documents.available).toBe(false);
    expect(await documents.printDocuments('passport-rf')).toEqual({
      ok: false,
      error: { code: 'office_printer_unavailable', message: 'no office printer is configured' },
    });
  });

  it('answers office_printer_unavailable when lp refuses the job', async () => {
    const fake = await writeFakeLp('refuses');
    fakes.push(fake);
    const { documents } = service({ destination: 'office_a4', command: fake.command, timeoutMs: 5000 });
    expect(await documents.printDocuments('passport-rf')).toEqual({
      ok: false,
      error: {
        code: 'office_printer_unavailable',
        message: 'the office printer did not take the job: command_failed',
      },
    });
  });
});
