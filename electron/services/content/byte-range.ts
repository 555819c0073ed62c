/**
 * The `Range` request header (RFC 9110 §14) as the kiosk's own content server answers it, for the
 * screens' `/content/<sha256>` files: Chromium's media stack asks for byte ranges to seek in an
 * MP4 or WebM (and for the index at the end of a file), and plays a video it can only read
 * whole badly or not at all.
 *
 * One range only: `bytes=a-b`, `bytes=a-` and the suffix `bytes=-n`. A header we do not honour
 * (another unit, several ranges, garbage) is ignored and the whole file is sent, as the RFC
 * allows; a range that starts past the end is `unsatisfiable` (416).
 */

/** What to answer a request for a file of `size` bytes. */
export type ByteRangeAnswer =
  /** 200 with the whole file (no `Range`, or one we ignore). */
  | { kind: 'whole' }
  /** 206 with bytes `start`…`end`, both included. */
  | { kind: 'partial'; start: number; end: number }
  /** 416: no byte of the file is in the range. */
  | { kind: 'unsatisfiable' };

/** Digits of a byte position: 15 of them keep every value a safe integer. */
const SINGLE_RANGE = /^bytes[ \t]*=[ \t]*(\d{0,15})[ \t]*-[ \t]*(\d{0,15})[ \t]*$/i;

/**
 * Resolves a `Range` header against a file of `size` bytes. Never throws: anything it does not
 * understand answers `whole`.
 */
export function resolveByteRange(header: string | null | undefined, size: number): ByteRangeAnswer {
  if (header === null || header === undefined) return { kind: 'whole' };
  const match = SINGLE_RANGE.exec(header);
  if (match === null) return { kind: 'whole' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'whole' };
  if (first === '') {
    // A suffix: the last n bytes (the whole file when it is shorter); none of nothing.
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Number(last);
  // `bytes=5-2` is not a valid range: ignored, so the whole file (RFC 9110 §14.1.1).
  if (last !== '' && end < start) return { kind: 'whole' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end: Math.min(end, size - 1) };
}

/**
 * Whether a `Range` applies under `If-Range`: only when it is absent or names this file's
 * strong ETag; otherwise the client's copy is of another file and it gets the whole one.
 */
export function rangeApplies(ifRange: string | null | undefined, etag: string): boolean {
  return ifRange === null || ifRange === undefined || ifRange.trim() === etag;
}

/** The headers of an answer for a file of `size` bytes: `Content-Range`/`Content-Length`, status and the byte span. */
export function rangeResponseHead(
  answer: ByteRangeAnswer,
  size: number,
): { status: 200 | 206 | 416; headers: Record<string, string>; span?: { start: number; end: number } } {
  switch (answer.kind) {
    case 'whole':
      return {
        status: 200,
        headers: { 'Content-Length': String(size) },
        ...(size === 0 ? {} : { span: { start: 0, end: size - 1 } }),
      };
    case 'partial':
      return {
        status: 206,
        headers: {
          'Content-Range': `bytes ${answer.start}-${answer.end}/${size}`,
          'Content-Length': String(answer.end - answer.start + 1),
        },
        span: { start: answer.start, end: answer.end },
      };
    case 'unsatisfiable':
      return { status: 416, headers: { 'Content-Range': `bytes */${size}`, 'Content-Length': '0' } };
  }
}
