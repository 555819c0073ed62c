import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  bookingCodeFromBody,
  CatalogueFile,
  type HubTicket,
  type KioskSetup,
  type ReceiptDocument,
  TicketOutboxPayloads,
} from '../../../kiosk-config/src/index';
import { CircuitBreaker } from '../hub/circuit-breaker';
import { HubClient } from '../hub/hub-client';
import type { OutboxWriter } from '../hub/outbox';
import {
  closedPortUrl,
  sendJson,
  startTestHubServer,
  type TestHubHandler,
  type TestHubServer,
} from '../hub/test-hub-server';
import { paperOf, type ReceiptPaper } from '../printing/receipt-paper';
import { RecordingPrinter } from '../printing/recording-printer';
import { memoryLogger } from '../test-support';
import { TicketService } from './ticket-service';
import { TICKET_WORDS } from './ticket-words';

const NOW = new Date('2026-11-23T07:45:00Z'); // Monday 10:45 in Moscow
const DAY = '2026-11-23';

const catalogue = CatalogueFile.parse({
  categories: [{ id: 'p', name: 'Паспорта' }],
  hours: { mon: [{ from: '08:00', to: '20:00' }] },
  services: [
    { id: 'passport', categoryId: 'p', name: 'Замена паспорта', prefix: 'Б', documents: ['Паспорт', 'Фото'] },
    { id: 'foreign', categoryId: 'p', name: 'Загранпаспорт', prefix: 'Б', bookingRequired: true },
    {
      id: 'evening',
      categoryId: 'p',
      name: 'Вечерний приём',
      prefix: 'В',
      hours: { mon: [{ from: '18:00', to: '20:00' }] },
    },
  ],
});

const setup: KioskSetup = {
  office: { id: 'o', name: 'МФЦ с. Берёзовка' },
  timeZone: 'Europe/Moscow',
  catalogue,
  offlineTag: 'К1',
  followBaseUrl: 'https://hub.example/',
  booking: { earlyMinutes: 15, lateMinutes: 10 },
};

const servers: TestHubServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function hubTicket(ticketId: string, overrides: Partial<HubTicket> = {}): HubTicket {
  return {
    ticketId,
    number: 'Б-007',
    serviceId: 'passport',
    issuedAt: '2026-11-23T10:45:00+03:00',
    source: 'kiosk',
    priority: false,
    peopleAhead: 3,
    wait: { minMinutes: 10, maxMinutes: 20, basis: 'typical' },
    followUrl: 'https://hub.example/q/AAAAAAAAAAAAAAAAAAAAAA',
    ...overrides,
  };
}

/** A hub that issues `Б-007`… to every walk-in request (the same ticket again for a replayed id). */
const issuingHub: TestHubHandler = (request, response) => {
  const body = request.body as { ticketId: string };
  sendJson(response, 200, { outcome: 'issued', ticket: hubTicket(body.ticketId) });
};

interface Options {
  hub?: TestHubHandler | 'closed';
  setup?: KioskSetup | undefined;
  printer?: RecordingPrinter | null;
  outbox?: OutboxWriter;
  requestTimeoutMs?: number;
  dataDir?: string;
  now?: Date;
  /** The receipt printer's paper: a 58 mm CP866 one unless given. */
  paper?: ReceiptPaper;
}

async function start(options: Options = {}) {
  let server: TestHubServer | undefined;
  let url: string;
  if (options.hub === 'closed') url = await closedPortUrl();
  else {
    server = await startTestHubServer(options.hub ?? issuingHub);
    servers.push(server);
    url = server.url;
  }
  const logger = memoryLogger();
  const client = new HubClient({
    baseUrl: url,
    kioskId: 'kiosk-1',
    credential: () => 'c'.repeat(43),
    requestTimeoutMs: options.requestTimeoutMs ?? 2000,
    breaker: new CircuitBreaker({ failureThreshold: 100, openMs: 10_000 }),
    log: logger.log,
    retryInitialMs: 20,
  });
  const items: { kind: string; payload: Record<string, unknown> }[] = [];
  const outbox: OutboxWriter = options.outbox ?? {
    enqueue: async (kind, payload) => {
      items.push({ kind, payload });
      return { id: randomUUID(), kind, at: '', payload };
    },
  };
  const printer = options.printer ?? new RecordingPrinter();
  const attached = options.printer === null ? null : printer;
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'okno-tickets-')));
  const service = new TicketService({
    office: { id: 'o', name: 'МФЦ (из конфигурации)' },
    timeZone: 'Europe/Moscow',
    catalogue,
    setup: () => ('setup' in options ? options.setup : setup),
    hub: client,
    dataDir,
    printer: () => attached,
    outbox,
    paper: options.paper ?? paperOf(32, 'cp866'),
    footer: 'Талон действителен в день выдачи',
    a4Printer: false,
    log: logger.log,
    now: () => options.now ?? NOW,
  });
  const journal = async (date = DAY) => {
    const text = await readFile(path.join(dataDir, 'tickets', `journal-${date}.jsonl`), 'utf8').catch(() => '');
    return text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown> & { event: string; ticketId: string });
  };
  return { service, server, items, printer, dataDir, logger, journal };
}

