import { z } from 'zod';
import { Announcement, OfficeFile } from '../content/content-schemas';
import { ReleaseManifest } from '../content/release-manifest';

/** A release's id, as its manifest gives it. */
const ReleaseId = ReleaseManifest.shape.releaseId;

/** The host's address of a content file of the current release: `/content/<sha256>`. */
export const ContentFileUrl = z.string().regex(/^\/content\/[0-9a-f]{64}$/);

/** One item of the attract loop, ready to show: where its file is served, what it is, how long. */
export const AttractItemView = z
  .object({
    url: ContentFileUrl,
    kind: z.enum(['image', 'video']),
    seconds: z.number().int().min(1).max(600),
  })
  .strict();
export type AttractItemView = z.infer<typeof AttractItemView>;

/**
 * What the screens show from the current content release (`content.current`): empty lists and
 * no release when the kiosk has none, so the renderer falls back to its built-in Russian.
 */
export const ContentView = z
  .object({
    releaseId: ReleaseId.optional(),
    version: z.number().int().positive().optional(),
    /** Only those current now (between `from` and `until` when given). */
    announcements: z.array(Announcement).max(50),
    /** The release's texts by language and key (`{ ru: {…}, en: {…} }`), overriding the catalogs' (possibly empty). */
    texts: z.record(z.string().max(16), z.record(z.string(), z.string().max(2000))),
    office: OfficeFile.optional(),
    attract: z.array(AttractItemView).max(100),
  })
  .strict();
export type ContentView = z.infer<typeof ContentView>;

/** The renderer's verdict on a release on trial (`content.healthy`). */
export const ContentHealthReport = z
  .object({
    releaseId: ReleaseId,
    /** True: the home screen was drawn and every file it needed loaded. */
    ok: z.boolean(),
    /** What failed, when `ok` is false: a short technical line, never personal data. */
    problem: z.string().max(200).optional(),
  })
  .strict();
export type ContentHealthReport = z.infer<typeof ContentHealthReport>;
