import { z } from 'zod';

/** What the UI needs to know about the kiosk it runs on. */
export const KioskInfo = z.object({
  kioskId: z.string(),
  appVersion: z.string(),
  /** Which host serves the UI: the Electron window or the browser host over a WebSocket. */
  host: z.enum(['electron', 'browser-host']),
  office: z.object({ id: z.string(), name: z.string() }),
  /** IANA zone of the office: the screen shows the office's wall clock, not the machine's. */
  timeZone: z.string(),
  idleResetSeconds: z.number().int().positive(),
  idleWarningSeconds: z.number().int().nonnegative(),
});
export type KioskInfo = z.infer<typeof KioskInfo>;