function textOf(document: ReceiptDocument | undefined): string[] {
  return (document?.lines ?? []).flatMap((line) => (line.type === 'text' ? [line.text] : []));
}

function qrOf(document: ReceiptDocument | undefined): string[] {
  return (document?.lines ?? []).flatMap((line) => (line.type === 'qr' ? [line.data] : []));
}

describe('TicketService: walk-in tickets from the hub', () => {
  it('asks the hub, prints its number with people ahead, wait, QR and documents, and journals each step', async () => {
    const { service, server, items, printer, journal } = await start();
    const result = await service.issue('passport');
    expect(result).toEqual({
      ok: true,
      value: {
        number: 'Б-007',
        serviceId: 'passport',
        serviceName: 'Замена паспорта',
        officeName: 'МФЦ с. Берёзовка',
        issuedAt: '2026-11-23T10:45:00+03:00',
        peopleAhead: 3,
        wait: { minMinutes: 10, maxMinutes: 20, basis: 'typical' },
        offline: false,
        priority: false,
        documents: ['Паспорт', 'Фото'],
        print: 'printed',
        printedLanguage: 'ru',
      },
    });
    const request = server?.requests[0];
    expect(request?.path).toBe('/v1/tickets');
    const { ticketId } = (request?.body ?? {}) as { ticketId?: string };
    expect(request?.body).toEqual({ ticketId: expect.stringMatching(/^[0-9a-f-]{36}$/), serviceId: 'passport' });

    const paper = printer.printed[0];
    expect(textOf(paper)).toEqual(
      expect.arrayContaining([
        'МФЦ с. Берёзовка',
        'ТАЛОН',
        'Б-007',
        'Замена паспорта',
        '23.11.2026 10:45',
        'Перед вами: 3 чел.',
        'Ожидание: примерно 10–20 мин',
        TICKET_WORDS.ru.followLine,
        'Возьмите с собой:',
        '1. Паспорт',
        '2. Фото',
        'Талон действителен в день выдачи',
      ]),
    );
    expect(textOf(paper)).not.toContain(TICKET_WORDS.ru.offlineMark);
    expect(qrOf(paper)).toEqual(['https://hub.example/q/AAAAAAAAAAAAAAAAAAAAAA']);

    expect((await journal()).map((e) => [e.event, e.ticketId])).toEqual([
      ['requested', ticketId],
      ['issued', ticketId],
      ['printed', ticketId],
      ['print_reported', ticketId],
    ]);
    expect(items).toEqual([{ kind: 'ticket.print_outcome', payload: { ticketId, printed: 'yes' } }]);
  });

  it("prints the ticket's own words in English for an English visitor; the catalogue's names stay Russian", async () => {
    const { service, printer, logger } = await start();
    const result = await service.issue('passport', 'en');
    expect(result).toMatchObject({ ok: true, value: { number: 'Б-007', printedLanguage: 'en' } });
    const text = textOf(printer.printed[0]);
    expect(text).toEqual(
      expect.arrayContaining([
        'TICKET',
        'Б-007',
        'Замена паспорта',
        'People ahead of you: 3',
        'Wait: about 10–20 min',
        'Wait for your number on the board',
        'Follow the queue on your phone',
        'Bring with you:',
        '1. Паспорт',
      ]),
    );
    expect(text).not.toContain('ТАЛОН');
    expect(logger.text()).not.toContain('code page lacks');
  });

  it("prints a Tatar visitor's ticket in Russian on a CP866 printer, says so in the answer, and logs the fallback", async () => {
    const { service, printer, logger } = await start();
    const result = await service.issue('passport', 'tt');
    expect(result).toMatchObject({ ok: true, value: { number: 'Б-007', printedLanguage: 'ru', print: 'printed' } });
    const text = textOf(printer.printed[0]);
    expect(text).toEqual(
      expect.arrayContaining(['ТАЛОН', 'Перед вами: 3 чел.', TICKET_WORDS.ru.followLine, 'Возьмите с собой:']),
    );
    expect(text.join('\n')).not.toMatch(/[ӘәӨөҮүҖҗҢңҺһ]/u);
    const fallback = logger.lines().filter((line) => String(line.msg).includes('code page lacks'));
    expect(fallback).toHaveLength(1);
    // The languages and the code page only: no number, no service, nothing of the visitor.
    expect(fallback[0]).toMatchObject({ what: 'ticket', wanted: 'tt', printed: 'ru', encoding: 'cp866' });
    expect(JSON.stringify(fallback[0])).not.toContain('Б-007');
  });

  it("prints in Tatar where the paper's languages, decided once for its profile, include Tatar", async () => {
    // A code page with Tatar's letters (none is shipped yet): the decision is read, not redone.
    const paper: ReceiptPaper = { ...paperOf(32, 'cp866'), languages: new Set(['ru', 'en', 'tt'] as const) };
    const { service, printer, logger } = await start({ paper });
    const result = await service.issue('passport', 'tt');
    expect(result).toMatchObject({ ok: true, value: { printedLanguage: 'tt' } });
    expect(textOf(printer.printed[0])).toEqual(expect.arrayContaining(['Сездән алда: 3 кеше']));
    expect(logger.text()).not.toContain('code page lacks');
  });

  it('refuses from its catalogue, before the hub or the printer: unknown, booking-only, closed', async () => {
    const { service, server, printer } = await start();
    expect(await service.issue('nope')).toMatchObject({ ok: false, error: { code: 'unknown_service' } });
    expect(await service.issue('foreign')).toMatchObject({ ok: false, error: { code: 'booking_required' } });
    expect(await service.issue('evening')).toMatchObject({ ok: false, error: { code: 'office_closed' } });
    expect(server?.requests).toHaveLength(0);
    expect(printer.printed).toHaveLength(0);
  });

  it.each([
    ['closed', 'office_closed'],
    ['booking_required', 'booking_required'],
    ['numbers_exhausted', 'numbers_exhausted'],
    ['unknown_service', 'unknown_service'],
  ])('maps the hub answering %s to %s, journals the refusal and prints nothing', async (outcome, code) => {
    const { service, printer, items, journal } = await start({
      hub: (_request, response) => sendJson(response, 200, { outcome }),
    });
    expect(await service.issue('passport')).toMatchObject({ ok: false, error: { code } });
    expect(printer.printed).toHaveLength(0);
    expect(items).toEqual([]);
    expect((await journal()).map((e) => e.event)).toEqual(['requested', 'refused']);
  });

  it('spends nothing when the printer already reports a fault', async () => {
    const printer = new RecordingPrinter();
    printer.state = { responding: true, problems: ['paper_out'] };
    const { service, server, journal } = await start({ printer });
    expect(await service.issue('passport')).toMatchObject({ ok: false, error: { code: 'printer_paper_out' } });
    expect(await (await start({ printer: null })).service.issue('passport')).toMatchObject({
      ok: false,
      error: { code: 'printer_unavailable' },
    });
    expect(server?.requests).toHaveLength(0);
    expect(await journal()).toEqual([]);
  });

  it('reports a print that failed to the hub: "no" when nothing was sent, "unknown" when it may be on paper', async () => {
    const printer = new RecordingPrinter();
    const { service, items, journal } = await start({ printer });
    printer.nextPrint = { ok: false, error: { code: 'paper_out', message: 'ran out', progress: 'not_sent' } };
    expect(await service.issue('passport')).toMatchObject({ ok: false, error: { code: 'printer_paper_out' } });
    printer.nextPrint = {
      ok: false,
      error: { code: 'paper_out', message: 'ran out mid-job', progress: 'interrupted' },
    };
    expect(await service.issue('passport')).toMatchObject({ ok: false, error: { code: 'printer_paper_out' } });
    expect(items.map((i) => i.payload.printed)).toEqual(['no', 'unknown']);
    expect((await journal()).filter((e) => e.event === 'print_failed').map((e) => e.printed)).toEqual([
      'no',
      'unknown',
    ]);
  });

  it('answers the number of a ticket the printer took but never confirmed, marked unconfirmed; the hub keeps it', async () => {
    const printer = new RecordingPrinter();
    const { service, items, journal } = await start({ printer });
    printer.nextPrint = { ok: false, error: { code: 'not_responding', message: 'no GS r', progress: 'unconfirmed' } };
    expect(await service.issue('passport')).toEqual({
      ok: true,
      value: expect.objectContaining({ number: 'Б-007', print: 'unconfirmed', peopleAhead: 3, offline: false }),
    });
    // Reported "unknown", never "no": the hub keeps it in the queue.
    expect(items).toEqual([{ kind: 'ticket.print_outcome', payload: expect.objectContaining({ printed: 'unknown' }) }]);
    expect((await journal()).map((e) => e.event)).toEqual(['requested', 'issued', 'print_failed', 'print_reported']);
    printer.nextPrint = { ok: true, value: { judgedBy: 'printer' } };
    expect(await service.issue('passport')).toMatchObject({ ok: true, value: { print: 'printed' } });
  });
});

