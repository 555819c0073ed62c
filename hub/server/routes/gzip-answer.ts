import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

/**
 * gzip for the content channel's small JSON files (TUF metadata, release manifests): a manifest
 * of 60 files is mostly hex hashes, which gzip halves, and those bytes are a release's overhead
 * on a rural link. Blobs are never compressed (media is compressed already, and ranges address
 * the file's own bytes).
 */

/** Files under this size are sent as they are: gzip's header would eat the gain. */
const MIN_GZIP_BYTES = 256;
/** Compressed files kept (by the sha256 of their bytes): the metadata and manifests of the newest releases. */
const CACHE_ENTRIES = 128;

const cache = new Map<string, Buffer>();

/** Whether an `Accept-Encoding` header accepts gzip (`gzip`, or `*`, with a q-value above 0). */
export function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false;
  return header.split(',').some((part) => {
    const [name = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (name !== 'gzip' && name !== '*') return false;
    const q = params.find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/** The bytes to send and their encoding: gzip when the client accepts it and the file is big enough. */
export function gzipAnswer(
  bytes: Buffer,
  acceptEncoding: string | undefined,
): { body: Buffer; encoding: 'gzip' | undefined } {
  if (bytes.length < MIN_GZIP_BYTES || !acceptsGzip(acceptEncoding)) return { body: bytes, encoding: undefined };
  const key = createHash('sha256').update(bytes).digest('hex');
  let compressed = cache.get(key);
  if (compressed === undefined) {
    compressed = gzipSync(bytes, { level: 9 });
    if (cache.size >= CACHE_ENTRIES) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    cache.set(key, compressed);
  }
  if (compressed.length >= bytes.length) return { body: bytes, encoding: undefined };
  return { body: compressed, encoding: 'gzip' };
}
