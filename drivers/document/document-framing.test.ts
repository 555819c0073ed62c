import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DocumentFrameError, DocumentFramer, type DocumentFraming, UNREADABLE_CHAR } from './document-framing';

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

function frame(framing: DocumentFraming, chunks: Array<string | Uint8Array>, maxDocumentBytes?: number) {
  const errors: DocumentFrameError[] = [];
  const framer = new DocumentFramer({
    framing,
    onError: (e) => errors.push(e),
    ...(maxDocumentBytes === undefined ? {} : { maxDocumentBytes }),
  });
  const documents = chunks.flatMap((chunk) => framer.push(typeof chunk === 'string' ? ascii(chunk) : chunk));
  return { documents, errors, framer };
}

const CR_BLANK: DocumentFraming = { lineTerminator: 'CR', documentTerminator: 'blank-line' };
const CRLF_BLANK: DocumentFraming = { lineTerminator: 'CRLF', documentTerminator: 'blank-line' };
const LF_ETX: DocumentFraming = { lineTerminator: 'LF', documentTerminator: 'ETX' };

describe('DocumentFramer', () => {
  it('ends lines at CR and a document at a blank line', () => {
    expect(frame(CR_BLANK, ['AAA\rBBB\r\rCCC\r\r']).documents).toEqual([['AAA', 'BBB'], ['CCC']]);
  });

  it('ends lines at CRLF and a document at a blank line', () => {
    expect(frame(CRLF_BLANK, ['AAA\r\nBBB\r\n\r\n']).documents).toEqual([['AAA', 'BBB']]);
  });

  it('tolerates CRLF from a reader set to CR, and CR from one set to LF', () => {
    expect(frame(CR_BLANK, ['AAA\r\nBBB\r\n\r\n']).documents).toEqual([['AAA', 'BBB']]);
    expect(frame(LF_ETX, ['\u0002AAA\r\nBBB\r\n\u0003']).documents).toEqual([['AAA', 'BBB']]);
  });

  it('in ETX framing, ignores blank lines and ends the document at ETX, last line unterminated or not', () => {
    expect(frame(LF_ETX, ['\u0002AAA\n\nBBB\u0003', '\u0002CCC\n\u0003']).documents).toEqual([['AAA', 'BBB'], ['CCC']]);
  });

  it('drops a partial document when STX starts a new one', () => {
    expect(frame(LF_ETX, ['\u0002AAA\nBB', '\u0002CCC\n\u0003']).documents).toEqual([['CCC']]);
  });

  it('keeps a partial document until its end arrives, and says so', () => {
    const { documents, framer } = frame(CR_BLANK, ['AAA\rBB']);
    expect(documents).toEqual([]);
    expect(framer.hasPartialDocument).toBe(true);
    expect(framer.push(ascii('B\r\r'))).toEqual([['AAA', 'BBB']]);
    expect(framer.hasPartialDocument).toBe(false);
  });

  it('keeps the column of a byte no MRZ can hold', () => {
    expect(frame(CR_BLANK, [Uint8Array.of(0x41, 0xd0, 0x9f, 0x42, 0x00, 0x0d, 0x0d)]).documents).toEqual([
      [`A${UNREADABLE_CHAR}${UNREADABLE_CHAR}B${UNREADABLE_CHAR}`],
    ]);
  });

  it('drops an over-long document up to its end, reports it once, and reads the next one', () => {
    const { documents, errors } = frame(CR_BLANK, ['0123456789\rABCDEFGHIJ\r\rSHORT\r\r'], 16);
    expect(documents).toEqual([['SHORT']]);
    expect(errors).toEqual([{ code: 'document_too_long', maxBytes: 16 }]);
  });

  it('forgets a partial document on reset', () => {
    const { framer } = frame(CR_BLANK, ['AAA\rBBB']);
    framer.reset();
    expect(framer.hasPartialDocument).toBe(false);
    expect(framer.push(ascii('CCC\r\r'))).toEqual([['CCC']]);
  });

  it('frames the same documents however the bytes are split', () => {
    const mrzLine = fc.stringMatching(/^[A-Z0-9<]{1,44}$/);
    fc.assert(
      fc.property(
        fc.array(fc.array(mrzLine, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.constantFrom(CR_BLANK, CRLF_BLANK, LF_ETX),
        (documents, cuts, framing) => {
          const end = framing.lineTerminator === 'CR' ? '\r' : framing.lineTerminator === 'CRLF' ? '\r\n' : '\n';
          const text = documents
            .map((lines) =>
              framing.documentTerminator === 'ETX'
                ? `\u0002${lines.join(end)}\u0003`
                : `${lines.join(end)}${end}${end}`,
            )
            .join('');
          const bytes = ascii(text);
          const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
          const chunks = [0, ...points].map((start, i) => bytes.slice(start, points[i] ?? bytes.length));
          expect(frame(framing, chunks).documents).toEqual(documents);
        },
      ),
    );
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2000 }),
        fc.constantFrom(CR_BLANK, CRLF_BLANK, LF_ETX),
        (bytes, framing) => {
          const { documents } = frame(framing, [bytes], 128);
          for (const lines of documents) expect(lines.every((line) => line.length > 0)).toBe(true);
        },
      ),
    );
  });
});
