import { z } from 'zod';

/**
 * Whether the kiosk serves visitors now, as the screens need it (`kiosk.serviceMode`, the event
 * `kiosk.serviceModeChanged`). Out of service by a remote command from the centre
 * (`service.out`): the visitor screen says «Терминал временно не работает» and what to do instead.
 */
export const ServiceModeView = z.discriminatedUnion('inService', [
  z.object({ inService: z.literal(true) }).strict(),
  z
    .object({
      inService: z.literal(false),
      /** What to do instead («Талон можно получить у сотрудника центра»). */
      instead: z.string().max(160),
      /** The office's hours, when the centre gave them. */
      hours: z.string().max(160).optional(),
    })
    .strict(),
]);
export type ServiceModeView = z.infer<typeof ServiceModeView>;

/** What the screen says to do instead when the centre named nothing else. */
export const DEFAULT_OUT_OF_SERVICE_INSTEAD = 'Талон можно получить у сотрудника центра';
