import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { renderDocumentsPdf } from './documents-pdf';
import { PASSPORT_SERVICE, samplePrintout } from './sample-printout';

/** The text of each page as pdf.js reads it back, whitespace (line breaks included) as single spaces. */
async function pageTexts(pdf: Buffer): Promise<{ texts: string[]; sizes: number[][] }> {
  // pdf.js takes ownership of the array it is given: hand it a copy.
  const document = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  const texts: string[] = [];
  const sizes: number[][] = [];
  for (let number = 1; number <= document.numPages; number += 1) {
    const page = await document.getPage(number);
    const content = await page.getTextContent();
    const raw = content.items.map((item) => ('str' in item ? `${item.str}${item.hasEOL ? '\n' : ''}` : '')).join('');
    texts.push(squash(raw));
    sizes.push(page.view);
  }
  await document.destroy();
  return { texts, sizes };
}

function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

describe('renderDocumentsPdf', () => {
  it('prints the office, the title, the service, every document, the queue hint, the footer and the date', async () => {
    const { pdf, pages } = await renderDocumentsPdf(samplePrintout());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pages).toBe(1);
    const { texts, sizes } = await pageTexts(pdf);
    expect(texts).toHaveLength(1);
    const [text = ''] = texts;
    expect(sizes[0]).toEqual([0, 0, 595.28, 841.89]); // A4 in points

    expect(text).toContain('МФЦ «Мои Документы», с. Берёзовка');
    expect(text).toContain('с. Берёзовка, ул. Центральная, 12');
    expect(text).toContain('Документы для услуги');
    expect(text).toContain('Замена паспорта гражданина РФ');
    expect(text).toContain('В 20 и 45 лет, при смене фамилии, если паспорт испорчен');
    PASSPORT_SERVICE.documents.forEach((document, index) => {
      expect(text).toContain(`${index + 1}. ${squash(document)}`);
    });
    expect(text).toContain('его номер начинается с буквы «Б»');
    expect(text).toContain('Уточните перечень у специалиста МФЦ: 8 (800) 000-00-00');
    // 07:45 UTC is 10:45 in Moscow.
    expect(text).toContain('Распечатано 23.11.2026 10:45');
    expect(text).toContain('стр. 1 из 1');
    expect(text.indexOf('Документы для услуги')).toBeLessThan(text.indexOf('1. Паспорт'));
  });

  it('embeds DejaVu Sans and Sans-Bold (TrueType subsets) and no standard font', async () => {
    const { pdf } = await renderDocumentsPdf(samplePrintout());
    const bytes = pdf.toString('latin1');
    const baseFonts = [...bytes.matchAll(/\/BaseFont \/([A-Z]{6}\+)?([\w-]+)/g)].map((match) => match[2]);
    expect(new Set(baseFonts)).toEqual(new Set(['DejaVuSans', 'DejaVuSans-Bold']));
    expect(bytes).toContain('/FontFile2');
    expect(bytes).toContain('/ToUnicode');
    expect(bytes).not.toContain('Helvetica');
  });

  it('flows a long list onto a second page, numbered on, with «стр. N из M» on each page', async () => {
    const documents = Array.from(
      { length: 32 },
      (_, index) => `Справка № ${index + 1} о составе семьи с места жительства`,
    );
    const { pdf, pages } = await renderDocumentsPdf(samplePrintout({ service: { ...PASSPORT_SERVICE, documents } }));
    expect(pages).toBe(2);
    const { texts } = await pageTexts(pdf);
    const [first = '', second = ''] = texts;
    expect(first).toContain('стр. 1 из 2');
    expect(second).toContain('стр. 2 из 2');
    expect(first).toContain('Документы для услуги');
    expect(second).not.toContain('Документы для услуги');
    // Every document once, in order, with its own number; the closing lines on the last page.
    const all = `${first} ${second}`;
    documents.forEach((document, index) => {
      const line = `${index + 1}. ${document}`;
      expect(all.split(line)).toHaveLength(2);
      if (index > 0) expect(all.indexOf(line)).toBeGreaterThan(all.indexOf(`${index}. ${documents[index - 1]}`));
    });
    expect(second).toContain('32. Справка № 32');
    expect(second).toContain('Распечатано 23.11.2026 10:45');
    expect(first).not.toContain('Распечатано');
  });

  it('prints the date on the office wall clock, not the machine’s', async () => {
    const { pdf } = await renderDocumentsPdf(
      samplePrintout({ timeZone: 'Asia/Yekaterinburg', now: new Date('2026-11-23T21:30:00Z') }),
    );
    const [text = ''] = (await pageTexts(pdf)).texts;
    expect(text).toContain('Распечатано 24.11.2026 02:30');
  });

  it('keeps the page footer one line under a long office name, which gives way to the date', async () => {
    const name =
      'Многофункциональный центр предоставления государственных и муниципальных услуг «Мои Документы» ' +
      'Берёзовского муниципального района, территориально обособленное структурное подразделение с. Берёзовка';
    const { pdf, pages } = await renderDocumentsPdf(samplePrintout({ office: { name } }));
    expect(pages).toBe(1);
    const [text = ''] = (await pageTexts(pdf)).texts;
    expect(text).toContain(name); // in full at the top
    expect(text).toMatch(/Многофункциональный центр [^·]*… · 23\.11\.2026 10:45 стр\. 1 из 1$/);
  });

  it('gives the same bytes for the same input (the creation date is `now`)', async () => {
    const first = await renderDocumentsPdf(samplePrintout());
    const again = await renderDocumentsPdf(samplePrintout());
    expect(again.pdf.equals(first.pdf)).toBe(true);
    const later = await renderDocumentsPdf(samplePrintout({ now: new Date('2026-11-23T07:46:00Z') }));
    expect(later.pdf.equals(first.pdf)).toBe(false);
  });

  it('says so for a service by appointment, with no address, no footer and no documents listed', async () => {
    const { pdf, pages } = await renderDocumentsPdf(
      samplePrintout({
        service: { id: 'snils', name: 'СНИЛС', prefix: 'В', documents: [], bookingRequired: true },
        office: { name: 'МФЦ с. Сосновка' },
        footer: '  ',
      }),
    );
    expect(pages).toBe(1);
    const [text = ''] = (await pageTexts(pdf)).texts;
    expect(text).toContain('МФЦ с. Сосновка');
    expect(text).toContain('Список документов для этой услуги не указан');
    expect(text).toContain('только по предварительной записи');
    expect(text).not.toContain('буквы');
    expect(text).not.toContain('ул.');
  });
});
