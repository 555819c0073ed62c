import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReceiptDocument } from '../../kiosk-config/src/receipt/receipt-document';
import { profile80 } from '../test-support/profiles';
import { encodeReceipt } from './escpos-encoder';
import { EscPosPaperDecoder, type PaperDecoderOptions, type PaperEvent } from './escpos-paper-decoder';

const options80: PaperDecoderOptions = { codePages: { 17: 'cp866' }, columns: 48, startsInDoubleByteMode: true };

function decodeChunks(chunks: Uint8Array[], options: PaperDecoderOptions = options80): PaperEvent[] {
  const decoder = new EscPosPaperDecoder(options);
  const events = chunks.flatMap((chunk) => decoder.push(chunk));
  return [...events, ...decoder.end()];
}

function decodeAll(bytes: Uint8Array | number[], options: PaperDecoderOptions = options80): PaperEvent[] {
  return decodeChunks([Uint8Array.from(bytes)], options);
}

/** Splits bytes at the given offsets (sorted, deduplicated, clipped to the length). */
function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => Math.min(c, bytes.length)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.slice(start, point));
    start = point;
  }
  return chunks;
}

const ticket: ReceiptDocument = {
  lines: [
    { type: 'text', text: 'МФЦ «Мои Документы»', align: 'center', bold: true },
    { type: 'text', text: 'А-017', align: 'center', width: 3, height: 3 },
    { type: 'rule' },
    { type: 'qr', data: 'https://okno.example/t/А-017?ё=№' },
    { type: 'text', text: 'Ожидайте вызова', align: 'right' },
    { type: 'feed', lines: 2 },
    { type: 'cut' },
  ],
};

function encodedTicket(): Uint8Array {
  const result = encodeReceipt(ticket, profile80);
  if (!result.ok) throw new Error('ticket did not encode');
  return result.bytes;
}

