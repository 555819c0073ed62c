import { describe, expect, it } from 'vitest';
import { encodeReceipt } from '../../drivers/escpos/escpos-encoder';
import { EscPosPaperDecoder } from '../../drivers/escpos/escpos-paper-decoder';
import { listPrinterProfiles, loadPrinterProfile } from '../../drivers/printer/load-printer-profile';
import { type PaperTicket, renderTicket } from '../../drivers/sim/escpos-printer-simulator';
import { statusSlip } from '../../electron/services/status/status-slip';
import { STATUS_SLIP_WORDS, type StatusSlipWords } from '../../electron/services/status/status-slip-words';
import { type TicketFace, ticketReceipt } from '../../electron/services/tickets/ticket-receipt';
import { TICKET_WORDS } from '../../electron/services/tickets/ticket-words';
import type { PrinterProfile } from '../../kiosk-config/src/config/printer-profile';
import { paymentReceipt } from '../../kiosk-config/src/receipt/payment-receipt';
import { PAYMENT_RECEIPT_WORDS, type PaymentReceiptWords } from '../../kiosk-config/src/receipt/payment-receipt-words';
import type { ReceiptDocument } from '../../kiosk-config/src/receipt/receipt-document';

/**
 * Every printed template (ticket, status slip, payment receipt) encoded for every shipped printer
 * profile, byte for byte: the bytes and the paper they print are kept in
 * `test/fixtures/receipts/<template>.<profile>.txt`. A change to a template, the encoder or a
 * profile shows up here as a diff to review; once it is right, refresh the files with
 * `npx vitest run --project unit test/integration/receipt-templates.test.ts -u`.
 *
 * Beside the frozen bytes, each case checks the rules that make them right: the header for the
 * profile, QR length fields, lines within the paper's columns, and the text read back.
 */

const OFFICE = 'МФЦ «Мои Документы», с. Берёзовка';
const DOCUMENTS = ['Паспорт, который нужно заменить', 'Две фотографии 35×45 мм', 'Квитанция об оплате госпошлины'];
const FOOTER = 'Талон действителен в день выдачи';

/** A walk-in ticket with people ahead and a wait, laid out for a profile's columns. */
const queueTicket = (profile: PrinterProfile): TicketFace => ({
  officeName: OFFICE,
  number: 'Б-017',
  serviceName: 'Замена паспорта гражданина РФ',
  issuedAt: '23.11.2026 10:45',
  kind: 'queue',
  peopleAhead: 4,
  wait: { minMinutes: 10, maxMinutes: 20, basis: 'recent' },
  followUrl: 'https://hub.mfc.example.ru/q/3q2-7wEVR0mJ3d9yQ8bT1A',
  documents: DOCUMENTS,
  footer: FOOTER,
  columns: profile.columns,
});

/** The faces of a queue ticket (and the walk-in one in English), laid out for a profile's columns. */
const tickets = {
  ticket: (profile: PrinterProfile) => ticketReceipt(queueTicket(profile)),
  'ticket-offline': (profile: PrinterProfile) =>
    ticketReceipt({
      officeName: OFFICE,
      number: 'Б-К1-01',
      serviceName: 'Замена паспорта гражданина РФ',
      issuedAt: '23.11.2026 10:45',
      kind: 'offline',
      followUrl: 'https://hub.mfc.example.ru/q/Jm9Zx1qLk2Vb8Rt4Yw6UeA',
      documents: DOCUMENTS,
      footer: FOOTER,
      columns: profile.columns,
    }),
  'ticket-booking': (profile: PrinterProfile) =>
    ticketReceipt({
      officeName: OFFICE,
      number: 'Б-101',
      serviceName: 'Загранпаспорт',
      issuedAt: '23.11.2026 10:41',
      kind: 'booking',
      slotTime: '10:50',
      followUrl: 'https://hub.mfc.example.ru/q/Pq0Wn3sXc5Zv7Bm9Ld2KfA',
      documents: ['Паспорт гражданина РФ'],
      footer: '',
      columns: profile.columns,
    }),
  // A visitor who chose English: the ticket's own words in English (every shipped code page has
  // Latin letters); the office's and service's names stay as the hub's catalogue has them.
  'ticket-english': (profile: PrinterProfile) => ticketReceipt({ ...queueTicket(profile), words: TICKET_WORDS.en }),
};

