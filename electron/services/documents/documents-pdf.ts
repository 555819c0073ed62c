import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { CatalogueService } from '../../../kiosk-config/src/index';
import { officeWallClock } from '../../../kiosk-config/src/time/office-time';

/** What the A4 documents list is made from; no visitor data, only the catalogue and the office. */
export interface DocumentsPrintout {
  service: Pick<CatalogueService, 'id' | 'name' | 'summary' | 'prefix' | 'documents'> & {
    /** Only by appointment: the queue hint says so instead of naming a ticket letter. */
    bookingRequired?: boolean;
  };
  office: { name: string; address?: string | undefined };
  /** IANA zone of the office: the printed date is on its wall clock. */
  timeZone: string;
  /** The closing line from the config (`office.documentsFooter`); empty: none. */
  footer: string;
  /** When it is printed; also the PDF's creation date, so the same input gives the same bytes. */
  now: Date;
}

/** A rendered PDF and how many A4 pages it has. */
export interface RenderedPdf {
  pdf: Buffer;
  pages: number;
}

/** The fonts the printout embeds: DejaVu, for Cyrillic on any machine without system fonts. */
export function documentFontFiles(): { regular: string; bold: string } {
  // Resolved from this module: under the tests the source file, in the app the bundle (dist/…),
  // which finds node_modules above it (inside app.asar once packaged; Electron's fs reads there).
  const require = createRequire(import.meta.url);
  return {
    regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
    bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
  };
}

// A4 in points, 2 cm side margins; the bottom margin leaves room for the page footer line.
const MARGIN = { top: 50, bottom: 72, left: 57, right: 57 } as const;
const FOOTER_FROM_BOTTOM = 48;
const NUMBER_COLUMN = 30;
const INK = '#000000';
const GREY = '#444444';

/**
 * Renders the list of documents for a service as an A4 PDF: the office, the title «Документы
 * для услуги», the service and its summary, the numbered documents (long lines wrap, a long list
 * goes on to further pages, each with «стр. N из M»), the queue hint, the footer and the date.
 */
export async function renderDocumentsPdf(input: DocumentsPrintout): Promise<RenderedPdf> {
  const fonts = documentFontFiles();
  const printedAt = officeWallClock(input.now, input.timeZone);
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    // Start in DejaVu: pdfkit would otherwise load Helvetica (no Cyrillic) as its default font.
    font: fonts.regular,
    bufferPages: true,
    lang: 'ru-RU',
    displayTitle: true,
    info: {
      Title: `Документы для услуги: ${input.service.name}`,
      Author: input.office.name,
      Creator: 'Okno',
      // Fixed dates: pdfkit derives the file id from them, so the bytes depend only on the input.
      CreationDate: input.now,
      ModDate: input.now,
    },
  });
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });

  const left = MARGIN.left;
  const width = doc.page.width - MARGIN.left - MARGIN.right;
  const bottom = () => doc.page.height - MARGIN.bottom;
  /** Writes a block at the left margin, on a new page first when it would not fit on this one. */
  const block = (
    text: string,
    font: 'regular' | 'bold',
    size: number,
    options: { color?: string; gap?: number } = {},
  ) => {
    doc.font(font).fontSize(size);
    const height = doc.heightOfString(text, { width, lineGap: 2 });
    if (doc.y + height > bottom()) doc.addPage();
    doc.fillColor(options.color ?? INK).text(text, left, doc.y, { width, lineGap: 2 });
    doc.y += options.gap ?? 0;
  };

  // The office: who gave this sheet, and where to come back to.
  block(input.office.name, 'bold', 11, { color: GREY });
  if (input.office.address) block(input.office.address, 'regular', 10, { color: GREY });
  doc.y += 6;
  doc
    .moveTo(left, doc.y)
    .lineTo(left + width, doc.y)
    .lineWidth(0.75)
    .strokeColor(GREY)
    .stroke();
  doc.y += 18;

  block('Документы для услуги', 'bold', 20, { gap: 6 });
  block(input.service.name, 'bold', 15, { gap: 4 });
  if (input.service.summary) block(input.service.summary, 'regular', 12, { gap: 4 });
  doc.y += 12;

  // The list: the number in its own column, the text wrapping beside it; an item never splits.
  const itemWidth = width - NUMBER_COLUMN;
  if (input.service.documents.length === 0) {
    block('Список документов для этой услуги не указан: уточните его у специалиста МФЦ.', 'regular', 13);
  }
  input.service.documents.forEach((document, index) => {
    doc.font('regular').fontSize(13);
    const height = doc.heightOfString(document, { width: itemWidth, lineGap: 2 });
    if (doc.y + height > bottom()) doc.addPage();
    const top = doc.y;
    doc.fillColor(INK).text(`${index + 1}.`, left, top, { width: NUMBER_COLUMN - 6, align: 'right' });
    doc.text(document, left + NUMBER_COLUMN, top, { width: itemWidth, lineGap: 2 });
    doc.y += 8;
  });

  doc.y += 10;
  block(queueHint(input.service), 'bold', 12, { gap: 14 });
  if (input.footer.trim()) block(input.footer.trim(), 'regular', 10, { color: GREY, gap: 4 });
  block(`Распечатано ${printedAt}`, 'regular', 10, { color: GREY });

  // «стр. N из M» on every page, drawn once the count is known; inside the bottom margin, so
  // pdfkit must not see it as overflowing text (that would add a page).
  const range = doc.bufferedPageRange();
  for (let page = range.start; page < range.start + range.count; page += 1) {
    doc.switchToPage(page);
    const margins = doc.page.margins;
    doc.page.margins = { ...margins, bottom: 0 };
    const y = doc.page.height - FOOTER_FROM_BOTTOM;
    doc.font('regular').fontSize(9).fillColor(GREY);
    // One line: a long office name gives way (…) to the date and the page number.
    const stamp = ` · ${printedAt}`;
    const name = fitLine(doc, input.office.name, width - 100 - doc.widthOfString(stamp));
    doc.text(`${name}${stamp}`, left, y, { lineBreak: false });
    doc.text(`стр. ${page - range.start + 1} из ${range.count}`, left + width - 90, y, {
      width: 90,
      align: 'right',
      lineBreak: false,
    });
    doc.page.margins = margins;
  }
  doc.end();
  await finished;
  return { pdf: Buffer.concat(chunks), pages: range.count };
}

/** The text cut to one line of the width in the current font, ending in «…» when cut. */
function fitLine(doc: PDFKit.PDFDocument, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  let cut = text;
  while (cut.length > 0 && doc.widthOfString(`${cut}…`) > width) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/** Where the visitor goes with this list: the ticket letter of the service's queue. */
function queueHint(service: DocumentsPrintout['service']): string {
  if (service.bookingRequired) {
    return 'Эта услуга — только по предварительной записи. В день приёма введите код записи на терминале МФЦ.';
  }
  return `Талон в очередь на эту услугу возьмите на терминале МФЦ: его номер начинается с буквы «${service.prefix}».`;
}
