import { describe, expect, it } from 'vitest';
import type { ReceiptDocument } from '../../kiosk-config/src/receipt/receipt-document';
import { encodeReceipt } from '../escpos/escpos-encoder';
import { createFakeEscPosDevice } from '../test-support/fake-escpos-device';
import { profile58w1251, profile80 } from '../test-support/profiles';
import { FakeTransport } from '../transport/fake-transport';
import { TransportError } from '../transport/transport-error';
import { EscPosPrinter } from './escpos-printer';
import type { PrinterStatus } from './receipt-printer';

/** A print the printer confirmed (`GS r`). */
const PRINTED = { ok: true, value: { judgedBy: 'printer' } };

const doc: ReceiptDocument = {
  lines: [{ type: 'text', text: 'Талон А-001', align: 'center' }, { type: 'qr', data: 'А-001' }, { type: 'cut' }],
};

const GS_R_1 = [0x1d, 0x72, 1];
const CLEAR_BUFFERS = [0x10, 0x14, 8, 1, 3, 20, 1, 6, 2, 8];

function encoded(document: ReceiptDocument): Uint8Array {
  const result = encodeReceipt(document, profile80);
  if (!result.ok) throw new Error('did not encode');
  return result.bytes;
}

/** Names each write: a status request by its n, the buffer clear, anything else as a job. */
function writeKinds(writes: Uint8Array[]): string[] {
  return writes.map((w) => {
    if (w.length === 3 && w[0] === 0x10 && w[1] === 0x04) return `EOT${w[2]}`;
    if (w.length === CLEAR_BUFFERS.length && w.every((b, i) => b === CLEAR_BUFFERS[i])) return 'CLEAR';
    return `job(${w.length})`;
  });
}

