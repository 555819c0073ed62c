import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScanSuffix } from '../../kiosk-config/src/config/kiosk-config';
import type { ScannedCode } from './barcode-scanner';
import { type ScanFrameError, ScanFramer } from './scan-framing';

const SUFFIX: Record<ScanSuffix, string> = { CR: '\r', LF: '\n', CRLF: '\r\n', TAB: '\t' };
const utf8 = (text: string) => new TextEncoder().encode(text);

function frame(suffix: ScanSuffix, chunks: Array<string | Uint8Array>, maxFrameBytes?: number) {
  const errors: ScanFrameError[] = [];
  const framer = new ScanFramer({
    suffix,
    onError: (e) => errors.push(e),
    ...(maxFrameBytes === undefined ? {} : { maxFrameBytes }),
  });
  const codes = chunks.flatMap((chunk) => framer.push(typeof chunk === 'string' ? utf8(chunk) : chunk));
  return { codes, errors };
}

describe('ScanFramer', () => {
  it.each(['CR', 'LF', 'CRLF', 'TAB'] as const)('splits codes at %s', (suffix) => {
    const s = SUFFIX[suffix];
    expect(frame(suffix, [`4607001234567${s}А-001${s}`]).codes).toEqual([{ text: '4607001234567' }, { text: 'А-001' }]);
  });

  it('keeps a partial code until its suffix arrives', () => {
    expect(frame('CR', ['12', '34']).codes).toEqual([]);
    expect(frame('CR', ['12', '34', '\r']).codes).toEqual([{ text: '1234' }]);
  });

  it('reads a Cyrillic letter split between chunks whole', () => {
    const bytes = utf8('Заявка 77\r');
    expect(frame('CR', [bytes.slice(0, 1), bytes.slice(1)]).codes).toEqual([{ text: 'Заявка 77' }]);
  });

  it('moves an AIM symbology identifier into symbology', () => {
    expect(frame('CR', [']Q1https://example.ru\r]E04607001234567\r']).codes).toEqual([
      { text: 'https://example.ru', symbology: ']Q1' },
      { text: '4607001234567', symbology: ']E0' },
    ]);
  });

  it('leaves text that only looks like an identifier alone', () => {
    expect(frame('CR', [']QA\r]\r']).codes).toEqual([{ text: ']QA' }, { text: ']' }]);
  });

  it('ignores empty frames and frames with only an identifier', () => {
    expect(frame('CRLF', ['\r\n\r\n]Q1\r\nX\r\n']).codes).toEqual([{ text: 'X' }]);
  });

  it('keeps GS separators of GS1 marking codes', () => {
    expect(frame('CR', ['0104600000000000215abc\u001d93dGVz\r']).codes).toEqual([
      { text: '0104600000000000215abc\u001d93dGVz' },
    ]);
  });

  it('tolerates CRLF from a scanner set to CR or LF', () => {
    expect(frame('CR', ['A\r\nB\r\n']).codes).toEqual([{ text: 'A' }, { text: 'B' }]);
    expect(frame('LF', ['A\r\nB\r\n']).codes).toEqual([{ text: 'A' }, { text: 'B' }]);
  });

  it('drops a frame over the limit up to the next suffix, reports it once, then carries on', () => {
    const { codes, errors } = frame('CR', ['x'.repeat(10), 'y'.repeat(10), '\rok\r'], 16);
    expect(codes).toEqual([{ text: 'ok' }]);
    expect(errors).toEqual([{ code: 'frame_too_long', maxBytes: 16 }]);
  });

  it('accepts a frame of exactly the limit, with the default of 4096 bytes', () => {
    const { codes, errors } = frame('CR', [`${'7'.repeat(4096)}\r${'8'.repeat(4097)}\r`]);
    expect(codes).toEqual([{ text: '7'.repeat(4096) }]);
    expect(errors).toHaveLength(1);
  });

  it('never throws on arbitrary bytes split at arbitrary points', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<ScanSuffix>('CR', 'LF', 'CRLF', 'TAB'),
        fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 20 }),
        fc.integer({ min: 1, max: 64 }),
        (suffix, chunks, maxFrameBytes) => {
          const { codes } = frame(suffix, chunks, maxFrameBytes);
          for (const code of codes) expect(code.text.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reassembles codes split at any point', () => {
    // Codes without the suffix characters, in any script; the framer must deliver them intact.
    const codeText = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
      .filter((t) => !/[\r\n\t]/.test(t) && !/^\][A-Za-z][0-9]/.test(t));
    const code = fc.record({ text: codeText, symbology: fc.option(fc.constantFrom(']Q1', ']E0', ']C1', ']d2')) });
    fc.assert(
      fc.property(
        fc.constantFrom<ScanSuffix>('CR', 'LF', 'CRLF', 'TAB'),
        fc.array(code, { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(2000), { maxLength: 30 }),
        (suffix, scanned, cuts) => {
          const bytes = utf8(scanned.map((c) => `${c.symbology ?? ''}${c.text}${SUFFIX[suffix]}`).join(''));
          const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
          const chunks: Uint8Array[] = [];
          let start = 0;
          for (const point of [...points, bytes.length]) {
            chunks.push(bytes.slice(start, point));
            start = point;
          }
          const expected: ScannedCode[] = scanned.map((c) =>
            c.symbology === null ? { text: c.text } : { text: c.text, symbology: c.symbology },
          );
          expect(frame(suffix, chunks).codes).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
