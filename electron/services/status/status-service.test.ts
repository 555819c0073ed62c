import { describe, expect, it } from 'vitest';
import type {
  OutboxItem,
  ReceiptDocument,
  StatusLookupRequest,
  StatusLookupResponse,
} from '../../../kiosk-config/src/index';
import type { HubResult } from '../hub/hub-client';
import type { OutboxWriter } from '../hub/outbox';
import { FOUND_ANSWER } from '../hub/test-hub-server';
import { paperOf, type ReceiptPaper } from '../printing/receipt-paper';
import { RecordingPrinter } from '../printing/recording-printer';
import { VisitorSession } from '../session/visitor-session';
import { memoryLogger } from '../test-support';
import { StatusService } from './status-service';

class MemoryOutbox implements OutboxWriter {
  readonly items: Pick<OutboxItem, 'kind' | 'payload'>[] = [];
  async enqueue(kind: string, payload: Record<string, unknown>) {
    this.items.push({ kind, payload });
    return { id: '0b7f2c36-7d1e-4d7a-9a52-0b9a2f5e1c11', kind, at: '', payload };
  }
}

const NUMBER = 'КУВД-001/2021-3670443';
const found = FOUND_ANSWER;

function setup(
  answer: (request: StatusLookupRequest) => Promise<HubResult<StatusLookupResponse>>,
  paper: ReceiptPaper = paperOf(32, 'cp866'),
) {
  const logger = memoryLogger();
  const printer = new RecordingPrinter();
  const outbox = new MemoryOutbox();
  const session = new VisitorSession(60_000, 10_000, { onIdleWarning: () => {}, onReset: () => {} });
  const requests: StatusLookupRequest[] = [];
  const service = new StatusService({
    lookup: (request) => {
      requests.push(request);
      return answer(request);
    },
    session,
    outbox,
    printer: () => printer,
    paper,
    office: { id: 'mfc-demo-01', name: 'МФЦ «Мои Документы», с. Берёзовка' },
    timeZone: 'Europe/Moscow',
    log: logger.log,
    now: () => new Date('2026-11-23T07:45:00Z'),
  });
  return { service, printer, outbox, session, requests, logger };
}

const text = (document: ReceiptDocument | undefined) =>
  (document?.lines ?? []).flatMap((line) => (line.type === 'text' ? [line.text] : []));

