import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import referenceFile from '../../../test/fixtures/qr/reference-matrices.json';
import { encodeQr, type QrErrorCorrection, QrTooLongError, qrSvg } from './qr-encoder';

interface ReferenceCase {
  text: string;
  level: QrErrorCorrection;
  mask: number;
  version: number;
  rows: string[];
}

// Matrices from a reference encoder (python-qrcode 8.2, byte mode, the mask fixed), so every step
// (codewords, Reed–Solomon blocks, interleaving, placement, masks, format and version bits) is checked.
const reference = referenceFile as { cases: ReferenceCase[] };

function rowsOf(code: ReturnType<typeof encodeQr>): string[] {
  return Array.from({ length: code.size }, (_, y) =>
    Array.from({ length: code.size }, (_, x) => (code.dark(x, y) ? '1' : '0')).join(''),
  );
}

describe('encodeQr', () => {
  for (const sample of reference.cases) {
    it(`matches the reference: version ${sample.version}-${sample.level}, mask ${sample.mask}`, () => {
      const code = encodeQr(sample.text, { level: sample.level, mask: sample.mask });
      expect(code.version).toBe(sample.version);
      expect(rowsOf(code)).toEqual(sample.rows);
    });
  }

  it('picks a mask by itself, and the finder patterns stay where a reader looks', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const code = encodeQr(text);
        expect(code.size).toBe(code.version * 4 + 17);
        // The top-left finder: a dark 7×7 ring, a light ring, a dark 3×3 core.
        for (const [x, y, dark] of [
          [0, 0, true],
          [6, 6, true],
          [1, 1, false],
          [3, 3, true],
          [7, 7, false],
        ] as const) {
          expect(code.dark(x, y)).toBe(dark);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('refuses what no version holds', () => {
    expect(() => encodeQr('x'.repeat(3000), { level: 'H' })).toThrow(QrTooLongError);
  });

  it('draws an SVG of the dark modules with a quiet zone', () => {
    const svg = qrSvg(encodeQr('HELLO okno', { mask: 2 }), 4, 'QR <техник>');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 29 29" width="116"/);
    expect(svg).toContain('<title>QR &lt;техник></title>');
    expect(svg).toContain('M4 4h1v1h-1z');
  });
});
