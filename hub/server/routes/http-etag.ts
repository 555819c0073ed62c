import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/** A strong ETag of a body: the first 128 bits of its SHA-256, quoted. */
export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body, 'utf8').digest('hex').slice(0, 32)}"`;
}

/**
 * Whether the request's If-None-Match names `etag`, by the weak comparison RFC 9110 asks of
 * If-None-Match: a proxy that compresses the answer (nginx's gzip) hands it on as `W/"…"`.
 */
export function ifNoneMatchHits(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (header === undefined) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}
