import type { AccessibilityConfig, KioskInfo } from '../../../kiosk-config/src/index';

/** What the page's access bar is told of the kiosk's accessibility config. */
export function accessibilityInfo(config: AccessibilityConfig): KioskInfo['accessibility'] {
  return {
    languages: config.regionalLanguage === null ? ['ru', 'en'] : ['ru', 'en', config.regionalLanguage],
    lowLayoutReachPx: config.lowLayoutReachPx,
    staffOnSite: config.help.staffOnSite,
    speechKey: config.speech.key,
  };
}
