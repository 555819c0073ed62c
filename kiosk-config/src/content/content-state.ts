import { z } from 'zod';

/** Where a kiosk is with its content, as it reports it to the hub (outbox kind `content.state`). */
export const ContentStateName = z.enum(['current', 'downloading', 'trial', 'rolled_back', 'refused', 'stale']);
export type ContentStateName = z.infer<typeof ContentStateName>;

/** The `content.state` outbox payload: the release the kiosk runs or fetches, and how far it is. */
export const ContentStateReport = z
  .object({
    version: z.number().int().positive().optional(),
    releaseId: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,99}$/)
      .optional(),
    state: ContentStateName,
    bytesDone: z.number().int().nonnegative().optional(),
    bytesTotal: z.number().int().nonnegative().optional(),
    /** Why a release was refused or rolled back: a short technical reason, never personal data. */
    reason: z.string().max(200).optional(),
  })
  .strict();
export type ContentStateReport = z.infer<typeof ContentStateReport>;

/** The outbox kind of `ContentStateReport`. */
export const CONTENT_STATE_OUTBOX_KIND = 'content.state';
