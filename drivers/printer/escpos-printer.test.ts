import { describe, expect, it } from 'vitest';
import type { ReceiptDocument } from '../../kiosk-config/src/receipt/receipt-document';
import { encodeReceipt } from '../escpos/escpos-encoder';
import { createFakeEscPosDevice } from '../test-support/fake-escpos-device';
import { profile80 } from '../test-support/profiles';
import { FakeTransport } from '../transport/fake-transport';
import { TransportError } from '../transport/transport-error';
import { EscPosPrinter } from './escpos-printer';

const doc: ReceiptDocument = {
  lines: [{ type: 'text', text: 'Талон А-001', align: 'center' }, { type: 'qr', data: 'А-001' }, { type: 'cut' }],
};

function encoded(document: ReceiptDocument): Uint8Array {
  const result = encodeReceipt(document, profile80);
  if (!result.ok) throw new Error('did not encode');
  return result.bytes;
}

/** Names each write: a status request by its n, anything else as a job. */
function writeKinds(writes: Uint8Array[]): string[] {
  return writes.map((w) => (w.length === 3 && w[0] === 0x10 && w[1] === 0x04 ? `EOT${w[2]}` : `job(${w.length})`));
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
    [{ error: true }, ['error']],
  ])('reports %j as %j', async (condition, problems) => {
    const device = createFakeEscPosDevice();
    device.condition = condition;
    const printer = new EscPosPrinter(device.transport, profile80);
    expect(await printer.status()).toEqual({ responding: true, problems });
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
    expect(result).toMatchObject({ ok: false, reason: 'not_responding' });
    expect(result.ok || result.detail).toContain('/dev/ttyUSB0');
  });

  it('stops waiting at once when the port is lost during a request', async () => {
    const transport = new FakeTransport({ responder: (_written, t) => t.disconnect() });
    const printer = new EscPosPrinter(transport, profile80, { statusTimeoutMs: 5000 });
    const started = Date.now();
    expect(await printer.status()).toEqual({ responding: false, problems: ['not_responding'] });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('EscPosPrinter.print', () => {
  it('checks status, sends the encoded job, then confirms with a status query', async () => {
    const device = createFakeEscPosDevice();
    const printer = new EscPosPrinter(device.transport, profile80);
    expect(await printer.print(doc)).toEqual({ ok: true });
    const job = encoded(doc);
    expect(writeKinds(device.transport.writes)).toEqual([
      'EOT1',
      'EOT2',
      'EOT4',
      `job(${job.length})`,
      'EOT1',
      'EOT2',
      'EOT4',
    ]);
    expect(device.transport.writes[3]).toEqual(job);
    expect(device.events.filter((e) => e.type === 'qr')).toMatchObject([{ text: 'А-001' }]);
  });

  it.each([
    [{ paperOut: true }, 'paper_out'],
    [{ coverOpen: true }, 'cover_open'],
    [{ error: true }, 'error'],
  ] as const)('refuses without sending the job when the printer reports %j', async (condition, reason) => {
    const device = createFakeEscPosDevice();
    device.condition = condition;
    const printer = new EscPosPrinter(device.transport, profile80);
    expect(await printer.print(doc)).toMatchObject({ ok: false, reason });
    expect(writeKinds(device.transport.writes)).toEqual(['EOT1', 'EOT2', 'EOT4']);
  });

  it('prints when the paper is only near its end', async () => {
    const device = createFakeEscPosDevice();
    device.condition = { paperNearEnd: true };
    const printer = new EscPosPrinter(device.transport, profile80);
    expect(await printer.print(doc)).toEqual({ ok: true });
  });

  it('refuses a silent printer without sending the job', async () => {
    const device = createFakeEscPosDevice();
    device.silent = true;
    const printer = new EscPosPrinter(device.transport, profile80, { statusTimeoutMs: 30 });
    expect(await printer.print(doc)).toMatchObject({ ok: false, reason: 'not_responding' });
    expect(writeKinds(device.transport.writes)).toEqual(['EOT1']);
  });

  it('reports paper running out during the job, seen by the final status query', async () => {
    const device = createFakeEscPosDevice();
    device.afterWrite = (events) => {
      if (events.some((e) => e.type === 'cut')) device.condition = { paperOut: true };
    };
    const printer = new EscPosPrinter(device.transport, profile80);
    const result = await printer.print(doc);
    expect(result).toMatchObject({ ok: false, reason: 'paper_out' });
    expect(result.ok || result.detail).toContain('after the job was sent');
  });

  it('reports a failed write as not_responding', async () => {
    const device = createFakeEscPosDevice();
    const printer = new EscPosPrinter(device.transport, profile80);
    device.afterWrite = (events) => {
      if (events.some((e) => e.type === 'status_request' && e.n === 4)) {
        device.transport.writeError = new Error('EIO');
      }
    };
    expect(await printer.print(doc)).toMatchObject({
      ok: false,
      reason: 'not_responding',
      detail: expect.stringContaining('EIO'),
    });
  });

  it('refuses an invalid document without touching the device, naming the field', async () => {
    const device = createFakeEscPosDevice();
    const printer = new EscPosPrinter(device.transport, profile80);
    const bad = { lines: [{ type: 'text', text: 'x', width: 9 }] } as ReceiptDocument;
    const result = await printer.print(bad);
    expect(result).toMatchObject({ ok: false, reason: 'error', detail: expect.stringContaining('lines.0.width') });
    expect(device.transport.writes).toEqual([]);
  });

  it('refuses text the code page cannot print, naming the characters', async () => {
    const device = createFakeEscPosDevice();
    const printer = new EscPosPrinter(device.transport, profile80);
    const result = await printer.print({ lines: [{ type: 'text', text: 'Оплачено ✓' }] });
    expect(result).toMatchObject({ ok: false, reason: 'error', detail: expect.stringContaining('"✓" U+2713') });
    expect(device.transport.writes).toEqual([]);
  });

  it('runs concurrent calls one at a time, never interleaving a job with queries', async () => {
    const device = createFakeEscPosDevice({ maxReadSize: 1 });
    const printer = new EscPosPrinter(device.transport, profile80);
    const second: ReceiptDocument = { lines: [{ type: 'text', text: 'Второй' }, { type: 'cut' }] };
    const results = await Promise.all([printer.print(doc), printer.status(), printer.print(second), printer.status()]);
    expect(results).toEqual([
      { ok: true },
      { responding: true, problems: [] },
      { ok: true },
      { responding: true, problems: [] },
    ]);
    const status = ['EOT1', 'EOT2', 'EOT4'];
    expect(writeKinds(device.transport.writes)).toEqual([
      ...status,
      `job(${encoded(doc).length})`,
      ...status,
      ...status,
      ...status,
      `job(${encoded(second).length})`,
      ...status,
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
    expect(await printer.print(doc)).toMatchObject({ ok: false, reason: 'not_responding' });
  });

  it('reopens a lost port on the next call', async () => {
    const device = createFakeEscPosDevice();
    const printer = new EscPosPrinter(device.transport, profile80);
    expect((await printer.status()).responding).toBe(true);
    device.transport.disconnect();
    expect(await printer.print(doc)).toEqual({ ok: true });
    expect(device.transport.openCount).toBe(2);
  });
});
