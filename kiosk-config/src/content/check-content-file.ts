import type { z } from 'zod';
import { fail, ok, type Result } from '../contract/result';
import { CONTENT_JSON_SCHEMAS, type ContentJsonKind } from './content-schemas';
import { type ImageInfo, sniffImage, sniffVideo, type VideoFormat } from './media-sniff';
import type { ContentKind } from './release-manifest';

/**
 * One check per content file, the same on both ends: the hub refuses a release with a bad file
 * before signing it, and the kiosk checks each file again before it enters a release (a signed
 * file is only as good as the publisher's machine).
 */

const KiB = 1024;
const MiB = 1024 * KiB;

/** The most bytes a file of each kind may have. */
export const CONTENT_SIZE_CAPS: Readonly<Record<ContentKind, number>> = {
  catalogue: 512 * KiB,
  texts: 256 * KiB,
  announcements: 64 * KiB,
  office: 16 * KiB,
  'ticket-branding': 8 * KiB,
  help: 256 * KiB,
  'attract-playlist': 32 * KiB,
  image: 8 * MiB,
  video: 100 * MiB,
};

/** The largest image the screen (1920×1080 portrait or landscape, or a logo) needs, with room. */
export const IMAGE_MAX_SIDE = 4096;
/** The most pixels of an image: a decoded 4096×4096 RGBA image is 64 MiB of the kiosk's memory. */
export const IMAGE_MAX_PIXELS = 4096 * 4096;

/** Why a content file is refused. */
export type ContentProblemCode =
  | 'empty'
  | 'too_large'
  | 'invalid_json'
  | 'invalid_schema'
  | 'unsupported_media'
  | 'image_dimensions';

/** A checked file: its kind and what the check learned (the parsed JSON, the media's format). */
export type CheckedContent =
  | { kind: ContentJsonKind; json: unknown }
  | { kind: 'image'; image: ImageInfo }
  | { kind: 'video'; video: VideoFormat };

const isJsonKind = (kind: ContentKind): kind is ContentJsonKind => Object.hasOwn(CONTENT_JSON_SCHEMAS, kind);

/**
 * Checks one file's bytes as content of `kind`: its size cap first (nothing is parsed past
 * it), then its JSON schema (UTF-8, strict), or its media header (magic bytes, container,
 * dimensions). Never throws.
 */
export function checkContentFile(kind: ContentKind, bytes: Uint8Array): Result<CheckedContent, ContentProblemCode> {
  if (bytes.length === 0) return fail('empty', 'the file is empty');
  const cap = CONTENT_SIZE_CAPS[kind];
  if (bytes.length > cap) return fail('too_large', `${bytes.length} bytes, over the ${kind} cap of ${cap}`);
  if (isJsonKind(kind)) return checkJson(kind, bytes);
  if (kind === 'image') {
    const image = sniffImage(bytes);
    if (!image.ok) return fail('unsupported_media', image.reason);
    const { width, height } = image.value;
    if (
      width < 1 ||
      height < 1 ||
      width > IMAGE_MAX_SIDE ||
      height > IMAGE_MAX_SIDE ||
      width * height > IMAGE_MAX_PIXELS
    ) {
      return fail('image_dimensions', `${width}×${height}, outside 1…${IMAGE_MAX_SIDE} per side`);
    }
    return ok({ kind, image: image.value });
  }
  const video = sniffVideo(bytes);
  return video.ok ? ok({ kind, video: video.value }) : fail('unsupported_media', video.reason);
}

function checkJson(kind: ContentJsonKind, bytes: Uint8Array): Result<CheckedContent, ContentProblemCode> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes));
  } catch (error) {
    // Invalid UTF-8, bad JSON, or nesting deep enough to exhaust the stack: all the same to a publisher.
    return fail('invalid_json', `not JSON in UTF-8: ${String(error).slice(0, 160)}`);
  }
  const checked = CONTENT_JSON_SCHEMAS[kind].safeParse(parsed);
  if (!checked.success) return fail('invalid_schema', firstIssue(checked.error));
  return ok({ kind, json: checked.data });
}

/** The first schema issue as one short line: `services.0.prefix: prefix must be …`. */
function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'invalid';
  const where = issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
  return `${where}${issue.message}`.slice(0, 200);
}