describe('EscPosPrinter.status', () => {
  it('asks DLE EOT 1, 2 and 4 in turn and reports a ready printer', async () => {
    const device = createFakeEscPosDevice();
    const printer = new EscPosPrinter(device.transport, profile80);
    expect(await printer.status()).toEqual({ responding: true, problems: [] });
    expect(writeKinds(device.transport.writes)).toEqual(['EOT1', 'EOT2', 'EOT4']);
    expect(device.transport.openCount).toBe(1);
  });

  it.each([
    [{ paperOut: true }, ['paper_out']],
    [{ coverOpen: true }, ['cover_open']],
    [{ paperNearEnd: true }, ['paper_near_end']],
    [{ coverOpen: true, paperOut: true, paperNearEnd: true }, ['paper_out', 'cover_open']],
  ])('reports %j as %j', async (condition, problems) => {
    const device = createFakeEscPosDevice();
    device.condition = condition;
    const printer = new EscPosPrinter(device.transport, profile80);
    expect(await printer.status()).toEqual({ responding: true, problems });
  });

  it.each([
    [{ error: true }, ['unrecoverable']],
    [{ cutterError: true }, ['cutter']],
  ] as const)('asks DLE EOT 3 when DLE EOT 2 reports an error, and names it: %j', async (condition, causes) => {
    const device = createFakeEscPosDevice();
    device.condition = condition;
    const printer = new EscPosPrinter(device.transport, profile80);
    expect(await printer.status()).toEqual({ responding: true, problems: ['error'], errorCauses: causes });
    expect(writeKinds(device.transport.writes)).toEqual(['EOT1', 'EOT2', 'EOT3', 'EOT4']);
  });

  it('skips bytes that are not status bytes', async () => {
    const device = createFakeEscPosDevice({ maxReadSize: 1 });
    device.noiseBeforeAnswer = [0x00, 0xff, 0x11, 0x13];
    device.condition = { coverOpen: true };
    const printer = new EscPosPrinter(device.transport, profile80);
    expect(await printer.status()).toEqual({ responding: true, problems: ['cover_open'] });
  });

  it('reports not_responding when the printer is silent, after one timeout', async () => {
    const device = createFakeEscPosDevice();
    device.silent = true;
    const printer = new EscPosPrinter(device.transport, profile80, { statusTimeoutMs: 40 });
    const started = Date.now();
    expect(await printer.status()).toEqual({ responding: false, problems: ['not_responding'] });
    expect(Date.now() - started).toBeLessThan(400);
    expect(writeKinds(device.transport.writes)).toEqual(['EOT1']);
  });

  it('recovers once the printer answers again', async () => {
    const device = createFakeEscPosDevice();
    device.silent = true;
    const printer = new EscPosPrinter(device.transport, profile80, { statusTimeoutMs: 30 });
    expect((await printer.status()).responding).toBe(false);
    device.silent = false;
    expect(await printer.status()).toEqual({ responding: true, problems: [] });
  });

  it('reports not_responding when the port cannot be opened', async () => {
    const transport = new FakeTransport();
    transport.openError = new TransportError('cannot open /dev/ttyUSB0: No such file or directory');
    const printer = new EscPosPrinter(transport, profile80);
    expect(await printer.status()).toEqual({ responding: false, problems: ['not_responding'] });
    const result = await printer.print(doc);
    expect(result).toMatchObject({ ok: false, error: { code: 'not_responding', progress: 'not_sent' } });
    expect(result.ok || result.error.message).toContain('/dev/ttyUSB0');
  });

  it('stops waiting at once when the port is lost during a request', async () => {
    const transport = new FakeTransport({ responder: (_written, t) => t.disconnect() });
    const printer = new EscPosPrinter(transport, profile80, { statusTimeoutMs: 5000 });
    const started = Date.now();
    expect(await printer.status()).toEqual({ responding: false, problems: ['not_responding'] });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('EscPosPrinter.print: confirmed printing', () => {
  it('checks status, sends the job ending with GS r 1, and answers ok on its answer', async () => {
    const device = createFakeEscPosDevice();
    const printer = new EscPosPrinter(device.transport, profile80);
    expect(await printer.print(doc)).toEqual(PRINTED);
    const job = encoded(doc);
    expect(writeKinds(device.transport.writes)).toEqual(['EOT1', 'EOT2', 'EOT4', `job(${job.length + 3})`]);
    expect(device.transport.writes[3]).toEqual(Uint8Array.from([...job, ...GS_R_1]));
    expect(device.events.filter((e) => e.type === 'qr')).toMatchObject([{ text: 'А-001' }]);
  });

  it('is not ok until the printer confirms: a printer that never answers GS r times out', async () => {
    const device = createFakeEscPosDevice();
    device.neverConfirm = true;
    const printer = new EscPosPrinter(device.transport, profile80, { confirmTimeoutMs: 200, confirmPollMs: 40 });
    const started = Date.now();
    const result = await printer.print(doc);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(result).toMatchObject({ ok: false, error: { code: 'not_responding', progress: 'unconfirmed' } });
    expect(result.ok || result.error.message).toContain('did not confirm');
    const kinds = writeKinds(device.transport.writes);
    // Polled DLE EOT while waiting, then cleared the printer's buffers so nothing prints later.
    expect(kinds.slice(4).filter((k) => k === 'EOT1').length).toBeGreaterThanOrEqual(2);
    expect(kinds.at(-1)).toBe('CLEAR');
  });

  it.each([
    [{ paperOut: true }, 'paper_out'],
    [{ coverOpen: true }, 'cover_open'],
    [{ error: true }, 'error'],
  ] as const)('refuses without sending the job when the printer reports %j', async (condition, reason) => {
    const device = createFakeEscPosDevice();
    device.condition = condition;
    const printer = new EscPosPrinter(device.transport, profile80);
    expect(await printer.print(doc)).toMatchObject({ ok: false, error: { code: reason, progress: 'not_sent' } });
    expect(writeKinds(device.transport.writes).filter((k) => k.startsWith('job'))).toEqual([]);
  });

  it('prints when the paper is only near its end, and says so to listeners', async () => {
    const device = createFakeEscPosDevice();
    device.condition = { paperNearEnd: true };
    const printer = new EscPosPrinter(device.transport, profile80);
    const seen: PrinterStatus[] = [];
    printer.onStatusChange((status) => seen.push(status));
    expect(await printer.print(doc)).toEqual(PRINTED);
    expect(seen).toEqual([{ responding: true, problems: ['paper_near_end'] }]);
  });

  it('refuses a silent printer without sending the job', async () => {
    const device = createFakeEscPosDevice();
    device.silent = true;
    const printer = new EscPosPrinter(device.transport, profile80, { statusTimeoutMs: 30 });
    expect(await printer.print(doc)).toMatchObject({
      ok: false,
      error: { code: 'not_responding', progress: 'not_sent' },
    });
    expect(writeKinds(device.transport.writes)).toEqual(['EOT1']);
  });

  it.each([
    [{ paperOut: true }, 'paper_out'],
    [{ coverOpen: true }, 'cover_open'],
  ] as const)(
    'reports %j striking mid-job as interrupted and clears the printer buffers',
    async (condition, reason) => {
      const device = createFakeEscPosDevice();
      device.afterWrite = (events) => {
        if (events.some((e) => e.type === 'qr')) device.condition = condition;
      };
      const printer = new EscPosPrinter(device.transport, profile80, { confirmPollMs: 20 });
      const result = await printer.print(doc);
      expect(result).toMatchObject({ ok: false, error: { code: reason, progress: 'interrupted' } });
      expect(result.ok || result.error.message).toContain('while printing');
      expect(writeKinds(device.transport.writes).slice(-4)).toEqual(['EOT1', 'EOT2', 'EOT4', 'CLEAR']);
    },
  );

  it('reports a silent printer mid-job as unconfirmed', async () => {
    const device = createFakeEscPosDevice();
    device.afterWrite = (events) => {
      if (events.some((e) => e.type === 'cut')) device.silent = true;
    };
    const printer = new EscPosPrinter(device.transport, profile80, { confirmPollMs: 20, statusTimeoutMs: 40 });
    expect(await printer.print(doc)).toMatchObject({
      ok: false,
      error: { code: 'not_responding', progress: 'unconfirmed' },
    });
  });

  it('reports a failed write as not_responding and unconfirmed', async () => {
    const device = createFakeEscPosDevice();
    const printer = new EscPosPrinter(device.transport, profile80);
    device.afterWrite = (events) => {
      if (events.some((e) => e.type === 'status_request' && e.n === 4)) {
        device.transport.writeError = new Error('EIO');
      }
    };
    expect(await printer.print(doc)).toMatchObject({
      ok: false,
      error: { code: 'not_responding', progress: 'unconfirmed', message: expect.stringContaining('EIO') },
    });
  });

  it('refuses an invalid document without touching the device, naming the field', async () => {
    const device = createFakeEscPosDevice();
    const printer = new EscPosPrinter(device.transport, profile80);
    const bad = { lines: [{ type: 'text', text: 'x', width: 9 }] } as ReceiptDocument;
    const result = await printer.print(bad);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'error', message: expect.stringContaining('lines.0.width') },
    });
    expect(device.transport.writes).toEqual([]);
  });

  it('refuses text the code page cannot print, naming the characters', async () => {
    const device = createFakeEscPosDevice();
    const printer = new EscPosPrinter(device.transport, profile80);
    const result = await printer.print({ lines: [{ type: 'text', text: 'Оплачено ✓' }] });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'error', progress: 'not_sent', message: expect.stringContaining('"✓" U+2713') },
    });
    expect(device.transport.writes).toEqual([]);
  });

  it('runs concurrent calls one at a time, never interleaving a job with queries', async () => {
    const device = createFakeEscPosDevice({ maxReadSize: 1 });
    const printer = new EscPosPrinter(device.transport, profile80);
    const second: ReceiptDocument = { lines: [{ type: 'text', text: 'Второй' }, { type: 'cut' }] };
    const results = await Promise.all([printer.print(doc), printer.status(), printer.print(second), printer.status()]);
    expect(results).toEqual([PRINTED, { responding: true, problems: [] }, PRINTED, { responding: true, problems: [] }]);
    const status = ['EOT1', 'EOT2', 'EOT4'];
    expect(writeKinds(device.transport.writes)).toEqual([
      ...status,
      `job(${encoded(doc).length + 3})`,
      ...status,
      ...status,
      `job(${encoded(second).length + 3})`,
      ...status,
    ]);
  });

  it('answers not_responding after close and closes the transport', async () => {
    const device = createFakeEscPosDevice();
    const printer = new EscPosPrinter(device.transport, profile80);
    expect((await printer.status()).responding).toBe(true);
    await printer.close();
    expect(device.transport.isOpen).toBe(false);
    expect(await printer.status()).toEqual({ responding: false, problems: ['not_responding'] });
    expect(await printer.print(doc)).toMatchObject({ ok: false, error: { code: 'not_responding' } });
  });

  it('reopens a lost port on the next call', async () => {
    const device = createFakeEscPosDevice();
    const printer = new EscPosPrinter(device.transport, profile80);
    expect((await printer.status()).responding).toBe(true);
    device.transport.disconnect();
    expect(await printer.print(doc)).toEqual(PRINTED);
    expect(device.transport.openCount).toBe(2);
  });
});

