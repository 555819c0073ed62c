import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { HeadphonesState, SpeechPart } from '../../../kiosk-config/src/index';
import { useVisitorPreferences } from '../access/visitor-preferences';
import { useKioskApi } from '../api/kiosk-api-context';
import { useT } from '../i18n/use-t';
import { currentScreen, isDisabled, keypadOf, readScreen, screenIdentity, spokenLabel } from './screen-reading';
import { exploreByTouch } from './touch-explorer';

/** What the access bar's speech part reads and does. */
export interface SpeechGuideValue {
  /** The screen has private data that was not spoken (no headphones, no agreement yet). */
  privateWithheld: boolean;
  stop(): void;
  repeat(): void;
  /** The visitor agreed to hear their own data aloud: the screen is spoken again with it. */
  agree(): void;
}

const SpeechGuideContext = createContext<SpeechGuideValue>({
  privateWithheld: false,
  stop: () => {},
  repeat: () => {},
  agree: () => {},
});

/** The speech controls' view of the guide. */
export function useSpeechGuide(): SpeechGuideValue {
  return useContext(SpeechGuideContext);
}

/**
 * Voice guidance for the visitor's session (docs/accessibility/voice.md). While speech is on,
 * each screen is spoken when it appears or its answer changes (`readScreen`: heading, choices,
 * answer), and touches explore (`exploreByTouch`). Speech turns on by the access bar's button,
 * the kiosk's physical key (`speechKey`), or headphones plugged in where the config says so.
 * The visitor's agreement to hear private data lasts until the session's reset (`resetKey`).
 */
export function SpeechGuide({ resetKey, children }: { resetKey: number; children: ReactNode }) {
  const api = useKioskApi();
  const t = useT();
  const { preferences, offer, change } = useVisitorPreferences();
  const on = preferences.speech;
  const [headphones, setHeadphones] = useState<HeadphonesState>('unknown');
  // The session (its key) in which the visitor agreed, and in which private data was withheld:
  // derived by key, so a new session starts with neither, from its first frame.
  const [agreedIn, setAgreedIn] = useState<number | null>(null);
  const [withheldIn, setWithheldIn] = useState<number | null>(null);
  const agreed = agreedIn === resetKey;
  const privateWithheld = withheldIn === resetKey;
  const keyRef = useRef(resetKey);
  keyRef.current = resetKey;

  useEffect(() => {
    let live = true;
    void api.call('speech.state', {}).then((result) => {
      if (live && result.ok) setHeadphones(result.value.headphones);
    });
    const off = api.on('speech.headphones', (event) => {
      setHeadphones(event.headphones);
      if (event.turnSpeechOn) change({ speech: true });
    });
    return () => {
      live = false;
      off();
    };
  }, [api, change]);

  useEffect(() => {
    const key = offer.speechKey;
    if (key === null) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.code === key) change({ speech: true });
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [offer.speechKey, change]);

  const say = useCallback(
    (parts: SpeechPart[], options: { privateAgreed: boolean; what: 'screen' | 'control' }) => {
      if (parts.length > 0) void api.call('speech.say', { parts, language: preferences.language, ...options });
    },
    [api, preferences.language],
  );

  /** Speaks the screen now on the page (after the greeting when speech was just turned on). */
  const speakScreen = useCallback(
    (options: { greeting: boolean; agreed: boolean }) => {
      const screen = currentScreen(document);
      const parts = screen === null ? [] : readScreen(screen, { unavailable: t('speech.unavailable') });
      const withheld = parts.some((part) => part.private) && headphones !== 'in' && !options.agreed;
      setWithheldIn(withheld ? keyRef.current : null);
      const prompt = (key: 'speech.on' | 'speech.privateWithheld'): SpeechPart => ({
        text: t(key),
        private: false,
        prompt: key,
      });
      say(
        [
          ...(options.greeting ? [prompt('speech.on')] : []),
          ...parts,
          ...(withheld ? [prompt('speech.privateWithheld')] : []),
        ],
        { privateAgreed: options.agreed, what: 'screen' },
      );
    },
    [t, headphones, say],
  );
  // The page's observers call the latest, with the latest headphones, language and agreement.
  const latest = useRef({ on, speakScreen, agreed, privateWithheld });
  latest.current = { on, speakScreen, agreed, privateWithheld };

  useEffect(() => {
    if (!on) return;
    let spokenIdentity = '';
    const speakIfChanged = (greeting: boolean) => {
      const screen = currentScreen(document);
      const identity = screen === null ? '' : screenIdentity(screen);
      if (identity === spokenIdentity && !greeting) return;
      spokenIdentity = identity;
      explorer.forget();
      latest.current.speakScreen({ greeting, agreed: latest.current.agreed });
    };
    const explorer = exploreByTouch(document, {
      explores: (control) => control.closest('.app-beneath') !== null,
      announce: (control) => {
        const keypad = keypadOf(control);
        const label = spokenLabel(control) || (keypad === null ? '' : spokenLabel(keypad));
        say([{ text: isDisabled(control) ? `${label}, ${t('speech.unavailable')}` : label, private: false }], {
          privateAgreed: false,
          what: 'control',
        });
      },
    });
    // A new screen, or its answer arriving, is spoken once the page has drawn it.
    let frame = 0;
    const observer = new MutationObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => speakIfChanged(false));
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    speakIfChanged(true);
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
      explorer.stop();
      void api.call('speech.stop', {});
    };
  }, [on, api, say, t]);

  // Headphones plugged in while private data waited: the screen is spoken again, with it.
  useEffect(() => {
    const { on: speaking, privateWithheld: waiting } = latest.current;
    if (speaking && waiting && headphones === 'in') latest.current.speakScreen({ greeting: false, agreed: false });
  }, [headphones]);

  const value = useMemo<SpeechGuideValue>(
    () => ({
      privateWithheld: on && privateWithheld,
      stop: () => void api.call('speech.stop', {}),
      repeat: () => void api.call('speech.repeat', {}),
      agree: () => {
        setAgreedIn(keyRef.current);
        speakScreen({ greeting: false, agreed: true });
      },
    }),
    [on, privateWithheld, api, speakScreen],
  );
  return <SpeechGuideContext.Provider value={value}>{children}</SpeechGuideContext.Provider>;
}
