import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReceiptDocument } from '../../kiosk-config/src/receipt/receipt-document';
import { PrintQueue } from './print-queue';
import type { PrinterStatus, PrintResult, ReceiptPrinter } from './receipt-printer';

/** A printer that records what it was asked to print and answers as scripted. */
class ScriptedPrinter implements ReceiptPrinter {
  readonly address = 'scripted://printer';
  readonly printed: ReceiptDocument[] = [];
  /** Answers, in order; `{ ok: true }` once they run out. */
  answers: PrintResult[] = [];
  /** Called at the start of each print, before it answers. */
  onPrint: (() => Promise<void>) | undefined;

  async status(): Promise<PrinterStatus> {
    return { responding: true, problems: [] };
  }

  async print(document: ReceiptDocument): Promise<PrintResult> {
    await this.onPrint?.();
    this.printed.push(document);
    return this.answers.shift() ?? { ok: true };
  }

  async close(): Promise<void> {}
}

const ticket = (number: string): ReceiptDocument => ({
  lines: [{ type: 'text', text: `Талон ${number}` }, { type: 'cut' }],
});

let dir: string;
let journalFile: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'okno-queue-'));
  journalFile = path.join(dir, 'printer', 'print-journal.jsonl');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function journalTypes(): Promise<string[]> {
  const text = await readFile(journalFile, 'utf8');
  return text
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((line) => `${JSON.parse(line).type}:${JSON.parse(line).id}`);
}