describe('EscPosPrinter: observable status', () => {
  it('tells listeners of changes only, from every status read', async () => {
    const device = createFakeEscPosDevice();
    const printer = new EscPosPrinter(device.transport, profile80);
    const seen: PrinterStatus[] = [];
    const unsubscribe = printer.onStatusChange((status) => seen.push(status));
    await printer.status();
    await printer.status();
    device.condition = { coverOpen: true };
    await printer.status();
    device.condition = {};
    await printer.status();
    unsubscribe();
    device.condition = { paperOut: true };
    await printer.status();
    expect(seen).toEqual([
      { responding: true, problems: [] },
      { responding: true, problems: ['cover_open'] },
      { responding: true, problems: [] },
    ]);
    expect(printer.currentStatus).toEqual({ responding: true, problems: ['paper_out'] });
  });

  it('polls between jobs when asked to', async () => {
    const device = createFakeEscPosDevice();
    const printer = new EscPosPrinter(device.transport, profile80, { pollIntervalMs: 20 });
    const seen: PrinterStatus[] = [];
    printer.onStatusChange((status) => seen.push(status));
    await new Promise((resolve) => setTimeout(resolve, 70));
    device.condition = { paperOut: true };
    await new Promise((resolve) => setTimeout(resolve, 70));
    await printer.close();
    expect(seen).toEqual([
      { responding: true, problems: [] },
      { responding: true, problems: ['paper_out'] },
    ]);
  });

  it('enables automatic status back with each job and reports its blocks at once', async () => {
    const device = createFakeEscPosDevice();
    const printer = new EscPosPrinter(device.transport, profile58w1251);
    expect(await printer.print({ lines: [{ type: 'text', text: 'x' }] })).toEqual(PRINTED);
    const writes = device.transport.writes.map((w) => Array.from(w));
    // Once on opening the port, then again after the job (a power-cycled printer forgets it).
    expect(writes[0]).toEqual([0x1d, 0x61, 0x0e]);
    expect(writes.at(-1)?.slice(-6)).toEqual([0x1d, 0x61, 0x0e, ...GS_R_1]);
    const seen: PrinterStatus[] = [];
    printer.onStatusChange((status) => seen.push(status));
    device.condition = { coverOpen: true };
    device.sendAsb();
    device.condition = { cutterError: true };
    device.sendAsb();
    expect(seen).toEqual([
      { responding: true, problems: ['cover_open'] },
      { responding: true, problems: ['error'], errorCauses: ['cutter'] },
    ]);
  });

  it('stops waiting for the confirmation as soon as an ASB block reports a fault', async () => {
    const device = createFakeEscPosDevice();
    device.afterWrite = (events) => {
      if (events.some((e) => e.type === 'transmit_status_request')) {
        device.condition = { coverOpen: true };
        queueMicrotask(() => device.sendAsb());
      }
    };
    // Polling is slow here: only the ASB block can end the wait this soon.
    const printer = new EscPosPrinter(device.transport, profile58w1251, { confirmPollMs: 5000 });
    const started = Date.now();
    expect(await printer.print({ lines: [{ type: 'text', text: 'x' }] })).toMatchObject({
      ok: false,
      error: { code: 'cover_open', progress: 'interrupted' },
    });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