/** A status slip of an application ready for pickup, in `words`' language. */
const slip = (words?: StatusSlipWords) =>
  statusSlip({
    office: { id: 'berezovka', name: 'МФЦ «Мои Документы», с. Берёзовка' },
    application: {
      status: 'ready_for_pickup',
      serviceName: 'Выдача паспорта гражданина РФ',
      office: { id: 'berezovka', name: 'МФЦ «Мои Документы», с. Берёзовка' },
      window: '3',
      filedOn: '2026-11-02',
      expectedOn: '2026-11-20',
    },
    maskedNumber: 'КУВД-***-***0443',
    printedAt: '23.11.2026 10:47',
    ...(words === undefined ? {} : { words }),
  });

/** A payment receipt of a passport fee, its visitor's labels in `words`' language. */
const receipt = (words?: PaymentReceiptWords) =>
  paymentReceipt(
    {
      officeName: 'МФЦ «Мои Документы», с. Берёзовка',
      items: [{ name: 'Госпошлина за выдачу паспорта гражданина РФ взамен утраченного', amount: '1 500,00 руб.' }],
      total: '1 500,00 руб.',
      card: '**** 1234',
      authCode: '123456',
      rrn: '632712345678',
      uin: '18810177260000123456',
      paidAt: '23.11.2026 10:52',
      checkUrl: 'https://okno.example/check/632712345678',
      ...(words === undefined ? {} : { kioskId: 'kiosk-01', reference: '3F9A0C21', ticketNumber: 'Б-017' }),
    },
    words,
  );

const templates: Record<string, (profile: PrinterProfile) => ReceiptDocument> = {
  ...tickets,
  'status-slip': () => slip(),
  // An English visitor's slip: the screen's sentences in English, the hub's names as they are.
  'status-slip-english': () => slip(STATUS_SLIP_WORDS.en),
  'payment-receipt': () => receipt(),
  // An English visitor's receipt: the visitor's labels in English, the legal lines in Russian.
  'payment-receipt-english': () => receipt(PAYMENT_RECEIPT_WORDS.en),
};

const profiles: PrinterProfile[] = await Promise.all((await listPrinterProfiles()).map((id) => loadPrinterProfile(id)));

function hexDump(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += 16) {
    const row = Array.from(bytes.subarray(offset, offset + 16), (b) => b.toString(16).padStart(2, '0'));
    lines.push(`${offset.toString(16).padStart(4, '0')}  ${row.join(' ')}`);
  }
  return lines.join('\n');
}

/** Prints the bytes on a simulated paper, as the printer of `profile` would. */
function paperOf(bytes: Uint8Array, profile: PrinterProfile): PaperTicket {
  const decoder = new EscPosPaperDecoder({
    codePages: { [profile.codePage.escT]: profile.codePage.encoding },
    columns: profile.columns,
    startsInDoubleByteMode: profile.leaveDoubleByteMode,
  });
  const paper: PaperTicket = { lines: [], qr: [], cut: false, items: [] };
  for (const event of [...decoder.push(bytes), ...decoder.end()]) {
    if (event.type === 'text') {
      const { type: _type, ...line } = event;
      paper.lines.push(line.text);
      paper.items.push({ type: 'text', ...line });
    } else if (event.type === 'qr') {
      paper.qr.push(event.text);
      paper.items.push({ type: 'qr', text: event.text, data: event.data });
    } else if (event.type === 'feed') {
      paper.lines.push(...Array(event.lines).fill(''));
      paper.items.push({ type: 'feed', lines: event.lines });
    } else if (event.type === 'cut') {
      paper.cut = true;
    } else if (event.type === 'unknown') {
      throw new Error(`the decoder did not understand ${hexDump(event.bytes)}`);
    }
  }
  return paper;
}

/** Offsets of `needle` in `haystack`. */
function findAll(haystack: Uint8Array, needle: number[]): number[] {
  const found: number[] = [];
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    found.push(i);
  }
  return found;
}

const cases = Object.keys(templates).flatMap((template) =>
  profiles.map((profile) => [template, profile.id, profile] as const),
);

