import { useCallback, useEffect, useState } from 'react';
import { type KioskApi, type KioskRatingOffer, looksLikeFollowLink } from '../../../kiosk-config/src/index';
import { useSingleFlight } from '../journeys/single-flight';

/** What the home screen's scan of a ticket led to: the offer shown, or nothing. */
export interface RatingScan {
  /** The ticket scanned and what it may be rated for; null while the home screen shows. */
  offer: Exclude<KioskRatingOffer, { outcome: 'not_a_ticket' }> | null;
}

/**
 * Listens to the scanner while the home screen is on screen, and only then: a ticket's follow
 * link of this kiosk's hub opens the rating screen; any other code does nothing here (the
 * journeys that take a code listen on their own screens). A scan counts as the visitor's touch,
 * so the session's idle countdown runs while the rating screen shows.
 */
export function useRatingScan(api: KioskApi, homeOnScreen: boolean): RatingScan {
  const [offer, setOffer] = useState<RatingScan['offer']>(null);
  // One question at a time: a second scan while the first is asked is dropped.
  const flight = useSingleFlight();
  const listening = homeOnScreen && offer === null;

  const ask = useCallback(
    (text: string) =>
      flight(async () => {
        const answer = await api.call('rating.offer', { text });
        if (!answer.ok || answer.value.outcome === 'not_a_ticket') return;
        void api.call('session.activity', {});
        setOffer(answer.value);
      }),
    [api, flight],
  );

  useEffect(() => {
    if (!listening) return;
    return api.on('scanner.scanned', ({ text }) => {
      if (looksLikeFollowLink(text)) void ask(text);
    });
  }, [api, listening, ask]);

  return { offer };
}