describe('EscPosPaperDecoder', () => {
  it('reads a ticket back: text with modes, rule, QR, feeds, cut', () => {
    const events = decodeAll(encodedTicket()).filter((e) => e.type !== 'code_page');
    expect(events).toEqual([
      { type: 'init' },
      { type: 'text', text: 'МФЦ "Мои Документы"', align: 'center', width: 1, height: 1, bold: true },
      { type: 'text', text: 'А-017', align: 'center', width: 3, height: 3, bold: false },
      { type: 'text', text: '-'.repeat(48), align: 'left', width: 1, height: 1, bold: false },
      {
        type: 'qr',
        data: new TextEncoder().encode('https://okno.example/t/А-017?ё=№'),
        text: 'https://okno.example/t/А-017?ё=№',
      },
      { type: 'text', text: 'Ожидайте вызова', align: 'right', width: 1, height: 1, bold: false },
      { type: 'feed', lines: 2 },
      { type: 'feed', lines: 4 },
      { type: 'cut', partial: true },
    ]);
  });

  it('gives the same events however the bytes are split, down to single bytes', () => {
    const bytes = encodedTicket();
    const whole = decodeAll(bytes);
    const single = decodeChunks(Array.from(bytes, (b) => Uint8Array.of(b)));
    expect(single).toEqual(whole);
    for (let cut = 1; cut < bytes.length; cut++) expect(decodeChunks(splitAt(bytes, [cut]))).toEqual(whole);
  });

  it('reads QR payloads byte-exact, including a 300-byte one split mid-data', () => {
    const data = Array.from({ length: 300 }, (_, i) => `${i % 10}`).join('');
    const result = encodeReceipt({ lines: [{ type: 'qr', data }] }, profile80);
    if (!result.ok) throw new Error('did not encode');
    const events = decodeChunks(splitAt(result.bytes, [40, 41, 100, 250]));
    const qr = events.filter((e) => e.type === 'qr');
    expect(qr).toHaveLength(1);
    expect(qr[0]).toMatchObject({ text: data });
  });

  it('garbles Cyrillic while in double-byte mode, as a Chinese firmware does without FS .', () => {
    const bytes = [0x1b, 0x40, 0x1b, 0x74, 17, 0x8f, 0xe0, 0xa8, 0xa2, 0xa5, 0xe2, 0x0a];
    const garbled = decodeAll(bytes).find((e) => e.type === 'text');
    expect(garbled).toMatchObject({ text: '\uFFFD\uFFFD\uFFFD' });
    const fixed = decodeAll([0x1c, 0x2e, ...bytes]).find((e) => e.type === 'text');
    expect(fixed).toMatchObject({ text: 'Привет' });
  });

  it('reports status requests in order with the text around them', () => {
    const events = decodeAll([0x10, 0x04, 1, 0x41, 0x10, 0x04, 4, 0x0a]).filter((e) => e.type !== 'init');
    expect(events).toEqual([
      { type: 'status_request', n: 1 },
      { type: 'status_request', n: 4 },
      { type: 'text', text: 'A', align: 'left', width: 1, height: 1, bold: false },
    ]);
  });

  it('skips unknown commands and prints what follows', () => {
    const events = decodeAll([0x1b, 0xff, 0x1d, 0xfe, 0x07, 0x4f, 0x4b, 0x0a]);
    expect(events.filter((e) => e.type === 'unknown')).toEqual([
      { type: 'unknown', bytes: Uint8Array.of(0x1b, 0xff) },
      { type: 'unknown', bytes: Uint8Array.of(0x1d, 0xfe) },
      { type: 'unknown', bytes: Uint8Array.of(0x07) },
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'text', text: 'OK' });
  });

  it('skips ignored commands with their parameters (drawer kick, underline, raster image)', () => {
    const image = [0x1d, 0x76, 0x30, 0, 2, 0, 3, 0, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a];
    const events = decodeAll([0x1b, 0x70, 0, 25, 250, 0x1b, 0x2d, 0x0a, ...image, 0x41, 0x0a]);
    expect(events.filter((e) => e.type === 'text')).toEqual([
      { type: 'text', text: 'A', align: 'left', width: 1, height: 1, bold: false },
    ]);
    expect(events).toContainEqual({ type: 'image', widthBytes: 2, height: 3 });
  });

  it('wraps a line longer than the columns onto the next, as paper does', () => {
    const events = decodeAll([...Array(50).fill(0x41), 0x0a], { columns: 48 });
    expect(events.map((e) => e.type === 'text' && e.text.length)).toEqual([48, 2]);
  });

  it('reports an incomplete command at the end of the stream', () => {
    expect(decodeAll([0x41, 0x0a, 0x1d, 0x28, 0x6b])).toContainEqual({
      type: 'unknown',
      bytes: Uint8Array.of(0x1d, 0x28, 0x6b),
    });
  });

  it('never throws on arbitrary bytes split at arbitrary points, and splitting changes nothing', () => {
    // Bias towards command bytes so that commands, not just text, get exercised.
    const byte = fc.oneof(
      fc.integer({ min: 0, max: 255 }),
      fc.constantFrom(0x0a, 0x10, 0x04, 0x1b, 0x1c, 0x1d, 0x28, 0x2e, 0x6b, 0x31, 0x50, 0x51, 0x56, 0x00, 0x03),
    );
    fc.assert(
      fc.property(
        fc.array(byte, { maxLength: 400 }),
        fc.array(fc.nat(400), { maxLength: 20 }),
        fc.boolean(),
        (values, cuts, doubleByte) => {
          const bytes = Uint8Array.from(values);
          const options = { ...options80, startsInDoubleByteMode: doubleByte };
          expect(decodeChunks(splitAt(bytes, cuts), options)).toEqual(decodeAll(bytes, options));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('copes with a huge declared length without buffering it', () => {
    const decoder = new EscPosPaperDecoder();
    // GS v 0 with 65535 × 65535 bytes: skipped by counting, never allocated.
    expect(decoder.push(Uint8Array.of(0x1d, 0x76, 0x30, 0, 0xff, 0xff, 0xff, 0xff))).toEqual([
      { type: 'image', widthBytes: 65535, height: 65535 },
    ]);
    expect(decoder.push(new Uint8Array(100_000).fill(0x41))).toEqual([]);
  });
});

describe('EscPosPaperDecoder: status and buffer commands', () => {
  it('reports GS r, GS a and DLE DC4 8 (clear buffers) in order', () => {
    const decoder = new EscPosPaperDecoder();
    const events = decoder.push(
      Uint8Array.of(
        0x1d,
        0x61,
        0x0e,
        0x1d,
        0x72,
        0x01,
        0x10,
        0x14,
        8,
        1,
        3,
        20,
        1,
        6,
        2,
        8,
        0x10,
        0x14,
        8,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
      ),
    );
    expect(events).toEqual([
      { type: 'asb_setting', n: 0x0e },
      { type: 'transmit_status_request', n: 1 },
      { type: 'clear_buffers' },
    ]);
  });

  it('forgets the unfinished line and a half command on clearBuffers', () => {
    const decoder = new EscPosPaperDecoder({ codePages: { 17: 'cp866' } });
    decoder.push(Uint8Array.of(0x41, 0x42, 0x1d, 0x28, 0x6b, 0x10));
    decoder.clearBuffers();
    expect([...decoder.push(Uint8Array.of(0x43, 0x0a)), ...decoder.end()]).toMatchObject([{ type: 'text', text: 'C' }]);
  });

  it('reads columns lines back as the text the encoder laid out', () => {
    const encoded = encodeReceipt(
      { lines: [{ type: 'columns', left: 'Госпошлина', right: '1 500,00 руб.', filler: '.' }] },
      profile80,
    );
    if (!encoded.ok) throw new Error('did not encode');
    const decoder = new EscPosPaperDecoder({ codePages: { 17: 'cp866' }, columns: 48 });
    expect(decoder.push(encoded.bytes).filter((e) => e.type === 'text')).toMatchObject([
      { text: `Госпошлина ${'.'.repeat(48 - 10 - 13 - 2)} 1 500,00 руб.` },
    ]);
  });
});
