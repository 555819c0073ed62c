import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { rangeApplies, rangeResponseHead, resolveByteRange } from './byte-range';
import type { ServedContentFile } from './content-view';

/** How a content file is answered: status, headers, and which bytes of the blob follow (none for a 416 or an empty file). */
export interface ContentFileAnswer {
  status: 200 | 206 | 416;
  headers: Record<string, string>;
  span?: { start: number; end: number };
}

/**
 * The answer to a `GET /content/<sha256>` for a file of the current release, by both hosts (the
 * browser host's HTTP server, the Electron shell's `app:` scheme): its sniffed type, `Range`
 * honoured (`Accept-Ranges: bytes`), and its hash as a strong ETag, so `If-Range` works too.
 */
export function contentFileAnswer(
  found: ServedContentFile,
  sha256: string,
  request: { range: string | null | undefined; ifRange: string | null | undefined },
): ContentFileAnswer {
  const etag = `"${sha256}"`;
  const range = rangeApplies(request.ifRange, etag)
    ? resolveByteRange(request.range, found.length)
    : { kind: 'whole' as const };
  const head = rangeResponseHead(range, found.length);
  return {
    status: head.status,
    headers: { 'Content-Type': found.contentType, 'Accept-Ranges': 'bytes', ETag: etag, ...head.headers },
    ...(head.span === undefined ? {} : { span: head.span }),
  };
}

/** The blob's bytes of an answer's span, streamed from the store. */
export function readSpan(found: ServedContentFile, span: { start: number; end: number }): Readable {
  return createReadStream(found.file, { start: span.start, end: span.end });
}

/**
 * The same answer as a fetch `Response` (the Electron shell's protocol handler answers with one):
 * the body streamed from the store, none for HEAD, a 416 or an empty file.
 */
export function contentFileResponse(found: ServedContentFile, sha256: string, request: Request): Response {
  const answer = contentFileAnswer(found, sha256, {
    range: request.headers.get('range'),
    ifRange: request.headers.get('if-range'),
  });
  const body =
    request.method === 'HEAD' || answer.span === undefined
      ? null
      : (Readable.toWeb(readSpan(found, answer.span)) as ReadableStream<Uint8Array>);
  return new Response(body, { status: answer.status, headers: answer.headers });
}
