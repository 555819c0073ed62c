import { z } from 'zod';
import { ScreenLanguage } from '../contract/screen-language';

/**
 * What a kiosk offers visitors who need more than the default screen (docs/accessibility.md):
 * the regional language beside Russian and English, the low layout's height, how speech is turned
 * on, and where a «Позвать сотрудника» request goes.
 */

/**
 * The region's language the visitor screens can speak beside Russian and English: only those with
 * a complete catalog (docs/accessibility/languages.md says how to add one, e.g. Kazakh or Bashkir).
 */
export const RegionalLanguage = ScreenLanguage.exclude(['ru', 'en']);
export type RegionalLanguage = z.infer<typeof RegionalLanguage>;

export const AccessibilityConfig = z
  .object({
    /** The region's language offered beside Russian and English; null: none. */
    regionalLanguage: RegionalLanguage.nullable().default('tt'),
    /**
     * The low layout: every action within this many pixels from the bottom of the screen (the
     * reach of a seated visitor at this cabinet; 1200 on a portrait 1920 px screen).
     */
    lowLayoutReachPx: z.number().int().min(600).max(2160).default(1200),
    speech: z
      .object({
        /** A physical key that turns speech on (a keyboard `code` such as `F13`); null: only the screen's button. */
        key: z.string().min(1).max(32).nullable().default(null),
        /** Speech turns on by itself when headphones are plugged in (where the hardware reports it). */
        onHeadphones: z.boolean().default(true),
        /** The volume (percent) the kiosk returns to after each session. */
        safeVolumePercent: z.number().int().min(0).max(100).default(60),
      })
      .strict()
      .default({ key: null, onHeadphones: true, safeVolumePercent: 60 }),
    help: z
      .object({
        /**
         * Staff on site answer «Позвать сотрудника» in person; without them (a remote office) the
         * button offers a call-back from the region's call centre.
         */
        staffOnSite: z.boolean().default(true),
      })
      .strict()
      .default({ staffOnSite: true }),
  })
  .strict();
export type AccessibilityConfig = z.infer<typeof AccessibilityConfig>;

export const DEFAULT_ACCESSIBILITY_CONFIG: AccessibilityConfig = AccessibilityConfig.parse({});