describe('TicketService: offline tickets from the kiosk block', () => {
  it('issues from the block when the hub cannot be reached, marked and without a wait, and tells the hub', async () => {
    const { service, items, printer, journal, logger } = await start({ hub: 'closed' });
    const first = await service.issue('passport');
    const second = await service.issue('passport');
    expect(first).toMatchObject({
      ok: true,
      value: { number: 'Б-К1-01', offline: true, peopleAhead: null, wait: null, priority: false },
    });
    expect(second).toMatchObject({ ok: true, value: { number: 'Б-К1-02' } });

    const paper = printer.printed[0];
    expect(textOf(paper)).toEqual(
      expect.arrayContaining(['Б-К1-01', TICKET_WORDS.ru.offlineMark, TICKET_WORDS.ru.followLine]),
    );
    expect(textOf(paper).some((line) => line.startsWith('Перед вами') || line.startsWith('Ожидание:'))).toBe(false);
    // The number fits the 58 mm paper at 4× (7 characters × 4 ≤ 32 columns).
    expect(paper?.lines.find((l) => l.type === 'text' && l.text === 'Б-К1-01')).toMatchObject({ width: 4 });

    const offline = items.filter((i) => i.kind === 'ticket.offline');
    expect(offline).toHaveLength(2);
    const payload = TicketOutboxPayloads['ticket.offline'].parse(offline[0]?.payload);
    expect(payload).toMatchObject({
      number: 'Б-К1-01',
      serviceId: 'passport',
      issuedAt: '2026-11-23T10:45:00.000+03:00',
      kioskSeq: 1,
    });
    // The `o_` marks an offline ticket's link, so the hub can answer it before it has the ticket.
    expect(payload.followToken).toMatch(/^o_[A-Za-z0-9_-]{22}$/);
    expect(qrOf(paper)).toEqual([`https://hub.example/q/${payload.followToken}`]);

    // The first request is dropped at the hub (it may have got through); the offline ticket has its own id.
    const entries = await journal();
    const requested = entries.find((e) => e.event === 'requested')?.ticketId;
    expect(items.slice(0, 3).map((i) => [i.kind, i.payload.ticketId])).toEqual([
      ['ticket.abandoned', requested],
      ['ticket.offline', payload.ticketId],
      ['ticket.print_outcome', payload.ticketId],
    ]);
    expect(payload.ticketId).not.toBe(requested);
    expect(entries.slice(0, 6).map((e) => e.event)).toEqual([
      'requested',
      'abandoned',
      'issued',
      'outboxed',
      'printed',
      'print_reported',
    ]);
    // The follow token is a capability: never in the logs.
    expect(logger.text()).not.toContain(payload.followToken);
  });

  it('stamps offline tickets to the millisecond, with the kiosk sequence of the day across queues', async () => {
    const at = new Date('2026-11-23T07:45:00.700Z');
    const { service, items, dataDir } = await start({ hub: 'closed', now: at });
    await service.issue('passport');
    await service.issue('passport');
    const payloads = items
      .filter((i) => i.kind === 'ticket.offline')
      .map((i) => TicketOutboxPayloads['ticket.offline'].parse(i.payload));
    // An online ticket issued at 10:45:00.300 was called after these when the milliseconds were lost.
    expect(payloads.map((p) => [p.issuedAt, p.kioskSeq])).toEqual([
      ['2026-11-23T10:45:00.700+03:00', 1],
      ['2026-11-23T10:45:00.700+03:00', 2],
    ]);
    // The sequence survives a restart: a new service on the same folder goes on from 3.
    const again = await start({ hub: 'closed', now: at, dataDir });
    await again.service.issue('passport');
    expect(again.items.find((i) => i.kind === 'ticket.offline')?.payload).toMatchObject({ kioskSeq: 3 });
  });

  it('issues offline after the hub timed out, within the visitor budget', async () => {
    const { service, server } = await start({
      hub: () => {
        // A hung hub: no answer ever comes.
      },
      requestTimeoutMs: 600,
    });
    const started = Date.now();
    expect(await service.issue('passport')).toMatchObject({ ok: true, value: { number: 'Б-К1-01', offline: true } });
    expect(Date.now() - started).toBeLessThan(1500);
    // Retries carry the same ticket id, so the hub would give the same ticket back.
    const ids = new Set(server?.requests.map((r) => (r.body as { ticketId: string }).ticketId));
    expect(ids.size).toBe(1);
  });

  it('issues offline after 5xx answers', async () => {
    const { service, server } = await start({
      hub: (_request, response) => sendJson(response, 503, { code: 'unavailable', message: 'restarting' }),
    });
    expect(await service.issue('passport')).toMatchObject({ ok: true, value: { number: 'Б-К1-01' } });
    expect(server?.requests.length).toBeGreaterThanOrEqual(2);
  });

  it('answers hub_unreachable when no setup ever came: there is no block to issue from', async () => {
    const { service, printer, dataDir } = await start({ hub: 'closed', setup: undefined });
    expect(await service.issue('passport')).toMatchObject({ ok: false, error: { code: 'hub_unreachable' } });
    expect(printer.printed).toHaveLength(0);
    await expect(readFile(path.join(dataDir, 'tickets', 'counter.json'))).rejects.toThrow();
  });

  it('answers numbers_exhausted once the 99 numbers of the day are used', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'okno-tickets-'));
    await mkdir(path.join(dataDir, 'tickets'));
    await writeFile(path.join(dataDir, 'tickets', 'counter.json'), JSON.stringify({ date: DAY, last: { 'Б-К1': 98 } }));
    const { service, printer } = await start({ hub: 'closed', dataDir });
    expect(await service.issue('passport')).toMatchObject({ ok: true, value: { number: 'Б-К1-99' } });
    expect(await service.issue('passport')).toMatchObject({ ok: false, error: { code: 'numbers_exhausted' } });
    expect(printer.printed).toHaveLength(1);
  });

  it('gives concurrent taps distinct numbers', async () => {
    const { service } = await start({ hub: 'closed' });
    const results = await Promise.all(Array.from({ length: 8 }, () => service.issue('passport')));
    const numbers = results.map((r) => (r.ok ? r.value.number : 'failed'));
    expect(new Set(numbers).size).toBe(8);
  });

  it('prints the ticket even when the outbox cannot write: recovery retries at the next start', async () => {
    const outbox: OutboxWriter = {
      enqueue: async () => {
        throw new Error('disk full');
      },
    };
    const { service, journal } = await start({ hub: 'closed', outbox });
    expect(await service.issue('passport')).toMatchObject({ ok: true, value: { number: 'Б-К1-01' } });
    const events = (await journal()).map((e) => e.event);
    expect(events).toEqual(['requested', 'issued', 'printed']);
  });
});

