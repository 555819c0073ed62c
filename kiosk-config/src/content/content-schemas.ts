import { z } from 'zod';
import { CatalogueFile } from '../catalogue/catalogue';
import { WeeklyHours } from '../catalogue/working-hours';
import { ContentPath } from './release-manifest';

/**
 * The schemas of the JSON kinds of content (the media kinds are checked by `media-sniff.ts`).
 * Every one is strict (an unknown field is refused: a typo must not pass silently) and bounded
 * (counts and string lengths), so a hostile release cannot make the kiosk hold huge structures.
 */

/** A language tag the kiosk may show: `ru`, `en`, `tt`, `ba-RU`. */
const LanguageTag = z.string().regex(/^[a-z]{2,3}(?:-[A-Z]{2})?$/, 'a language tag such as "ru" or "ba-RU"');
/** A screen text's key: `home.title`, `ticket.taken_hint`. */
const TextKey = z.string().regex(/^[a-z][a-zA-Z0-9_]*(?:\.[a-z][a-zA-Z0-9_]*){0,4}$/, 'a dotted text key');

/** At most `max` entries in a record (zod's record has no count cap of its own). */
function atMostEntries(max: number) {
  return (record: Record<string, unknown>) => Object.keys(record).length <= max;
}

/** Screen texts by language, overriding the built-in Russian: `{ ru: { 'home.title': '…' } }`. */
export const TextsFile = z
  .record(
    LanguageTag,
    z.record(TextKey, z.string().max(2000)).refine(atMostEntries(2000), 'at most 2000 texts per language'),
  )
  .refine(atMostEntries(8), 'at most 8 languages');
export type TextsFile = z.infer<typeof TextsFile>;

/** One announcement on the home screen, shown between `from` and `until` when they are given. */
export const Announcement = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
    title: z.string().min(1).max(120),
    body: z.string().max(2000),
    from: z.iso.datetime({ offset: true }).optional(),
    until: z.iso.datetime({ offset: true }).optional(),
  })
  .strict()
  .refine((a) => a.from === undefined || a.until === undefined || Date.parse(a.from) < Date.parse(a.until), {
    message: '"from" must be before "until"',
  });
export type Announcement = z.infer<typeof Announcement>;

/** The office's announcements (news and notices), newest first as the office orders them. */
export const AnnouncementsFile = z
  .array(Announcement)
  .max(50)
  .refine((list) => new Set(list.map((a) => a.id)).size === list.length, 'each announcement id once');
export type AnnouncementsFile = z.infer<typeof AnnouncementsFile>;

/** The office's details shown on screen: address, phone, opening hours. */
export const OfficeFile = z
  .object({
    name: z.string().min(1).max(200).optional(),
    address: z.string().min(1).max(300),
    phone: z.string().regex(/^[+0-9 ()-]{5,30}$/, 'a phone number of digits, spaces, + ( ) -'),
    hours: WeeklyHours,
  })
  .strict();
export type OfficeFile = z.infer<typeof OfficeFile>;

/** The ticket's logo (an image of the same release) and the footer lines printed under it. */
export const TicketBrandingFile = z
  .object({
    logo: ContentPath.optional(),
    footer: z.array(z.string().max(64)).max(6),
  })
  .strict();
export type TicketBrandingFile = z.infer<typeof TicketBrandingFile>;

/** Help pages: a title and plain paragraphs each. */
export const HelpFile = z
  .object({
    pages: z
      .array(
        z
          .object({
            title: z.string().min(1).max(120),
            paragraphs: z.array(z.string().min(1).max(2000)).min(1).max(40),
          })
          .strict(),
      )
      .min(1)
      .max(50),
  })
  .strict();
export type HelpFile = z.infer<typeof HelpFile>;

/** The attract loop: images and videos of the same release, each shown for `seconds`. */
export const AttractPlaylistFile = z
  .object({
    items: z
      .array(z.object({ path: ContentPath, seconds: z.number().int().min(1).max(600) }).strict())
      .min(1)
      .max(100),
  })
  .strict();
export type AttractPlaylistFile = z.infer<typeof AttractPlaylistFile>;

/** The schema of each JSON kind of content. */
export const CONTENT_JSON_SCHEMAS = {
  catalogue: CatalogueFile,
  texts: TextsFile,
  announcements: AnnouncementsFile,
  office: OfficeFile,
  'ticket-branding': TicketBrandingFile,
  help: HelpFile,
  'attract-playlist': AttractPlaylistFile,
} as const satisfies Record<string, z.ZodType>;
export type ContentJsonKind = keyof typeof CONTENT_JSON_SCHEMAS;
