import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ContentAssignment } from '../../../kiosk-config/src/content/content-assignment';
import { ContentStateReport } from '../../../kiosk-config/src/content/content-state';
import { releaseTargetName } from '../../../kiosk-config/src/content/release-manifest';
import type { OutboxItem } from '../../../kiosk-config/src/hub/hub-api';
import { hubEndpoints } from '../../../kiosk-config/src/hub/hub-endpoints';
import { releaseForKiosk } from '../../content/content-director';
import type { ContentChannel } from '../../content/content-publisher';
import { sendHubError } from '../hub-errors';
import type { AuthenticatedKiosk, KioskAuth } from '../kiosk-auth';
import { gzipAnswer } from './gzip-answer';
import type { HubFastify } from './hub-routes';
import { registerEndpoint } from './register-endpoint';

/**
 * The content channel's kiosk endpoints (docs/operations/content.md): the TUF metadata, release
 * manifests and blobs as files of the repository, and the director's assignment. Everything
 * served is signed (or chosen among signed releases), so these routes only need to be fast,
 * resumable and cache-friendly; the kiosk verifies every byte. Metadata and release manifests go
 * gzipped to a kiosk that accepts it (Node's fetch does): they are a release's overhead on the link.
 */
export function registerContentRoutes(app: HubFastify, auth: KioskAuth, channel: ContentChannel): void {
  registerEndpoint(app, hubEndpoints.contentMetadata, { kiosk: auth }, async (request, typedReply) => {
    const reply = fileReply(typedReply);
    const path = channel.repo.metadataPath(request.params.name);
    const bytes = path === undefined ? undefined : readIfExists(path);
    if (bytes === undefined) return notFound(reply, 'no such metadata file');
    const answer = gzipAnswer(bytes, request.headers['accept-encoding']);
    reply.header('content-type', 'application/json').header('vary', 'accept-encoding');
    if (request.params.name === 'timestamp.json') {
      // The only file whose content changes under the same name: polled with its ETag (one per encoding).
      const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 32);
      const etag = `"${hash}${answer.encoding === undefined ? '' : `-${answer.encoding}`}"`;
      reply.header('etag', etag).header('cache-control', 'no-cache');
      if (matchesEtag(request, etag)) return reply.code(304).send();
    } else {
      reply.header('cache-control', 'public, max-age=31536000, immutable');
    }
    return sendAnswer(reply, answer);
  });

  registerEndpoint(app, hubEndpoints.contentTarget, { kiosk: auth }, async (request, typedReply) => {
    const reply = fileReply(typedReply);
    const path = channel.repo.releasePath(`releases/${request.params.file}`);
    const bytes = path === undefined ? undefined : readIfExists(path);
    if (bytes === undefined) return notFound(reply, 'no such release');
    reply
      .header('content-type', 'application/json')
      .header('vary', 'accept-encoding')
      .header('cache-control', 'public, max-age=31536000, immutable');
    return sendAnswer(reply, gzipAnswer(bytes, request.headers['accept-encoding']));
  });

  registerEndpoint(app, hubEndpoints.contentBlob, { kiosk: auth }, async (request, typedReply) => {
    const reply = fileReply(typedReply);
    const { sha256 } = request.params;
    const path = channel.repo.blobPath(sha256);
    const size = path === undefined ? undefined : sizeIfExists(path);
    if (path === undefined || size === undefined) return notFound(reply, 'no such blob');
    const etag = `"${sha256}"`;
    reply
      .header('etag', etag)
      .header('accept-ranges', 'bytes')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('content-type', 'application/octet-stream');
    if (matchesEtag(request, etag)) return reply.code(304).send();
    const range = requestedRange(request, etag, size);
    if (range === 'unsatisfiable') {
      reply
        .code(416)
        .header('content-range', `bytes */${size}`)
        .header('content-type', 'application/json; charset=utf-8');
      return reply.send({ code: 'bad_request', message: `the range starts past the end (${size} bytes)` });
    }
    if (range === undefined) return reply.header('content-length', size).send(createReadStream(path));
    return reply
      .code(206)
      .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
      .header('content-length', range.end - range.start + 1)
      .send(createReadStream(path, range));
  });

  registerEndpoint(app, hubEndpoints.contentAssignment, { kiosk: auth }, async (request, reply) => {
    const release = await releaseForKiosk(channel.store, auth.kioskOf(request));
    const answer: ContentAssignment =
      release === undefined
        ? { releaseTarget: null }
        : { releaseTarget: releaseTargetName(release.releaseId), version: release.version };
    const etag = `"${release?.releaseId ?? 'none'}"`;
    reply.header('etag', etag).header('cache-control', 'private, no-cache');
    // 304 has no body, so no schema: sent like a file answer.
    if (matchesEtag(request, etag)) return fileReply(reply).code(304).send();
    return answer;
  });
}

/** Keeps each kiosk's latest `content.state` (the outbox checked the payloads already; parsed again for their type). */
export function contentStateRecorder(
  channel: ContentChannel,
): (kiosk: AuthenticatedKiosk, items: readonly OutboxItem[], receivedAt: string) => Promise<void> {
  return async (kiosk, items, receivedAt) => {
    // In order: the store keeps the latest of one kiosk's reports by their time, equal times by arrival.
    for (const item of items) {
      const report = ContentStateReport.safeParse(item.payload);
      if (report.success) await channel.store.recordKioskState(kiosk.id, report.data, receivedAt);
    }
  };
}

/**
 * The reply of a route that answers with a file: its table entry declares only its JSON error
 * answers (a file body has no schema to serialize by), so the body is sent through the untyped reply.
 */
function fileReply(reply: unknown): FastifyReply {
  return reply as FastifyReply;
}

/** A JSON file's bytes, gzipped when the kiosk accepts it (the kiosk checks length and hash of the decoded bytes). */
function sendAnswer(reply: FastifyReply, answer: { body: Buffer; encoding: string | undefined }): FastifyReply {
  if (answer.encoding !== undefined) reply.header('content-encoding', answer.encoding);
  return reply.send(answer.body);
}

function notFound(reply: FastifyReply, message: string): FastifyReply {
  return sendHubError(reply, { code: 'not_found', message });
}

function matchesEtag(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  return header?.split(',').some((tag) => tag.trim() === etag) === true;
}

/**
 * The single byte range asked for (`bytes=N-` or `bytes=N-M`), honoured only when `If-Range`
 * is absent or names this file's ETag (otherwise the kiosk's partial is of another file: it
 * gets the whole one). A malformed or multi-range header is ignored, as RFC 9110 allows.
 */
function requestedRange(
  request: FastifyRequest,
  etag: string,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | undefined {
  const header = request.headers.range;
  if (header === undefined) return undefined;
  const ifRange = request.headers['if-range'];
  if (ifRange !== undefined && ifRange !== etag) return undefined;
  const match = /^bytes=(\d{1,15})-(\d{0,15})$/.exec(header.trim());
  if (match === null) return undefined;
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size) return 'unsatisfiable';
  if (end < start) return undefined;
  return { start, end };
}

function readIfExists(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

function sizeIfExists(path: string): number | undefined {
  try {
    const stat = statSync(path);
    return stat.isFile() ? stat.size : undefined;
  } catch {
    return undefined;
  }
}
