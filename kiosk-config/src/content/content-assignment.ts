import { z } from 'zod';

/**
 * The director's answer (`GET /v1/content/assignment`): which release this kiosk should run,
 * as the TUF target of its manifest (`releases/<id>.json`) and its version, or none. The kiosk
 * still verifies the release through TUF: the assignment only chooses among signed releases.
 */
export const ContentAssignment = z.union([
  z
    .object({
      releaseTarget: z.string().regex(/^releases\/[a-z0-9][a-z0-9-]{0,99}\.json$/),
      version: z.number().int().positive(),
    })
    .strict(),
  z.object({ releaseTarget: z.null() }).strict(),
]);
export type ContentAssignment = z.infer<typeof ContentAssignment>;
