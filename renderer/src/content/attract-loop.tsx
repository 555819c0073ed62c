import { useEffect, useState } from 'react';
import type { AttractItemView } from '../../../kiosk-config/src/index';
import { useText } from './content-context';

/**
 * The attract loop, full screen over the home screen: each image shown for its `seconds`, each
 * video muted and inline for its `seconds` or to its end (whichever comes first), then the next,
 * round and round. A file that cannot play is skipped. It never takes a touch itself: the page's
 * shield (`useAttract`) takes the first one and ends the loop.
 *
 * Mount it with a key of the release, so a new release's loop starts from its first item.
 */
export function AttractLoop({ items }: { items: readonly AttractItemView[] }) {
  // Counts every item shown: the key that replays a video when it comes round again.
  const [step, setStep] = useState(0);
  const item = items.length === 0 ? undefined : items[step % items.length];
  const touchToStart = useText('attract.touchToStart');

  useEffect(() => {
    if (item === undefined) return;
    // Keyed by the step, not the item: a lone video must replay when it comes round again.
    const timer = setTimeout(() => setStep(step + 1), item.seconds * 1000);
    return () => clearTimeout(timer);
  }, [item, step]);

  const next = () => setStep((s) => s + 1);
  return (
    <div className="attract" data-testid="attract-loop" data-step={step} role="dialog" aria-label={touchToStart}>
      {item?.kind === 'image' && <img key={step} className="attract-media" src={item.url} alt="" />}
      {item?.kind === 'video' && (
        <video
          key={step}
          className="attract-media"
          src={item.url}
          muted
          autoPlay
          playsInline
          preload="auto"
          onEnded={next}
          onError={next}
        />
      )}
      <p className="attract-hint" data-testid="attract-hint">
        {touchToStart}
      </p>
    </div>
  );
}
