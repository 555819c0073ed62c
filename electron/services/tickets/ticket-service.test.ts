import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CatalogueFile, ReceiptDocument } from '../../../kiosk-config/src/index';
import type { OutboxWriter } from '../hub/outbox';
import { RecordingPrinter } from '../printing/recording-printer';
import { memoryLogger } from '../test-support';
import { TicketService } from './ticket-service';

const catalogue: CatalogueFile = {
  categories: [{ id: 'p', name: 'Паспорта' }],
  services: [{ id: 'passport', categoryId: 'p', name: 'Замена паспорта', prefix: 'Б', documents: ['Паспорт'] }],
};

async function setup(printer: RecordingPrinter | null, outbox?: OutboxWriter) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'okno-tickets-'));
  const service = new TicketService({
    ...(outbox ? { outbox } : {}),
    office: { id: 'o', name: 'МФЦ с. Берёзовка' },
    timeZone: 'Europe/Moscow',
    catalogue,
    dataDir,
    printer: () => printer,
    log: memoryLogger().log,
    now: () => new Date('2026-11-23T07:45:00Z'),
  });
  return { service, dataDir };
}

function printedText(document: ReceiptDocument | undefined): string[] {
  return (document?.lines ?? []).flatMap((line) => (line.type === 'text' ? [line.text] : []));
}

describe('TicketService', () => {
  it('prints numbered tickets with the office time and journals them', async () => {
    const printer = new RecordingPrinter();
    const { service, dataDir } = await setup(printer);
    const first = await service.issue('passport');
    const second = await service.issue('passport');
    expect(first).toMatchObject({ ok: true, value: { number: 'Б-001', issuedAt: '2026-11-23T10:45:00+03:00' } });
    expect(second).toMatchObject({ ok: true, value: { number: 'Б-002' } });
    expect(printedText(printer.printed[0])).toEqual(
      expect.arrayContaining(['МФЦ с. Берёзовка', 'Б-001', 'Замена паспорта', '23.11.2026 10:45']),
    );
    const journal = await readFile(path.join(dataDir, 'tickets', 'journal-2026-11-23.jsonl'), 'utf8');
    expect(
      journal
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).event),
    ).toEqual(['issued', 'printed', 'issued', 'printed']);
  });

  it('gives concurrent taps distinct numbers', async () => {
    const { service } = await setup(new RecordingPrinter());
    const results = await Promise.all(Array.from({ length: 10 }, () => service.issue('passport')));
    const numbers = results.map((r) => (r.ok ? r.value.number : 'failed'));
    expect(new Set(numbers).size).toBe(10);
  });

  it('spends no number when the printer already reports a fault', async () => {
    const printer = new RecordingPrinter();
    const { service } = await setup(printer);
    printer.state = { responding: true, problems: ['paper_out'] };
    expect(await service.issue('passport')).toMatchObject({ ok: false, error: { code: 'printer_paper_out' } });
    printer.state = { responding: true, problems: ['cover_open'] };
    expect(await service.issue('passport')).toMatchObject({ ok: false, error: { code: 'printer_cover_open' } });
    printer.state = { responding: false, problems: ['not_responding'] };
    expect(await service.issue('passport')).toMatchObject({ ok: false, error: { code: 'printer_unavailable' } });
    printer.state = { responding: true, problems: ['paper_near_end'] };
    expect(await service.issue('passport')).toMatchObject({ ok: true, value: { number: 'Б-001' } });
  });

  it('reports a print that failed mid-way and journals it', async () => {
    const printer = new RecordingPrinter();
    const { service, dataDir } = await setup(printer);
    printer.nextPrint = { ok: false, reason: 'paper_out', detail: 'paper ran out' };
    expect(await service.issue('passport')).toMatchObject({ ok: false, error: { code: 'printer_paper_out' } });
    const journal = await readFile(path.join(dataDir, 'tickets', 'journal-2026-11-23.jsonl'), 'utf8');
    expect(journal).toContain('print_failed');
  });

  it('answers clearly without a printer or for an unknown service', async () => {
    expect(await (await setup(null)).service.issue('passport')).toMatchObject({
      ok: false,
      error: { code: 'printer_unavailable' },
    });
    expect(await (await setup(new RecordingPrinter())).service.issue('nope')).toMatchObject({
      ok: false,
      error: { code: 'unknown_service' },
    });
  });

  it('tells the hub about each issued number through the outbox, and a failing outbox never fails the ticket', async () => {
    const items: { kind: string; payload: Record<string, unknown> }[] = [];
    let broken = false;
    const outbox: OutboxWriter = {
      enqueue: async (kind, payload) => {
        if (broken) throw new Error('disk full');
        items.push({ kind, payload });
        return { id: '0b7f2c36-7d1e-4d7a-9a52-0b9a2f5e1c11', kind, at: '', payload };
      },
    };
    const printer = new RecordingPrinter();
    const { service } = await setup(printer, outbox);
    await service.issue('passport');
    printer.nextPrint = { ok: false, reason: 'paper_out', detail: 'ran out' };
    await service.issue('passport');
    expect(items).toEqual([
      { kind: 'ticket.issued', payload: { number: 'Б-001', serviceId: 'passport', printed: true } },
      { kind: 'ticket.issued', payload: { number: 'Б-002', serviceId: 'passport', printed: false } },
    ]);
    broken = true;
    printer.nextPrint = { ok: true };
    expect(await service.issue('passport')).toMatchObject({ ok: true, value: { number: 'Б-003' } });
  });
});
