import { z } from 'zod';

/**
 * The visitor's language: one the screens have a complete catalog in (Russian first, English, and
 * the region's own). The one list every other language list is derived from: the access bar's
 * languages (`KioskInfo`), the regional language a kiosk may offer (`RegionalLanguage`), the
 * language speech is asked in, and the language tickets, status slips and payment receipts are
 * asked to print in (docs/accessibility/languages.md says how to add one).
 */
export const ScreenLanguage = z.enum(['ru', 'en', 'tt']);
export type ScreenLanguage = z.infer<typeof ScreenLanguage>;