describe('TicketService: the hub limits this kiosk (429)', () => {
  /** A hub answering every request 429, as when a kiosk asked for too many tickets or codes. */
  const limitingHub: TestHubHandler = (_request, response) =>
    sendJson(response, 429, { code: 'rate_limited', message: 'too many', retryAfterSeconds: 60 });

  it('answers rate_limited calmly: no offline ticket (which would get round the limit), nothing printed or abandoned', async () => {
    const { service, items, printer, journal } = await start({ hub: limitingHub });
    const answer = await service.issue('passport');
    expect(answer).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(printer.printed).toHaveLength(0);
    expect(items).toEqual([]);
    const entries = await journal();
    expect(entries.map((e) => [e.event, e.outcome])).toEqual([
      ['requested', undefined],
      ['refused', 'rate_limited'],
    ]);
    // The request is closed: recovery finds nothing to tell the hub.
    await service.recover();
    expect(items).toEqual([]);
  });

  it('answers a check-in refused for too many wrong codes with rate_limited, not «no connection»', async () => {
    const { service, items, printer } = await start({ hub: limitingHub });
    const answer = await service.checkIn(bookingCodeFromBody('1234567'));
    expect(answer).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(printer.printed).toHaveLength(0);
    expect(items).toEqual([]);
  });
});

