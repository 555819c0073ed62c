import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { profile80 } from '../test-support/profiles';
import { code128Commands, decodeCode128Data } from './code128';
import { encodeReceipt } from './escpos-encoder';
import { EscPosPaperDecoder } from './escpos-paper-decoder';

describe('CODE128 barcodes (GS k 73)', () => {
  it('encodes code set B with height, width and text below, byte for byte', () => {
    const encoded = code128Commands('OK-1{');
    expect(encoded.ok && [...encoded.bytes]).toEqual([
      ...[0x1d, 0x68, 80],
      ...[0x1d, 0x77, 2],
      ...[0x1d, 0x48, 2],
      ...[0x1d, 0x6b, 73, 8, 0x7b, 0x42, 0x4f, 0x4b, 0x2d, 0x31, 0x7b, 0x7b],
    ]);
  });

  it('refuses what code set B cannot hold, naming it', () => {
    expect(code128Commands('Талон')).toEqual({
      ok: false,
      error: { code: 'barcode_unencodable', characters: ['Т', 'а', 'л', 'о', 'н'] },
    });
    expect(code128Commands('')).toEqual({ ok: false, error: { code: 'barcode_too_long' } });
    expect(code128Commands('1'.repeat(41))).toEqual({ ok: false, error: { code: 'barcode_too_long' } });
  });

  it('decodes code sets A, B and C, FNC1 and escaped braces', () => {
    const bytes = (...parts: Array<string | number[]>) =>
      Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? [...Buffer.from(part)] : part)));
    expect(decodeCode128Data(bytes('{Bab{{c'))).toEqual({ ok: true, text: 'ab{c' });
    expect(decodeCode128Data(bytes('{C', [12, 34, 5]))).toEqual({ ok: true, text: '123405' });
    expect(decodeCode128Data(bytes('{A', 'AB', '{B', 'cd'))).toEqual({ ok: true, text: 'ABcd' });
    expect(decodeCode128Data(bytes('{1{C', [1, 2]))).toEqual({ ok: false, reason: expect.any(String) });
    expect(decodeCode128Data(bytes('{C{1', [1, 2]))).toEqual({ ok: true, text: '\u001d0102' });
    expect(decodeCode128Data(bytes('{C', [100]))).toMatchObject({ ok: false });
    expect(decodeCode128Data(bytes('AB'))).toMatchObject({ ok: false });
  });

  it('round-trips any printable ASCII through the encoder and the simulator decoder', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[\x20-\x7e]{1,40}$/), (text) => {
        const encoded = encodeReceipt({ lines: [{ type: 'barcode', data: text }] }, profile80);
        if (!encoded.ok) return false;
        const barcode = new EscPosPaperDecoder().push(encoded.bytes).find((event) => event.type === 'barcode');
        if (barcode?.type !== 'barcode' || barcode.m !== 73) return false;
        const decoded = decodeCode128Data(barcode.data);
        return decoded.ok && decoded.text === text;
      }),
    );
  });
});