describe('PrintQueue', () => {
  it('journals the job durably before the printer sees it, then its outcome', async () => {
    const printer = new ScriptedPrinter();
    const { queue } = await PrintQueue.open({ printer, journalFile });
    let journalAtPrint: string[] = [];
    printer.onPrint = async () => {
      journalAtPrint = await journalTypes();
    };
    expect(await queue.submit('А-001', ticket('А-001'), { owner: 'tickets' })).toEqual({
      ok: true,
      value: { id: 'А-001', state: 'printed' },
    });
    expect(journalAtPrint).toEqual(['queued:А-001', 'sending:А-001']);
    expect(await journalTypes()).toEqual(['queued:А-001', 'sending:А-001', 'printed:А-001']);
  });

  it('prints jobs one at a time in the order submitted', async () => {
    const printer = new ScriptedPrinter();
    const { queue } = await PrintQueue.open({ printer, journalFile });
    const results = await Promise.all(['1', '2', '3'].map((id) => queue.submit(id, ticket(id))));
    expect(results.map((r) => r.ok && r.value.state)).toEqual(['printed', 'printed', 'printed']);
    expect(printer.printed.map((d) => (d.lines[0]?.type === 'text' ? d.lines[0].text : ''))).toEqual([
      'Талон 1',
      'Талон 2',
      'Талон 3',
    ]);
  });

  it('never retries a failed job by itself: it waits for the owner to reprint or cancel', async () => {
    const printer = new ScriptedPrinter();
    printer.answers = [{ ok: false, reason: 'paper_out', detail: 'paper out while printing', progress: 'interrupted' }];
    const { queue } = await PrintQueue.open({ printer, journalFile });
    const changes: string[] = [];
    queue.onJobChange((job) => changes.push(`${job.id}:${job.state}`));
    expect(await queue.submit('А-002', ticket('А-002'), { owner: 'tickets' })).toEqual({
      ok: true,
      value: {
        id: 'А-002',
        state: 'failed',
        reason: 'paper_out',
        progress: 'interrupted',
        detail: 'paper out while printing',
      },
    });
    expect(printer.printed).toHaveLength(1);
    expect(queue.awaitingDecision('tickets').map((j) => j.id)).toEqual(['А-002']);
    expect(queue.awaitingDecision('payments')).toEqual([]);
    expect(await queue.reprint('А-002')).toEqual({ ok: true, value: { id: 'А-002', state: 'printed' } });
    expect(printer.printed).toHaveLength(2);
    expect(changes).toEqual([
      'А-002:queued',
      'А-002:printing',
      'А-002:failed',
      'А-002:queued',
      'А-002:printing',
      'А-002:printed',
    ]);
  });

  it('cancels a failed job, and a cancelled or printed job can be neither reprinted nor submitted again', async () => {
    const printer = new ScriptedPrinter();
    printer.answers = [{ ok: false, reason: 'cover_open', detail: 'cover open', progress: 'interrupted' }];
    const { queue } = await PrintQueue.open({ printer, journalFile });
    await queue.submit('А-003', ticket('А-003'));
    expect(await queue.cancel('А-003')).toEqual({ ok: true, value: { id: 'А-003', state: 'cancelled' } });
    expect(await queue.reprint('А-003')).toEqual({
      ok: false,
      error: { code: 'not_awaiting_decision', id: 'А-003', state: 'cancelled' },
    });
    expect(await queue.submit('А-003', ticket('А-003'))).toEqual({
      ok: false,
      error: { code: 'duplicate_job', id: 'А-003', state: 'cancelled' },
    });
    expect(await queue.reprint('nope')).toEqual({ ok: false, error: { code: 'unknown_job', id: 'nope' } });
    expect(printer.printed).toHaveLength(1);
  });

  it('reads a printer result without progress as unconfirmed: it may have printed', async () => {
    const printer = new ScriptedPrinter();
    printer.answers = [{ ok: false, reason: 'error', detail: 'something' }];
    const { queue } = await PrintQueue.open({ printer, journalFile });
    expect(await queue.submit('x', ticket('x'))).toMatchObject({ ok: true, value: { progress: 'unconfirmed' } });
  });

  it('refuses an invalid document before journaling anything', async () => {
    const { queue } = await PrintQueue.open({ printer: new ScriptedPrinter(), journalFile });
    const bad = { lines: [] } as unknown as ReceiptDocument;
    expect(await queue.submit('bad', bad)).toMatchObject({ ok: false, error: { code: 'invalid_document' } });
    expect(queue.job('bad')).toBeUndefined();
  });

  describe('after a crash', () => {
    async function crashWhileSending(): Promise<void> {
      const printer = new ScriptedPrinter();
      const { queue } = await PrintQueue.open({ printer, journalFile });
      // The kiosk dies inside print(): the journal says 'sending' and nothing after.
      printer.onPrint = () => new Promise(() => undefined);
      void queue.submit('А-004', ticket('А-004'), { owner: 'tickets' });
      const deadline = Date.now() + 2000;
      while (!(await readFile(journalFile, 'utf8').catch(() => '')).includes('"sending"')) {
        if (Date.now() > deadline) throw new Error('the job was never journaled as sending');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }

    it('reports a job that was being sent as uncertain and never resends it by itself', async () => {
      await crashWhileSending();
      const printer = new ScriptedPrinter();
      const { queue } = await PrintQueue.open({ printer, journalFile });
      expect(queue.awaitingDecision('tickets')).toEqual([
        { id: 'А-004', owner: 'tickets', state: 'uncertain', attempts: 1 },
      ]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(printer.printed).toEqual([]);
      // The owner decides: here, print it again.
      expect(await queue.reprint('А-004')).toEqual({ ok: true, value: { id: 'А-004', state: 'printed' } });
      expect(printer.printed).toMatchObject([ticket('А-004')]);
      // …and after one more restart it is known as printed, without its document.
      const again = await PrintQueue.open({ printer: new ScriptedPrinter(), journalFile });
      expect(again.queue.job('А-004')).toMatchObject({ state: 'printed' });
      expect(await readFile(journalFile, 'utf8')).not.toContain('Талон');
    });

    it('keeps an uncertain job uncertain across another restart until its owner decides', async () => {
      await crashWhileSending();
      await PrintQueue.open({ printer: new ScriptedPrinter(), journalFile });
      const { queue } = await PrintQueue.open({ printer: new ScriptedPrinter(), journalFile });
      expect(queue.job('А-004')).toMatchObject({ state: 'uncertain' });
      expect(await queue.cancel('А-004')).toMatchObject({ ok: true, value: { state: 'cancelled' } });
    });

    it('reports a job journaled but never sent as failed, not sent, and does not print it', async () => {
      // Opening creates the folder and an empty journal; then a job is journaled and the kiosk dies.
      await PrintQueue.open({ printer: new ScriptedPrinter(), journalFile });
      await appendFile(
        journalFile,
        `${JSON.stringify({ type: 'queued', id: 'А-005', document: ticket('А-005'), at: new Date().toISOString() })}\n`,
      );
      const printer = new ScriptedPrinter();
      const { queue } = await PrintQueue.open({ printer, journalFile });
      expect(queue.job('А-005')).toMatchObject({ state: 'failed', failure: { progress: 'not_sent' } });
      expect(printer.printed).toEqual([]);
    });

    it('skips a torn last line (power cut mid-append) and counts it', async () => {
      const { queue } = await PrintQueue.open({ printer: new ScriptedPrinter(), journalFile });
      await queue.submit('А-006', ticket('А-006'));
      await appendFile(journalFile, '{"type":"queued","id":"А-007","docu');
      const reopened = await PrintQueue.open({ printer: new ScriptedPrinter(), journalFile });
      expect(reopened.skippedLines).toBe(1);
      expect(reopened.queue.job('А-006')).toMatchObject({ state: 'printed' });
      expect(reopened.queue.job('А-007')).toBeUndefined();
    });
  });
});
