import { z } from 'zod';

/** Kinds of device a kiosk drives. */
export const DeviceKind = z.enum(['printer', 'scanner', 'document_reader', 'payment_terminal']);
export type DeviceKind = z.infer<typeof DeviceKind>;

/**
 * A device's state as the UI and the technician see it.
 *
 * `problems` are the printer's reported conditions (paper out, cover open…), or a card
 * terminal's (`not_responding`: it does not answer its status enquiry; `error`: it answers that
 * it is not ready); an empty list with `connected` means ready.
 */
export const DeviceStatus = z.object({
  id: z.string(),
  kind: DeviceKind,
  connected: z.boolean(),
  simulated: z.boolean(),
  problems: z.array(z.enum(['paper_out', 'paper_near_end', 'cover_open', 'offline', 'error', 'not_responding'])),
  /** Where the device is attached, e.g. `/dev/serial/by-id/…` (no personal data). */
  address: z.string(),
});
export type DeviceStatus = z.infer<typeof DeviceStatus>;
