import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScanSuffix } from '../../kiosk-config/src/config/kiosk-config';
import type { ScannedCode } from './barcode-scanner';
import { type ScanFrameError, ScanFramer, type ScanFramerOptions } from './scan-framing';

const SUFFIX: Record<ScanSuffix, string> = { CR: '\r', LF: '\n', CRLF: '\r\n', TAB: '\t' };
const utf8 = (text: string) => new TextEncoder().encode(text);

/** The text and symbology of a code (its bytes are checked where they matter). */
const withoutBytes = ({ bytes: _bytes, ...code }: ScannedCode): ScannedCode => code;

function frame(suffix: ScanSuffix, chunks: Array<string | Uint8Array>, maxFrameBytes?: number) {
  const errors: ScanFrameError[] = [];
  const framer = new ScanFramer({
    suffix,
    onError: (e) => errors.push(e),
    ...(maxFrameBytes === undefined ? {} : { maxFrameBytes }),
  });
  const codes = chunks
    .flatMap((chunk) => framer.push(typeof chunk === 'string' ? utf8(chunk) : chunk))
    .map(withoutBytes);
  return { codes, errors };
}

/** A framer with silence framing on a clock the test moves. */
function silenceFramer(options: Omit<ScanFramerOptions, 'clock' | 'silenceMs'> = {}) {
  let now = 1000;
  const framer = new ScanFramer({ ...options, silenceMs: 50, clock: () => now });
  return {
    framer,
    advance: (ms: number) => {
      now += ms;
    },
    push: (chunk: string | Uint8Array) =>
      framer.push(typeof chunk === 'string' ? utf8(chunk) : chunk).map(withoutBytes),
    flush: () => framer.flushIfSilent().map(withoutBytes),
  };
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

describe('ScanFramer with silence framing', () => {
  it('ends a code after the gap, not before', () => {
    const { push, advance, flush, framer } = silenceFramer();
    expect(push('46070')).toEqual([]);
    advance(10);
    expect(push('01234567')).toEqual([]);
    expect(framer.silenceDeadline).toBe(1060);
    advance(49);
    expect(flush()).toEqual([]);
    advance(1);
    expect(flush()).toEqual([{ text: '4607001234567' }]);
    expect(framer.silenceDeadline).toBeNull();
    expect(flush()).toEqual([]);
  });

  it('ends the pending code when the next one arrives after a gap, without waiting for the timer', () => {
    const { push, advance } = silenceFramer();
    push(']Q1first');
    advance(200);
    expect(push('second')).toEqual([{ text: 'first', symbology: ']Q1' }]);
  });

  it('keeps CR, LF and TAB inside a code, and drops them at its end', () => {
    const { push, advance, flush } = silenceFramer();
    push('a\tb\r\nc\r\n');
    advance(60);
    expect(flush()).toEqual([{ text: 'a\tb\r\nc' }]);
  });

  it('drops a code over the limit until the silence, then carries on', () => {
    const errors: ScanFrameError[] = [];
    const { push, advance, flush } = silenceFramer({ maxFrameBytes: 4, onError: (e) => errors.push(e) });
    push('123456789');
    advance(60);
    expect(flush()).toEqual([]);
    push('ok');
    advance(60);
    expect(flush()).toEqual([{ text: 'ok' }]);
    expect(errors).toEqual([{ code: 'frame_too_long', maxBytes: 4 }]);
  });

  it('never throws, and delivers every byte sent in bursts apart (minus line ends) as one code each', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.nat(120)), { maxLength: 15 }),
        (bursts) => {
          const { framer, advance } = silenceFramer({ charset: 'windows-1251' });
          const codes: ScannedCode[] = [];
          for (const [bytes, gap] of bursts) {
            advance(gap);
            codes.push(...framer.flushIfSilent(), ...framer.push(bytes));
          }
          advance(1000);
          codes.push(...framer.flushIfSilent());
          for (const code of codes) expect(code.text.length).toBeGreaterThan(0);
          expect(codes.length).toBeLessThanOrEqual(bursts.length);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('ScanFramer: prefix, charset, bytes', () => {
  it('strips the configured prefix, before or after the AIM identifier', () => {
    const framer = new ScanFramer({ suffix: 'CR', prefix: '@@' });
    expect(framer.push(utf8('@@]Q1one\r]Q1@@two\r@three\r')).map(withoutBytes)).toEqual([
      { text: 'one', symbology: ']Q1' },
      { text: 'two', symbology: ']Q1' },
      { text: '@three' },
    ]);
  });

  it('decodes Windows-1251 whole codes, letters split between chunks included', () => {
    const framer = new ScanFramer({ suffix: 'CRLF', charset: 'windows-1251' });
    // «Заявка №7» in Windows-1251.
    const bytes = Uint8Array.of(0xc7, 0xe0, 0xff, 0xe2, 0xea, 0xe0, 0x20, 0xb9, 0x37, 0x0d, 0x0a);
    const codes = [bytes.slice(0, 3), bytes.slice(3)].flatMap((chunk) => framer.push(chunk));
    expect(codes.map(withoutBytes)).toEqual([{ text: 'Заявка №7' }]);
  });

  it("keeps the code's own bytes, without prefix, identifier and suffix", () => {
    const framer = new ScanFramer({ suffix: 'CR', prefix: '#' });
    const [code] = framer.push(Uint8Array.of(0x23, 0x5d, 0x51, 0x31, 0x53, 0x54, 0xc0, 0x0d));
    expect(code?.bytes).toEqual(Uint8Array.of(0x53, 0x54, 0xc0));
    expect(code?.symbology).toBe(']Q1');
  });
});