describe('printed templates, byte for byte on every profile', () => {
  it('cover every template on every shipped profile', () => {
    expect(profiles.length).toBeGreaterThanOrEqual(4);
    expect(cases.length).toBe(Object.keys(templates).length * profiles.length);
  });

  it.each(cases)('%s on %s', async (template, _id, profile) => {
    const document = (templates[template] as (profile: PrinterProfile) => ReceiptDocument)(profile);
    const result = encodeReceipt(document, profile);
    if (!result.ok) throw new Error(`${template} does not encode for ${profile.id}: ${JSON.stringify(result.error)}`);
    const bytes = result.bytes;

    // The header for this model: reset, leave double-byte mode only where needed, its code page.
    const header = [
      0x1b,
      0x40,
      ...(profile.leaveDoubleByteMode ? [0x1c, 0x2e] : []),
      0x1b,
      0x74,
      profile.codePage.escT,
    ];
    expect(Array.from(bytes.subarray(0, header.length))).toEqual(header);
    expect(findAll(bytes, [0x1c, 0x2e]).length).toBe(profile.leaveDoubleByteMode ? 1 : 0);

    // Each QR store command's length field covers its UTF-8 data exactly.
    const qrData = document.lines.flatMap((l) => (l.type === 'qr' ? [new TextEncoder().encode(l.data)] : []));
    const stores = findAll(bytes, [0x1d, 0x28, 0x6b]).filter((at) => bytes[at + 6] === 0x50);
    expect(stores.length).toBe(profile.nativeQr ? qrData.length : 0);
    stores.forEach((at, i) => {
      const data = qrData[i] ?? new Uint8Array(0);
      expect((bytes[at + 3] ?? 0) + (bytes[at + 4] ?? 0) * 256).toBe(data.length + 3);
      expect(Array.from(bytes.subarray(at + 8, at + 8 + data.length))).toEqual(Array.from(data));
    });

    // Read back: nothing wraps unexpectedly, the QR codes survive, the cut is there.
    const paper = paperOf(bytes, profile);
    for (const item of paper.items) {
      if (item.type === 'text') expect(Array.from(item.text).length * item.width).toBeLessThanOrEqual(profile.columns);
    }
    expect(paper.qr).toEqual(qrData.map((d) => new TextDecoder().decode(d)));
    expect(paper.cut).toBe(profile.cutter);

    const file = `../fixtures/receipts/${template}.${profile.id}.txt`;
    const snapshot = [
      `${template} on ${profile.id}: ${bytes.length} bytes, ${profile.columns} columns, ${profile.codePage.encoding} (ESC t ${profile.codePage.escT})`,
      '',
      '-- paper --',
      renderTicket(paper, profile.columns).trimEnd(),
      '',
      '-- bytes --',
      hexDump(bytes),
      '',
    ].join('\n');
    await expect(snapshot).toMatchFileSnapshot(file);
  });
});

/**
 * The queue ticket read back from the paper on both widths: what a visitor must be able to read
 * (the number whole on one line and very large, the service, the wait or the mark saying why it
 * is unknown, the follow link as a QR, what to bring) survives the encoder's wrapping.
 */
