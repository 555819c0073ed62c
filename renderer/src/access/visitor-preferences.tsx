import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from 'react';
import type { KioskInfo } from '../../../kiosk-config/src/index';
import type { LanguageCode } from '../i18n/languages';

/** How letters are laid out on the on-screen keys: А Б В … or Й Ц У К Е Н as on a phone. */
export type LetterLayout = 'alphabetical' | 'jcuken';

/**
 * What one visitor chose for their session on the access bar. Nothing here outlives the
 * session: the idle reset (or «На главную» ending it) returns every choice to its default.
 */
export interface VisitorPreferences {
  language: LanguageCode;
  /** Voice guidance: each screen spoken, choices announced on the first touch. */
  speech: boolean;
  /** Text and targets at least 150 %. */
  larger: boolean;
  /** The high-contrast theme (WCAG AAA, 7:1). */
  contrast: boolean;
  /** Every action within reach of a seated visitor (the bottom `lowLayoutReachPx`). */
  low: boolean;
  letters: LetterLayout;
}

export const DEFAULT_PREFERENCES: VisitorPreferences = {
  language: 'ru',
  speech: false,
  larger: false,
  contrast: false,
  low: false,
  letters: 'alphabetical',
};

/** What the access bar's parts read and change. */
export interface VisitorPreferencesValue {
  preferences: VisitorPreferences;
  /** The kiosk's offer: languages, the low layout's reach, help on site or by call-back. */
  offer: KioskInfo['accessibility'];
  change(patch: Partial<VisitorPreferences>): void;
}

const FALLBACK_OFFER: KioskInfo['accessibility'] = {
  languages: ['ru'],
  lowLayoutReachPx: 1200,
  staffOnSite: true,
  speechKey: null,
};

/** Without a provider (a screen tested alone): the defaults, unchangeable. */
const PreferencesContext = createContext<VisitorPreferencesValue>({
  preferences: DEFAULT_PREFERENCES,
  offer: FALLBACK_OFFER,
  change: () => {},
});

/**
 * Holds the visitor's choices for the session; a new `resetKey` (the session's journey key,
 * which changes at every idle reset and return home) puts them back to the defaults. The
 * choices are held with the key they were made under, so the next visitor's very first frame
 * already has the defaults (as `useVisitUnderWay` derives its visit).
 */
export function VisitorPreferencesProvider(props: {
  resetKey: number;
  offer: KioskInfo['accessibility'];
  children: ReactNode;
}) {
  const [chosen, setChosen] = useState({ key: props.resetKey, preferences: DEFAULT_PREFERENCES });
  const keyRef = useRef(props.resetKey);
  keyRef.current = props.resetKey;
  const preferences = chosen.key === props.resetKey ? chosen.preferences : DEFAULT_PREFERENCES;
  const change = useCallback((patch: Partial<VisitorPreferences>) => {
    setChosen((now) => {
      const key = keyRef.current;
      return { key, preferences: { ...(now.key === key ? now.preferences : DEFAULT_PREFERENCES), ...patch } };
    });
  }, []);
  const value = useMemo(() => ({ preferences, offer: props.offer, change }), [preferences, props.offer, change]);
  return <PreferencesContext.Provider value={value}>{props.children}</PreferencesContext.Provider>;
}

export function useVisitorPreferences(): VisitorPreferencesValue {
  return useContext(PreferencesContext);
}

/** The classes the page's root takes for the visitor's display choices (styles.css, «Access»). */
export function preferenceClasses(preferences: VisitorPreferences): string {
  return [
    preferences.larger ? 'app-larger' : '',
    preferences.contrast ? 'app-contrast' : '',
    preferences.low ? 'app-low' : '',
  ]
    .filter(Boolean)
    .join(' ');
}
