import { useEffect, useMemo, useState } from 'react';
import type { AttractItemView } from '../../../kiosk-config/src/index';
import { useVisitorPreferences } from '../access/visitor-preferences';
import { type LanguageCode, loadMessages } from '../i18n/languages';
import {
  type AttractJourney,
  attractSequence,
  linesInEveryLanguage,
  SLIDE_MESSAGES,
  type SlideLine,
} from './attract-slides';
import { useText } from './content-context';

/**
 * The attract loop, full screen over the home screen: a built-in slide per journey saying in
 * large text what the kiosk can do, taking turns with the release's images (each shown for its
 * `seconds`) and videos (muted and inline for their `seconds` or to their end, whichever comes
 * first), round and round. A file that cannot play is skipped. It never takes a touch itself:
 * the page's shield (`useAttract`) takes the first one and ends the loop.
 *
 * Mount it with a key of the release, so a new release's loop starts from its first step.
 */
export function AttractLoop({ items }: { items: readonly AttractItemView[] }) {
  // Counts every step shown: the key that replays a video when it comes round again.
  const [step, setStep] = useState(0);
  const steps = useMemo(() => attractSequence(items), [items]);
  const current = steps[step % steps.length];
  const { languages } = useVisitorPreferences().offer;
  useOfferedCatalogs(languages);
  const touchToStart = useText('attract.touchToStart');

  useEffect(() => {
    if (current === undefined) return;
    // Keyed by the step, not the item: a lone video must replay when it comes round again.
    const timer = setTimeout(() => setStep(step + 1), current.seconds * 1000);
    return () => clearTimeout(timer);
  }, [current, step]);

  const next = () => setStep((s) => s + 1);
  return (
    <div
      className="attract"
      data-testid="attract-loop"
      data-step={step}
      data-shows={current?.kind}
      role="dialog"
      aria-label={touchToStart}
    >
      {current?.kind === 'slide' && <AttractSlide key={step} journey={current.journey} languages={languages} />}
      {current?.kind === 'image' && <img key={step} className="attract-media" src={current.url} alt="" />}
      {current?.kind === 'video' && (
        <video
          key={step}
          className="attract-media"
          src={current.url}
          muted
          autoPlay
          playsInline
          preload="auto"
          onEnded={next}
          onError={next}
        />
      )}
      <div className="attract-hint" data-testid="attract-hint">
        <p lang="ru">{touchToStart}</p>
        <OtherLanguages lines={linesInEveryLanguage('attract.touchToStart', languages)} />
      </div>
    </div>
  );
}

/** One built-in slide: «Здесь можно» and what, in Russian with the other languages beneath. */
function AttractSlide({
  journey,
  languages,
}: {
  journey: AttractJourney;
  languages: readonly SlideLine['language'][];
}) {
  const [title, ...titleOthers] = linesInEveryLanguage('attract.title', languages);
  const [line, ...lineOthers] = linesInEveryLanguage(SLIDE_MESSAGES[journey], languages);
  return (
    <section className="attract-slide" data-testid={`attract-slide-${journey}`}>
      <p className="attract-slide-title" lang="ru">
        {title?.text}
      </p>
      <OtherLanguages lines={titleOthers} />
      <p className="attract-slide-line" data-testid="attract-slide-line" lang="ru">
        {line?.text}
      </p>
      <OtherLanguages lines={lineOthers} />
    </section>
  );
}

/** The same line in the other offered languages, smaller, each marked with its language. */
function OtherLanguages({ lines }: { lines: readonly SlideLine[] }) {
  return (
    <>
      {lines
        .filter((line) => line.language !== 'ru')
        .map((line) => (
          <p key={line.language} className="attract-other-language" lang={line.language}>
            {line.text}
          </p>
        ))}
    </>
  );
}

/** Loads each offered language's catalog (its own chunk) for the slides' lines; draws again once they are in. */
function useOfferedCatalogs(languages: readonly LanguageCode[]): void {
  const [, setLoaded] = useState(0);
  useEffect(() => {
    let live = true;
    Promise.all(languages.map((language) => loadMessages(language))).then(
      () => live && setLoaded((count) => count + 1),
      // A catalog that cannot load leaves its lines out; the Russian still shows.
      () => {},
    );
    return () => {
      live = false;
    };
  }, [languages]);
}