describe('StatusService', () => {
  it('normalises the number, finds the application, prints the slip with the masked number', async () => {
    const { service, printer, requests, session } = setup(async () => ({ ok: true, value: found }));
    const result = await service.lookup({ applicationNumber: ' кувд-001/2021-3670443 ' });
    expect(result).toEqual({
      ok: true,
      value: { outcome: 'found', application: found.application, maskedNumber: 'КУВД-***-***0443' },
    });
    expect(requests).toEqual([{ applicationNumber: NUMBER }]);
    expect(session.active).toBe(true);
    expect(await service.printSlip()).toEqual({ ok: true, value: { printed: true, printedLanguage: 'ru' } });
    const lines = text(printer.printed[0]);
    expect(lines).toEqual(
      expect.arrayContaining([
        'МФЦ «Мои Документы», с. Берёзовка',
        'Заявление КУВД-***-***0443',
        'Замена паспорта',
        'Документы готовы',
        'Подойдите в окно 2 с паспортом до 15.12.2026.',
        'Справка напечатана 23.11.2026 10:45',
      ]),
    );
    expect(lines.join('\n')).not.toContain('3670443');
  });

  it("prints an English visitor's slip in English: the screen's sentences, the hub's names as they are", async () => {
    const { service, printer, logger } = setup(async () => ({ ok: true, value: found }));
    await service.lookup({ applicationNumber: NUMBER });
    expect(await service.printSlip('en')).toEqual({ ok: true, value: { printed: true, printedLanguage: 'en' } });
    const lines = text(printer.printed[0]);
    expect(lines).toEqual(
      expect.arrayContaining([
        'APPLICATION STATUS',
        'Application КУВД-***-***0443',
        'Замена паспорта',
        'Filed: 01.11.2026',
        'Documents ready',
        'Please come to window 2 with your passport by 15.12.2026.',
        'Slip printed 23.11.2026 10:45',
        'This slip is not an official document',
        // Whoever the slip is shown to reads that in Russian too.
        'Справка не является официальным документом',
      ]),
    );
    expect(lines).not.toContain('Документы готовы');
    expect(logger.text()).not.toContain('code page lacks');
  });

  it("prints a Tatar visitor's slip in Russian on a CP866 printer, says so, and logs the fall-back without the number", async () => {
    const { service, printer, logger } = setup(async () => ({ ok: true, value: found }));
    await service.lookup({ applicationNumber: NUMBER });
    expect(await service.printSlip('tt')).toEqual({ ok: true, value: { printed: true, printedLanguage: 'ru' } });
    const lines = text(printer.printed[0]);
    expect(lines).toEqual(expect.arrayContaining(['СТАТУС ЗАЯВЛЕНИЯ', 'Документы готовы']));
    expect(lines.join('\n')).not.toMatch(/[ӘәӨөҮүҖҗҢңҺһ]/u);
    const fallback = logger.lines().filter((line) => String(line.msg).includes('code page lacks'));
    expect(fallback).toEqual([expect.objectContaining({ what: 'status slip', wanted: 'tt', printed: 'ru' })]);
    expect(JSON.stringify(fallback)).not.toContain('0443');
  });

  it("prints in Tatar on a paper whose code page has Tatar's letters", async () => {
    const tatarPaper: ReceiptPaper = { ...paperOf(32, 'cp866'), languages: new Set(['ru', 'en', 'tt'] as const) };
    const { service, printer } = setup(async () => ({ ok: true, value: found }), tatarPaper);
    await service.lookup({ applicationNumber: NUMBER });
    expect(await service.printSlip('tt')).toMatchObject({ ok: true, value: { printedLanguage: 'tt' } });
    expect(text(printer.printed[0])).toEqual(expect.arrayContaining(['ГАРИЗА СТАТУСЫ', 'Документлар әзер']));
  });

  it('answers invalid_application_number without asking the hub', async () => {
    const { service, requests, outbox } = setup(async () => ({ ok: true, value: found }));
    expect(await service.lookup({ applicationNumber: 'DROP TABLE;' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_application_number' },
    });
    expect(requests).toHaveLength(0);
    await Promise.resolve();
    expect(outbox.items).toEqual([{ kind: 'status.lookup', payload: { outcome: 'invalid_application_number' } }]);
  });

  it('forgets the found application at the session reset, and «Распечатать» has nothing to print', async () => {
    const { service, session, printer } = setup(async () => ({ ok: true, value: found }));
    await service.lookup({ applicationNumber: NUMBER });
    session.end('idle');
    expect(await service.printSlip()).toMatchObject({ ok: false, error: { code: 'nothing_to_print' } });
    expect(printer.printed).toHaveLength(0);
    session.dispose();
  });

  it('keeps nothing when the visitor left while the hub was answering', async () => {
    let answer: (r: HubResult<StatusLookupResponse>) => void = () => undefined;
    const { service, session } = setup(() => new Promise((resolve) => (answer = resolve)));
    const lookup = service.lookup({ applicationNumber: NUMBER });
    session.end('idle');
    answer({ ok: true, value: found });
    expect((await lookup).ok).toBe(true);
    expect(await service.printSlip()).toMatchObject({ ok: false, error: { code: 'nothing_to_print' } });
  });

  it('maps hub faults: link failures → hub_unreachable, 429 → rate_limited, 401 → hub_unreachable and re-enroll', async () => {
    const cases: [HubResult<StatusLookupResponse>, string][] = [
      [{ ok: false, error: { code: 'timeout', message: 'x' } }, 'hub_unreachable'],
      [{ ok: false, error: { code: 'circuit_open', message: 'x' } }, 'hub_unreachable'],
      [{ ok: false, error: { code: 'connect_failed', message: 'x' } }, 'hub_unreachable'],
      [{ ok: false, error: { code: 'malformed', message: 'x' } }, 'hub_unreachable'],
      [{ ok: false, error: { code: 'not_enrolled', message: 'x' } }, 'hub_unreachable'],
      [{ ok: false, error: { code: 'rate_limited', message: 'x', retryAfterSeconds: 30 } }, 'rate_limited'],
      [{ ok: false, error: { code: 'unauthorized', message: 'x' } }, 'hub_unreachable'],
    ];
    for (const [hubAnswer, code] of cases) {
      const { service } = setup(async () => hubAnswer);
      expect(
        await service.lookup({ applicationNumber: NUMBER }),
        hubAnswer.ok ? '' : hubAnswer.error.code,
      ).toMatchObject({
        ok: false,
        error: { code },
      });
    }
  });

  it('passes the other outcomes and the second factor through', async () => {
    const { service, requests } = setup(async () => ({
      ok: true,
      value: { outcome: 'second_factor_required', accepted: ['filing_date'] },
    }));
    expect(await service.lookup({ applicationNumber: NUMBER })).toEqual({
      ok: true,
      value: { outcome: 'second_factor_required', accepted: ['filing_date'] },
    });
    await service.lookup({ applicationNumber: NUMBER, secondFactor: { kind: 'filing_date', value: '2026-11-01' } });
    expect(requests[1]).toEqual({
      applicationNumber: NUMBER,
      secondFactor: { kind: 'filing_date', value: '2026-11-01' },
    });
  });

  it('maps printer faults like the ticket service and keeps the application for another try', async () => {
    const { service, printer } = setup(async () => ({ ok: true, value: found }));
    await service.lookup({ applicationNumber: NUMBER });
    printer.state = { responding: true, problems: ['paper_out'] };
    expect(await service.printSlip()).toMatchObject({ ok: false, error: { code: 'printer_paper_out' } });
    printer.state = { responding: true, problems: [] };
    printer.nextPrint = { ok: false, error: { code: 'cover_open', message: 'opened mid-print' } };
    expect(await service.printSlip()).toMatchObject({ ok: false, error: { code: 'printer_cover_open' } });
    printer.nextPrint = { ok: true, value: { judgedBy: 'printer' } };
    expect((await service.printSlip()).ok).toBe(true);
  });

  it('refuses to print a slip on a printer that reports itself off-line or in error', async () => {
    const { service, printer } = setup(async () => ({ ok: true, value: found }));
    await service.lookup({ applicationNumber: NUMBER });
    for (const problem of ['offline', 'error'] as const) {
      printer.state = { responding: true, problems: [problem] };
      expect(await service.printSlip()).toMatchObject({ ok: false, error: { code: 'printer_error' } });
    }
    expect(printer.printed).toEqual([]);
  });

  it('puts the number in logs and the outbox only masked', async () => {
    const { service, outbox, logger } = setup(async () => ({ ok: true, value: found }));
    await service.lookup({ applicationNumber: NUMBER });
    await service.printSlip();
    await Promise.resolve();
    expect(outbox.items).toEqual([
      { kind: 'status.lookup', payload: { maskedNumber: 'КУВД-***-***0443', outcome: 'found' } },
    ]);
    expect(logger.text()).toContain('КУВД-***-***0443');
    expect(logger.text()).not.toContain('3670443');
  });
});
