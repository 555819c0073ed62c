import { z } from 'zod';
import { ScreenLanguage } from './screen-language';

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
  /** What the visitor's access bar offers (the kiosk's `accessibility` config). */
  accessibility: z.object({
    /** The languages offered, Russian first (ru, en, then the region's own where configured). */
    languages: z.array(ScreenLanguage).min(1),
    /** The low layout keeps every action within this many pixels of the screen's bottom. */
    lowLayoutReachPx: z.number().int().positive(),
    /** Staff answer «Позвать сотрудника» in person; false: a call-back is offered instead. */
    staffOnSite: z.boolean(),
    /** The physical key that turns speech on (a keyboard `code`), if the cabinet has one. */
    speechKey: z.string().nullable(),
  }),
});
export type KioskInfo = z.infer<typeof KioskInfo>;
