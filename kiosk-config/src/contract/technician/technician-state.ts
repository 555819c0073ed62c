import { z } from 'zod';

/** How a technician proved who they are: the hub-signed QR code, or the kiosk's PIN. */
export const TechnicianSignInMethod = z.enum(['qr', 'pin']);
export type TechnicianSignInMethod = z.infer<typeof TechnicianSignInMethod>;

/**
 * Whether a technician is at the kiosk (`technician.state`, the event `technician.changed`).
 * While open the screen shows the technician's pages and, for a visitor who walks up,
 * «Идёт обслуживание терминала» with the time the mode should end.
 */
export const TechnicianStateView = z.discriminatedUnion('open', [
  z.object({ open: z.literal(false) }).strict(),
  z
    .object({
      open: z.literal(true),
      /** Who signed in, as the hub named them (or «Техник (PIN)»): shown on the technician's header only. */
      person: z.string().min(1).max(80),
      method: TechnicianSignInMethod,
      /** When the mode leaves by itself if nobody touches the screen (ISO 8601). */
      endsAt: z.iso.datetime({ offset: true }),
    })
    .strict(),
]);
export type TechnicianStateView = z.infer<typeof TechnicianStateView>;