describe('TicketService: booking check-in', () => {
  const code = bookingCodeFromBody('1234567');

  it('answers invalid_code without asking the hub or the printer', async () => {
    const printer = new RecordingPrinter();
    printer.state = { responding: false, problems: ['not_responding'] };
    const { service, server } = await start({ printer });
    expect(await service.checkIn('1234 5678')).toEqual({ ok: true, value: { outcome: 'invalid_code' } });
    expect(await service.checkIn('привет')).toEqual({ ok: true, value: { outcome: 'invalid_code' } });
    expect(server?.requests).toHaveLength(0);
  });

  /** The hub checks the booking in: a priority ticket Б-101 for the 10:50 slot. */
  const checkedIn: TestHubHandler = (request, response) => {
    const body = request.body as { ticketId: string };
    sendJson(response, 200, {
      outcome: 'issued',
      ticket: hubTicket(body.ticketId, { number: 'Б-101', source: 'booking', priority: true, peopleAhead: 0 }),
      serviceId: 'passport',
      slotStart: '2026-11-23T07:50:00Z',
    });
  };

  it("prints a booked English visitor's ticket in English, and a Tatar one's in Russian", async () => {
    const { service, printer } = await start({
      hub: checkedIn,
    });
    const english = await service.checkIn(`OKNO-BOOKING:${code}`, 'en');
    expect(english).toMatchObject({ ok: true, value: { outcome: 'issued', ticket: { printedLanguage: 'en' } } });
    expect(textOf(printer.printed[0])).toEqual(expect.arrayContaining(['BY APPOINTMENT', 'Appointment at 10:50']));
    const tatar = await service.checkIn(`OKNO-BOOKING:${code}`, 'tt');
    expect(tatar).toMatchObject({ ok: true, value: { outcome: 'issued', ticket: { printedLanguage: 'ru' } } });
    expect(textOf(printer.printed[1])).toEqual(
      expect.arrayContaining([TICKET_WORDS.ru.bookingMark, 'Время записи: 10:50']),
    );
  });

  it('prints a priority ticket marked «ПО ЗАПИСИ» with the slot time, from a scanned QR', async () => {
    const { service, server, printer, items, logger } = await start({
      hub: checkedIn,
    });
    const result = await service.checkIn(`OKNO-BOOKING:${code}`);
    expect(result).toMatchObject({
      ok: true,
      value: { outcome: 'issued', slotTime: '10:50', ticket: { number: 'Б-101', priority: true, offline: false } },
    });
    expect(server?.requests[0]?.path).toBe('/v1/bookings/check-in');
    expect(server?.requests[0]?.body).toMatchObject({ code });
    expect(textOf(printer.printed[0])).toEqual(
      expect.arrayContaining(['Б-101', TICKET_WORDS.ru.bookingMark, 'Время записи: 10:50']),
    );
    expect(items.map((i) => i.kind)).toEqual(['ticket.print_outcome']);
    // Booking codes are masked in the logs.
    expect(logger.text()).not.toContain(code);
    expect(logger.text()).toContain(`******${code.slice(-2)}`);
  });

  it.each([
    [
      { outcome: 'too_early', slotStart: '2026-11-23T12:00:00+03:00', opensAt: '2026-11-23T11:45:00+03:00' },
      { outcome: 'too_early', slotTime: '12:00', opensAt: '11:45' },
    ],
    [
      { outcome: 'too_late', slotStart: '2026-11-23T06:00:00Z' },
      { outcome: 'too_late', slotTime: '09:00' },
    ],
    [
      { outcome: 'wrong_office', officeName: 'МФЦ с. Сосновка' },
      { outcome: 'wrong_office', officeName: 'МФЦ с. Сосновка' },
    ],
    [
      { outcome: 'already_used', ticketNumber: 'Б-004' },
      { outcome: 'already_used', ticketNumber: 'Б-004' },
    ],
    [{ outcome: 'cancelled' }, { outcome: 'cancelled' }],
    [{ outcome: 'not_found' }, { outcome: 'not_found' }],
  ])('passes the hub outcome %j on as %j, on the office clock, printing nothing', async (answer, expected) => {
    const { service, printer, journal } = await start({ hub: (_req, res) => sendJson(res, 200, answer) });
    expect(await service.checkIn(code)).toEqual({ ok: true, value: expected });
    expect(printer.printed).toHaveLength(0);
    expect((await journal()).map((e) => e.event)).toEqual(['requested', 'refused']);
  });

  it('answers hub_unreachable offline for a code the setup does not list: only the hub can tell', async () => {
    const { service, printer, journal } = await start({ hub: 'closed' });
    expect(await service.checkIn(code)).toMatchObject({ ok: false, error: { code: 'hub_unreachable' } });
    expect(printer.printed).toHaveLength(0);
    expect((await journal()).map((e) => e.event)).toEqual(['requested', 'abandoned']);
  });

  describe('offline, from the setup’s hashed list of today’s bookings', () => {
    const key = randomBytes(32).toString('base64url');
    const hash = (c: string) => createHmac('sha256', Buffer.from(key, 'base64url')).update(c).digest('base64url');
    const soon = bookingCodeFromBody('7654321');
    const later = bookingCodeFromBody('1111111');
    const withBookings = (day = DAY): KioskSetup => ({
      ...setup,
      offlineBookings: {
        day,
        key,
        bookings: [
          { codeHash: hash(soon), slotAt: '2026-11-23T10:50:00+03:00', serviceId: 'foreign' },
          { codeHash: hash(later), slotAt: '2026-11-23T12:00:00+03:00', serviceId: 'foreign' },
        ],
      },
    });

    it('prints a priority ticket from the offline block and tells the hub the booking by its hash', async () => {
      const { service, printer, items, journal, logger } = await start({ hub: 'closed', setup: withBookings() });
      const result = await service.checkIn(`OKNO-BOOKING:${soon}`);
      expect(result).toEqual({
        ok: true,
        value: {
          outcome: 'issued',
          slotTime: '10:50',
          ticket: expect.objectContaining({ number: 'Б-К1-01', offline: true, priority: true }),
        },
      });
      const text = textOf(printer.printed[0]);
      expect(text).toEqual(
        expect.arrayContaining([TICKET_WORDS.ru.offlineMark, TICKET_WORDS.ru.bookingMark, 'Время записи: 10:50']),
      );
      const payload = TicketOutboxPayloads['ticket.offline'].parse(
        items.find((i) => i.kind === 'ticket.offline')?.payload,
      );
      expect(payload).toMatchObject({
        number: 'Б-К1-01',
        serviceId: 'foreign',
        booking: { codeHash: hash(soon), slotAt: '2026-11-23T10:50:00+03:00' },
      });
      // The code itself is on no disk and in no log: only its keyed hash.
      const files = JSON.stringify(await journal()) + JSON.stringify(items);
      expect(files).not.toContain(soon);
      expect(logger.text()).not.toContain(soon);

      // The same code again on this kiosk: used, by the ticket it printed.
      expect(await service.checkIn(soon)).toEqual({
        ok: true,
        value: { outcome: 'already_used', ticketNumber: 'Б-К1-01' },
      });
      expect(printer.printed).toHaveLength(1);
    });

    it('says too early with the times, and does not use a list of another day', async () => {
      const early = await start({ hub: 'closed', setup: withBookings() });
      expect(await early.service.checkIn(later)).toEqual({
        ok: true,
        value: { outcome: 'too_early', slotTime: '12:00', opensAt: '11:45' },
      });
      const stale = await start({ hub: 'closed', setup: withBookings('2026-11-22') });
      expect(await stale.service.checkIn(soon)).toMatchObject({ ok: false, error: { code: 'hub_unreachable' } });
      expect(early.printer.printed.length + stale.printer.printed.length).toBe(0);
    });
  });
});

