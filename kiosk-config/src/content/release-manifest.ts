import { z } from 'zod';

/**
 * A content release as the kiosk receives it: one small JSON file, itself a signed TUF target
 * (`releases/<releaseId>.json`), that names every file of the release by the sha256 of its bytes.
 * The files themselves are not listed by the targets role: the manifest's signed length and sha256
 * of each is what the kiosk checks them against, and they are served by hash (`blobs/<sha256>`), so
 * the same file in many releases is stored and fetched once. Shared by the hub (which writes it) and
 * the kiosk (which trusts it only after TUF has verified its hash and length).
 */

/** The kinds of content a release may carry; each has its own schema or media check and size cap. */
export const ContentKind = z.enum([
  /** Categories, services, fees, document lists, hours (the `CatalogueFile` schema). */
  'catalogue',
  /** Screen texts by language, overriding the built-in Russian. */
  'texts',
  /** The office's announcements (news and notices) on the home screen. */
  'announcements',
  /** The office's details: address, phone, hours. */
  'office',
  /** The ticket's logo and footer lines. */
  'ticket-branding',
  /** Help pages. */
  'help',
  /** The attract loop's playlist (which images and videos, how long each). */
  'attract-playlist',
  /** An image (PNG, JPEG or WebP), checked by magic bytes, dimensions and size. */
  'image',
  /** A short video (MP4 or WebM), checked by container and size. */
  'video',
]);
export type ContentKind = z.infer<typeof ContentKind>;

/** A lower-case sha256 in hex: the name of a blob. */
export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 in lower-case hex');

/**
 * A path inside a release: relative, `/`-separated, each segment of letters, digits, `-`, `_`
 * and one inner `.`; no `..`, no absolute path, no backslash, no empty segment. The kiosk never
 * writes a file by this name (blobs are stored by hash): it is how the release's JSON files refer
 * to each other (a playlist names its images), so a hostile name can point at nothing outside.
 */
export const ContentPath = z
  .string()
  .min(1)
  .max(200)
  .regex(
    /^(?:[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)?\/){0,4}[A-Za-z0-9_-]+(?:\.[A-Za-z0-9]{1,8})?$/,
    'a relative path of plain segments (letters, digits, - and _), no .. and no leading /',
  );

/** One file of a release. */
export const ReleaseFile = z
  .object({
    path: ContentPath,
    kind: ContentKind,
    sha256: Sha256Hex,
    /** Bytes. */
    length: z
      .number()
      .int()
      .positive()
      .max(256 * 1024 * 1024),
  })
  .strict();
export type ReleaseFile = z.infer<typeof ReleaseFile>;

/** A release: versions only move forward (a rollback is a new version with the old files). */
export const ReleaseManifest = z
  .object({
    schema: z.literal('okno.content-release/1'),
    /** Increases with every release of the same audience; a kiosk never accepts a lower one. */
    version: z.number().int().positive(),
    /** Unique per release (`2026-12-06-office-berezovka-7`): the target's name is `releases/<id>.json`. */
    releaseId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/),
    createdAt: z.iso.datetime({ offset: true }),
    /** Who the release is for: one office, a named group, or all. */
    audience: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('office'), officeId: z.string().min(1).max(64) }).strict(),
      z.object({ kind: z.literal('group'), group: z.string().min(1).max(64) }).strict(),
      z.object({ kind: z.literal('all') }).strict(),
    ]),
    files: z
      .array(ReleaseFile)
      .max(2000)
      .refine((files) => new Set(files.map((f) => f.path)).size === files.length, 'each path once'),
  })
  .strict();
export type ReleaseManifest = z.infer<typeof ReleaseManifest>;

/** The TUF target name of a release manifest. */
export function releaseTargetName(releaseId: string): string {
  return `releases/${releaseId}.json`;
}

/** The name of a blob in the repository (`blobs/<sha256>`; a TUF target in the first layout, no longer listed). */
export function blobTargetName(sha256: string): string {
  return `blobs/${sha256}`;
}
