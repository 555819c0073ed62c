import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ServerSentEvent, SSE_MAX_LINE, SseParser } from './sse-parser';

function parseAll(pieces: readonly string[]): ServerSentEvent[] {
  const events: ServerSentEvent[] = [];
  const parser = new SseParser((event) => events.push(event));
  for (const piece of pieces) parser.push(piece);
  return events;
}

/** Splits `text` at the given cut points (any, sorted and deduplicated). */
function splitAt(text: string, cuts: readonly number[]): string[] {
  const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let start = 0;
  for (const point of points) {
    pieces.push(text.slice(start, point));
    start = point;
  }
  pieces.push(text.slice(start));
  return pieces;
}

describe('SseParser', () => {
  it('reads named events, joins data lines, skips comments and unknown fields', () => {
    const stream = ': ping\n\nevent: content\ndata: {"version":3}\n\nid: 7\nretry: 10\ndata: a\ndata:b\n\n';
    expect(parseAll([stream])).toEqual([
      { event: 'content', data: '{"version":3}' },
      { event: 'message', data: 'a\nb' },
    ]);
  });

  it('accepts CRLF, CR and LF line endings, a CRLF split between its two characters', () => {
    expect(parseAll(['event: content\r', '\ndata: 1\r\r'])).toEqual([{ event: 'content', data: '1' }]);
    expect(parseAll(['data: 1\r\n\r\ndata: 2\n\n'])).toEqual([
      { event: 'message', data: '1' },
      { event: 'message', data: '2' },
    ]);
  });

  it('does not dispatch an event without data, nor one the stream never finished', () => {
    expect(parseAll(['event: content\n\n', 'event: content\ndata: 9\n'])).toEqual([]);
  });

  it('reset() forgets a half-received event', () => {
    const events: ServerSentEvent[] = [];
    const parser = new SseParser((event) => events.push(event));
    parser.push('event: content\ndata: 1');
    parser.reset();
    parser.push('\n\ndata: 2\n\n');
    expect(events).toEqual([{ event: 'message', data: '2' }]);
  });

  it('drops a line longer than its cap instead of buffering it, and goes on', () => {
    const huge = `data: ${'x'.repeat(SSE_MAX_LINE + 10)}`;
    const pieces = [huge.slice(0, 1000), huge.slice(1000), '\nevent: content\ndata: 5\n\n'];
    expect(parseAll(pieces)).toEqual([{ event: 'content', data: '5' }]);
  });

  it('fuzz: never throws on garbage, however it is split', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 200 }), { maxLength: 20 }), (pieces) => {
        expect(() => parseAll(pieces)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });

  it('fuzz: a stream split at any points yields the same events as in one piece', () => {
    const line = fc.oneof(
      fc.constantFrom('', ': ping', 'event: content', 'event:x', 'data', 'retry: 5'),
      fc.string({ maxLength: 12 }).map((text) => `data: ${text.replace(/[\r\n]/g, '')}`),
    );
    const ending = fc.constantFrom('\n', '\r', '\r\n');
    const stream = fc
      .array(fc.tuple(line, ending), { maxLength: 30 })
      .map((lines) => lines.map(([text, end]) => text + end).join(''));
    fc.assert(
      fc.property(stream, fc.array(fc.nat(), { maxLength: 10 }), (text, cuts) => {
        expect(parseAll(splitAt(text, cuts))).toEqual(parseAll([text]));
      }),
      { numRuns: 500 },
    );
  });
});