describe('TicketService: the catalogue', () => {
  it('shows the setup catalogue with availability per service and for the office', async () => {
    const { service } = await start();
    const view = service.catalogue();
    expect(view.services.map((s) => [s.id, s.availability])).toEqual([
      ['passport', { state: 'open' }],
      ['foreign', { state: 'booking_only' }],
      ['evening', { state: 'closed', opensAt: { time: '18:00', daysAhead: 0 } }],
    ]);
    expect(view.office).toEqual({ state: 'open' });
    expect(view.a4Printer).toBe(false);
  });

  it('is closed at night, opening with the first service the next working day', async () => {
    const { service } = await start({ now: new Date('2026-11-23T19:00:00Z') });
    expect(service.catalogue().office).toEqual({ state: 'closed', opensAt: { time: '08:00', daysAhead: 7 } });
  });

  it('falls back to the config catalogue and office before any setup', async () => {
    const { service } = await start({ setup: undefined });
    expect(service.catalogue().services).toHaveLength(3);
  });
});

describe('TicketService.recover', () => {
  const offlineTicket = {
    ticketId: '6f1c1b5e-1d2a-4c4f-9a57-1b9c7c3e0a01',
    number: 'Б-К1-05',
    serviceId: 'passport',
    issuedAt: '2026-11-23T10:40:00+03:00',
    source: 'offline',
    priority: false,
    peopleAhead: null,
    wait: null,
    followUrl: 'https://hub.example/q/BBBBBBBBBBBBBBBBBBBBBB',
    followToken: 'BBBBBBBBBBBBBBBBBBBBBB',
  };
  const onlineTicket = {
    ...offlineTicket,
    ticketId: '6f1c1b5e-1d2a-4c4f-9a57-1b9c7c3e0a02',
    number: 'Б-003',
    source: 'kiosk',
    peopleAhead: 1,
    followToken: undefined,
  };

  async function withJournal(lines: string[], date = DAY, counter?: object) {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'okno-tickets-'));
    await mkdir(path.join(dataDir, 'tickets'));
    await writeFile(path.join(dataDir, 'tickets', `journal-${date}.jsonl`), lines.join(''));
    if (counter) await writeFile(path.join(dataDir, 'tickets', 'counter.json'), JSON.stringify(counter));
    return start({ dataDir, hub: 'closed' });
  }
  const line = (entry: object) => `${JSON.stringify(entry)}\n`;

  it('abandons a request the hub may have answered, once', async () => {
    const ticketId = randomUUID();
    const kiosk = await withJournal([line({ event: 'requested', ticketId, kind: 'walk_in', at: NOW.toISOString() })]);
    await kiosk.service.recover();
    await kiosk.service.recover();
    expect(kiosk.items).toEqual([{ kind: 'ticket.abandoned', payload: { ticketId } }]);
    expect((await kiosk.journal()).map((e) => e.event)).toEqual(['requested', 'abandoned']);
  });

  it('puts an offline ticket not yet in the outbox there, reports its print as unknown, and moves the counter past it', async () => {
    const kiosk = await withJournal([line({ event: 'issued', ...offlineTicket })], DAY, {
      date: DAY,
      last: { 'Б-К1': 2 },
    });
    await kiosk.service.recover();
    expect(kiosk.items).toEqual([
      {
        kind: 'ticket.offline',
        payload: {
          ticketId: offlineTicket.ticketId,
          number: 'Б-К1-05',
          serviceId: 'passport',
          issuedAt: offlineTicket.issuedAt,
          followToken: offlineTicket.followToken,
        },
      },
      { kind: 'ticket.print_outcome', payload: { ticketId: offlineTicket.ticketId, printed: 'unknown' } },
    ]);
    expect((await kiosk.journal()).map((e) => e.event)).toEqual([
      'issued',
      'outboxed',
      'print_unknown',
      'print_reported',
    ]);
    // The next offline number is past the journaled one, even though the counter file was behind.
    expect(await kiosk.service.issue('passport')).toMatchObject({ ok: true, value: { number: 'Б-К1-06' } });
  });

  it('reports a journaled print outcome that did not reach the outbox', async () => {
    const kiosk = await withJournal([
      line({ event: 'requested', ticketId: onlineTicket.ticketId, kind: 'walk_in', at: NOW.toISOString() }),
      line({ event: 'issued', ...onlineTicket, followToken: undefined }),
      line({ event: 'printed', ticketId: onlineTicket.ticketId, number: 'Б-003' }),
    ]);
    await kiosk.service.recover();
    expect(kiosk.items).toEqual([
      { kind: 'ticket.print_outcome', payload: { ticketId: onlineTicket.ticketId, printed: 'yes' } },
    ]);
  });

  it('leaves finished tickets alone, and reads yesterday too', async () => {
    const yesterday = '2026-11-22';
    const ticketId = randomUUID();
    const kiosk = await withJournal(
      [
        line({ event: 'issued', ...offlineTicket, issuedAt: '2026-11-22T19:00:00+03:00' }),
        line({ event: 'outboxed', ticketId: offlineTicket.ticketId }),
        line({ event: 'printed', ticketId: offlineTicket.ticketId, number: 'Б-К1-05' }),
        line({ event: 'print_reported', ticketId: offlineTicket.ticketId, printed: 'yes' }),
        line({ event: 'requested', ticketId, kind: 'booking', at: '2026-11-22T16:00:00Z' }),
      ],
      yesterday,
    );
    await kiosk.service.recover();
    expect(kiosk.items).toEqual([{ kind: 'ticket.abandoned', payload: { ticketId } }]);
    // Yesterday's numbers do not hold back today's counter.
    expect(await kiosk.service.issue('passport')).toMatchObject({ ok: true, value: { number: 'Б-К1-01' } });
  });

  it('skips a torn last line with a log line, cuts it off, and appends cleanly after it', async () => {
    const ticketId = randomUUID();
    const kiosk = await withJournal([
      line({ event: 'requested', ticketId, kind: 'walk_in', at: NOW.toISOString() }),
      line({ event: 'unsent', ticketId, failure: 'circuit_open' }),
      '{"event":"issued","ticketId":"6f1c1b5e-1d2a-4c',
    ]);
    await kiosk.service.recover();
    expect(kiosk.items).toEqual([]);
    expect(kiosk.logger.text()).toContain('torn last line skipped');
    expect(await kiosk.service.issue('passport')).toMatchObject({ ok: true, value: { number: 'Б-К1-01' } });
    const entries = await kiosk.journal();
    expect(entries.slice(0, 3).map((e) => e.event)).toEqual(['requested', 'unsent', 'requested']);
  });

  it('skips an unreadable line in the middle and goes on', async () => {
    const ticketId = randomUUID();
    const kiosk = await withJournal([
      'not json at all\n',
      line({ event: 'requested', ticketId, kind: 'walk_in', at: NOW.toISOString() }),
    ]);
    await kiosk.service.recover();
    expect(kiosk.items).toEqual([{ kind: 'ticket.abandoned', payload: { ticketId } }]);
    expect(kiosk.logger.text()).toContain('unreadable line skipped');
  });
});