describe('the queue ticket on paper, 80 mm and 58 mm', () => {
  const widths = profiles.filter((p) => p.id === 'generic-80mm' || p.id === 'generic-58mm');
  const ticketCases = Object.keys(tickets).flatMap((name) =>
    widths.map((profile) => [name as keyof typeof tickets, profile.id, profile] as const),
  );

  it('covers both widths', () => {
    expect(widths.map((p) => p.columns).sort()).toEqual([32, 48]);
  });

  it.each(ticketCases)('%s on %s', (name, _id, profile) => {
    const document = tickets[name](profile);
    const result = encodeReceipt(document, profile);
    if (!result.ok) throw new Error(`${name} does not encode for ${profile.id}`);
    const paper = paperOf(result.bytes, profile);
    const texts = paper.items.flatMap((item) => (item.type === 'text' ? [item] : []));
    // Lines joined with single spaces: a long line wrapped on 58 mm still reads as one.
    const all = paper.lines.join(' ').replace(/\s+/g, ' ');

    const number = {
      ticket: 'Б-017',
      'ticket-offline': 'Б-К1-01',
      'ticket-booking': 'Б-101',
      'ticket-english': 'Б-017',
    }[name];
    // Whole on one line at 4×, and within the paper.
    expect(texts.find((t) => t.text.trim() === number)).toMatchObject({ width: 4, height: 4, bold: true });
    expect(Array.from(number).length * 4).toBeLessThanOrEqual(profile.columns);
    for (const text of texts) expect(Array.from(text.text).length * text.width).toBeLessThanOrEqual(profile.columns);

    // Cyrillic read back as Cyrillic (the code page is right), the office's name kept whole across wraps.
    expect(all).toContain('МФЦ "Мои Документы", с. Берёзовка');
    if (name !== 'ticket-english') {
      expect(all).toContain('ТАЛОН');
      expect(all).toContain('Следите за очередью с телефона');
      expect(all).toContain('Возьмите с собой:');
    }
    expect(paper.qr).toEqual([document.lines.find((l) => l.type === 'qr')?.data]);
    expect(paper.qr[0]).toMatch(/^https:\/\/hub\.mfc\.example\.ru\/q\/[A-Za-z0-9_-]{22}$/);

    if (name === 'ticket') {
      expect(all).toContain('Замена паспорта гражданина РФ');
      expect(all).toContain('Перед вами: 4 чел.');
      expect(all).toContain('Ожидание: примерно 10-20 мин');
      expect(all).toContain('1. Паспорт, который нужно заменить');
      // `×` is in no code page: printed as `x` rather than failing the ticket.
      expect(all).toContain('2. Две фотографии 35x45 мм');
      expect(all).toContain('Талон действителен в день выдачи');
      expect(all).not.toContain('БЕЗ СВЯЗИ');
    } else if (name === 'ticket-english') {
      // The ticket's own words in English, the catalogue's in Russian as the hub has them.
      expect(all).toContain('TICKET');
      expect(all).toContain('People ahead of you: 4');
      expect(all).toContain('Wait: about 10-20 min');
      expect(all).toContain('Wait for your number on the board');
      expect(all).toContain('Follow the queue on your phone');
      expect(all).toContain('Bring with you:');
      expect(all).toContain('Замена паспорта гражданина РФ');
      expect(all).toContain('1. Паспорт, который нужно заменить');
      expect(all).not.toContain('ТАЛОН');
      expect(all).not.toContain('Перед вами');
    } else if (name === 'ticket-offline') {
      expect(all).toContain('ВЫДАН БЕЗ СВЯЗИ С СЕРВЕРОМ');
      expect(all).not.toContain('Перед вами');
      expect(all).not.toContain('Ожидание:');
    } else {
      expect(all).toContain('ПО ЗАПИСИ');
      expect(all).toContain('Время записи: 10:50');
      expect(all).not.toContain('Перед вами');
    }
  });
});

/**
 * The English status slip and payment receipt read back from the paper on both widths: the
 * visitor's words in English; on the receipt the legal lines in Russian (docs/payments.md).
 */
describe('the English slip and receipt on paper, 80 mm and 58 mm', () => {
  const widths = profiles.filter((p) => p.id === 'generic-80mm' || p.id === 'generic-58mm');
  const readBack = (document: ReceiptDocument, profile: PrinterProfile) => {
    const result = encodeReceipt(document, profile);
    if (!result.ok) throw new Error(`does not encode for ${profile.id}`);
    return paperOf(result.bytes, profile).lines.join(' ').replace(/\s+/g, ' ');
  };

  it.each(widths.map((profile) => [profile.id, profile] as const))('status slip on %s', (_id, profile) => {
    const all = readBack(slip(STATUS_SLIP_WORDS.en), profile);
    for (const line of ['APPLICATION STATUS', 'Application КУВД-***-***0443', 'Filed: 02.11.2026', 'Documents ready']) {
      expect(all).toContain(line);
    }
    expect(all).toContain('Please come to window 3 with your passport.');
    expect(all).toContain('Выдача паспорта гражданина РФ');
    expect(all).toContain('This slip is not an official document');
    expect(all).toContain('Справка не является официальным документом');
    expect(all).not.toContain('Документы готовы');
  });

  it.each(widths.map((profile) => [profile.id, profile] as const))('payment receipt on %s', (_id, profile) => {
    const all = readBack(receipt(PAYMENT_RECEIPT_WORDS.en), profile);
    // The legal lines, Russian in every language.
    for (const line of ['КВИТАНЦИЯ ОБ ОПЛАТЕ', 'ИТОГО', 'Код авторизации', 'RRN', 'УИН', 'Сохраните квитанцию']) {
      expect(all).toContain(line);
    }
    // The visitor's labels in English.
    for (const line of [
      'Payment receipt',
      'Card',
      'Date and time',
      'Kiosk',
      'Operation no.',
      'Ticket',
      'Keep this receipt',
    ]) {
      expect(all).toContain(line);
    }
    expect(all).not.toContain('Карта');
    expect(all).not.toContain('Номер операции');
  });
});
